"""„șterge-mi datele” received while the action server is down: queued in the tracker database, finished by the
action server when it is back.

The Rasa server cannot reach the knowledge database (in production it has no DATABASE_URL) but it has the
tracker store: it deletes the conversation's events itself (bot/runtime/local_actions.py) and records the
request in `erasure_requests` there. The action server drains the queue at start and every few seconds
(bot/action_server.py), and `python -m bot retention` does too: the subscriptions and callback requests are
deleted, and a pending erasure makes sure no event of the conversation survives (bot/candidates/retention.py).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, delete, select

from bot.candidates.store import CandidateStore, as_utc
from bot.conversation_store import TrackerEvents

logger = logging.getLogger(__name__)

_metadata = MetaData()
QUEUE = Table(
    "erasure_requests",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
)
DRAIN_SECONDS = 10.0


def queue(sender_id: str, events: TrackerEvents, at: datetime | None = None) -> None:
    """Record the request (raises SQLAlchemyError when the tracker database cannot be written)."""
    with events.engine.begin() as connection:
        _metadata.create_all(connection, tables=[QUEUE])
        connection.execute(QUEUE.insert().values(sender_id=sender_id, requested_at=at or datetime.now(timezone.utc)))


def drain(store: CandidateStore, events: TrackerEvents) -> int:
    """Carry out the queued requests; returns how many. Each is removed from the queue only once done."""
    if not events.available():
        return 0
    with events.engine.begin() as connection:
        _metadata.create_all(connection, tables=[QUEUE])
        queued = connection.execute(select(QUEUE.c.id, QUEUE.c.sender_id, QUEUE.c.requested_at)).all()
    for request_id, sender_id, requested_at in queued:
        store.delete_for(sender_id)
        store.add_pending_erasure(sender_id, as_utc(requested_at))  # retention removes any event left
        with events.engine.begin() as connection:
            connection.execute(delete(QUEUE).where(QUEUE.c.id == request_id))
    if queued:
        logger.info("erasure queue: %d deletion request(s) made while the action server was down, done", len(queued))
    return len(queued)


def drain_in_background(store: CandidateStore, events: TrackerEvents, every: float = DRAIN_SECONDS) -> threading.Thread:
    """drain() now and then every `every` seconds, in a daemon thread; errors are logged and retried."""

    def loop() -> None:
        while True:
            try:
                drain(store, events)
            except Exception as error:  # noqa: BLE001 - a database away for a while: try again later
                logger.warning("erasure queue: not drained (%s)", error.__class__.__name__)
            time.sleep(every)

    thread = threading.Thread(target=loop, name="erasure-queue", daemon=True)
    thread.start()
    return thread
