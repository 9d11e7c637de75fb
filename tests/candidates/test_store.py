"""Storage of the candidate journeys on real SQLite databases: the knowledge database's new tables, and Rasa's own
SQLTrackerStore for conversations (deletion of one conversation, retention)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot import PROJECT_ROOT
from bot.candidates.conversations import finish_erasure
from bot.candidates.retention import run_retention
from bot.candidates.store import CandidateStore, UnknownCallback
from bot.conversation_store import TrackerEvents, tracker_database_url
from bot.knowledge.db import Database

NOW = datetime.now(timezone.utc)
DAY = 24 * 3600


@pytest.fixture
def store(database: Database) -> CandidateStore:
    return CandidateStore(database)


def subscribe(store: CandidateStore, sender: str = "ana", email: str = "ana@example.com"):  # noqa: ANN201
    return store.subscribe(sender, email, "telecom", "Cluj-Napoca", ["engleza", "germana"], "Ești de acord?", "rest")


def test_db_load_creates_the_candidate_tables(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"alert_subscriptions", "callback_requests", "pending_erasures", "roles"} <= tables


def test_an_older_database_gains_the_tables_on_first_use(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'vechi.db'}")
    try:
        assert subscribe(CandidateStore(database)).active
    finally:
        database.dispose()


def test_subscription_with_consent_text_and_time(store: CandidateStore) -> None:
    before = datetime.now(timezone.utc)
    saved = subscribe(store)
    assert saved.languages == ("engleza", "germana") and saved.consent_text == "Ești de acord?"
    assert before <= saved.consented_at <= datetime.now(timezone.utc)
    stored = store.stored_for("ana").subscriptions
    assert [s.email for s in stored] == ["ana@example.com"] and stored[0].consented_at.tzinfo is not None


def test_a_new_subscription_replaces_the_active_one(store: CandidateStore) -> None:
    subscribe(store)
    subscribe(store, email="ana.pop@example.com")
    subscriptions = store.stored_for("ana").subscriptions
    assert [(s.email, s.active) for s in subscriptions] == [("ana@example.com", False), ("ana.pop@example.com", True)]


def test_unsubscribe_ends_only_this_conversations_alerts(store: CandidateStore) -> None:
    subscribe(store)
    subscribe(store, sender="ion", email="ion@example.com")
    assert [s.email for s in store.unsubscribe("ana")] == ["ana@example.com"]
    assert store.unsubscribe("ana") == []
    assert store.stored_for("ana").subscriptions[0].unsubscribed_at is not None
    assert store.stored_for("ion").subscriptions[0].active


def test_callbacks_listed_and_marked_done(store: CandidateStore) -> None:
    first = store.request_callback("ana", "Ana Pop", "+40722123456", "phone", ["ask_salary"], "", "Acord?")
    second = store.request_callback("ion", "Ion", "ion@example.com", "email", [], "industry=telecom", "Acord?")
    assert [c.id for c in store.callbacks()] == [first.id, second.id]
    done, was_open = store.mark_done(first.id, "maria")
    assert was_open and done.done_by == "maria" and not done.open
    assert store.mark_done(first.id, "dan")[1] is False  # marking twice changes nothing
    assert [c.id for c in store.callbacks()] == [second.id]
    assert [c.id for c in store.callbacks(include_done=True)] == [first.id, second.id]
    with pytest.raises(UnknownCallback):
        store.mark_done(999, "maria")


def test_delete_for_one_conversation(store: CandidateStore) -> None:
    subscribe(store)
    subscribe(store, email="alta@example.com")
    store.request_callback("ana", "Ana", "+40722123456", "phone", [], "", "Acord?")
    store.request_callback("ion", "Ion", "+40722123457", "phone", [], "", "Acord?")
    deleted = store.delete_for("ana")
    assert (deleted.subscriptions, deleted.callbacks) == (2, 1)
    assert store.stored_for("ana").empty
    assert len(store.stored_for("ion").callbacks) == 1


# ------------------------------------------------------------------ conversations in Rasa's SQL tracker store


@pytest.fixture(scope="module")
def domain():  # noqa: ANN201 - rasa Domain
    from rasa.shared.core.domain import Domain

    return Domain.load(str(PROJECT_ROOT / "domain"))


@pytest.fixture
def tracker_store(tmp_path: Path, domain):  # noqa: ANN001, ANN201 - rasa SQLTrackerStore
    from rasa.core.tracker_store import SQLTrackerStore

    return SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))


def session(start: float, texts: list[str]) -> list:
    """A session as Rasa stores it, starting at `start` (one second per event)."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered

    events = [ActionExecuted("action_session_start", timestamp=start), SessionStarted(timestamp=start + 0.1)]
    moment = start + 1
    for text in texts:
        events += [
            ActionExecuted("action_listen", timestamp=moment),
            UserUttered(text, {"name": "ask_salary", "confidence": 0.9}, timestamp=moment + 0.2),
            BotUttered("3000 RON", timestamp=moment + 0.5),
        ]
        moment += 1
    return events + [ActionExecuted("action_listen", timestamp=moment)]


