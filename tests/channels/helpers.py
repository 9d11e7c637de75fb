"""Shared by the webhook tests: unique senders, and what the assistant stored for a sender."""

from __future__ import annotations

import json
import random
import sqlite3

from tests.e2e.conftest import Assistant


def unique_number(digits: int = 9) -> int:
    return random.randint(10 ** (digits - 1), 10**digits - 1)


def user_messages(assistant: Assistant, sender_id: str) -> list[str]:
    """The user messages of a conversation (its namespaced id, e.g. "telegram:123"), from the SQL tracker store."""
    assert assistant.tracker_db is not None
    with sqlite3.connect(assistant.tracker_db) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender_id,)
        ).fetchall()
    return [json.loads(data).get("text") for (data,) in rows]
