"""Job openings and alerts end to end: both servers over REST, the trained model, the real SQLite databases, a real
SMTP server on loopback, the e-mails' links followed over HTTP, the recruiters' command line.

A candidate finds an opening, subscribes, confirms by e-mail, receives an alert for a new opening, and
unsubscribes by the link. tests/prod/test_jobs.py runs the search and one alert on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

from bot.candidates import texts as candidate_texts
from bot.cli import app
from bot.jobs import texts as say
from tests.e2e.conftest import Assistant
from tests.e2e.test_journeys import Chat, knowledge_db, query, stored_id
from tests.services.smtp import html_part, link, text_part

pytestmark = pytest.mark.e2e

HEADER = "ref,title,industry,city,remote,languages,salary_min,salary_max,posted,expires,apply_url"
OPENINGS = [
    "E2E-CLJ,Operator e2e retail Cluj cu germană,retail,Cluj-Napoca,nu,germana,,,2026-11-01,,https://jobs.example/1",
    "E2E-B1,Operator e2e telecom București 1,telecom,București,nu,,,,2026-11-02,,https://jobs.example/2",
    "E2E-B2,Operator e2e telecom București 2,telecom,București,nu,,,,2026-11-03,,https://jobs.example/3",
    "E2E-B3,Operator e2e telecom București 3,telecom,București,nu,,,,2026-11-04,,https://jobs.example/4",
    "E2E-B4,Operator e2e telecom București 4,telecom,București,nu,,,,2026-11-05,,https://jobs.example/5",
]


def cli_env(assistant: Assistant) -> dict[str, str]:
    """What a recruiter's shell (or the CronJob) has: the servers' database, SMTP server, links' secret."""
    names = ("DATABASE_URL", "SMTP_URL", "MAIL_FROM", "PUBLIC_URL", "ALERT_LINK_SECRET")
    return {**{name: assistant.env[name] for name in names}, "COLUMNS": "250", "BOT_ENV": "development"}


