"""Saving, showing and deleting what candidates give the assistant: alert subscriptions, callback requests.

Records are returned as plain immutable values detached from any session. Database errors become
`CandidateDataUnavailable`, which the actions turn into an apology instead of a crash. Every value is checked
again here (bot/candidates/stored_values.py): what the forms would refuse raises InvalidCandidateData and is
not written, whoever passes it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.candidates import stored_values as checked
from bot.candidates.models import CANDIDATE_TABLES, AlertSubscription, CallbackRequest, PendingErasure
from bot.candidates.stored_values import InvalidCandidateData
from bot.knowledge.db import Database

logger = logging.getLogger(__name__)


class CandidateDataUnavailable(RuntimeError):
    """The database cannot be reached or written."""


__all__ = ["CandidateDataUnavailable", "CandidateStore", "InvalidCandidateData", "UnknownCallback", "default_store"]


class UnknownCallback(LookupError):
    """No callback request has this id."""


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every time stored here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Subscription:
    id: int
    sender_id: str
    email: str
    industry: str
    city: str
    languages: tuple[str, ...]
    consent_text: str
    consented_at: datetime
    unsubscribed_at: datetime | None

    @property
    def active(self) -> bool:
        return self.unsubscribed_at is None


@dataclass(frozen=True)
class Callback:
    id: int
    sender_id: str
    channel: str | None
    name: str
    contact: str
    contact_kind: str
    topics: tuple[str, ...]
    context: str
    consent_text: str
    consented_at: datetime
    created_at: datetime
    done_at: datetime | None
    done_by: str | None

    @property
    def open(self) -> bool:
        return self.done_at is None


@dataclass(frozen=True)
class StoredData:
    """Everything stored for one conversation, outside the tracker store."""

    subscriptions: tuple[Subscription, ...]
    callbacks: tuple[Callback, ...]

    @property
    def empty(self) -> bool:
        return not self.subscriptions and not self.callbacks


@dataclass(frozen=True)
class Deleted:
    subscriptions: int
    callbacks: int


def _active_subscriptions(session, sender_id: str) -> list[AlertSubscription]:  # noqa: ANN001
    """The conversation's subscriptions not ended yet (normally one: subscribe ends the previous ones)."""
    active = AlertSubscription.sender_id == sender_id, AlertSubscription.unsubscribed_at.is_(None)
    return list(session.execute(select(AlertSubscription).where(*active)).scalars())


def _subscription(row: AlertSubscription) -> Subscription:
    return Subscription(
        id=row.id,
        sender_id=row.sender_id,
        email=row.email,
        industry=row.industry,
        city=row.city,
        languages=tuple(v for v in (row.languages or "").split(",") if v),
        consent_text=row.consent_text,
        consented_at=as_utc(row.consented_at),
        unsubscribed_at=as_utc(row.unsubscribed_at),
    )


def _callback(row: CallbackRequest) -> Callback:
    return Callback(
        id=row.id,
        sender_id=row.sender_id,
        channel=row.channel,
        name=row.name,
        contact=row.contact,
        contact_kind=row.contact_kind,
        topics=tuple(t for t in (row.topics or "").split(",") if t),
        context=row.context or "",
        consent_text=row.consent_text,
        consented_at=as_utc(row.consented_at),
        created_at=as_utc(row.created_at),
        done_at=as_utc(row.done_at),
        done_by=row.done_by,
    )


