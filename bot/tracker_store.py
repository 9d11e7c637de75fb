"""Rasa's SQL tracker store, without the costs that made it a third of the Rasa server's time per message.

Profiled with py-spy under `make bench` (bench/speed.py --profile), Rasa 3.6's SQLTrackerStore spent its time on:
- counting, at every save, the rows already stored for the session to know which events are new. Within a turn
  the lock store gives one process the conversation, so the number of events the tracker was loaded with is
  that count: we remember it on the tracker, and ask the database only about a tracker we did not load;
- building ORM queries and objects (SQLAlchemy's ORM was a fifth of the server's time): the same statements
  are run here as SQLAlchemy Core, built once; rows are inserted in one executemany;
- opening a new SQLite connection per query (SQLAlchemy 1.4's NullPool for SQLite files) and waiting for a
  full fsync at every commit. SQLite here runs in WAL mode with synchronous=NORMAL: a crash of the process loses
  nothing committed, a power cut may lose the last turns (PostgreSQL, for production, keeps its settings). The
  engine is the process's one for this database, and the statements are built once, in bot/conversation_store.py.

- reading and replaying the whole session at every turn, which made a turn's cost grow with the conversation
  (720 ms at turn 1000): the trackers of the conversations served lately stay in memory between turns
  (bot/conversation_cache.py) and a turn reads from the database only the rows added since, after checking
  that none of the rows the tracker holds was deleted. Both are index range reads: (sender_id, id).

A turn that ends a form without consent also removes what was typed into it from the stored session
(bot/candidates/redaction.py): the assistant promises that nothing is kept. Such a turn rewrites stored rows, so
its tracker is not kept in memory, and a turn another replica sees ending a form means a full read.

The table, its columns, the rows written and the events read back are Rasa's own (tests/bot/test_tracker_store.py
reads them with Rasa's SQLTrackerStore; tests/bot/test_tracker_cache.py compares every turn with it). Configured in
endpoints.yml (`type: bot.tracker_store.LeanSQLTrackerStore`) and by bot/production.py.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import logging
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot import conversation_store
from bot.candidates import redaction
from bot.conversation_cache import Cached, ConversationCache, StorePosition, same_as_replayed
from bot.conversation_store import SessionQueries

logger = logging.getLogger(__name__)

# Attribute set on trackers this store loaded or saved: how many of their events are in the database.
STORED = "_bot_events_stored"
# Attribute set on trackers this store loaded: their StorePosition (bot/conversation_cache.py).
POSITION = "_bot_store_position"
SESSION_STARTED = SessionStarted.type_name
NEW_CONVERSATIONS = 10_000  # senders remembered between a read that found nothing and the new tracker


class LeanSQLTrackerStore(SQLTrackerStore):
    engine: sa.engine.Engine

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        if conversation_store.sqlite_file(url) is not None or url.get_backend_name() != "sqlite":
            # The process's one engine for this database (bot/conversation_store.py), not a second pool; on SQLite
            # one that keeps its connections, in WAL mode.
            self.engine.dispose()
            self.engine = conversation_store.engine(url)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.queries = SessionQueries(self.SQLEvent.__table__)
        if conversation_store.sqlite_file(url) is None:
            self._create_index()
        self.cache = ConversationCache.from_env()
        self._database = self.engine.url.render_as_string(hide_password=True)
        self.reads = {"memory": 0, "database": 0}  # how trackers were served: tests, debugging
        self._new: set[str] = set()  # conversations read and found without any row (see init_tracker)

    def _create_index(self) -> None:
        """(sender_id, id), for reading one conversation's rows after a given id. Replicas starting together may
        race to create it; the one that loses logs it and works anyway (reads are then slower, not wrong). On a
        large existing table, create it beforehand: CREATE INDEX CONCURRENTLY ix_events_sender_id_id ON events
        (sender_id, id)."""
        try:
            with self.engine.begin() as connection:
                connection.exec_driver_sql(self.queries.create_index())
        except sa.exc.SQLAlchemyError as error:
            index = SessionQueries.SENDER_ID_INDEX
            logger.warning("tracker store: index %s not created (%s)", index, error.__class__.__name__)

    # --- reading -----------------------------------------------------------------------------------------------

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions:
            with self.engine.connect() as connection:
                rows = connection.execute(self.queries.events_all, {"sender_id": sender_id}).scalars().all()
            events = [json.loads(data) for data in rows]
            if not (self.domain and events):
                logger.debug(f"Can't retrieve tracker matching sender id '{sender_id}' from SQL storage.")
                return None
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        cached = self.cache.take(sender_id)
        with self.engine.connect() as connection:
            tracker = self._continue(connection, sender_id, cached) if cached else None
            self.reads["memory" if tracker is not None else "database"] += 1
            if tracker is None:
                tracker = self._read_session(connection, sender_id)
        if tracker is not None:
            self._remember(tracker)
            self._new.discard(sender_id)
        elif self.domain is not None:
            self._new.add(sender_id)  # no row at all: the tracker Rasa creates next starts at nothing stored
            if len(self._new) > NEW_CONVERSATIONS:
                self._new.clear()
        return tracker

    def init_tracker(self, sender_id: str) -> DialogueStateTracker:
        """Rasa's new tracker; when the conversation has no row, it stands at nothing stored (ids start at 1)."""
        tracker = super().init_tracker(sender_id)
        if sender_id in self._new:
            self._new.discard(sender_id)
            setattr(tracker, POSITION, StorePosition(self._database, 0, 0, 0, None))
            setattr(tracker, STORED, 0)
        return tracker

    def _read_session(self, connection: Any, sender_id: str) -> DialogueStateTracker | None:
        """The latest session as Rasa's SQLTrackerStore reads it, and where it stands in the database."""
        rows = connection.execute(self.queries.events_session, {"sender_id": sender_id}).all()
        if not (self.domain and rows):
            logger.debug(f"Can't retrieve tracker matching sender id '{sender_id}' from SQL storage.")
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(row.data) for row in rows], self.domain.slots)
        starts = [row.timestamp for row in rows if row.type_name == SESSION_STARTED]
        position = StorePosition(self._database, rows[0].id, rows[-1].id, len(rows), max(starts) if starts else None)
        setattr(tracker, POSITION, position)
        return tracker

    def _continue(self, connection: Any, sender_id: str, cached: Cached) -> DialogueStateTracker | None:
        """The cached tracker brought up to date with the rows added since it was saved, or None when the database
        changed otherwise: then the caller reads the session again.

        Ids only grow and a conversation's rows are written one turn at a time (lock store), so the rows the
        tracker holds are all still there iff as many rows have their ids (a row of an older session with an id in
        between, left out by Rasa's query, makes them differ too: then every turn reads the session)."""
        position = cached.position
        parameters = {"sender_id": sender_id, "first_id": position.first_id, "last_id": position.last_id}
        counted, *rows = connection.execute(self.queries.kept_and_added, parameters).all()
        if counted.kept != position.rows:
            return None  # some of its rows were deleted (erasure, retention)
        start = position.session_start
        if any(row.type_name == SESSION_STARTED or (start is not None and row.timestamp < start) for row in rows):
            return None  # a new session (Rasa's query starts there), or a row the query would leave out
        added = [json.loads(row.data) for row in rows]
        if redaction.ends_a_form(added):
            return None  # the turn that wrote them may have rewritten older rows (bot/candidates/redaction.py)
        tracker = cached.tracker
        # As DialogueStateTracker.from_dict leaves them (the processor sets both after reading), so that replaying
        # the new rows adds no metadata to their events.
        tracker.model_id = tracker.assistant_id = None
        for event in deserialise_events(added):
            tracker.update(event)
        if rows:
            position = dataclasses.replace(position, last_id=rows[-1].id, rows=position.rows + len(rows))
        setattr(tracker, POSITION, position)
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
            return int(stored)
        return int(connection.execute(self.queries.count_session, {"sender_id": tracker.sender_id}).scalar_one())

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        position: StorePosition | None = getattr(tracker, POSITION, None)
        if position is not None and position.database != self._database:
            position = None
        with self.engine.begin() as connection:
            stored = self._stored_count(connection, tracker)
            new_events = list(itertools.islice(tracker.events, stored, None))
            new = [event.as_dict() for event in new_events]
            redacting = redaction.ends_a_form(new)
            if redacting:
                new = self._redact_ended_forms(connection, tracker.sender_id, new)
            rows = [self._row(tracker.sender_id, data, data["event"]) for data in new]
            if rows:
                connection.execute(self.queries.insert, rows)
            if position is not None and not redacting and getattr(tracker, STORED, None) == stored:
                position = self._position_after(connection, tracker, position, new_events)
            else:
                position = None
        self._remember(tracker)
        self._keep(tracker, position)
        logger.debug(f"Tracker with sender_id '{tracker.sender_id}' stored to database")

    def _redact_ended_forms(self, connection: Any, sender_id: str, new: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A form ended in this turn without consent: what was typed into it leaves the stored session too
        (bot/candidates/redaction.py). Returns the new events to insert; updates the stored ones that change."""
        stored = connection.execute(self.queries.rows_session, {"sender_id": sender_id}).all()
        old = [json.loads(data) for _, data in stored]
        redacted = redaction.redact(old + new)
        if redacted is None:
            return new
        for (row_id, _), before, after in zip(stored, old, redacted, strict=False):
            if before != after:
                connection.execute(self.queries.update_data(row_id, after))
        return redacted[len(stored) :]

    def _position_after(
        self, connection: Any, tracker: DialogueStateTracker, position: StorePosition, new_events: list[Any]
    ) -> StorePosition | None:
        """Where the tracker stands once its new events are written, or None when the database would now give
        another tracker than this one (a new session starts at its SessionStarted row; a row timestamped before
        the session start is left out of the session)."""
        if not new_events:
            return position
        start = position.session_start
        if any(isinstance(e, SessionStarted) or (start is not None and e.timestamp < start) for e in new_events):
            return None
        # The lock store gives this turn the conversation: no other process wrote its rows meanwhile.
        last_id = connection.execute(self.queries.last_id, {"sender_id": tracker.sender_id}).scalar_one()
        return dataclasses.replace(position, last_id=last_id, rows=position.rows + len(new_events))

    def _keep(self, tracker: DialogueStateTracker, position: StorePosition | None) -> None:
        if position is not None and not tracker.events:
            setattr(tracker, POSITION, position)  # a new tracker saved before its first turn: that turn uses it
            return
        exact = type(tracker) is DialogueStateTracker and tracker._max_event_history is None
        if position is None or not exact or not same_as_replayed(tracker):
            self.cache.drop(tracker.sender_id)
            if hasattr(tracker, POSITION):
                delattr(tracker, POSITION)
            return
        setattr(tracker, POSITION, position)
        self.cache.put(tracker.sender_id, tracker, position)

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
