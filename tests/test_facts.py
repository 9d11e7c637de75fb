"""Never invent a fact: every figure the assistant can state appears in the source text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from tests.conftest import SOURCE_TEXT

ANSWER_FILES = [
    *sorted((PROJECT_ROOT / "domain").glob("*.yml")),
    *sorted((PROJECT_ROOT / "data" / "knowledge").glob("*.yml")),
    *sorted((PROJECT_ROOT / "bot" / "answers").glob("*.py")),
]


@pytest.fixture(scope="module")
def source() -> str:
    if not SOURCE_TEXT.exists():
        pytest.fail(f"source text not found at {SOURCE_TEXT}")
    return SOURCE_TEXT.read_text(encoding="utf-8")


def stated_text(path: Path) -> str:
    """What a file can say to users: all of a YAML file, the string literals of Python code (not its comments
    or arithmetic)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return text
    strings = [node.value for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Constant)]
    return "\n".join(s for s in strings if isinstance(s, str))


@pytest.mark.parametrize("path", ANSWER_FILES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_figure_in_answers_is_in_the_source(path: Path, source: str) -> None:
    numbers = set(re.findall(r"(?<![\w.])\d{2,}(?![\w.])", stated_text(path)))
    invented = sorted(n for n in numbers if n not in source)
    assert not invented, f"{path.name} states figures the source does not contain: {invented}"


def test_the_source_still_says_what_the_knowledge_data_says(source: str) -> None:
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
        assert fact in source
