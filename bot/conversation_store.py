"""Access to the conversation store: the database of Rasa's SQL tracker store and its table `events`.

Everything that reads or writes conversations goes through here:
- where the database is (`tracker_database_url`), from the variables endpoints.yml and bot/production.py use;
- one SQLAlchemy engine (connection pool) per database for the process (`engine`): the tracker store
  (bot/tracker_store.py), the actions that delete a conversation (bot/candidates/conversations.py), retention,
  the erasure queue and the recruiters' report all share it;
- the queries on `events`: the tracker store's per-conversation reads and writes (`SessionQueries`), and the
  others' (`TrackerEvents`, `read_user_messages`).

The table and its columns are Rasa's own (rasa.core.tracker_store.SQLTrackerStore.SQLEvent; tests check that they
agree). Development: SQLite, TRACKER_DIALECT=sqlite and TRACKER_DB (a file relative to the project). Production
(BOT_ENV=production, or TRACKER_HOST set): PostgreSQL from TRACKER_HOST, TRACKER_PORT (5432), TRACKER_DB (rasa),
TRACKER_USER, TRACKER_PASSWORD and TRACKER_SSLMODE.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Float, Integer, String, Text, and_, column, delete, func, inspect, select, table
from sqlalchemy.engine import URL, Connection, Engine, make_url

from bot import PROJECT_ROOT

EVENTS_TABLE = "events"
# Rasa's SQLEvent table, as far as queries name it (Core statements; no Rasa import, which is slow).
EVENTS = table(
    EVENTS_TABLE,
    column("id", Integer),
    column("sender_id", String),
    column("type_name", String),
    column("timestamp", Float),
    column("intent_name", String),
    column("action_name", String),
    column("data", Text),
)
SESSION_STARTED = "session_started"
USER = "user"

# Production's tracker database (bot/production.py checks these variables before the server starts).
PRODUCTION_DIALECT = "postgresql"
DEFAULT_PORT = 5432
DEFAULT_DB = "rasa"
DEVELOPMENT_DB = "var/tracker.db"

# SQLite (development, tests): WAL and synchronous=NORMAL, so a commit does not wait for a full fsync (a crash of
# the process loses nothing committed; a power cut may lose the last turns). PostgreSQL keeps its settings.
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")
SQLITE_POOL_SIZE = 2


# --- where ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackerServer:
    """The PostgreSQL server of the tracker store in production (the password stays in the environment;
    bot/production.py checks these settings and writes them into the endpoints file)."""

    host: str
    port: int | None = DEFAULT_PORT  # None: the driver's default (5432)
    db: str = DEFAULT_DB
    user: str = ""
    sslmode: str = ""

    def url(self, password: str | None = None) -> URL:
        return URL.create(
            PRODUCTION_DIALECT,
            username=self.user or None,
            password=password or None,
            host=self.host or None,
            port=self.port,
            database=self.db,
            query={"sslmode": self.sslmode} if self.sslmode else {},
        )


def uses_tracker_server(env: Mapping[str, str]) -> bool:
    """Production, or a TRACKER_HOST given: the tracker store is on PostgreSQL."""
    from bot.production import is_production

    return is_production(env) or bool(env.get("TRACKER_HOST"))


def tracker_database_url(env: Mapping[str, str] | None = None) -> str:
    """The database of Rasa's tracker store, from the same variables as endpoints.yml / bot/production.py."""
    env = os.environ if env is None else env
    if uses_tracker_server(env):
        port = env.get("TRACKER_PORT") or ""
        server = TrackerServer(
            host=env.get("TRACKER_HOST") or "",
            port=int(port) if port.isdigit() else None,
            db=env.get("TRACKER_DB") or DEFAULT_DB,
            user=env.get("TRACKER_USER") or "",
            sslmode=env.get("TRACKER_SSLMODE") or "",
        )
        return str(server.url(env.get("TRACKER_PASSWORD")).render_as_string(hide_password=False))
    dialect = env.get("TRACKER_DIALECT") or "sqlite"
    if dialect == "sqlite":
        path = Path(env.get("TRACKER_DB") or DEVELOPMENT_DB)
        return f"sqlite:///{path if path.is_absolute() else PROJECT_ROOT / path}"
    port = env.get("TRACKER_PORT") or ""
    url = URL.create(
        dialect,
        username=env.get("TRACKER_USER") or None,
        password=env.get("TRACKER_PASSWORD") or None,
        host=env.get("TRACKER_HOST") or None,
        port=int(port) if port.isdigit() else None,
        database=env.get("TRACKER_DB") or None,
    )
    return str(url.render_as_string(hide_password=False))


