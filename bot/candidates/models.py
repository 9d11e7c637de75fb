"""Tables of what candidates give the assistant, on the knowledge database's Base (same DATABASE_URL).

`python -m bot db load` creates them with the knowledge tables; the store also creates them on first use, so an
older database gains them without a reload. Every row carries the conversation (`sender_id`) it came from:
that is how a candidate sees and deletes their own data, and the only link to them the assistant has.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Text, UniqueConstraint

from bot.knowledge.models import Base, _now


class GivenWithConsent:
    """Columns of every row a candidate gives: the conversation it came from, and the consent (text and time)."""

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    channel = Column(String(40), nullable=True)
    consent_text = Column(Text, nullable=False)
    consented_at = Column(DateTime(timezone=True), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=_now)


class AlertSubscription(GivenWithConsent, Base):
    """Personalised job alerts by e-mail."""

    __tablename__ = "alert_subscriptions"

    email = Column(String(254), nullable=False)
    industry = Column(String(40), nullable=False)  # a key of INDUSTRY_PATTERNS, or "oricare"
    city = Column(String(80), nullable=False)
    languages = Column(String(300), nullable=False, default="")  # canonical values, comma-separated; "" = none
    unsubscribed_at = Column(DateTime(timezone=True), nullable=True)  # None while the alerts are active
    # Double opt-in and the e-mails (bot/jobs/alerts.py). Added after the first release: nullable, and added to an
    # existing table by bot/candidates/schema.py.
    link_key = Column(String(32), nullable=True)  # random; in the signed confirm / unsubscribe links
    confirmation_sent_at = Column(DateTime(timezone=True), nullable=True)  # the e-mail with the confirm link
    confirmed_at = Column(DateTime(timezone=True), nullable=True)  # the link was followed: alerts may be sent
    last_alert_at = Column(DateTime(timezone=True), nullable=True)  # the last alert e-mail
    sending_until = Column(DateTime(timezone=True), nullable=True)  # a sender has claimed it until then


class CallbackRequest(GivenWithConsent, Base):
    """A candidate asked a recruiter to contact them; recruiters mark it done (`python -m bot callbacks`)."""

    __tablename__ = "callback_requests"

    name = Column(String(80), nullable=False)
    contact = Column(String(254), nullable=False)  # +40722123456 or an e-mail address
    contact_kind = Column(String(8), nullable=False)  # "phone" | "email"
    topics = Column(Text, nullable=False, default="")  # intents asked in the conversation, comma-separated
    context = Column(Text, nullable=False, default="")  # industry / language mentioned, e.g. "industry=telecom"
    done_at = Column(DateTime(timezone=True), nullable=True)  # None while open
    done_by = Column(String(80), nullable=True)

    __table_args__ = (Index("ix_callback_requests_open", "done_at", "created_at"),)


class PendingErasure(Base):
    """A conversation whose events must still be removed from the tracker store after "șterge-mi datele".

    Rasa writes the turn that asked for the deletion after the action ran, so the action deletes what is
    stored, then removes that last turn once it is written. Until then (or if the action server stopped
    in between) the row stays here and `python -m bot retention` finishes the job.
    """

    __tablename__ = "pending_erasures"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    requested_at = Column(DateTime(timezone=True), nullable=False, default=_now)


class AlertDelivery(Base):
    """One opening sent to one subscription in an alert e-mail: what makes every opening go out once.

    Written in the transaction that follows the SMTP server's acceptance of the e-mail; deleted with the
    subscription (it says which openings a candidate was sent: their data too).
    """

    __tablename__ = "alert_deliveries"

    id = Column(Integer, primary_key=True)
    subscription_id = Column(Integer, nullable=False)
    opening_id = Column(Integer, nullable=False)
    sent_at = Column(DateTime(timezone=True), nullable=False, default=_now)

    __table_args__ = (UniqueConstraint("subscription_id", "opening_id", name="uq_alert_deliveries_once"),)


CANDIDATE_TABLES = [
    AlertSubscription.__table__,
    CallbackRequest.__table__,
    PendingErasure.__table__,
    AlertDelivery.__table__,
]
