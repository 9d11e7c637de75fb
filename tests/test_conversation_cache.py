"""The conversations LeanSQLTrackerStore keeps in memory between turns (bot/conversation_cache.py): after every turn
the tracker it hands out is the one Rasa's own SQLTrackerStore builds from the database, whatever happened to the
database in between (another replica's turns, deleted rows, a new session, a turn that failed).

On SQLite here; tests/prod/test_tracker_cache_postgres.py runs the same tests on PostgreSQL (make test-prod)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    FollowupAction,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot import PROJECT_ROOT
from bot.conversation_cache import ConversationCache, replayed_followup_action, same_as_replayed
from bot.tracker_store import POSITION, LeanSQLTrackerStore


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain"))


@dataclasses.dataclass
class TrackerDatabase:
    """Where the stores of a test keep their events: Rasa's SQLTrackerStore arguments."""

    options: dict[str, Any]
    stores: list[SQLTrackerStore] = dataclasses.field(default_factory=list)

    def lean(self, domain: Domain | None) -> LeanSQLTrackerStore:
        return self._keep(LeanSQLTrackerStore(domain, **self.options))

    def rasas(self, domain: Domain) -> SQLTrackerStore:
        return self._keep(SQLTrackerStore(domain, **self.options))

    def execute(self, sql: str, **parameters: Any) -> list:
        with self.rasas(None).engine.begin() as connection:  # type: ignore[arg-type]
            result = connection.execute(sa.text(sql), parameters)
            return result.all() if result.returns_rows else []

    def _keep(self, store: Any) -> Any:
        self.stores.append(store)
        return store

    def close(self) -> None:
        """Release the stores' connections (a PostgreSQL server has a limited number)."""
        for store in self.stores:
            store.engine.dispose()
        self.stores.clear()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[TrackerDatabase]:
    database = TrackerDatabase({"dialect": "sqlite", "db": str(tmp_path / "tracker.db")})
    yield database
    database.close()


def lean(domain: Domain, database: TrackerDatabase) -> LeanSQLTrackerStore:
    return database.lean(domain)


def state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Everything a turn can observe of a tracker."""
    return {
        **tracker.current_state(EventVerbosity.ALL),
        "active_loop_state": dataclasses.asdict(tracker.active_loop) if tracker.active_loop else None,
        "bot_utterance": tracker.latest_bot_utterance.as_dict() if tracker.latest_bot_utterance else None,
        "slots_set": {name: slot.has_been_set for name, slot in tracker.slots.items()},
        "model": (tracker.model_id, tracker.assistant_id),
    }


async def rasas_view(domain: Domain, database: TrackerDatabase, sender: str) -> dict[str, Any] | None:
    tracker = await database.rasas(domain).retrieve(sender)
    return state(tracker) if tracker else None


def question(text: str, intent: str = "ask_salary", industry: str | None = None) -> UserUttered:
    entities = [{"entity": "industry", "value": industry, "start": 0, "end": 3}] if industry else []
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities,
             "intent_ranking": [{"name": intent, "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]}  # fmt: skip
    return UserUttered(text, parse["intent"], entities, parse)


def turn(number: int, model_id: str | None = "m1") -> list:
    """One turn as the processor logs it (with the metadata it adds to events)."""
    events = [
        question(f"intrebarea {number}", industry="telecom" if number % 3 == 0 else None),
        DefinePrevUserUtteredFeaturization(False),
        ActionExecuted("action_answer_question", policy="RulePolicy", confidence=1.0),
        SlotSet("answer_topic", "salary"),
        SlotSet("answer_facts", [f"fact-{number}", "salary-1"]),
        BotUttered(f"raspunsul {number}", {"custom": {"facts": [number]}}),
        ActionExecuted("action_listen", policy="RulePolicy", confidence=1.0),
    ]
    return events


async def serve(store: LeanSQLTrackerStore, sender: str, events: list, save: bool = True) -> DialogueStateTracker:
    """A turn: read the conversation (as the processor does), add the turn's events, save."""
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    tracker.model_id, tracker.assistant_id = "m1", "assistant"
    for event in events:
        tracker.update(event)
    if save:
        await store.save(tracker)
    return tracker


async def check_same(
    store: LeanSQLTrackerStore, domain: Domain, database: TrackerDatabase, sender: str
) -> DialogueStateTracker:
    """What the store hands out next is what Rasa's store reads; returns the tracker (to be put back)."""
    expected = await rasas_view(domain, database, sender)
    tracker = await store.retrieve(sender)
    assert (state(tracker) if tracker else None) == expected
    return tracker