async def save(tracker_store, sender: str, events: list) -> None:  # noqa: ANN001
    from rasa.shared.core.trackers import DialogueStateTracker

    await tracker_store.save(DialogueStateTracker.from_events(sender, events, tracker_store.domain.slots))


def rows(tracker_store, sender: str) -> int:  # noqa: ANN001
    from sqlalchemy import text

    with tracker_store.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()


def test_tracker_url_follows_the_endpoints_variables(monkeypatch) -> None:
    assert tracker_database_url({}) == f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
    assert tracker_database_url({"TRACKER_DB": "/tmp/t.db"}) == "sqlite:////tmp/t.db"
    production = {"BOT_ENV": "production", "TRACKER_HOST": "db", "TRACKER_USER": "bot", "TRACKER_PASSWORD": "p@s"}
    assert tracker_database_url(production) == "postgresql://bot:p%40s@db/rasa"
    with_ssl = {"TRACKER_HOST": "db", "TRACKER_PORT": "5433", "TRACKER_DB": "conv", "TRACKER_SSLMODE": "require"}
    assert tracker_database_url(with_ssl) == "postgresql://db:5433/conv?sslmode=require"


def test_missing_tracker_database_means_nothing_stored(tmp_path: Path) -> None:
    events = TrackerEvents(f"sqlite:///{tmp_path / 'nu-exista.db'}")
    assert events.user_messages("ana") == (0, None)
    assert events.delete_conversation("ana") == 0
    assert not (tmp_path / "nu-exista.db").exists()


async def test_deleting_a_conversation_survives_rasa_saving_the_turn_again(tracker_store) -> None:  # noqa: ANN001
    """What "șterge-mi datele" meets: Rasa writes the session it holds in memory again after the action."""
    from rasa.shared.core.events import ActionExecuted, UserUttered

    events = TrackerEvents(f"sqlite:///{tracker_store.engine.url.database}")
    start = time.time() - 60
    await save(tracker_store, "ana", session(start - 5 * DAY, ["salut"]) + session(start, ["ana@example.com"]))
    await save(tracker_store, "ion", session(start, ["cât câștigă un operator?"]))
    assert events.user_messages("ana")[0] == 2

    # The turn: Rasa holds the current session in memory, the action deletes what is stored...
    tracker = await tracker_store.retrieve("ana")
    tracker.update(UserUttered("șterge-mi datele", {"name": "delete_my_data", "confidence": 0.99}))
    asked = time.time()
    assert events.delete_conversation("ana") == 2 * len(session(0, ["a"]))  # both sessions of ana
    tracker.update(ActionExecuted("action_delete_my_data"))
    tracker.update(ActionExecuted("action_listen"))
    # ...and Rasa saves the turn: the session in memory comes back.
    await tracker_store.save(tracker)
    assert rows(tracker_store, "ana") > 0

    result = await asyncio.to_thread(finish_erasure, "ana", "action_delete_my_data", asked - 1, events, 5, 0.05)
    assert result.finished and result.rows > 0
    assert rows(tracker_store, "ana") == 0
    assert await tracker_store.retrieve("ana") is None
    assert rows(tracker_store, "ion") == len(session(start, ["x"]))  # other conversations untouched


