"""The e-mails of the job alerts: the confirmation (double opt-in), then the alerts, each opening once.

- A new subscription gets an e-mail with a confirmation link at once (the action server sends it in the
  background, `send_confirmation_soon`); nothing else is sent to it until the link is followed.
- `python -m bot alerts send` (cron, a Kubernetes CronJob) sends the confirmations still pending (the mail
  server was down, say), ends subscriptions whose confirmation link expired, and e-mails every confirmed
  subscriber the open openings added since they confirmed that match their industry, town and languages and
  were not sent to them before (bot/jobs/search.py `for_subscription`).
- A message counts as sent when the SMTP server accepted it; only then is it recorded (confirmation_sent_at,
  alert_deliveries). An SMTP server that refuses, disconnects or times out leaves it pending for the next run:
  nothing lost, nothing sent twice. Two senders (the action server and a run, two runs) never e-mail the same
  subscription at once: each claims it first (CandidateStore.claim).

No address is logged: subscriptions are named by their id.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

from bot.candidates.store import CandidateStore, Subscription, default_store
from bot.candidates.texts import CONFIRM_DAYS
from bot.jobs import links
from bot.jobs import texts as say
from bot.jobs.mail import Mailer, MailError, MailSettings, mailer, message
from bot.jobs.openings import Opening, OpeningStore, default_openings
from bot.jobs.search import for_subscription

logger = logging.getLogger(__name__)

CLAIM = timedelta(minutes=10)  # longer than sending one e-mail can take (SMTP timeout 30 s per step)
MAX_PER_EMAIL = 20  # more new openings than this: the rest go in the next run's e-mail
MAX_FAILURES_IN_A_ROW = 3  # the SMTP server is down: stop, everything left stays pending


@dataclass
class SendReport:
    confirmations: int = 0  # confirmation e-mails accepted by the SMTP server
    alerts: int = 0  # alert e-mails accepted
    openings: int = 0  # openings announced in them
    failed: int = 0  # e-mails the SMTP server did not accept: pending for the next run
    not_tried: int = 0  # left for the next run after repeated failures
    expired: int = 0  # subscriptions ended because their confirmation link expired

    @property
    def pending(self) -> int:
        return self.failed + self.not_tried


def describe(report: SendReport) -> str:
    text = (
        f"Trimise: {report.confirmations} e-mailuri de confirmare, {report.alerts} alerte cu {report.openings} "
        f"posturi. Abonări neconfirmate oprite (link expirat): {report.expired}."
    )
    if report.pending:
        text += f" Rămase pentru rularea următoare (serverul SMTP nu le-a acceptat): {report.pending}."
    return text


def _what(subscription: Subscription) -> str:
    return say.asked_for(subscription.industry, subscription.city, subscription.languages)


def _link(settings: MailSettings, key: str, purpose: str, subscription: Subscription) -> str:
    token = links.sign(key, purpose, subscription.id, subscription.link_key or "")
    return links.url(settings.public_url, purpose, token)


def confirmation_mail(subscription: Subscription, settings: MailSettings, key: str) -> EmailMessage:
    confirm = _link(settings, key, links.CONFIRM, subscription)
    unsubscribe = _link(settings, key, links.UNSUBSCRIBE, subscription)
    what = _what(subscription)
    return message(
        settings,
        subscription.email,
        say.confirmation_subject(),
        say.confirmation_text(what, confirm, unsubscribe),
        say.confirmation_html(what, confirm, unsubscribe),
        unsubscribe_url=unsubscribe,
    )


def alert_mail(
    subscription: Subscription, openings: list[Opening], settings: MailSettings, key: str
) -> EmailMessage:
    unsubscribe = _link(settings, key, links.UNSUBSCRIBE, subscription)
    what = _what(subscription)
    return message(
        settings,
        subscription.email,
        say.alert_subject(len(openings)),
        say.alert_text(openings, what, subscription.consented_at, unsubscribe),
        say.alert_html(openings, what, subscription.consented_at, unsubscribe),
        unsubscribe_url=unsubscribe,
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)


def send_confirmation(
    store: CandidateStore, subscription_id: int, settings: MailSettings, out: Mailer, key: str
) -> bool:
    """E-mail the confirmation link unless it was sent already (or the subscription ended, or someone else is
    sending it). True when sent; raises MailError when the SMTP server did not accept it (still pending)."""
    subscription = store.claim(subscription_id, _now() + CLAIM)
    if subscription is None:
        return False
    if subscription.confirmed_at is not None or subscription.confirmation_sent_at is not None:
        store.release(subscription_id)
        return False
    try:
        out.send(confirmation_mail(subscription, settings, key))
    except BaseException:
        store.release(subscription_id)
        raise
    store.confirmation_sent(subscription_id)
    return True


def new_openings(store: CandidateStore, openings: OpeningStore, subscription: Subscription) -> list[Opening]:
    """The open openings added since the subscription was confirmed that it asked for and has not been sent."""
    if subscription.confirmed_at is None:
        return []
    sent = store.delivered(subscription.id)
    return [
        o
        for o in openings.added_since(subscription.confirmed_at)
        if o.id not in sent and for_subscription(o, subscription.industry, subscription.city, subscription.languages)
    ]


def send_alert(
    store: CandidateStore, openings: OpeningStore, subscription_id: int, settings: MailSettings, out: Mailer, key: str
) -> int:
    """E-mail the subscription its new openings (at most MAX_PER_EMAIL); the number announced, 0 when there is
    nothing new (or it is ended, or claimed by another sender). Raises MailError when not accepted."""
    subscription = store.claim(subscription_id, _now() + CLAIM)
    if subscription is None:
        return 0
    try:
        fresh = new_openings(store, openings, subscription)[:MAX_PER_EMAIL] if subscription.confirmed else []
        if not fresh:
            store.release(subscription_id)
            return 0
        out.send(alert_mail(subscription, fresh, settings, key))
    except BaseException:
        store.release(subscription_id)
        raise
    store.alert_sent(subscription_id, [o.id for o in fresh])
    return len(fresh)


def send_all(
    store: CandidateStore,
    openings: OpeningStore,
    settings: MailSettings,
    key: str,
    out: Mailer | None = None,
    now: datetime | None = None,
) -> SendReport:
    """One run of `python -m bot alerts send`."""
    report = SendReport()
    now = now or _now()
    report.expired = store.end_unconfirmed(now - timedelta(days=CONFIRM_DAYS), at=now)
    work = [("confirm", i) for i in store.awaiting_confirmation_email()]
    work += [("alert", s.id) for s in store.confirmed_subscriptions()]
    failures_in_a_row = 0
    with out or mailer(settings) as sender:
        for number, (kind, subscription_id) in enumerate(work):
            if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                report.not_tried = len(work) - number
                logger.error("alerts: %s e-mails in a row not accepted; the rest waits", failures_in_a_row)
                break
            try:
                if kind == "confirm":
                    report.confirmations += int(send_confirmation(store, subscription_id, settings, sender, key))
                else:
                    sent = send_alert(store, openings, subscription_id, settings, sender, key)
                    report.alerts += 1 if sent else 0
                    report.openings += sent
            except MailError as error:
                report.failed += 1
                failures_in_a_row += 1
                logger.warning("alerts: e-mail to subscription #%s not accepted, pending (%s)", subscription_id, error)
                continue
            failures_in_a_row = 0
    return report


def send_confirmation_soon(subscription_id: int) -> None:
    """Right after the chat's subscription: the confirmation e-mail, in the background (the action answers at
    once). If it cannot go now, `alerts send` sends it."""
    threading.Thread(
        target=_confirm_now, args=(subscription_id,), name=f"confirmation-{subscription_id}", daemon=True
    ).start()


def _confirm_now(subscription_id: int) -> None:
    try:
        settings = MailSettings.from_env()
        with mailer(settings) as out:
            send_confirmation(default_store(), subscription_id, settings, out, links.secret())
    except Exception as error:  # noqa: BLE001 - a background thread: log, `alerts send` retries
        logger.warning(
            "confirmation e-mail of subscription #%s not sent now (%s); `python -m bot alerts send` retries",
            subscription_id,
            error.__class__.__name__,
        )


def run(now: datetime | None = None) -> SendReport:
    """`python -m bot alerts send` with the environment's settings."""
    return send_all(default_store(), default_openings(), MailSettings.from_env(), links.secret(), now=now)