async def put_back(store: LeanSQLTrackerStore, tracker: DialogueStateTracker) -> None:
    await store.save(tracker)  # nothing new: the tracker goes back into the cache


async def test_every_turn_matches_rasas_store_and_comes_from_memory(domain: Domain, database: TrackerDatabase) -> None:
    store = lean(domain, database)
    previous = None
    for number in range(12):
        tracker = await serve(store, "ana", turn(number))
        if number >= 1:  # the first turn creates the tracker (nothing stored yet): from then on the same object
            assert tracker is previous
        checked = await check_same(store, domain, database, "ana")
        assert checked is tracker
        previous = checked
        await put_back(store, checked)
    assert len(store.cache) == 1
    assert store.reads == {"memory": 2 * 12 - 1, "database": 1}  # only the new conversation's (empty) read


async def test_two_replicas_take_turns(domain: Domain, database: TrackerDatabase) -> None:
    replicas = [lean(domain, database), lean(domain, database)]
    for number in range(9):
        store = replicas[number % 3 % 2]  # 0, 1, 0, 0, 1, 0 ...: each sees the other's rows as new rows
        await serve(store, "bob", turn(number))
        for replica in replicas:
            await put_back(replica, await check_same(replica, domain, database, "bob"))
    assert [r.reads["database"] for r in replicas] == [1, 1]  # the new conversation, the other's first check


async def test_deleted_rows_are_noticed(domain: Domain, database: TrackerDatabase) -> None:
    store = lean(domain, database)
    for number in range(3):
        await serve(store, "carmen", turn(number))
    await put_back(store, await check_same(store, domain, database, "carmen"))
    # "șterge-mi datele": the action server deletes rows up to the last one (bot/candidates/conversations.py)
    [(last,)] = database.execute("SELECT max(id) FROM events WHERE sender_id = 'carmen'")
    database.execute("DELETE FROM events WHERE sender_id = 'carmen' AND id <= :last", last=last - 3)
    await put_back(store, await check_same(store, domain, database, "carmen"))
    assert store.reads["database"] == 2  # the new conversation, and after the deletion
    database.execute("DELETE FROM events WHERE sender_id = 'carmen'")
    assert await store.retrieve("carmen") is None
    await serve(store, "carmen", turn(9))
    await put_back(store, await check_same(store, domain, database, "carmen"))


async def test_rows_deleted_during_a_turn(domain: Domain, database: TrackerDatabase) -> None:
    store = lean(domain, database)
    for number in range(3):
        await serve(store, "dan", turn(number))
    tracker = await store.retrieve("dan")
    database.execute("DELETE FROM events WHERE sender_id = 'dan'")
    for event in turn(3):
        tracker.update(event)
    await store.save(tracker)
    await put_back(store, await check_same(store, domain, database, "dan"))


async def test_a_new_session_is_read_from_the_database(domain: Domain, database: TrackerDatabase) -> None:
    store = lean(domain, database)
    for number in range(3):
        await serve(store, "elena", turn(number))
    await serve(store, "elena", [ActionExecuted("action_session_start"), SessionStarted(), *turn(3)])
    assert "elena" not in store.cache._entries  # the database starts the session at its SessionStarted row
    await put_back(store, await check_same(store, domain, database, "elena"))
    # ... and a new session started by another replica
    other = lean(domain, database)
    await serve(other, "elena", [ActionExecuted("action_session_start"), SessionStarted(), *turn(4)])
    await put_back(store, await check_same(store, domain, database, "elena"))


async def test_a_turn_that_failed_is_not_reused(domain: Domain, database: TrackerDatabase) -> None:
    store = lean(domain, database)
    for number in range(3):
        await serve(store, "filip", turn(number))
    failed = await serve(store, "filip", turn(3), save=False)
    again = await check_same(store, domain, database, "filip")
    assert again is not failed


async def test_a_pending_followup_action_is_read_from_the_database(domain: Domain, database: TrackerDatabase) -> None:
    """The processor clears followup_action without an event; such a tracker is not what a replay gives."""
    store = lean(domain, database)
    await serve(store, "gina", turn(0))
    tracker = await serve(store, "gina", [question("salut", "greet"), FollowupAction("utter_greet")], save=False)
    assert same_as_replayed(tracker)
    tracker.clear_followup_action()
    assert replayed_followup_action(tracker) == "utter_greet" and not same_as_replayed(tracker)
    await store.save(tracker)
    assert "gina" not in store.cache._entries
    await put_back(store, await check_same(store, domain, database, "gina"))


