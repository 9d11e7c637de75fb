"""Rasa's SQL tracker store, without the costs that made it a third of the Rasa server's time per message.

Profiled with py-spy under `make bench` (bench/speed.py --profile), Rasa 3.6's SQLTrackerStore spent its time on:
- counting, at every save, the rows already stored for the session (an ORM query with a sub-query) to know
  which events are new. Within a turn the lock store gives one process the conversation, so the number of
  events the tracker was loaded with is that count: we remember it on the tracker and ask the database only for
  a tracker we did not load (rasa shell's, a test's);
- opening a new SQLite connection per query (SQLAlchemy 1.4's NullPool for SQLite files) and waiting for a
  full fsync at every commit. SQLite here runs in WAL mode with synchronous=NORMAL: a crash of the process loses
  nothing committed, a power cut may lose the last turns (PostgreSQL, for production, is unchanged).

Everything else (tables, queries, event broker, PostgreSQL options) is Rasa's own. Configured in endpoints.yml
(`type: bot.tracker_store.LeanSQLTrackerStore`) and by bot/production.py.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

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

    @staticmethod
    def _remember(tracker: DialogueStateTracker | None) -> None:
        # A tracker capped by max_event_history no longer holds all stored events: let Rasa count.
        if tracker is not None and tracker._max_event_history is None:
            setattr(tracker, STORED, len(tracker.events))

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if not fetch_events_from_all_sessions:  # the save counts rows of the current session only
            self._remember(tracker)
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, STORED, None)
        if stored is None or stored > len(tracker.events):
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._remember(tracker)
