"""Job openings and one alert on the production stack: openings imported into PostgreSQL by the recruiters'
command, the search through nginx and the replicas, the confirmation e-mail from a production action server,
its link through nginx, `python -m bot alerts send` in production mode, the unsubscribe link.
tests/e2e/test_jobs.py runs the same and more on SQLite."""

from __future__ import annotations

import requests
from typer.testing import CliRunner

from bot.cli import app
from bot.jobs import texts as say
from tests.prod.stack import Stack
from tests.services.smtp import link, text_part

HEADER = "ref,title,industry,city,remote,languages,salary_min,salary_max,posted,expires,apply_url"


def bot(stack: Stack, *args: str) -> str:
    """The command as the CronJob and recruiters run it: BOT_ENV=production, the stack's PostgreSQL and SMTP."""
    result = CliRunner().invoke(app, list(args), env={**stack.env, "COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


def knowledge(stack: Stack, sql: str, *params: object) -> list[tuple]:
    return stack.knowledge_db.query("knowledge", sql, params)


def title(response: requests.Response) -> str:
    return response.text.split("<h1>")[1].split("</h1>")[0]


def test_job_search_and_one_alert_on_postgresql(stack: Stack, tmp_path) -> None:  # noqa: ANN001
    assert stack.mail is not None
    csv = tmp_path / "posturi.csv"
    csv.write_text(
        "\n".join(
            [
                HEADER,
                "PG-1,Operator pg retail Cluj,retail,Cluj-Napoca,nu,,,,2026-11-01,,https://jobs.example/pg1",
                "PG-2,Operator pg telecom Iași,telecom,Iași,nu,engleza,,,2026-11-02,,https://jobs.example/pg2",
            ]
        ),
        encoding="utf-8",
    )
    assert "2 posturi noi" in bot(stack, "jobs", "import", str(csv), "--by", "recrutor")
    client = stack.client("127.0.0.60")
    sender = stack.new_sender("jobs")

    def chat(message: str) -> str:
        return "\n".join(client.say(sender, message))

    # The search, through nginx, turns spread over both replicas.
    found = chat("caut job în Cluj")
    assert "Operator pg retail Cluj" in found and "Operator pg telecom" not in found
    assert "Operator pg telecom Iași" in chat("ce posturi aveți cu engleză?")

    # Subscribing: the production action server e-mails the confirmation.
    for message in ("vreau alerte de joburi", "pg.alerte@example.com", "retail", "Cluj", "niciuna"):
        chat(message)
    assert "link de confirmare" in chat("da")
    [confirmation] = stack.mail.wait_for(1, to="pg.alerte@example.com", seconds=30)
    confirm_url = link(confirmation, "confirm")
    assert confirm_url.startswith(stack.url)  # PUBLIC_URL: the links go through nginx
    assert requests.get(confirm_url, timeout=10).status_code == 200
    assert title(requests.post(confirm_url, timeout=10)) == say.CONFIRMED[0]
    [(confirmed_at,)] = knowledge(
        stack, "SELECT confirmed_at FROM alert_subscriptions WHERE sender_id = %s", f"rest:{sender}"
    )
    assert confirmed_at is not None

    # One alert, sent by the cron command in production mode; a second run sends nothing.
    bot(stack, "jobs", "add", "--title", "Operator pg retail Cluj nou", "--industry", "retail", "--city", "Cluj",
        "--apply-url", "https://jobs.example/pg-new", "--ref", "PG-NEW")  # fmt: skip
    assert "1 alerte cu 1 posturi" in bot(stack, "alerts", "send")
    alert = stack.mail.wait_for(2, to="pg.alerte@example.com")[1]
    assert "Operator pg retail Cluj nou" in text_part(alert) and "Operator pg retail Cluj\n" not in text_part(alert)
    delivered = knowledge(
        stack,
        "SELECT o.ref FROM alert_deliveries d JOIN job_openings o ON o.id = d.opening_id "
        "JOIN alert_subscriptions s ON s.id = d.subscription_id WHERE s.sender_id = %s",
        f"rest:{sender}",
    )
    assert delivered == [("PG-NEW",)]
    assert "0 alerte" in bot(stack, "alerts", "send")
    assert len(stack.mail.received("pg.alerte@example.com")) == 2

    # The unsubscribe link, through nginx.
    assert title(requests.get(link(alert, "unsubscribe"), timeout=10)) == say.UNSUBSCRIBED[0]
    [(ended,)] = knowledge(
        stack, "SELECT unsubscribed_at FROM alert_subscriptions WHERE sender_id = %s", f"rest:{sender}"
    )
    assert ended is not None