async def test_forms_and_slots(domain: Domain, database: TrackerDatabase) -> None:
    store = lean(domain, database)
    await serve(store, "horia", turn(0))
    form = [
        question("vreau alerte", "subscribe_alerts"),
        ActionExecuted("job_alert_form"),
        ActiveLoop("job_alert_form"),
        SlotSet("requested_slot", "alert_email"),
        ActionExecuted("action_listen"),
    ]
    await serve(store, "horia", form)
    await put_back(store, await check_same(store, domain, database, "horia"))
    done = [question("ana@example.com", "inform"), ActionExecuted("job_alert_form"), SlotSet("alert_email", "a@b.ro"),
            ActiveLoop(None), SlotSet("requested_slot", None), ActionExecuted("action_listen")]  # fmt: skip
    await serve(store, "horia", done)
    await put_back(store, await check_same(store, domain, database, "horia"))


async def test_an_unset_cache_reads_every_turn(
    domain: Domain, database: TrackerDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_CACHE_CONVERSATIONS", "0")
    store = lean(domain, database)
    first = await serve(store, "ion", turn(0))
    second = await serve(store, "ion", turn(1))
    assert first is not second and len(store.cache) == 0
    await check_same(store, domain, database, "ion")


def test_the_cache_is_bounded() -> None:
    cache = ConversationCache(conversations=2, events=10)
    trackers = {name: DialogueStateTracker.from_events(name, turn(0)[:3]) for name in "abc"}
    for name, tracker in trackers.items():
        cache.put(name, tracker, object())  # type: ignore[arg-type]
    assert len(cache) == 2 and cache.take("a") is None  # least recently used first
    assert cache.events == 6
    cache.put("big", DialogueStateTracker.from_events("big", turn(0) + turn(1)), object())  # type: ignore[arg-type]
    assert cache.take("big") is None  # 14 events: more than the whole cache
    assert cache.take("b").tracker is trackers["b"] and cache.take("b") is None  # taken out: one turn at a time


def test_the_position_is_not_kept_on_a_tracker_the_store_did_not_read(
    domain: Domain, database: TrackerDatabase
) -> None:
    tracker = DialogueStateTracker.from_events("x", turn(0), domain.slots)
    assert not hasattr(tracker, POSITION)


def _alerts_form_stopped() -> list[list]:
    """Three turns: the alerts form starts, gets an e-mail address, and is stopped („renunț”, no consent)."""
    start = [
        question("vreau alerte", "subscribe_alerts"),
        ActionExecuted("job_alert_form"),
        ActiveLoop("job_alert_form"),
        SlotSet("requested_slot", "alert_email"),
        ActionExecuted("action_listen"),
    ]
    email = [
        question("ana.pop@example.com", "inform"),
        ActionExecuted("job_alert_form"),
        SlotSet("alert_email", "ana.pop@example.com"),
        SlotSet("requested_slot", "alert_industry"),
        ActionExecuted("action_listen"),
    ]
    stop = [
        question("renunț", "stop"),
        ActionExecuted("action_deactivate_loop"),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        ActionExecuted("action_alerts_stopped"),
        ActionExecuted("action_listen"),
    ]
    return [start, email, stop]  # fmt: skip


@pytest.mark.parametrize("stopped_by", ["this replica", "another replica"])
async def test_a_form_ended_without_consent_is_read_redacted(
    domain: Domain, database: TrackerDatabase, stopped_by: str
) -> None:
    """The turn that ends a form without consent rewrites the stored rows of the form (bot/candidates/redaction.py):
    the tracker in memory no longer is what the database holds, whichever replica wrote that turn."""
    store, other = lean(domain, database), lean(domain, database)
    await serve(store, "julia", turn(0))
    start, email, stop = _alerts_form_stopped()
    await serve(store, "julia", start)
    await serve(store, "julia", email)
    await put_back(store, await check_same(store, domain, database, "julia"))
    await serve(store if stopped_by == "this replica" else other, "julia", stop)
    tracker = await check_same(store, domain, database, "julia")
    assert "ana.pop@example.com" not in str(state(tracker))
    await put_back(store, tracker)
    await serve(store, "julia", turn(1))
    await put_back(store, await check_same(store, domain, database, "julia"))
