"""The conversations Rasa keeps in its SQL tracker store (table `events`): one candidate's, and old ones.

Rasa appends a turn's events when the turn ends, after the rows already stored for the current session
(bot/tracker_store.py, LeanSQLTrackerStore.save). Two consequences shape this module:

- deleting a conversation from a custom action is not enough: when the action returns, Rasa writes the whole
  session it holds in memory again. `TrackerEvents.delete_conversation` therefore deletes what is stored now,
  and `finish_erasure` deletes the rewritten rows once that turn is saved (the action starts it in a thread);
- retention must not delete part of a session that is still going on (Rasa would write it again): it deletes
  whole conversations whose last event is older than the limit, and, for conversations still active, only the
  rows of their earlier sessions.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, column, create_engine, delete, func, inspect, select, table
from sqlalchemy.engine import URL, Connection, Engine

from bot import PROJECT_ROOT

logger = logging.getLogger(__name__)

EVENTS = table(
    "events",
    column("id"),
    column("sender_id"),
    column("type_name"),
    column("timestamp"),
    column("action_name"),
    column("data"),
)


def tracker_database_url(env: Mapping[str, str] | None = None) -> str:
    """The database of Rasa's tracker store, from the same variables as endpoints.yml / bot/production.py.

    Development: TRACKER_DIALECT=sqlite (default) and TRACKER_DB, a file relative to the project.
    Production (BOT_ENV=production or TRACKER_HOST set): PostgreSQL from TRACKER_HOST, TRACKER_PORT, TRACKER_DB,
    TRACKER_USER, TRACKER_PASSWORD and TRACKER_SSLMODE.
    """
    env = os.environ if env is None else env
    production = env.get("BOT_ENV") == "production" or bool(env.get("TRACKER_HOST"))
    dialect = "postgresql" if production else (env.get("TRACKER_DIALECT") or "sqlite")
    if dialect == "sqlite":
        path = Path(env.get("TRACKER_DB") or "var/tracker.db")
        return f"sqlite:///{path if path.is_absolute() else PROJECT_ROOT / path}"
    sslmode = env.get("TRACKER_SSLMODE")
    url = URL.create(
        dialect,
        username=env.get("TRACKER_USER") or None,
        password=env.get("TRACKER_PASSWORD") or None,
        host=env.get("TRACKER_HOST") or None,
        port=int(env["TRACKER_PORT"]) if env.get("TRACKER_PORT") else None,
        database=env.get("TRACKER_DB") or ("rasa" if production else None),
        query={"sslmode": sslmode} if sslmode else {},
    )
    rendered: str = url.render_as_string(hide_password=False)
    return rendered


def _missing_sqlite_file(url: str) -> bool:
    return url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file()


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _engine(url: str) -> Engine:
    with _engines_lock:
        if url not in _engines:
            options: dict[str, Any] = {"future": True, "pool_pre_ping": True}
            if url.startswith("sqlite"):
                options["connect_args"] = {"check_same_thread": False, "timeout": 10}
            _engines[url] = create_engine(url, **options)
        return _engines[url]


class TrackerEvents:
    """Reads and deletes rows of Rasa's `events` table through SQLAlchemy."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or tracker_database_url()

    def _has_table(self, connection: Connection) -> bool:
        return bool(inspect(connection).has_table("events"))

    def available(self) -> bool:
        """False when nothing was ever stored (no SQLite file, or no `events` table yet)."""
        if _missing_sqlite_file(self.url):
            return False
        with _engine(self.url).connect() as connection:
            return self._has_table(connection)

    def user_messages(self, sender_id: str) -> tuple[int, float | None]:
        """How many messages of this conversation are stored, and the time of the first one."""
        if not self.available():
            return 0, None
        query = select(func.count(), func.min(EVENTS.c.timestamp)).where(
            EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == "user"
        )
        with _engine(self.url).connect() as connection:
            count, first = connection.execute(query).one()
        return int(count or 0), first

    def delete_conversation(self, sender_id: str, up_to_id: int | None = None, before: float | None = None) -> int:
        """Delete the conversation's rows (those with id <= up_to_id / timestamp < before); returns how many."""
        if not self.available():
            return 0
        statement = delete(EVENTS).where(EVENTS.c.sender_id == sender_id)
        if up_to_id is not None:
            statement = statement.where(EVENTS.c.id <= up_to_id)
        if before is not None:
            statement = statement.where(EVENTS.c.timestamp < before)
        with _engine(self.url).begin() as connection:
            return connection.execute(statement).rowcount or 0

    def saved_turn(self, sender_id: str, action_name: str, since: float) -> int | None:
        """The last row id of the conversation once Rasa has saved the turn in which `action_name` ran at or
        after `since` (a turn is written in one transaction); None while it is not saved."""
        if not self.available():
            return None
        ran = select(EVENTS.c.id).where(
            EVENTS.c.sender_id == sender_id,
            EVENTS.c.type_name == "action",
            EVENTS.c.action_name == action_name,
            EVENTS.c.timestamp >= since,
        )
        with _engine(self.url).connect() as connection:
            if connection.execute(ran.limit(1)).first() is None:
                return None
            last_id: int | None = connection.execute(
                select(func.max(EVENTS.c.id)).where(EVENTS.c.sender_id == sender_id)
            ).scalar()
            return last_id

    def delete_older_than(self, cutoff: float, dry_run: bool = False) -> tuple[int, int]:
        """Retention: (conversations deleted whole, rows deleted). See the module docstring."""
        if not self.available():
            return 0, 0
        inactive = select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(func.max(EVENTS.c.timestamp) < cutoff)
        later = EVENTS.alias("later")
        current_session_start = (
            select(func.max(later.c.timestamp))
            .where(later.c.sender_id == EVENTS.c.sender_id, later.c.type_name == "session_started")
            .scalar_subquery()
        )
        earlier_sessions = and_(EVENTS.c.timestamp < cutoff, EVENTS.c.timestamp < current_session_start)
        with _engine(self.url).begin() as connection:
            conversations = connection.execute(select(func.count()).select_from(inactive.subquery())).scalar() or 0
            if dry_run:
                whole = connection.execute(select(func.count()).where(EVENTS.c.sender_id.in_(inactive))).scalar()
                partial = connection.execute(
                    select(func.count()).where(EVENTS.c.sender_id.not_in(inactive), earlier_sessions)
                ).scalar()
                return conversations, int(whole or 0) + int(partial or 0)
            rows = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(inactive))).rowcount or 0
            rows += connection.execute(delete(EVENTS).where(earlier_sessions)).rowcount or 0
        return conversations, rows


