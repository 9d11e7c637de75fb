"""Nobody is locked out (issue 12, reproduction 3): however the action server fails, one apology per turn at
most, the conversation is usable as soon as it is back, and „renunț”, /restart and „șterge-mi datele” work
even while it is down.

Real servers (tests/faults/conftest.py): Rasa with ACTION_TIMEOUT=2 and a real action server, stopped (down)
or paused with SIGSTOP (hung: it keeps its port and never answers).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import PROJECT_ROOT
from bot.answers import messages
from bot.candidates import texts
from tests.faults.conftest import ACTION_TIMEOUT, Assistant
from tests.services.processes import wait_for

pytestmark = pytest.mark.e2e

APOLOGY = messages.ACTION_UNAVAILABLE
ALERT_FORM = ("vreau alerte de joburi", "{email}", "retail", "Cluj", "engleză")


def knowledge_rows(assistant: Assistant, sender: str) -> list[tuple]:
    with sqlite3.connect(assistant.tracker_db.parent / "knowledge.db") as db:
        return db.execute("SELECT email FROM alert_subscriptions WHERE sender_id = ?", (f"rest:{sender}",)).fetchall()


def events(assistant: Assistant, sender: str) -> list[dict]:
    with sqlite3.connect(assistant.tracker_db) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (f"rest:{sender}",)).fetchall()
    return [json.loads(data) for (data,) in rows]


def at_the_consent_question(assistant: Assistant, user: str, email: str) -> None:
    for message in ALERT_FORM:
        assistant.texts(message.format(email=email), user)
    assert assistant.texts("da", assistant.new_user())  # the assistant is up and answering


@contextmanager
def actions_down(assistant: Assistant) -> Iterator[None]:
    assistant.actions.stop()
    try:
        yield
    finally:
        assistant.restart_actions()


@contextmanager
def actions_hung(assistant: Assistant) -> Iterator[None]:
    assistant.actions.pause()
    try:
        yield
    finally:
        assistant.actions.resume()


@pytest.mark.parametrize("failure", [actions_down, actions_hung], ids=["down", "hung"])
def test_one_apology_at_the_consent_step_and_the_form_goes_on_when_back(fault_assistant: Assistant, failure) -> None:  # noqa: ANN001
    user = fault_assistant.new_user()
    email = f"{user}@example.com"
    at_the_consent_question(fault_assistant, user, email)
    with failure(fault_assistant):
        started = time.monotonic()
        assert fault_assistant.texts("da", user) == [APOLOGY]  # not 10 of them
        assert time.monotonic() - started < ACTION_TIMEOUT + 3  # one time-out per turn, not one per action
        assert fault_assistant.texts("ana@example.com", user) == [APOLOGY]
    # Back: the form is still at its consent question, and the answer counts.
    done = fault_assistant.text("da", user)
    assert done.startswith("Mulțumim pentru abonarea") and email in done
    assert knowledge_rows(fault_assistant, user) == [(email,)]


def test_control_requests_work_while_the_action_server_is_down(fault_assistant: Assistant) -> None:
    user = fault_assistant.new_user()
    email = f"{user}@example.com"
    for message in ("vreau alerte de joburi", email, "retail", "Cluj", "engleză", "da"):
        fault_assistant.texts(message, user)
    assert knowledge_rows(fault_assistant, user) == [(email,)]
    with actions_down(fault_assistant):
        # A form started while down asks its first question; „renunț” stops it.
        assert "Pe ce adresă de e-mail" in fault_assistant.text("vreau alerte de joburi", user)
        assert fault_assistant.texts("renunț", user) == [texts.ALERTS_STOPPED]
        assert fault_assistant.texts("/restart", user) == [
            "Am luat-o de la capăt. Cu ce te pot ajuta? Scrie „ce poți face?” ca să vezi subiectele."
        ]
        # „șterge-mi datele”: answered by the Rasa server, the messages deleted now, the rest queued.
        assert fault_assistant.texts("șterge-mi datele", user) == [texts.DELETION_QUEUED]
        assert wait_for(lambda: email not in json.dumps(events(fault_assistant, user)), 20)
    # Back: the queued deletion is carried out before the action server takes calls.
    assert knowledge_rows(fault_assistant, user) == []
    shown = fault_assistant.text("ce date aveți despre mine?", user)
    assert "Nicio abonare la alerte" in shown and email not in shown


def test_the_conversation_is_usable_as_soon_as_the_action_server_is_back(fault_assistant: Assistant) -> None:
    user = fault_assistant.new_user()
    at_the_consent_question(fault_assistant, user, f"{user}@example.com")
    with actions_down(fault_assistant):
        for message in ["da"] * 6 + ["salut", "cât câștigă un operator?"] * 3:  # far more than 10 failed actions
            assert fault_assistant.texts(message, user) == [APOLOGY]
    for message, expected in [
        ("salut", "Bună!"),
        ("renunț", texts.ALERTS_STOPPED),
        ("cât câștigă un operator?", "3000 RON net"),
        ("șterge-mi datele", "Am șters datele tale"),
        ("/restart", "Am luat-o de la capăt"),
    ]:
        assert expected in fault_assistant.text(message, user), message


def test_a_conversation_locked_before_this_fix_is_usable_again(fault_assistant: Assistant) -> None:
    """A conversation stored in the locked state: 10 fallbacks since the last action_listen, then a message
    answered with nothing (what issue 12 saw). Rasa's breaker counted on past the user's message."""
    user = fault_assistant.new_user()
    domain = Domain.load(str(PROJECT_ROOT / "domain"))
    locked = [ActionExecuted("action_session_start"), ActionExecuted("action_listen"),
              UserUttered("da", {"name": "affirm", "confidence": 1.0})]  # fmt: skip
    for _ in range(10):
        locked += [ActionExecuted("action_core_fallback"), BotUttered(APOLOGY)]
    locked.append(UserUttered("salut", {"name": "greet", "confidence": 1.0}))
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(fault_assistant.tracker_db))
    asyncio.run(store.save(DialogueStateTracker.from_events(f"rest:{user}", locked, domain.slots)))
    store.engine.dispose()
    assert fault_assistant.text("salut", user).startswith("Bună!")
    assert "3000 RON net" in fault_assistant.text("cât câștigă un operator?", user)
