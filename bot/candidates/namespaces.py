"""Give conversations stored before sender namespaces (bot/security/senders.py) their channel's namespace.

Before, a Telegram chat was "123", a REST conversation "ana", a widget session "<hex>"; now they are
"telegram:123", "rest:ana", "web:<hex>" (WhatsApp's "whatsapp:+40..." is unchanged, SMS gets "sms:"). Without
this step those candidates would lose their subscriptions, callback requests and history: "ce date aveți despre
mine?" and "șterge-mi datele" look them up by the new id. The channel of a stored row says which namespace is
its own: the `channel` column of subscriptions and callback requests, the input channel of a conversation's
latest message in the tracker store. Every step is idempotent (a row already in its channel's namespace is
left alone); the action server runs it at start (bot/action_server.py), before any action call.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, MetaData, String, Table, select, update
from sqlalchemy.exc import IntegrityError

from bot.candidates.models import AlertSubscription, CallbackRequest, PendingErasure
from bot.candidates.store import CandidateStore
from bot.conversation_store import TrackerEvents
from bot.security.senders import namespaced_for_channel

logger = logging.getLogger(__name__)

MIGRATION = "sender-namespaces"
_metadata = MetaData()
# In the tracker database: which one-off migrations of the `events` table are done (a full scan is not repeated).
MIGRATIONS = Table(
    "bot_migrations",
    _metadata,
    Column("name", String(80), primary_key=True),
    Column("done_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Renamed:
    conversations: int  # senders renamed in the tracker store
    subscriptions: int
    callbacks: int
    erasures: int


def conversation_renames(events: TrackerEvents) -> dict[str, str]:
    """old sender id -> namespaced id, for the tracker store's conversations (by their latest message's channel)."""
    renames = {}
    for sender, channel in events.user_message_channels().items():
        new = namespaced_for_channel(sender, channel)
        if new is not None and new != sender:
            renames[sender] = new
    return renames


def _done(events: TrackerEvents) -> bool:
    with events.engine.begin() as connection:
        _metadata.create_all(connection, tables=[MIGRATIONS])
        return connection.execute(select(MIGRATIONS.c.name).where(MIGRATIONS.c.name == MIGRATION)).first() is not None


def migrate(store: CandidateStore, events: TrackerEvents) -> Renamed:
    """Rename every stored sender id that lacks its channel's namespace; returns what was renamed."""
    scan_events = events.available() and not _done(events)
    renames = conversation_renames(events) if scan_events else {}
    counts = {"subscriptions": 0, "callbacks": 0, "erasures": 0}
    with store._session() as session:  # one transaction for the candidate tables
        for model, key in ((AlertSubscription, "subscriptions"), (CallbackRequest, "callbacks")):
            for row_id, sender, channel in session.execute(select(model.id, model.sender_id, model.channel)).all():
                new = namespaced_for_channel(sender, channel) or renames.get(sender)
                if new and new != sender:
                    session.execute(update(model).where(model.id == row_id).values(sender_id=new))
                    counts[key] += 1
        for row_id, sender in session.execute(select(PendingErasure.id, PendingErasure.sender_id)).all():
            if sender in renames:
                statement = update(PendingErasure).where(PendingErasure.id == row_id)
                session.execute(statement.values(sender_id=renames[sender]))
                counts["erasures"] += 1
    if scan_events:
        try:
            with events.engine.begin() as connection:
                for old, new in renames.items():
                    events.rename_sender(connection, old, new)
                connection.execute(MIGRATIONS.insert().values(name=MIGRATION, done_at=datetime.now(timezone.utc)))
        except IntegrityError:  # another action server finished it at the same moment: its renames stand
            renames = {}
    renamed = Renamed(len(renames), counts["subscriptions"], counts["callbacks"], counts["erasures"])
    if any(vars(renamed).values()):
        logger.info("sender namespaces: renamed %s", renamed)
    return renamed
