"""Saving, showing and deleting what candidates give the assistant: alert subscriptions, callback requests.

Records are returned as plain immutable values detached from any session. Database errors become
`CandidateDataUnavailable`, which the actions turn into an apology instead of a crash. Every value is checked
again here (bot/candidates/stored_values.py): what the forms would refuse raises InvalidCandidateData and is
not written, whoever passes it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import TypeVar, overload

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from bot.candidates import stored_values as checked
from bot.candidates.models import AlertDelivery, AlertSubscription, CallbackRequest, PendingErasure
from bot.candidates.stored_values import InvalidCandidateData
from bot.knowledge.db import Database

logger = logging.getLogger(__name__)

T = TypeVar("T")


class CandidateDataUnavailable(RuntimeError):
    """The database cannot be reached or written."""


__all__ = [
    "CandidateDataUnavailable",
    "CandidateStore",
    "InvalidCandidateData",
    "LinkOutcome",
    "UnknownCallback",
    "default_store",
]


class UnknownCallback(LookupError):
    """No callback request has this id."""


class LinkOutcome(Enum):
    """What following a confirm or unsubscribe link did."""

    DONE = "done"  # confirmed / unsubscribed now
    ALREADY = "already"  # it had been done before: the link works once
    ENDED = "ended"  # confirm: the subscription was ended meanwhile
    GONE = "gone"  # no such subscription (deleted by the candidate or by retention)


def new_link_key() -> str:
    return secrets.token_urlsafe(16)


def _delete_deliveries(session: Session, which: ColumnElement) -> None:
    """The alert deliveries of the subscriptions matching `which` (deleted with them)."""
    ids = select(AlertSubscription.id).where(which)
    session.execute(
        delete(AlertDelivery)
        .where(AlertDelivery.subscription_id.in_(ids))
        .execution_options(synchronize_session=False)
    )


@overload
def as_utc(moment: datetime) -> datetime: ...
@overload
def as_utc(moment: None) -> None: ...
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
    confirmed_at: datetime | None = None
    confirmation_sent_at: datetime | None = None
    last_alert_at: datetime | None = None
    link_key: str | None = None
    channel: str | None = None

    @property
    def active(self) -> bool:
        """Not ended (by „dezabonează-mă”, the unsubscribe link, a newer subscription or an expired confirmation)."""
        return self.unsubscribed_at is None

    @property
    def confirmed(self) -> bool:
        """Active and confirmed by the link in the first e-mail: only then are alerts sent."""
        return self.active and self.confirmed_at is not None


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


def _active_subscriptions(session: Session, sender_id: str) -> list[AlertSubscription]:
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
        confirmed_at=as_utc(row.confirmed_at),
        confirmation_sent_at=as_utc(row.confirmation_sent_at),
        last_alert_at=as_utc(row.last_alert_at),
        link_key=row.link_key,
        channel=row.channel,
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

    def _session(self) -> AbstractContextManager[Session]:
        if not self._schema_checked:
            # A database loaded before these tables (or columns) existed gains them here.
            from bot.candidates.schema import upgrade

            upgrade(self.database.engine)
            self._schema_checked = True
        return self.database.session()

    def _run(self, what: str, work: Callable[[Session], T]) -> T:
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

        def work(session: Session) -> Subscription:
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
                link_key=new_link_key(),
            )
            session.add(row)
            session.flush()
            return _subscription(row)

        return self._run("subscribe", work)

    def unsubscribe(self, sender_id: str) -> list[Subscription]:
        """End the active subscriptions of the conversation; returns the ones ended."""

        def work(session: Session) -> list[Subscription]:
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

        def work(session: Session) -> Callback:
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

        def work(session: Session) -> list[Callback]:
            query = select(CallbackRequest).order_by(CallbackRequest.created_at, CallbackRequest.id)
            if not include_done:
                query = query.where(CallbackRequest.done_at.is_(None))
            return [_callback(row) for row in session.execute(query).scalars()]

        return self._run("callbacks", work)

    def mark_done(self, callback_id: int, by: str) -> tuple[Callback, bool]:
        """Mark a request done; returns it and whether it was open (marking twice changes nothing)."""

        def work(session: Session) -> tuple[Callback, bool]:
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
        def work(session: Session) -> StoredData:
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

        def work(session: Session) -> Deleted:
            _delete_deliveries(session, AlertSubscription.sender_id == sender_id)
            subscriptions = session.execute(delete(AlertSubscription).where(AlertSubscription.sender_id == sender_id))
            callbacks = session.execute(delete(CallbackRequest).where(CallbackRequest.sender_id == sender_id))
            return Deleted(subscriptions.rowcount or 0, callbacks.rowcount or 0)

        return self._run("delete", work)

    # ------------------------------------------------------------ erasures and retention

    def add_pending_erasure(self, sender_id: str, requested_at: datetime) -> int:
        def work(session: Session) -> int:
            row = PendingErasure(sender_id=sender_id, requested_at=requested_at)
            session.add(row)
            session.flush()
            return int(row.id)

        return self._run("erasure", work)

    def pending_erasures(self) -> list[tuple[int, str, datetime]]:
        def work(session: Session) -> list[tuple[int, str, datetime]]:
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

        def work(session: Session) -> Deleted:
            if dry_run:
                count = func.count()
                return Deleted(
                    session.execute(select(count).select_from(AlertSubscription).where(ended)).scalar() or 0,
                    session.execute(select(count).select_from(CallbackRequest).where(done)).scalar() or 0,
                )
            _delete_deliveries(session, ended)
            subscriptions = session.execute(delete(AlertSubscription).where(ended))
            callbacks = session.execute(delete(CallbackRequest).where(done))
            return Deleted(subscriptions.rowcount or 0, callbacks.rowcount or 0)

        return self._run("retention", work)

    # ------------------------------------------------------------ the e-mails (bot/jobs/alerts.py)

    def subscription(self, subscription_id: int) -> Subscription | None:
        def work(session: Session) -> Subscription | None:
            row = session.get(AlertSubscription, subscription_id)
            return _subscription(row) if row is not None else None

        return self._run("subscription", work)

    def awaiting_confirmation_email(self) -> list[int]:
        """Active subscriptions whose confirmation e-mail has not gone out yet (the oldest first)."""
        query = (
            select(AlertSubscription.id)
            .where(
                AlertSubscription.unsubscribed_at.is_(None),
                AlertSubscription.confirmed_at.is_(None),
                AlertSubscription.confirmation_sent_at.is_(None),
            )
            .order_by(AlertSubscription.id)
        )
        return self._run("awaiting confirmation", lambda session: list(session.execute(query).scalars()))

    def confirmed_subscriptions(self) -> list[Subscription]:
        """Active, confirmed subscriptions: the ones alerts go to."""
        query = (
            select(AlertSubscription)
            .where(AlertSubscription.unsubscribed_at.is_(None), AlertSubscription.confirmed_at.is_not(None))
            .order_by(AlertSubscription.id)
        )
        return self._run("confirmed", lambda session: [_subscription(r) for r in session.execute(query).scalars()])

    def claim(self, subscription_id: int, until: datetime, now: datetime | None = None) -> Subscription | None:
        """Reserve an active subscription for one sender until `until`, so that two runs (the action server and
        `alerts send`, two cron jobs) never e-mail it at once; None when it is ended, gone or reserved.
        A subscription made before the links existed gets its link key here."""
        now = now or _now()
        free = or_(AlertSubscription.sending_until.is_(None), AlertSubscription.sending_until < now)

        def work(session: Session) -> Subscription | None:
            claimed = session.execute(
                update(AlertSubscription)
                .where(AlertSubscription.id == subscription_id, AlertSubscription.unsubscribed_at.is_(None), free)
                .values(sending_until=until)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:
                return None
            row = session.get(AlertSubscription, subscription_id)
            session.refresh(row)
            if not row.link_key:
                row.link_key = new_link_key()
            return _subscription(row)

        return self._run("claim", work)

    def release(self, subscription_id: int) -> None:
        statement = update(AlertSubscription).where(AlertSubscription.id == subscription_id).values(sending_until=None)
        self._run("release", lambda session: session.execute(statement))

    def confirmation_sent(self, subscription_id: int, at: datetime | None = None) -> None:
        """The SMTP server accepted the confirmation e-mail: never send it again; releases the claim."""
        statement = (
            update(AlertSubscription)
            .where(AlertSubscription.id == subscription_id)
            .values(confirmation_sent_at=at or _now(), sending_until=None)
        )
        self._run("confirmation sent", lambda session: session.execute(statement))

    def delivered(self, subscription_id: int) -> set[int]:
        """The openings already sent to this subscription."""
        query = select(AlertDelivery.opening_id).where(AlertDelivery.subscription_id == subscription_id)
        return self._run("delivered", lambda session: set(session.execute(query).scalars()))

    def alert_sent(self, subscription_id: int, opening_ids: Iterable[int], at: datetime | None = None) -> None:
        """The SMTP server accepted an alert with these openings: each is recorded once (never sent again to this
        subscription) and the claim released, in one transaction."""
        moment = at or _now()

        def work(session: Session) -> None:
            for opening_id in sorted(set(opening_ids)):
                session.add(AlertDelivery(subscription_id=subscription_id, opening_id=opening_id, sent_at=moment))
            session.execute(
                update(AlertSubscription)
                .where(AlertSubscription.id == subscription_id)
                .values(last_alert_at=moment, sending_until=None)
            )

        try:
            self._run("alert sent", work)
        except CandidateDataUnavailable as error:
            if isinstance(error.__cause__, IntegrityError):  # recorded already: nothing is lost by stopping here
                logger.warning("alert deliveries of subscription #%s were recorded already", subscription_id)
                self.release(subscription_id)
                return
            raise

    def confirm(self, subscription_id: int, link_key: str, at: datetime | None = None) -> LinkOutcome:
        """The confirmation link was followed."""

        def work(session: Session) -> LinkOutcome:
            row = session.get(AlertSubscription, subscription_id)
            if row is None or not row.link_key or not secrets.compare_digest(row.link_key, link_key):
                return LinkOutcome.GONE
            if row.unsubscribed_at is not None:
                return LinkOutcome.ENDED
            if row.confirmed_at is not None:
                return LinkOutcome.ALREADY
            row.confirmed_at = at or _now()
            return LinkOutcome.DONE

        return self._run("confirm", work)

    def unsubscribe_by_link(self, subscription_id: int, link_key: str, at: datetime | None = None) -> LinkOutcome:
        """The unsubscribe link of an e-mail was followed: that subscription ends (other conversations' stay)."""

        def work(session: Session) -> LinkOutcome:
            row = session.get(AlertSubscription, subscription_id)
            if row is None or not row.link_key or not secrets.compare_digest(row.link_key, link_key):
                return LinkOutcome.GONE
            if row.unsubscribed_at is not None:
                return LinkOutcome.ALREADY
            row.unsubscribed_at = at or _now()
            return LinkOutcome.DONE

        return self._run("unsubscribe by link", work)

    def end_unconfirmed(self, sent_before: datetime, at: datetime | None = None) -> int:
        """End the subscriptions whose confirmation e-mail went out before `sent_before` and was never confirmed:
        their link has expired, and nothing is sent to an address nobody confirmed. Retention deletes them later."""
        statement = (
            update(AlertSubscription)
            .where(
                AlertSubscription.unsubscribed_at.is_(None),
                AlertSubscription.confirmed_at.is_(None),
                AlertSubscription.confirmation_sent_at.is_not(None),
                AlertSubscription.confirmation_sent_at < sent_before,
            )
            .values(unsubscribed_at=at or _now())
            .execution_options(synchronize_session=False)
        )
        return self._run("end unconfirmed", lambda session: session.execute(statement).rowcount or 0)


_stores: dict[str, CandidateStore] = {}


def default_store() -> CandidateStore:
    """The store on DATABASE_URL; one engine (connection pool) per URL for the process (bot/knowledge/db.py)."""
    from bot.knowledge.db import shared
    from bot.settings import get_settings

    url = get_settings().database_url
    if url not in _stores:
        _stores[url] = CandidateStore(shared(url))
    return _stores[url]
