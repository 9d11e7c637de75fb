"""The README stays an entry point (short, the two commands, links into docs/), every relative link in README.md
and docs/*.md leads somewhere, and every command and setting is documented somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
PAGES = [README, *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def prose(path: Path) -> str:
    """The page without its code blocks and inline code (a link there is an example, not a link)."""
    lines, in_code = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            lines.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(lines)


def anchors(path: Path) -> set[str]:
    """GitHub's ids for the headings of a Markdown page."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_code = not in_code
            continue
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if in_code or not heading:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1))  # a link in a heading: its text
        slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def relative_links() -> list[tuple[str, str]]:
    links = []
    for page in PAGES:
        for target in LINK.findall(prose(page)):
            if not re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: ... are not checked here
                links.append((str(page.relative_to(PROJECT_ROOT)), target))
    return links


LINKS = relative_links()


def test_the_readme_is_short_and_has_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 8 * 1024
    assert "make run" in text and "make test" in text
    assert "## Architecture" in text


def test_the_readme_links_every_docs_page() -> None:
    linked = {target.split("#")[0] for page, target in LINKS if page == "README.md"}
    assert {f"docs/{p.name}" for p in PAGES[1:]} <= linked


def test_there_are_links_to_check() -> None:
    assert len(LINKS) >= 30


@pytest.mark.parametrize("page, target", LINKS, ids=[f"{page}->{target}" for page, target in LINKS])
def test_relative_link_resolves(page: str, target: str) -> None:
    path, _, anchor = target.partition("#")
    source = PROJECT_ROOT / page
    destination = (source.parent / path).resolve() if path else source
    assert destination.exists(), f"{page}: {target} points to a missing file"
    if anchor:
        assert destination.suffix == ".md", f"{page}: {target} has an anchor into a file that is not Markdown"
        assert anchor in anchors(destination), f"{page}: {target}: no such heading in {destination.name}"


# --- every command and setting is documented somewhere --------------------------------------------------------

DOCUMENTATION = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
# Read from the environment but not settings of the project: the shell's, a library's, or the test suite's own.
NOT_SETTINGS = {"HOME", "COLUMNS", "USER", "PATH", "HTTP_ORIGIN", "TEST_PROD", "CI", "VENV"}


def make_targets() -> list[str]:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"^([a-z][a-z-]*):.*## ", makefile, re.M)))


def environment_variables() -> list[str]:
    names: set[str] = set()
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    names |= set(re.findall(r"^export ([A-Z][A-Z0-9_]+) \?=", makefile, re.M))
    channels = re.search(r"^CHANNEL_VARIABLES := ((?:.*\\\n)*.*)$", makefile, re.M)
    names |= set(re.findall(r"[A-Z][A-Z0-9_]+", channels.group(1))) if channels else set()
    names |= set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (PROJECT_ROOT / ".env.example").read_text(), re.M))
    code = [*sorted((PROJECT_ROOT / "bot").rglob("*.py")), *sorted((PROJECT_ROOT / "actions").rglob("*.py"))]
    for path in code:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"environ(?:\.get\(|\[)\s*\"([A-Z][A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"getenv\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"_positive_number\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
    for path in sorted((PROJECT_ROOT / "scripts").glob("*.sh")):
        names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", path.read_text(encoding="utf-8")))
    return sorted(names - NOT_SETTINGS)


def test_the_settings_are_found() -> None:
    assert {"DATABASE_URL", "KNOWLEDGE_DIR", "TELEGRAM_TOKEN", "ACTION_TIMEOUT", "LOG_DIR"} <= set(
        environment_variables()
    )


@pytest.mark.parametrize("name", environment_variables())
def test_every_setting_is_documented(name: str) -> None:
    assert re.search(rf"\b{name}\b", DOCUMENTATION), f"{name} is read from the environment but in no doc"


@pytest.mark.parametrize("target", make_targets())
def test_every_make_command_is_documented(target: str) -> None:
    assert re.search(rf"make {re.escape(target)}\b", DOCUMENTATION), f"`make {target}` is in no doc"
