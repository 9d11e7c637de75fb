"""The tracker store's in-memory conversations (tests/test_conversation_cache.py) on PostgreSQL, the production
database: the same tests, in a database of the stack's PostgreSQL server of their own. Also: the replicas created
the index the store reads by (sender_id, id)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.prod.stack import Stack
from tests.test_conversation_cache import *  # noqa: F403 - the same tests, collected again with this `database`
from tests.test_conversation_cache import TrackerDatabase


@pytest.fixture(scope="module")
def postgres_options(stack: Stack) -> dict:
    name, password = f"cache_{secrets.token_hex(4)}", secrets.token_urlsafe(24)
    stack.tracker_db.create_database(name, name, password)
    return {"dialect": "postgresql", "host": "127.0.0.1", "port": stack.tracker_db.port, "db": name,
            "username": name, "password": password}  # fmt: skip


@pytest.fixture
def database(postgres_options: dict) -> Iterator[TrackerDatabase]:
    """A fresh `events` table for each test, as the SQLite tests get a fresh file."""
    database = TrackerDatabase(postgres_options)
    database.execute("DROP TABLE IF EXISTS events")
    database.lean(None)  # creates the table and the index again
    yield database
    database.close()


def test_the_replicas_created_the_index(stack: Stack) -> None:
    indexes = stack.tracker_db.query("rasa", "SELECT indexdef FROM pg_indexes WHERE tablename = 'events'")
    assert any("ix_events_sender_id_id" in d and "(sender_id, id)" in d for (d,) in indexes), indexes