@dataclass(frozen=True)
class ErasureResult:
    finished: bool
    rows: int


def finish_erasure(
    sender_id: str,
    action_name: str,
    since: float,
    events: TrackerEvents | None = None,
    timeout: float = 60.0,
    interval: float = 0.2,
) -> ErasureResult:
    """Wait until Rasa has saved the turn in which `action_name` deleted the conversation, then delete the
    rows it wrote again (the session it held in memory, and the turn itself)."""
    events = events or TrackerEvents()
    deadline = time.monotonic() + timeout
    while True:
        try:
            last_id = events.saved_turn(sender_id, action_name, since)
            if last_id is not None:
                return ErasureResult(True, events.delete_conversation(sender_id, up_to_id=last_id))
        except Exception as error:  # noqa: BLE001 - a background thread: log, retry, give up at the deadline
            logger.warning("erasure of a conversation: tracker store unavailable (%s)", error.__class__.__name__)
        if time.monotonic() >= deadline:
            return ErasureResult(False, 0)
        time.sleep(interval)


def finish_in_background(
    sender_id: str,
    action_name: str,
    since: float,
    on_done: Callable[[ErasureResult], None],
    events: TrackerEvents | None = None,
) -> threading.Thread:
    """finish_erasure in a daemon thread (it never keeps a process from exiting); `on_done(result)` after."""

    def run() -> None:
        result = finish_erasure(sender_id, action_name, since, events)
        try:
            on_done(result)
        except Exception as error:  # noqa: BLE001 - the pending erasure stays for `bot retention`
            logger.warning("erasure of a conversation: could not record the result (%s)", error.__class__.__name__)

    thread = threading.Thread(target=run, name="erasure", daemon=True)
    thread.start()
    return thread