class CandidateStore:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._schema_checked = False

    def _session(self):  # noqa: ANN202 - the Database's session context manager
        if not self._schema_checked:
            # A database loaded before these tables existed gains them here (create_all skips existing tables).
            from bot.knowledge.models import Base

            Base.metadata.create_all(self.database.engine, tables=CANDIDATE_TABLES)
            self._schema_checked = True
        return self.database.session()

    def _run(self, what: str, work):  # noqa: ANN001, ANN202 - a function of the session and its result
        try:
            with self._session() as session:
                return work(session)
        except SQLAlchemyError as error:
            logger.error("candidate data unavailable (%s): %s", what, error.__class__.__name__)
            raise CandidateDataUnavailable(str(error)) from error

    # ------------------------------------------------------------ job alerts

    def subscribe(
        self,
        sender_id: str,
        email: str,
        industry: str,
        city: str,
        languages: list[str] | tuple[str, ...],
        consent_text: str,
        channel: str | None = None,
        consented_at: datetime | None = None,
    ) -> Subscription:
        """Save the subscription; a conversation has at most one active subscription, the latest one.
        Raises InvalidCandidateData for a value the form would refuse."""
        sender_id, channel = checked.sender(sender_id), checked.channel(channel)
        email, industry, city = checked.email(email), checked.industry(industry), checked.city(city)
        languages = checked.languages(languages)

        def work(session) -> Subscription:  # noqa: ANN001
            moment = consented_at or _now()
            for old in _active_subscriptions(session, sender_id):
                old.unsubscribed_at = moment
            row = AlertSubscription(
                sender_id=sender_id,
                channel=channel,
                email=email,
                industry=industry,
                city=city,
                languages=",".join(languages),
                consent_text=consent_text,
                consented_at=moment,
                created_at=moment,
            )
            session.add(row)
            session.flush()
            return _subscription(row)

        return self._run("subscribe", work)

    def unsubscribe(self, sender_id: str) -> list[Subscription]:
        """End the active subscriptions of the conversation; returns the ones ended."""

        def work(session) -> list[Subscription]:  # noqa: ANN001
            rows = _active_subscriptions(session, sender_id)
            moment = _now()
            for row in rows:
                row.unsubscribed_at = moment
            session.flush()
            return [_subscription(row) for row in rows]

        return self._run("unsubscribe", work)

    # ------------------------------------------------------------ callback requests

    def request_callback(
        self,
        sender_id: str,
        name: str,
        contact: str,
        contact_kind: str,
        topics: list[str] | tuple[str, ...],
        context: str,
        consent_text: str,
        channel: str | None = None,
    ) -> Callback:
        """Save the request. Raises InvalidCandidateData for a value the form would refuse."""
        sender_id, channel, name = checked.sender(sender_id), checked.channel(channel), checked.name(name)
        contact, contact_kind = checked.contact(contact, contact_kind)
        topics, context = checked.topics(topics), checked.context(context)

        def work(session) -> Callback:  # noqa: ANN001
            moment = _now()
            row = CallbackRequest(
                sender_id=sender_id,
                channel=channel,
                name=name,
                contact=contact,
                contact_kind=contact_kind,
                topics=",".join(topics),
                context=context,
                consent_text=consent_text,
                consented_at=moment,
                created_at=moment,
            )
            session.add(row)
            session.flush()
            return _callback(row)

        return self._run("callback", work)

    def callbacks(self, include_done: bool = False) -> list[Callback]:
        """Callback requests, oldest first: the open ones, or all of them."""

        def work(session) -> list[Callback]:  # noqa: ANN001
            query = select(CallbackRequest).order_by(CallbackRequest.created_at, CallbackRequest.id)
            if not include_done:
                query = query.where(CallbackRequest.done_at.is_(None))
            return [_callback(row) for row in session.execute(query).scalars()]

        return self._run("callbacks", work)

    def mark_done(self, callback_id: int, by: str) -> tuple[Callback, bool]:
        """Mark a request done; returns it and whether it was open (marking twice changes nothing)."""

        def work(session) -> tuple[Callback, bool]:  # noqa: ANN001
            row = session.get(CallbackRequest, callback_id)
            if row is None:
                raise UnknownCallback(callback_id)
            was_open = row.done_at is None
            if was_open:
                row.done_at = _now()
                row.done_by = by
                session.flush()
            return _callback(row), was_open

        return self._run("mark done", work)

    # ------------------------------------------------------------ the candidate's own data

    def stored_for(self, sender_id: str) -> StoredData:
        def work(session) -> StoredData:  # noqa: ANN001
            subscriptions = session.execute(
                select(AlertSubscription).where(AlertSubscription.sender_id == sender_id).order_by(AlertSubscription.id)
            ).scalars()
            callbacks = session.execute(
                select(CallbackRequest).where(CallbackRequest.sender_id == sender_id).order_by(CallbackRequest.id)
            ).scalars()
            return StoredData(tuple(map(_subscription, subscriptions)), tuple(map(_callback, callbacks)))

        return self._run("show", work)

    def delete_for(self, sender_id: str) -> Deleted:
        """Delete the conversation's subscriptions and callback requests (one transaction)."""

        def work(session) -> Deleted:  # noqa: ANN001
            subscriptions = session.execute(delete(AlertSubscription).where(AlertSubscription.sender_id == sender_id))
            callbacks = session.execute(delete(CallbackRequest).where(CallbackRequest.sender_id == sender_id))
            return Deleted(subscriptions.rowcount or 0, callbacks.rowcount or 0)

        return self._run("delete", work)

    # ------------------------------------------------------------ erasures and retention

    def add_pending_erasure(self, sender_id: str, requested_at: datetime) -> int:
        def work(session) -> int:  # noqa: ANN001
            row = PendingErasure(sender_id=sender_id, requested_at=requested_at)
            session.add(row)
            session.flush()
            return row.id

        return self._run("erasure", work)

    def pending_erasures(self) -> list[tuple[int, str, datetime]]:
        def work(session) -> list[tuple[int, str, datetime]]:  # noqa: ANN001
            rows = session.execute(select(PendingErasure).order_by(PendingErasure.id)).scalars()
            return [(row.id, row.sender_id, as_utc(row.requested_at)) for row in rows]

        return self._run("erasures", work)

    def finish_erasure(self, erasure_id: int) -> None:
        statement = delete(PendingErasure).where(PendingErasure.id == erasure_id)
        self._run("erasure done", lambda session: session.execute(statement))

    def purge_older_than(self, cutoff: datetime, dry_run: bool = False) -> Deleted:
        """Retention: delete subscriptions ended and callback requests done before `cutoff`.

        Active subscriptions and open requests stay: the candidate asked for them and has not withdrawn.
        """
        ended = and_(AlertSubscription.unsubscribed_at.is_not(None), AlertSubscription.unsubscribed_at < cutoff)
        done = and_(CallbackRequest.done_at.is_not(None), CallbackRequest.done_at < cutoff)

        def work(session) -> Deleted:  # noqa: ANN001
            if dry_run:
                count = func.count()
                return Deleted(
                    session.execute(select(count).select_from(AlertSubscription).where(ended)).scalar() or 0,
                    session.execute(select(count).select_from(CallbackRequest).where(done)).scalar() or 0,
                )
            subscriptions = session.execute(delete(AlertSubscription).where(ended))
            callbacks = session.execute(delete(CallbackRequest).where(done))
            return Deleted(subscriptions.rowcount or 0, callbacks.rowcount or 0)

        return self._run("retention", work)


_stores: dict[str, CandidateStore] = {}


def default_store() -> CandidateStore:
    """The store on DATABASE_URL; one engine (connection pool) per URL for the process."""
    from bot.settings import get_settings

    url = get_settings().database_url
    if url not in _stores:
        _stores[url] = CandidateStore(Database(url))
    return _stores[url]
