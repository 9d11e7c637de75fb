"""bot/conversation_store.py: one place for where the conversations are, one engine per database, and the
queries on Rasa's `events` table (on SQLite here; tests/prod/test_report.py on PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from typer.testing import CliRunner

from bot import PROJECT_ROOT, conversation_store
from bot.cli import app
from bot.conversation_store import EVENTS, TrackerEvents, tracker_database_url
from bot.tracker_store import LeanSQLTrackerStore

PRODUCTION = {
    "BOT_ENV": "production",
    "TRACKER_HOST": "db.internal",
    "TRACKER_USER": "rasa_app",
    "TRACKER_PASSWORD": "p@ss-word-long-enough",
    "TRACKER_SSLMODE": "require",
}


def test_the_events_table_is_rasas() -> None:
    rasas = SQLTrackerStore.SQLEvent.__table__
    assert EVENTS.name == rasas.name
    assert {c.name: type(c.type) for c in EVENTS.c} == {c.name: type(c.type) for c in rasas.c if c.name in EVENTS.c}
    assert set(EVENTS.c.keys()) == set(rasas.c.keys())


def test_production_reads_the_servers_tracker_settings() -> None:
    """The same place whatever the caller: the replicas' endpoints file, `bot report`, retention."""
    from bot.production import server_config

    url = tracker_database_url(PRODUCTION)
    assert url == "postgresql://rasa_app:p%40ss-word-long-enough@db.internal/rasa?sslmode=require"
    assert tracker_database_url({**PRODUCTION, "TRACKER_DIALECT": "sqlite"}) == url  # development's default ignored
    secrets = {"ACTION_ENDPOINT_URL": "http://actions:5055/webhook", "ACTION_SERVER_TOKEN": "a" * 32,
               "REDIS_HOST": "redis", "REDIS_PASSWORD": "r" * 32, "ALERT_LINK_SECRET": "l" * 32,
               "DATABASE_URL": "postgresql+psycopg2://bot:kkkkkkkkkkkkkkkkkkkk@db/knowledge"}  # fmt: skip
    tracker = server_config({**PRODUCTION, **secrets}).tracker
    assert tracker.url(PRODUCTION["TRACKER_PASSWORD"]).render_as_string(hide_password=False) == url.replace(
        "db.internal/", "db.internal:5432/"
    )


def test_development_is_the_projects_sqlite_file() -> None:
    assert tracker_database_url({}) == f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
    assert tracker_database_url({"TRACKER_DIALECT": "postgresql", "TRACKER_DB": "conv"}) == "postgresql:///conv"


def test_one_engine_per_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tracker.db"
    monkeypatch.chdir(tmp_path)
    same = [f"sqlite:///{path}", "sqlite:///tracker.db", f"sqlite:///{tmp_path}/./tracker.db"]
    assert len({id(conversation_store.engine(url)) for url in same}) == 1
    assert conversation_store.engine(f"sqlite:///{tmp_path / 'other.db'}") is not conversation_store.engine(same[0])
    pg = "postgresql://rasa_app:x@db.internal/rasa"
    assert conversation_store.engine(pg) is conversation_store.engine(pg.replace("internal/", "internal:5432/"))


def test_the_tracker_store_and_the_candidates_code_share_the_engine(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(path))
    store = LeanSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    assert store.engine is TrackerEvents().engine is conversation_store.engine(tracker_database_url())


async def test_bot_report_reads_the_assistants_tracker_store_without_a_flag(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "tracker.db"
    store = LeanSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker.from_events("rest:ana", [SessionStarted(), UserUttered("care e capitala lumii?")])
    await store.save(tracker)
    result = CliRunner().invoke(app, ["report"], env={"TRACKER_DB": str(path), "TRACKER_DIALECT": "", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1 conversații, 1 mesaje" in result.output and "care e capitala lumii?" in result.output
    assert TrackerEvents(f"sqlite:///{path}").user_messages("rest:ana")[0] == 1
