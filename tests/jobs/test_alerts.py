"""The alert e-mails through a real SMTP server on loopback (aiosmtpd): double opt-in, only what was asked for, each
opening once, and a server that refuses or hangs up leaves the e-mail pending: nothing lost, nothing doubled."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.candidates.store import CandidateStore, LinkOutcome
from bot.jobs import alerts, links
from bot.jobs.mail import MailSettings, parse_smtp_url
from bot.jobs.openings import OpeningStore
from tests.jobs.conftest import KEY, PUBLIC, add_opening, subscribe
from tests.services.processes import free_port
from tests.services.smtp import Mailbox, html_part, link, text_part


def send(candidates: CandidateStore, openings: OpeningStore, settings: MailSettings, **kwargs) -> alerts.SendReport:
    return alerts.send_all(candidates, openings, settings, KEY, **kwargs)


def target_of(url: str) -> tuple[int, str]:
    target = links.verify(KEY, url.rsplit("/", 1)[1], links.UNSUBSCRIBE)
    return target.subscription_id, target.link_key


def confirm_by_mail(candidates: CandidateStore, message) -> None:  # noqa: ANN001 - an EmailMessage
    token = link(message, "confirm").rsplit("/", 1)[1]
    target = links.verify(KEY, token, links.CONFIRM)
    assert candidates.confirm(target.subscription_id, target.link_key) is LinkOutcome.DONE


def test_double_opt_in_then_only_the_new_openings_asked_for_once(
    candidates: CandidateStore, openings: OpeningStore, mail: Mailbox, mail_settings: MailSettings
) -> None:
    add_opening(openings, ref="OLD", title="Operator existent")  # before the subscription: never "new"
    subscription = subscribe(candidates, languages=("germana",))

    # (1) The confirmation e-mail, and nothing else, before the link is followed.
    report = send(candidates, openings, mail_settings)
    assert (report.confirmations, report.alerts, report.pending) == (1, 0, 0)
    [confirmation] = mail.received()
    assert confirmation["To"] == "ana@example.com"
    assert confirmation["Subject"] == "Confirmă abonarea la alertele de joburi"
    assert confirmation["From"] == "Asistent carieră <alerte@example.ro>"
    text, html = text_part(confirmation), html_part(confirmation)
    assert "în retail, în Cluj-Napoca, pentru vorbitori de germană" in text
    confirm_url, unsubscribe_url = link(confirmation, "confirm"), link(confirmation, "unsubscribe")
    assert confirm_url.startswith(f"{PUBLIC}/webhooks/alerts/confirm/") and confirm_url in html
    assert confirmation["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    add_opening(openings, ref="BEFORE", title="Operator retail cu germană", languages="germana")
    assert send(candidates, openings, mail_settings).confirmations == 0  # sent once, even unconfirmed
    assert len(mail.received()) == 1  # no alert before the confirmation

    # (2) Confirmed: the openings added from now on that it asked for.
    confirm_by_mail(candidates, confirmation)
    assert candidates.confirm(subscription.id, subscription.link_key or "") is LinkOutcome.ALREADY
    add_opening(openings, ref="NEW-1", title="Operator retail Cluj cu germană", languages="germana")
    add_opening(openings, ref="NEW-2", title="Operator retail Cluj", remote="da")
    add_opening(openings, ref="OTHER-TOWN", title="Operator retail Iași", city="Iași")
    add_opening(openings, ref="OTHER-FIELD", title="Operator telecom Cluj", industry="telecom")
    add_opening(openings, ref="OTHER-LANG", title="Operator retail Cluj cu franceză", languages="franceza")
    closed = add_opening(openings, ref="CLOSED", title="Operator retail Cluj închis")
    openings.close(closed.ref, by="test")
    mail.clear()
    report = send(candidates, openings, mail_settings)
    assert (report.alerts, report.openings, report.confirmations) == (1, 2, 0)
    [alert] = mail.received()
    assert alert["Subject"] == "2 joburi noi de operator call center pentru tine"
    body = text_part(alert)
    assert "Operator retail Cluj cu germană" in body and "Operator retail Cluj\n" in body
    for absent in ("Operator existent", "Iași", "telecom", "franceză", "închis", "Operator retail cu germană\n"):
        assert absent not in body
    # Each e-mail has its own unsubscribe token (signed when sent), for the same subscription.
    alert_unsubscribe = link(alert, "unsubscribe")
    assert alert["List-Unsubscribe"] == f"<{alert_unsubscribe}>"
    assert target_of(alert_unsubscribe) == target_of(unsubscribe_url)
    assert "https://jobs.example/aplica/1" in body and "Operator retail Cluj cu germană" in html_part(alert)
    assert "RON" not in body  # no salary published, none said

    # (3) Sending again sends nothing new.
    mail.clear()
    assert send(candidates, openings, mail_settings) == alerts.SendReport()
    assert mail.received() == []

    # (4) Unsubscribed by the link: nothing more.
    token = unsubscribe_url.rsplit("/", 1)[1]
    target = links.verify(KEY, token, links.UNSUBSCRIBE)
    assert candidates.unsubscribe_by_link(target.subscription_id, target.link_key) is LinkOutcome.DONE
    assert candidates.unsubscribe_by_link(target.subscription_id, target.link_key) is LinkOutcome.ALREADY
    add_opening(openings, ref="AFTER", title="Operator retail Cluj nou", languages="germana")
    assert send(candidates, openings, mail_settings).alerts == 0 and mail.received() == []


@pytest.mark.parametrize("mode", ["refuse", "disconnect"])
def test_a_server_that_refuses_or_hangs_up_leaves_the_alert_pending(
    candidates: CandidateStore, openings: OpeningStore, mail: Mailbox, mail_settings: MailSettings, mode: str
) -> None:
    subscribe(candidates)
    send(candidates, openings, mail_settings)
    confirm_by_mail(candidates, mail.received()[0])
    mail.clear()
    add_opening(openings, ref="PENDING", title="Operator retail Cluj")

    mail.mode = mode
    report = send(candidates, openings, mail_settings)
    assert (report.alerts, report.failed, report.pending) == (0, 1, 1)
    assert mail.received() == [] and (mail.refused or mail.cut)
    assert "Rămase pentru rularea următoare" in alerts.describe(report)

    mail.mode = "accept"
    report = send(candidates, openings, mail_settings)
    assert (report.alerts, report.openings, report.pending) == (1, 1, 0)  # nothing lost
    assert "Operator retail Cluj" in text_part(mail.received()[0])
    assert send(candidates, openings, mail_settings).alerts == 0 and len(mail.received()) == 1  # nothing doubled


def test_a_confirmation_the_server_did_not_accept_is_sent_later(
    candidates: CandidateStore, openings: OpeningStore, mail: Mailbox, mail_settings: MailSettings
) -> None:
    subscribe(candidates)
    mail.mode = "disconnect"
    assert send(candidates, openings, mail_settings).pending == 1
    mail.mode = "accept"
    assert send(candidates, openings, mail_settings).confirmations == 1
    assert send(candidates, openings, mail_settings).confirmations == 0 and len(mail.received()) == 1


def test_no_smtp_server_at_all_stops_after_a_few_and_keeps_everything_pending(
    candidates: CandidateStore, openings: OpeningStore, tmp_path: Path
) -> None:
    for number in range(5):
        subscribe(candidates, email=f"c{number}@example.com", sender=f"rest:c{number}")
    nowhere = MailSettings(parse_smtp_url(f"smtp://127.0.0.1:{free_port()}"), "a@example.ro", tmp_path, PUBLIC)
    report = send(candidates, openings, nowhere)
    assert (report.failed, report.not_tried, report.pending) == (alerts.MAX_FAILURES_IN_A_ROW, 2, 5)
    assert len(candidates.awaiting_confirmation_email()) == 5


def test_two_senders_never_mail_the_same_subscription_at_once(
    candidates: CandidateStore, openings: OpeningStore, mail: Mailbox, mail_settings: MailSettings
) -> None:
    subscription = subscribe(candidates)
    assert candidates.claim(subscription.id, datetime.now(timezone.utc) + timedelta(minutes=5)) is not None
    assert send(candidates, openings, mail_settings).confirmations == 0  # the other sender has it
    candidates.release(subscription.id)
    assert send(candidates, openings, mail_settings).confirmations == 1


def test_an_unconfirmed_subscription_ends_when_its_link_expires(
    candidates: CandidateStore, openings: OpeningStore, mail: Mailbox, mail_settings: MailSettings
) -> None:
    subscription = subscribe(candidates)
    send(candidates, openings, mail_settings)
    later = datetime.now(timezone.utc) + timedelta(days=8)
    assert send(candidates, openings, mail_settings, now=later).expired == 1
    ended = candidates.subscription(subscription.id)
    assert ended is not None and not ended.active
    assert candidates.confirm(subscription.id, subscription.link_key or "") is LinkOutcome.ENDED


def test_development_writes_the_emails_to_the_outbox(
    candidates: CandidateStore, openings: OpeningStore, tmp_path: Path
) -> None:
    subscribe(candidates)
    settings = MailSettings(None, "Asistent <alerte@localhost>", tmp_path / "outbox", PUBLIC)
    assert send(candidates, openings, settings).confirmations == 1
    [eml] = (tmp_path / "outbox").glob("*.eml")
    content = eml.read_bytes()
    assert b"Subject: =?utf-8?" in content and b"List-Unsubscribe:" in content and b"text/html" in content


def test_deleting_the_data_deletes_what_was_sent_too(
    candidates: CandidateStore, openings: OpeningStore, mail: Mailbox, mail_settings: MailSettings
) -> None:
    subscription = subscribe(candidates)
    send(candidates, openings, mail_settings)
    confirm_by_mail(candidates, mail.received()[0])
    add_opening(openings, ref="X")
    assert send(candidates, openings, mail_settings).alerts == 1
    assert candidates.delivered(subscription.id)
    candidates.delete_for("rest:ana")
    assert candidates.delivered(subscription.id) == set() and candidates.subscription(subscription.id) is None


def test_no_address_in_the_logs(
    candidates: CandidateStore, openings: OpeningStore, mail: Mailbox, mail_settings: MailSettings,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    subscribe(candidates, email="secret.person@example.com")
    mail.mode = "refuse"
    send(candidates, openings, mail_settings)
    mail.mode = "accept"
    send(candidates, openings, mail_settings)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]  # not the test SMTP server's
    assert ours and not [line for line in ours if "@" in line]
