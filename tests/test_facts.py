"""Never invent a fact: every figure the assistant can state is in a passage of the source, and each passage is
the source's own words.

The passages live in the project (knowledge/facts.yml), so a clone with nothing beside it runs these
checks; where the source text itself is beside the repository (../shared, or SOURCE_TEXT), the passages are also
checked against it word for word.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from bot import PROJECT_ROOT
from tests.conftest import SOURCE_TEXT

ANSWER_FILES = [
    *sorted((PROJECT_ROOT / "domain").glob("*.yml")),
    *sorted((PROJECT_ROOT / "knowledge").glob("*.yml")),
    *sorted((PROJECT_ROOT / "bot" / "answers").glob("*.py")),
]
FACTS = yaml.safe_load((PROJECT_ROOT / "knowledge" / "facts.yml").read_text(encoding="utf-8"))["facts"]


def _words(text: str) -> str:
    return " ".join(text.split())


PASSAGES = "\n".join(_words(f["passage"]) for f in FACTS)


def stated_text(path: Path) -> str:
    """What a file can say to users: a YAML file without its passages (they are the source itself), the string
    literals of Python code (not its comments or arithmetic)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        strings = [node.value for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Constant)]
        return "\n".join(s for s in strings if isinstance(s, str))
    if path.name == "facts.yml":
        return "\n".join(f["text"] for f in FACTS)
    return text


@pytest.mark.parametrize("path", ANSWER_FILES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_figure_in_answers_is_in_a_source_passage(path: Path) -> None:
    numbers = set(re.findall(r"(?<![\w.])\d{2,}(?![\w.])", stated_text(path)))
    numbers -= {"31"}  # `version: "3.1"` of Rasa's YAML files
    invented = sorted(n for n in numbers if n not in PASSAGES)
    assert not invented, f"{path.name} states figures no source passage contains: {invented}"


def test_the_passages_hold_the_figures_the_answers_are_built_on() -> None:
    for fact in (
        "3000 RON net",
        "2500 RON net",
        "peste 3 ani",
        "4000 RON net",
        "peste 6000 RON net",
        "între două și patru săptămâni",
        "pot dura câteva luni",
        "Paylab",
        "Randstad",
    ):
        assert fact in PASSAGES


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason=f"the source text is not beside the project ({SOURCE_TEXT})")
def test_every_passage_is_the_source_word_for_word() -> None:
    source = _words(SOURCE_TEXT.read_text(encoding="utf-8"))
    missing = [f["id"] for f in FACTS if _words(f["passage"]) not in source]
    assert not missing, f"passages not found in {SOURCE_TEXT}: {missing}"
