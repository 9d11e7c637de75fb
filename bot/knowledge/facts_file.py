"""The rules a fact record must follow, shared by the file loader and the recruiters' editing tool."""

from __future__ import annotations

import re
import string

from bot.text.entities import INDUSTRY_PATTERNS
from bot.vocabulary import TOPIC_INTENTS

TOPICS = tuple(TOPIC_INTENTS)
# What a fact's text may refer to; filled in from the salary figures and the settings when it is said.
PLACEHOLDERS = frozenset(
    {
        "average",
        "beginner",
        "experienced",
        "experienced_years",
        "foreign_language",
        "foreign_language_name",
        "job_search_url",
    }
)
KEY = re.compile(r"[a-z_]+\.[a-z_]+")
MAX_KEY_LENGTH = 40
_NUMBER = re.compile(r"\d+")


def placeholders(text: str) -> set[str]:
    """The {names} a text refers to; ValueError when its braces are not well formed."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check_key(key: str) -> str:
    if not KEY.fullmatch(key or "") or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"cheia „{key}” trebuie să fie de forma subiect.fapt (litere mici, cel mult 40 de caractere)")
    return key


def check_topic(topic: str) -> str:
    if topic not in TOPICS:
        raise ValueError(f"subiect necunoscut „{topic}”; folosește unul dintre: {', '.join(TOPICS)}")
    return topic


def check_industries(industries: list[str]) -> list[str]:
    unknown = [i for i in industries if i not in INDUSTRY_PATTERNS]
    if unknown:
        raise ValueError(f"industrii necunoscute: {', '.join(unknown)}; folosește: {', '.join(INDUSTRY_PATTERNS)}")
    return industries


def check_text(text: str, passage: str) -> str:
    """A fact says only what its passage says: every number in it is in the passage, placeholders are known."""
    if not text.strip():
        raise ValueError("textul nu poate fi gol")
    try:
        names = placeholders(text)
    except ValueError as error:
        raise ValueError(f"acolade greșite în text: {error}") from None
    unknown = sorted(n for n in names if n not in PLACEHOLDERS)
    if unknown:
        raise ValueError(f"înlocuitori necunoscuți {unknown}; se pot folosi: {', '.join(sorted(PLACEHOLDERS))}")
    invented = sorted(set(_NUMBER.findall(text)) - set(_NUMBER.findall(passage)))
    if invented:
        raise ValueError(f"textul conține cifre care nu sunt în pasajul sursei: {', '.join(invented)}")
    return text.strip()
