"""Action server down or slow: a Romanian apology within seconds, not silence; normal answers once it is back.

Real servers: Rasa started by `python -m bot.server run` (ACTION_TIMEOUT=2) and a real action server, which
the tests stop (down) or pause with SIGSTOP (slow: it keeps its port but never answers).
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from bot.answers import messages
from tests.faults.conftest import ACTION_TIMEOUT, Assistant

pytestmark = pytest.mark.e2e

QUESTION = "Cât câștigă un operator?"
ANSWER = "3000 RON net pe lună"


def stored_bot_texts(assistant: Assistant, sender: str) -> list[str]:
    with sqlite3.connect(assistant.tracker_db) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'bot' ORDER BY id", (f"rest:{sender}",)
        ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_action_server_down(fault_assistant: Assistant) -> None:
    user = fault_assistant.new_user()
    assert ANSWER in fault_assistant.text(QUESTION, user)
    fault_assistant.actions.stop()
    try:
        started = time.monotonic()
        assert fault_assistant.texts("și dacă știu germană?", user) == [messages.ACTION_UNAVAILABLE]
        assert time.monotonic() - started < ACTION_TIMEOUT + 3
    finally:
        fault_assistant.restart_actions()
    # Back: the same conversation goes on, the follow-up still knows the topic.
    assert "peste 6000 RON net" in fault_assistant.text("și dacă știu germană?", user)
    # The apology is part of the stored conversation, like any answer.
    assert messages.ACTION_UNAVAILABLE in stored_bot_texts(fault_assistant, user)


def test_action_server_slow(fault_assistant: Assistant) -> None:
    user = fault_assistant.new_user()
    fault_assistant.actions.pause()
    try:
        started = time.monotonic()
        assert fault_assistant.texts(QUESTION, user) == [messages.ACTION_UNAVAILABLE]
        elapsed = time.monotonic() - started
    finally:
        fault_assistant.actions.resume()
    assert ACTION_TIMEOUT - 0.5 < elapsed < ACTION_TIMEOUT + 3
    assert ANSWER in fault_assistant.text(QUESTION, user)


def test_fixed_answers_need_no_action_server(fault_assistant: Assistant) -> None:
    """Answers from domain/responses.yml come from Rasa itself: unaffected by the outage."""
    user = fault_assistant.new_user()
    fault_assistant.actions.pause()
    try:
        text = fault_assistant.text("ce poți face?", user)
    finally:
        fault_assistant.actions.resume()
    assert text and messages.ACTION_UNAVAILABLE not in text