def sqlite_file(url: str | URL) -> Path | None:
    """The file of an SQLite database URL, None for another database or SQLite in memory."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def missing_sqlite_file(url: str | URL) -> bool:
    path = sqlite_file(url)
    return path is not None and not path.is_file()


# --- one engine per database -----------------------------------------------------------------------------------

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _key(url: URL) -> URL:
    """The same database written two ways is one key: a relative SQLite path (Rasa opens it from the working
    directory) and PostgreSQL's default port."""
    path = sqlite_file(url)
    if path is not None:
        return url.set(database=os.path.abspath(path))
    if url.get_backend_name() == "postgresql" and url.host and url.port is None:
        return url.set(port=DEFAULT_PORT)
    return url


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _create(url: URL) -> Engine:
    if sqlite_file(url) is not None:
        # Used from the event loop and from threads (the erasure); the pool hands each connection to one user at a
        # time. SQLAlchemy 1.4's default for SQLite files (NullPool) opened a connection per query.
        created = sa.create_engine(
            url,
            future=True,
            poolclass=sa.pool.QueuePool,
            pool_size=SQLITE_POOL_SIZE,
            connect_args={"check_same_thread": False},
        )
        sa.event.listen(created, "connect", _sqlite_pragmas)
        return created
    from rasa.core.tracker_store import create_engine_kwargs  # PostgreSQL: Rasa's pool size and schema settings

    # pool_pre_ping: a connection the server closed (a restart, a fail-over) is replaced instead of failing a turn.
    return sa.create_engine(url, future=True, pool_pre_ping=True, **create_engine_kwargs(url))


def engine(url: str | URL) -> Engine:
    """The process's engine for this database (created on first use). SQLite in memory is not shared: each
    engine would be another database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and sqlite_file(parsed) is None:
        return sa.create_engine(parsed, future=True)
    key = _key(parsed)
    name = key.render_as_string(hide_password=False)
    with _engines_lock:
        if name not in _engines:
            _engines[name] = _create(key)
        return _engines[name]


def has_events_table(connection: Connection) -> bool:
    return bool(inspect(connection).has_table(EVENTS_TABLE))


# --- the tracker store's queries (bot/tracker_store.py) --------------------------------------------------------


class SessionQueries:
    """The statements the tracker store runs for one conversation (`sender_id` bound at execution), as SQLAlchemy
    Core built once: rows of the latest session as Rasa's SQLTrackerStore._event_query selects them, counts,
    inserts, and the conversation cache's check (bot/conversation_cache.py)."""

    SENDER_ID_INDEX = "ix_events_sender_id_id"  # (sender_id, id): range reads of one conversation

    def __init__(self, events: sa.sql.expression.TableClause = EVENTS) -> None:
        self.table = events
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(events.c.sender_id == sender, events.c.type_name == SESSION_STARTED)
            .scalar_subquery()
        )
        # Rasa's _event_query: the latest session's events (all of them if no session was started), by id.
        in_session = sa.or_(events.c.timestamp >= session_start, session_start.is_(None))
        self.events_all = sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id)
        self.events_session = (
            sa.select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data)
            .where(events.c.sender_id == sender, in_session)
            .order_by(events.c.id)
        )
        self.count_session = sa.select(sa.func.count()).where(events.c.sender_id == sender, in_session)
        self.rows_session = (
            sa.select(events.c.id, events.c.data).where(in_session, events.c.sender_id == sender).order_by(events.c.id)
        )
        self.insert = events.insert()
        # The cache's check, in one statement (one snapshot of the database): first a row counting the sender's
        # rows among those the tracker holds (ids first_id..last_id), then the rows added after last_id.
        first, last = sa.bindparam("first_id"), sa.bindparam("last_id")
        kept = sa.select(
            sa.literal(0).label("part"),
            sa.null().label("id"),
            sa.null().label("type_name"),
            sa.null().label("timestamp"),
            sa.null().label("data"),
            sa.func.count().label("kept"),
        ).where(events.c.sender_id == sender, events.c.id >= first, events.c.id <= last)
        added = sa.select(
            sa.literal(1).label("part"),
            events.c.id,
            events.c.type_name,
            events.c.timestamp,
            events.c.data,
            sa.null().label("kept"),
        ).where(events.c.sender_id == sender, events.c.id > last)
        self.kept_and_added = sa.union_all(kept, added).order_by("part", "id")
        # max(id) as the last entry of the index range (SQLite would count through the range for max()).
        self.last_id = sa.select(events.c.id).where(events.c.sender_id == sender).order_by(events.c.id.desc()).limit(1)

    def update_data(self, row_id: int, data: dict[str, Any]) -> sa.sql.expression.Update:
        return self.table.update().where(self.table.c.id == row_id).values(data=json.dumps(data))

    def create_index(self) -> str:
        return f"CREATE INDEX IF NOT EXISTS {self.SENDER_ID_INDEX} ON {self.table.name} (sender_id, id)"


