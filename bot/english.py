"""The reply language of a conversation and the English texts (bot/english.yml) that stand for the Romanian ones.

Romanian is the assistant's language: its texts live next to the code that says them. A conversation is in
English once a message in English was recognised (bot/nlu/language.py fills the `reply_language` slot); every
function that says something takes `language` and, for "en", looks its text up here by the Romanian text's
section and name. A text missing here is a KeyError at once (tests/test_english.py reads every name used).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE = Path(__file__).with_name("english.yml")
ROMANIAN = "ro"
ENGLISH = "en"
SLOT = "reply_language"


def reply_language(value: Any) -> str:
    """The language to reply in, from a slot or a payload: English only when it says so."""
    return ENGLISH if value == ENGLISH else ROMANIAN


@cache
def catalogue() -> dict[str, Any]:
    texts: dict[str, Any] = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return texts


def english(section: str, *names: str) -> Any:
    """The English text (or list, or mapping) at section/name/...; KeyError when there is none."""
    value: Any = catalogue()[section]
    for name in names:
        value = value[name]
    return value


def pick(language: str, romanian: Any, section: str, *names: str) -> Any:
    """The Romanian text as given, or its English counterpart."""
    return english(section, *names) if language == ENGLISH else romanian
