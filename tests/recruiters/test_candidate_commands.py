"""`callbacks list|done` and `retention` on real SQLite databases (knowledge database, Rasa's tracker store)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.candidates.store import CandidateStore
from bot.knowledge.db import Database
from tests.candidates.test_store import DAY, save, session


@pytest.fixture
def candidates(env_database: Database) -> CandidateStore:
    return CandidateStore(env_database)


@pytest.fixture
def tracker_db(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_DB", str(path))
    monkeypatch.delenv("TRACKER_HOST", raising=False)
    monkeypatch.delenv("BOT_ENV", raising=False)
    return path


def test_callbacks_list_and_done(cli, candidates: CandidateStore) -> None:
    ana = candidates.request_callback(
        "ana", "Ana Pop", "+40722123456", "phone", ["ask_salary", "ask_training"], "industry=telecom", "Acord?", "rest"
    )
    candidates.request_callback("ion", "Ion Ionescu", "ion@example.com", "email", [], "", "Acord?", "telegram")
    listed = cli("callbacks", "list").stdout
    assert "Ana Pop" in listed and "+40722123456" in listed and "Salariul, Trainingul" in listed
    assert "industry=telecom" in listed and "Ion Ionescu" in listed and "2 cereri." in listed

    assert "marcată rezolvată de maria" in cli("callbacks", "done", str(ana.id), "--by", "maria").stdout
    assert "era deja rezolvată" in cli("callbacks", "done", str(ana.id)).stdout
    assert "Ana Pop" not in cli("callbacks", "list").stdout
    everything = cli("callbacks", "list", "--all").stdout
    assert "Ana Pop" in everything and "rezolvată" in everything and "de maria" in everything


def test_callbacks_errors(cli, candidates: CandidateStore, monkeypatch, tmp_path: Path) -> None:
    assert "Nu există cererea de contact #42" in cli("callbacks", "done", "42", code=5).stderr
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'lipsa.db'}")
    assert "db load" in cli("callbacks", "list", code=3).stderr


def test_retention_from_the_command_line(cli, candidates: CandidateStore, tracker_db: Path, monkeypatch) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    from bot import PROJECT_ROOT

    store = SQLTrackerStore(Domain.load(str(PROJECT_ROOT / "domain")), dialect="sqlite", db=str(tracker_db))
    now = time.time()
    asyncio.run(save(store, "vechi", session(now - 40 * DAY, ["salut"])))
    asyncio.run(save(store, "nou", session(now - DAY, ["salut"])))

    dry = cli("retention", "--days", "30", "--dry-run").stdout
    assert dry.startswith("De șters") and "1 conversații întregi" in dry
    monkeypatch.setenv("RETENTION_DAYS", "30")
    done = cli("retention").stdout
    assert done.startswith("Șterse") and "1 conversații întregi, 6 evenimente" in done
    assert "0 conversații întregi, 0 evenimente" in cli("retention").stdout  # safe to run again (cron)


def test_retention_without_stored_conversations_is_not_an_error(cli, candidates, tracker_db: Path) -> None:
    assert "0 conversații întregi" in cli("retention", "--days", "7").stdout
    assert not tracker_db.exists()


@pytest.mark.parametrize(("days", "message"), [("0", "cel puțin 1"), ("o lună", "număr întreg"), (None, "--days")])
def test_retention_needs_a_number_of_days(cli, candidates, tracker_db, monkeypatch, days, message) -> None:
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    args = ["retention"] + (["--days", days] if days is not None else [])
    assert message in cli(*args, code=4).stderr
