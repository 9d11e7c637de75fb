"""A clone with nothing beside it is a whole project: only tests/conftest.py knows where ../shared is.

The source text in ../shared is optional (tests/test_facts.py checks the passages against it word for word when it is
there). CI runs this file and tests/test_facts.py with SOURCE_TEXT pointing nowhere (.ci/run), so a new reader of
../shared shows up here before it breaks a contributor's clone.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot import PROJECT_ROOT

FOLDERS = ("bot", "actions", "tests", "scripts", "bench", "deploy", ".ci")
TOP_LEVEL = ("Makefile", "config.yml", "endpoints.yml", "credentials.yml", "pyproject.toml")
TEXT = (".py", ".sh", ".yml", ".yaml", ".toml", ".cfg", ".conf", ".template", "")
SIBLING = re.compile(r"\.\./shared\b|/work/shared\b|^shared$")
ALLOWED = {"tests/conftest.py", "tests/test_standalone.py"}  # the reader, and this check


def _files() -> list[Path]:
    files = [PROJECT_ROOT / name for name in TOP_LEVEL]
    for folder in FOLDERS:
        files += [p for p in (PROJECT_ROOT / folder).rglob("*") if p.is_file() and p.suffix in TEXT]
    return [p for p in files if p.exists() and "__pycache__" not in p.parts]


def _python_strings(text: str) -> list[str]:
    """The string literals of a module, without its docstrings (prose may name ../shared)."""
    tree = ast.parse(text)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _reads_the_sibling_folder(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return any(SIBLING.search(s) for s in _python_strings(text))
    return any(SIBLING.search(line) for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_only_the_test_configuration_reads_the_folder_beside_the_project() -> None:
    readers = [
        name
        for name in (str(p.relative_to(PROJECT_ROOT)) for p in _files())
        if name not in ALLOWED and _reads_the_sibling_folder(PROJECT_ROOT / name)
    ]
    assert not readers, f"these read ../shared, which a clone alone does not have: {readers}"


def test_the_check_finds_a_reader() -> None:
    assert _reads_the_sibling_folder(PROJECT_ROOT / "tests" / "conftest.py")
