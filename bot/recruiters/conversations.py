"""Read the user messages stored by Rasa's SQL tracker store (table `events`, bot/conversation_store.py), for the
report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot import conversation_store
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


def _engine(url: str) -> Engine:
    try:
        missing = conversation_store.missing_sqlite_file(url)
        engine = None if missing else conversation_store.engine(url)
    except (ArgumentError, SQLAlchemyError, ImportError) as error:
        raise DatabaseUnavailable(f"Adresa bazei de conversații nu e validă: {error.__class__.__name__}") from error
    if engine is None:
        raise DatabaseUnavailable(
            f"Nu există conversații salvate: {conversation_store.sqlite_file(url)} nu există "
            "(asistentul pornit cu `make run` le salvează acolo; vezi TRACKER_DB)."
        )
    return engine


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


def read_messages(url: str | None, since: datetime | None = None, until: datetime | None = None) -> list[StoredMessage]:
    """User messages with since <= time < until, oldest first, each tagged with its conversation. url: the
    tracker store's database; None: the one the assistant uses here (bot/conversation_store.py: in production
    PostgreSQL from TRACKER_HOST...)."""
    engine = _engine(url or conversation_store.tracker_database_url())
    try:
        with engine.connect() as connection:
            if not conversation_store.has_events_table(connection):
                raise DatabaseUnavailable("Baza de conversații nu are tabelul „events” al Rasa: e altă bază?")
            rows = conversation_store.user_messages_and_sessions(
                connection, since.timestamp() if since else None, until.timestamp() if until else None
            )
    except SQLAlchemyError as error:
        raise DatabaseUnavailable(f"Baza de conversații nu poate fi accesată: {error.__class__.__name__}") from error
    messages: list[StoredMessage] = []
    sessions: dict[str, int] = {}
    for sender, type_name, timestamp, data in rows:
        if type_name == "session_started":
            sessions[sender] = sessions.get(sender, 0) + 1
            continue
        messages.append(_message(f"{sender}#{sessions.get(sender, 0)}", float(timestamp), data))
    return sorted(messages, key=lambda m: m.timestamp)