def test_finishing_an_erasure_gives_up_when_the_turn_is_never_saved(tracker_store) -> None:  # noqa: ANN001
    events = TrackerEvents(f"sqlite:///{tracker_store.engine.url.database}")
    result = finish_erasure("nimeni", "action_delete_my_data", time.time(), events, timeout=0.3, interval=0.05)
    assert not result.finished


async def test_retention_deletes_old_conversations_and_keeps_current_sessions(
    tracker_store,
    store: CandidateStore,  # noqa: ANN001
) -> None:
    now = time.time()
    await save(tracker_store, "vechi", session(now - 100 * DAY, ["salut", "cât câștigă un operator?"]))
    await save(tracker_store, "activ", session(now - 100 * DAY, ["salut"]) + session(now - 60, ["și cu germană?"]))
    await save(tracker_store, "nou", session(now - 2 * DAY, ["ce face un operator?"]))
    events = TrackerEvents(f"sqlite:///{tracker_store.engine.url.database}")
    subscribe(store, sender="vechi")
    store.unsubscribe("vechi")  # ended now: kept until it is older than the limit
    store.request_callback("vechi", "Ion", "+40722123456", "phone", [], "", "Acord?")

    dry = run_retention(90, store, events, dry_run=True)
    assert (dry.conversations, dry.event_rows) == (1, 2 * len(session(0, ["a"])) + 3)
    assert rows(tracker_store, "vechi") > 0  # nothing deleted by a dry run

    report = run_retention(90, store, events)
    assert (report.conversations, report.event_rows) == (dry.conversations, dry.event_rows)
    assert rows(tracker_store, "vechi") == 0
    assert rows(tracker_store, "activ") == len(session(0, ["a"]))  # the current session is kept whole
    assert rows(tracker_store, "nou") == len(session(0, ["a"]))
    assert len(store.stored_for("vechi").subscriptions) == 1 and len(store.stored_for("vechi").callbacks) == 1

    # Rasa goes on with the active conversation without writing the deleted session again.
    from rasa.shared.core.events import UserUttered

    tracker = await tracker_store.retrieve("activ")
    tracker.update(UserUttered("mersi", {"name": "thank", "confidence": 0.99}))
    await tracker_store.save(tracker)
    assert rows(tracker_store, "activ") == len(session(0, ["a"])) + 1

    # Later, ended subscriptions and done requests go too; running again changes nothing more.
    store.mark_done(store.stored_for("vechi").callbacks[0].id, "maria")
    later = run_retention(90, store, events, now=datetime.now(timezone.utc) + timedelta(days=91))
    assert (later.subscriptions, later.callbacks) == (1, 1)
    assert store.stored_for("vechi").empty
    assert run_retention(90, store, events, now=datetime.now(timezone.utc) + timedelta(days=91)).callbacks == 0


async def test_retention_finishes_pending_erasures(tracker_store, store: CandidateStore) -> None:  # noqa: ANN001
    now = time.time()
    await save(tracker_store, "ana", session(now - 600, ["șterge-mi datele"]))
    await save(tracker_store, "ion", session(now - 600, ["salut"]))
    events = TrackerEvents(f"sqlite:///{tracker_store.engine.url.database}")
    store.add_pending_erasure("ana", NOW - timedelta(minutes=10))
    store.add_pending_erasure("dan", datetime.now(timezone.utc))  # just asked: left to the action server

    report = run_retention(30, store, events)
    assert report.erasures == 1
    assert rows(tracker_store, "ana") == 0 and rows(tracker_store, "ion") > 0
    assert [sender for _, sender, _ in store.pending_erasures()] == ["dan"]


def test_retention_refuses_less_than_a_day(store: CandidateStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        run_retention(0, store, TrackerEvents(f"sqlite:///{tmp_path / 't.db'}"))
