"""Shared fixtures: a fresh, real knowledge database per test (SQLite file in a temporary folder)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot import PROJECT_ROOT
from bot.knowledge import repository as repository_module
from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from bot.knowledge.repository import KnowledgeRepository

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"


def knowledge_files_with_first_figure(directory: Path, amount_ron: int) -> Path:
    """A copy of the knowledge files in `directory` whose first salary figure says `amount_ron`."""
    for name in ("salaries.yml", "roles.yml", "facts.yml"):
        (directory / name).write_text((KNOWLEDGE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((directory / "salaries.yml").read_text(encoding="utf-8"))
    data["figures"][0]["amount_ron"] = amount_ron
    (directory / "salaries.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory
# The source text lives beside the repository (../shared), read-only; SOURCE_TEXT overrides the location.
SOURCE_TEXT = Path(
    os.environ.get("SOURCE_TEXT") or PROJECT_ROOT.parent / "shared" / "source" / "operator-call-center-ro.txt"
)


@pytest.fixture(scope="session", autouse=True)
def mail_outbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """E-mails sent without SMTP_URL (a subscription's confirmation, in the action tests) go to a temporary
    folder, not the project's var/outbox."""
    folder = tmp_path_factory.mktemp("outbox")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MAIL_OUTBOX", str(folder))
        yield folder


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'knowledge.db'}"


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    load_knowledge(database, KNOWLEDGE_DIR)
    yield database
    database.dispose()


@pytest.fixture
def repository(database: Database) -> KnowledgeRepository:
    return KnowledgeRepository(database)


@pytest.fixture
def env_database(database: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """Point DATABASE_URL (what the actions read) at the fresh test database."""
    monkeypatch.setenv("DATABASE_URL", database.url)
    repository_module._repositories.clear()
    yield database
    for repo in repository_module._repositories.values():
        repo.database.dispose()
    repository_module._repositories.clear()