# --- the other readers and writers: candidates (erasure, retention), recruiters (report) ----------------------


class TrackerEvents:
    """Reads and deletes rows of Rasa's `events` table, on the process's engine for `url`."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or tracker_database_url()

    @property
    def engine(self) -> Engine:
        return engine(self.url)

    def available(self) -> bool:
        """False when nothing was ever stored (no SQLite file, or no `events` table yet)."""
        if missing_sqlite_file(self.url):
            return False
        with self.engine.connect() as connection:
            return has_events_table(connection)

    def user_messages(self, sender_id: str) -> tuple[int, float | None]:
        """How many messages of this conversation are stored, and the time of the first one."""
        if not self.available():
            return 0, None
        query = select(func.count(), func.min(EVENTS.c.timestamp)).where(
            EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == USER
        )
        with self.engine.connect() as connection:
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
        with self.engine.begin() as connection:
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
        with self.engine.connect() as connection:
            if connection.execute(ran.limit(1)).first() is None:
                return None
            last: int | None = connection.execute(
                select(func.max(EVENTS.c.id)).where(EVENTS.c.sender_id == sender_id)
            ).scalar()
            return last

    def delete_older_than(self, cutoff: float, dry_run: bool = False) -> tuple[int, int]:
        """Retention: (conversations deleted whole, rows deleted). Whole conversations whose last event is older
        than the cutoff; of the others, only the rows of their earlier sessions (Rasa would write a session that
        is still going on again)."""
        if not self.available():
            return 0, 0
        inactive = select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(func.max(EVENTS.c.timestamp) < cutoff)
        later = EVENTS.alias("later")
        current_session_start = (
            select(func.max(later.c.timestamp))
            .where(later.c.sender_id == EVENTS.c.sender_id, later.c.type_name == SESSION_STARTED)
            .scalar_subquery()
        )
        earlier_sessions = and_(EVENTS.c.timestamp < cutoff, EVENTS.c.timestamp < current_session_start)
        with self.engine.begin() as connection:
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

    def user_message_channels(self) -> dict[str, str | None]:
        """sender id -> the input channel of its latest stored user message (bot/candidates/namespaces.py)."""
        latest: dict[str, str | None] = {}
        query = select(EVENTS.c.sender_id, EVENTS.c.data).where(EVENTS.c.type_name == USER).order_by(EVENTS.c.id)
        with self.engine.connect() as connection:
            for sender, data in connection.execute(query):
                try:
                    latest[sender] = (json.loads(data) or {}).get("input_channel")
                except (TypeError, ValueError):
                    continue
        return latest

    @staticmethod
    def rename_sender(connection: Connection, old: str, new: str) -> None:
        connection.execute(sa.update(EVENTS).where(EVENTS.c.sender_id == old).values(sender_id=new))


def user_messages_and_sessions(
    connection: Connection, since: float | None = None, until: float | None = None
) -> list[tuple[str, str, float, str | None]]:
    """(sender_id, type_name, timestamp, data) of the user messages and session starts with since <= timestamp <
    until, by conversation and time (the recruiters' report)."""
    query = select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.data).where(
        EVENTS.c.type_name.in_((USER, SESSION_STARTED))
    )
    if since is not None:
        query = query.where(EVENTS.c.timestamp >= since)
    if until is not None:
        query = query.where(EVENTS.c.timestamp < until)
    query = query.order_by(EVENTS.c.sender_id, EVENTS.c.timestamp, EVENTS.c.id)
    return [tuple(row) for row in connection.execute(query).all()]