def bot(assistant: Assistant, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=cli_env(assistant))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def openings(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> None:
    csv = tmp_path_factory.mktemp("jobs") / "posturi.csv"
    csv.write_text("\n".join([HEADER, *OPENINGS]), encoding="utf-8")
    assert "5 posturi noi" in bot(assistant, "jobs", "import", str(csv), "--by", "recrutor")


def subscription(assistant: Assistant, user: str) -> dict:
    columns = "id, email, confirmed_at, confirmation_sent_at, unsubscribed_at, last_alert_at"
    rows = query(knowledge_db(assistant), f"SELECT {columns} FROM alert_subscriptions WHERE sender_id = ?",
                 stored_id(user))  # fmt: skip
    [row] = rows
    return dict(zip(columns.split(", "), row, strict=True))


def page_title(response: requests.Response) -> str:
    return response.text.split("<h1>")[1].split("</h1>")[0]


def test_find_an_opening_subscribe_confirm_get_an_alert_and_unsubscribe(assistant: Assistant, openings: None) -> None:
    chat = Chat(assistant)
    mail = assistant.mail
    assert mail is not None

    # (1) Finding an opening in the chat.
    found = chat("caut job în Cluj")
    assert "Operator e2e retail Cluj cu germană" in found and "https://jobs.example/1" in found
    assert "Operator e2e telecom" not in found and "https://jobs.example/operator" in found  # the facts stay

    # (2) Subscribing: the reply says a confirmation e-mail was sent; it arrives (sent by the action server).
    for message in ("vreau alerte de joburi", "e2e.alerte@example.com", "retail", "Cluj", "germană"):
        chat(message)
    done = chat("da")
    assert done.startswith("Mulțumim pentru abonarea la alertele de joburi personalizate!")
    assert "link de confirmare" in done
    [confirmation] = mail.wait_for(1, to="e2e.alerte@example.com")
    assert confirmation["Subject"] == "Confirmă abonarea la alertele de joburi"
    assert subscription(assistant, chat.user)["confirmation_sent_at"] is not None
    assert "așteaptă confirmarea din e-mail" in chat("ce date aveți despre mine?")

    # No alert before the confirmation, even for a new matching opening.
    bot(assistant, "jobs", "add", "--title", "Operator e2e nou înainte de confirmare", "--industry", "retail",
        "--city", "Cluj", "--apply-url", "https://jobs.example/before", "--ref", "E2E-BEFORE")  # fmt: skip
    assert "0 alerte" in bot(assistant, "alerts", "send")
    assert len(mail.received("e2e.alerte@example.com")) == 1

    # (3) Confirming by the e-mail's link, over HTTP: a page with a button, then the confirmation.
    confirm_url = link(confirmation, "confirm")
    assert confirm_url.startswith(assistant.url)
    shown = requests.get(confirm_url, timeout=10)
    assert shown.status_code == 200 and '<form method="post">' in shown.text
    assert subscription(assistant, chat.user)["confirmed_at"] is None  # opening the link confirms nothing
    confirmed = requests.post(confirm_url, timeout=10)
    assert confirmed.status_code == 200 and page_title(confirmed) == say.CONFIRMED[0]
    assert subscription(assistant, chat.user)["confirmed_at"] is not None
    again = requests.post(confirm_url, timeout=10)
    assert page_title(again) == say.ALREADY_CONFIRMED[0]  # the link works once, and says so

    # (4) A recruiter adds a matching opening; the cron run e-mails it, once.
    bot(assistant, "jobs", "add", "--title", "Operator e2e retail Cluj nou", "--industry", "retail",
        "--city", "Cluj-Napoca", "--languages", "germana", "--apply-url", "https://jobs.example/new",
        "--ref", "E2E-NEW")  # fmt: skip
    bot(assistant, "jobs", "add", "--title", "Operator e2e telecom Cluj", "--industry", "telecom",
        "--city", "Cluj-Napoca", "--apply-url", "https://jobs.example/other", "--ref", "E2E-OTHER")  # fmt: skip
    sent = bot(assistant, "alerts", "send")
    assert "alerte cu" in sent
    alert = mail.wait_for(2, to="e2e.alerte@example.com")[1]
    body = text_part(alert)
    assert "Operator e2e retail Cluj nou" in body and "https://jobs.example/new" in body
    assert "telecom" not in body and "înainte de confirmare" not in body
    assert "Operator e2e retail Cluj cu germană" not in body  # there before the subscription: not new
    assert "Operator e2e retail Cluj nou" in html_part(alert)
    unsubscribe_url = link(alert, "unsubscribe")
    assert alert["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert subscription(assistant, chat.user)["last_alert_at"] is not None
    bot(assistant, "alerts", "send")  # again: nothing new
    assert len(mail.received("e2e.alerte@example.com")) == 2

    # (5) Unsubscribing by the link, over HTTP: at once, once.
    gone = requests.get(unsubscribe_url, timeout=10)
    assert gone.status_code == 200 and page_title(gone) == say.UNSUBSCRIBED[0]
    assert subscription(assistant, chat.user)["unsubscribed_at"] is not None
    assert page_title(requests.get(unsubscribe_url, timeout=10)) == say.ALREADY_UNSUBSCRIBED[0]
    assert "încheiată" in chat("ce date aveți despre mine?")
    assert chat("dezabonează-mă") == candidate_texts.NOT_SUBSCRIBED
    bot(assistant, "jobs", "add", "--title", "Operator e2e după dezabonare", "--industry", "retail",
        "--city", "Cluj", "--apply-url", "https://jobs.example/after", "--ref", "E2E-AFTER")  # fmt: skip
    bot(assistant, "alerts", "send")
    assert len(mail.received("e2e.alerte@example.com")) == 2


def test_more_openings_by_the_button(assistant: Assistant, openings: None) -> None:
    chat = Chat(assistant)
    [reply] = assistant.send("ce posturi aveți în telecom în București?", chat.user)
    assert reply["text"].count("• Operator e2e telecom București") == 3
    more = next(b for b in reply["buttons"] if b["title"].startswith("Mai multe posturi"))
    assert json.loads(more["payload"].removeprefix("/find_job"))["jobs_page"] == "2"
    [page] = assistant.send(more["payload"], chat.user)
    assert "Operator e2e telecom București 1" in page["text"] and page["text"].startswith("Alte posturi deschise")
    assert "Poți căuta locuri de muncă" not in page["text"]


def test_nothing_matching_offers_the_alerts(assistant: Assistant, openings: None) -> None:
    chat = Chat(assistant)
    [reply] = assistant.send("caut job in Oradea", chat.user)
    assert reply["text"].startswith("Acum nu am niciun post deschis de operator în Oradea.")
    assert {"title": "Alerte de joburi", "payload": "/subscribe_alerts"} in reply["buttons"]


def test_one_click_unsubscribe_by_post_and_bad_links(assistant: Assistant) -> None:
    chat = Chat(assistant)
    for message in ("vreau alerte de joburi", "e2e.post@example.com", "telecom", "oriunde", "niciuna", "da"):
        chat(message)
    [confirmation] = assistant.mail.wait_for(1, to="e2e.post@example.com")
    unsubscribe_url = link(confirmation, "unsubscribe")
    # What a mail program's unsubscribe button sends (RFC 8058).
    one_click = requests.post(unsubscribe_url, data="List-Unsubscribe=One-Click", timeout=10,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert one_click.status_code == 200 and page_title(one_click) == say.UNSUBSCRIBED[0]
    # An ended subscription cannot be confirmed any more.
    assert requests.get(link(confirmation, "confirm"), timeout=10).status_code == 410

    base = f"{assistant.url}/webhooks/alerts"
    tampered = requests.get(unsubscribe_url[:-4] + "AAAA", timeout=10)
    for response in (tampered, requests.get(f"{base}/confirm/nu-e-un-link", timeout=10)):
        assert response.status_code == 400 and page_title(response) == say.LINK_INVALID[0]
        assert "Traceback" not in response.text and 'lang="ro"' in response.text
    assert requests.get(f"{base}/altceva/x", timeout=10).status_code == 404


def test_the_logs_hold_no_address(assistant: Assistant) -> None:
    logs = Path(assistant.env["LOG_DIR"])
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs.glob("*.log"))
    assert "e2e.alerte@example.com" not in text and "e2e.post@example.com" not in text
