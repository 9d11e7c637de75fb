"""Rasa's SQL tracker store, without the costs that made it a third of the Rasa server's time per message.

Profiled with py-spy under `make bench` (bench/speed.py --profile), Rasa 3.6's SQLTrackerStore spent its time on:
- counting, at every save, the rows already stored for the session to know which events are new. Within a turn
  the lock store gives one process the conversation, so the number of events the tracker was loaded with is
  that count: we remember it on the tracker, and ask the database only about a tracker we did not load;
- building ORM queries and objects (SQLAlchemy's ORM was a fifth of the server's time): the same statements
  are run here as SQLAlchemy Core, built once; rows are inserted in one executemany;
- opening a new SQLite connection per query (SQLAlchemy 1.4's NullPool for SQLite files) and waiting for a
  full fsync at every commit. SQLite here runs in WAL mode with synchronous=NORMAL: a crash of the process loses
  nothing committed, a power cut may lose the last turns (PostgreSQL, for production, keeps its settings).

A turn that ends a form without consent also removes what was typed into it from the stored session
(bot/candidates/redaction.py): the assistant promises that nothing is kept.

The table, its columns, the rows written and the events read back are Rasa's own (tests/bot/test_tracker_store.py
reads them with Rasa's SQLTrackerStore). Configured in endpoints.yml (`type: bot.tracker_store.LeanSQLTrackerStore`)
and by bot/production.py.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.candidates import redaction

logger = logging.getLogger(__name__)

# Attribute set on trackers this store loaded or saved: how many of their events are in the database.
STORED = "_bot_events_stored"
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


class LeanSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            url = self.engine.url
            self.engine.dispose()
            # One process uses these connections, from its event loop; the pool hands each to one user at a time.
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_size=2, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._build_statements()

    def _build_statements(self) -> None:
        events = self.SQLEvent.__table__
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        # Rasa's _event_query: the latest session's events (all of them if no session was started), by id.
        in_session = sa.or_(events.c.timestamp >= session_start, session_start.is_(None))
        self._events_all = sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id)
        self._events_session = self._events_all.where(in_session)
        self._count_session = sa.select(sa.func.count()).where(events.c.sender_id == sender, in_session)
        self._rows_session = sa.select(events.c.id, events.c.data).where(in_session, events.c.sender_id == sender)
        self._rows_session = self._rows_session.order_by(events.c.id)
        self._insert = events.insert()

    # --- reading -----------------------------------------------------------------------------------------------

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        query = self._events_all if fetch_events_from_all_sessions else self._events_session
        with self.engine.connect() as connection:
            events = [json.loads(data) for data in connection.execute(query, {"sender_id": sender_id}).scalars()]
        if not (self.domain and events):
            logger.debug(f"Can't retrieve tracker matching sender id '{sender_id}' from SQL storage.")
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:  # the save counts rows of the current session only
            self._remember(tracker)
        return tracker

    @staticmethod
    def _remember(tracker: DialogueStateTracker | None) -> None:
        # A tracker capped by max_event_history no longer holds all stored events: let the database count.
        if tracker is not None and tracker._max_event_history is None:
            setattr(tracker, STORED, len(tracker.events))

    # --- writing -----------------------------------------------------------------------------------------------

    def _stored_count(self, connection: Any, tracker: DialogueStateTracker) -> int:
        stored = getattr(tracker, STORED, None)
        if stored is not None and stored <= len(tracker.events):
            return stored
        return connection.execute(self._count_session, {"sender_id": tracker.sender_id}).scalar_one()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            new_events = itertools.islice(tracker.events, self._stored_count(connection, tracker), None)
            new = [event.as_dict() for event in new_events]
            if redaction.ends_a_form(new):
                new = self._redact_ended_forms(connection, tracker.sender_id, new)
            rows = [self._row(tracker.sender_id, data, data["event"]) for data in new]
            if rows:
                connection.execute(self._insert, rows)
        self._remember(tracker)
        logger.debug(f"Tracker with sender_id '{tracker.sender_id}' stored to database")

    def _redact_ended_forms(self, connection: Any, sender_id: str, new: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A form ended in this turn without consent: what was typed into it leaves the stored session too
        (bot/candidates/redaction.py). Returns the new events to insert; updates the stored ones that change."""
        stored = connection.execute(self._rows_session, {"sender_id": sender_id}).all()
        old = [json.loads(data) for _, data in stored]
        redacted = redaction.redact(old + new)
        if redacted is None:
            return new
        events = self.SQLEvent.__table__
        for (row_id, _), before, after in zip(stored, old, redacted, strict=False):
            if before != after:
                connection.execute(events.update().where(events.c.id == row_id).values(data=json.dumps(after)))
        return redacted[len(stored) :]

    @staticmethod
    def _row(sender_id: str, data: dict[str, Any], type_name: str) -> dict[str, Any]:
        """The columns Rasa's SQLTrackerStore.save writes for one event."""
        return {
            "sender_id": sender_id,
            "type_name": type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
