"""LeanSQLTrackerStore on a real SQLite file: what Rasa stores and reads back is the same as with Rasa's own store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from bot import PROJECT_ROOT
from bot.tracker_store import STORED, LeanSQLTrackerStore


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain"))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


@pytest.fixture
def store(domain: Domain, database: Path) -> LeanSQLTrackerStore:
    return LeanSQLTrackerStore(domain, dialect="sqlite", db=str(database))


def rows(database: Path, sender: str) -> list[tuple[str, str | None]]:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT type_name, COALESCE(action_name, intent_name) FROM events WHERE sender_id = ? ORDER BY id",
            (sender,),
        ).fetchall()


def turn(text: str, answer: str) -> list:
    return [
        UserUttered(text, {"name": "ask_salary", "confidence": 0.9}),
        SlotSet("industry", "telecom"),
        ActionExecuted("action_answer_question"),
        BotUttered(answer),
        ActionExecuted("action_listen"),
    ]


async def test_turns_are_stored_once_and_in_order(store: LeanSQLTrackerStore, database: Path) -> None:
    tracker = await store.get_or_create_tracker("ana")
    for number in range(3):
        tracker = await store.retrieve("ana")
        for event in turn(f"intrebarea {number}", f"raspunsul {number}"):
            tracker.update(event)
        await store.save(tracker)
    stored = rows(database, "ana")
    assert len(stored) == 1 + 3 * 5  # action_listen of a new tracker, then three turns
    assert [r for r in stored if r[0] == "user"] == [("user", "ask_salary")] * 3
    again = await store.retrieve("ana")
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == [f"intrebarea {n}" for n in range(3)]
    assert again.get_slot("industry") == "telecom"


async def test_a_tracker_it_did_not_load_is_counted_like_rasa_does(store: LeanSQLTrackerStore, database: Path) -> None:
    await store.get_or_create_tracker("bob")
    foreign = await store.retrieve("bob")
    delattr(foreign, STORED)  # as if built elsewhere (rasa shell, a test)
    for event in turn("salut", "buna"):
        foreign.update(event)
    await store.save(foreign)
    assert len(rows(database, "bob")) == 1 + 5


async def test_rows_deleted_during_a_turn_are_not_written_again(store: LeanSQLTrackerStore, database: Path) -> None:
    """ "Șterge-mi datele": the action deletes the stored rows; the end of the turn adds only its own events
    (Rasa's store would write the whole session again)."""
    tracker = await store.get_or_create_tracker("carmen")
    for event in turn("salut", "buna"):
        tracker.update(event)
    await store.save(tracker)
    tracker = await store.retrieve("carmen")
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM events WHERE sender_id = 'carmen'")
    tracker.update(UserUttered("sterge-mi datele", {"name": "delete_my_data", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    assert rows(database, "carmen") == [("user", "delete_my_data"), ("action", "action_listen")]


async def test_a_new_session_is_stored_after_the_old_one(store: LeanSQLTrackerStore, database: Path) -> None:
    tracker = await store.get_or_create_tracker("dan")
    for event in turn("salut", "buna"):
        tracker.update(event)
    await store.save(tracker)
    tracker = await store.retrieve("dan")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    assert len(rows(database, "dan")) == 1 + 5 + 3
    latest = await store.retrieve("dan")
    assert [type(e).__name__ for e in latest.events] == ["SessionStarted", "ActionExecuted"]
    # Rasa's own store reads the same database the same way.
    rasas = SQLTrackerStore(store.domain, dialect="sqlite", db=str(database))
    assert (await rasas.retrieve("dan")).events == latest.events


def test_sqlite_runs_in_wal_mode(store: LeanSQLTrackerStore, database: Path) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    with sqlite3.connect(database) as db:  # persistent in the file: other processes read it the same way
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_endpoints_file_selects_it(domain: Domain, database: Path) -> None:
    config = EndpointConfig(type="bot.tracker_store.LeanSQLTrackerStore", dialect="sqlite", db=str(database))
    store: TrackerStore = create_tracker_store(config, domain)
    assert isinstance(getattr(store, "_tracker_store", store), LeanSQLTrackerStore)
