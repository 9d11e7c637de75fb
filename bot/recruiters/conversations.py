"""Read the user messages stored by Rasa's SQL tracker store (table `events`), for the report."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot import PROJECT_ROOT
from bot.recruiters.errors import DatabaseUnavailable


@dataclass(frozen=True)
class StoredMessage:
    conversation: str  # sender id and session number: a session ends after session_expiration_time
    timestamp: float
    text: str
    intent: str
    confidence: float
    ranking: tuple[tuple[str, float], ...]

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, timezone.utc)


def tracker_url() -> str:
    """The tracker store of endpoints.yml: TRACKER_DIALECT and TRACKER_DB, with the Makefile's defaults."""
    dialect = os.environ.get("TRACKER_DIALECT") or "sqlite"
    db = os.environ.get("TRACKER_DB") or "var/tracker.db"
    if dialect == "sqlite":
        path = Path(db)
        return f"sqlite:///{path if path.is_absolute() else PROJECT_ROOT / path}"
    return str(URL.create(dialect, database=db))


def _connect(url: str) -> Engine:
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise DatabaseUnavailable(
            f"Nu există conversații salvate: {url.removeprefix('sqlite:///')} nu există "
            "(asistentul pornit cu `make run` le salvează acolo; vezi TRACKER_DB)."
        )
    try:
        return create_engine(make_url(url), future=True)
    except (ArgumentError, SQLAlchemyError, ImportError) as error:
        raise DatabaseUnavailable(f"Adresa bazei de conversații nu e validă: {error.__class__.__name__}") from error


def _message(conversation: str, timestamp: float, data: str | None) -> StoredMessage:
    event = json.loads(data or "{}")
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = tuple((i.get("name") or "", float(i.get("confidence") or 0)) for i in parse.get("intent_ranking") or [])
    return StoredMessage(
        conversation=conversation,
        timestamp=timestamp,
        text=" ".join(str(event.get("text") or "").split()),
        intent=intent.get("name") or "",
        confidence=float(intent.get("confidence") or 0),
        ranking=ranking,
    )


def read_messages(url: str, since: datetime | None = None, until: datetime | None = None) -> list[StoredMessage]:
    """User messages with since <= time < until, oldest first, each tagged with its conversation."""
    engine = _connect(url)
    query = "SELECT sender_id, type_name, timestamp, data FROM events WHERE type_name IN ('user', 'session_started')"
    params: dict[str, float] = {}
    if since is not None:
        query += " AND timestamp >= :since"
        params["since"] = since.timestamp()
    if until is not None:
        query += " AND timestamp < :until"
        params["until"] = until.timestamp()
    query += " ORDER BY sender_id, timestamp, id"
    try:
        with engine.connect() as connection:
            if "events" not in inspect(connection).get_table_names():
                raise DatabaseUnavailable("Baza de conversații nu are tabelul „events” al Rasa: e altă bază?")
            rows = connection.execute(text(query), params).all()
    except SQLAlchemyError as error:
        raise DatabaseUnavailable(f"Baza de conversații nu poate fi accesată: {error.__class__.__name__}") from error
    finally:
        engine.dispose()
    messages: list[StoredMessage] = []
    sessions: dict[str, int] = {}
    for sender, type_name, timestamp, data in rows:
        if type_name == "session_started":
            sessions[sender] = sessions.get(sender, 0) + 1
            continue
        messages.append(_message(f"{sender}#{sessions.get(sender, 0)}", float(timestamp), data))
    return sorted(messages, key=lambda m: m.timestamp)
