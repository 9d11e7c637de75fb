"""`python -m bot jobs ...` and `python -m bot alerts send` as recruiters and cron run them: messages, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.candidates.store import CandidateStore
from bot.cli import app
from bot.knowledge.db import Database
from tests.jobs.conftest import KEY, subscribe
from tests.jobs.test_openings import EXAMPLE, HEADER
from tests.services.processes import free_port
from tests.services.smtp import Mailbox


@pytest.fixture
def env(database: Database, mail: Mailbox, tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": database.url,
        "SMTP_URL": mail.url,
        "MAIL_FROM": "Asistent <alerte@example.ro>",
        "PUBLIC_URL": "https://asistent.example.ro",
        "ALERT_LINK_SECRET": KEY,
        "COLUMNS": "250",
        "BOT_ENV": "development",
    }


def run(env: dict[str, str], *args: str):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(app, list(args), env=env)


def test_add_list_and_close(env: dict[str, str]) -> None:
    added = run(env, "jobs", "add", "--title", "Operator cu germană", "--industry", "retail", "--city", "Cluj",
                "--languages", "germana", "--apply-url", "https://jobs.example/1", "--ref", "R-1",
                "--by", "ana")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Post adăugat: #1 R-1 „Operator cu germană”." in added.output
    listed = run(env, "jobs", "list")
    assert listed.exit_code == 0 and "Operator cu germană" in listed.output and "Cluj-Napoca" in listed.output
    assert "1 posturi." in listed.output
    closed = run(env, "jobs", "close", "R-1", "--by", "ana")
    assert closed.exit_code == 0 and "Postul #1 R-1 e închis." in closed.output
    assert "0 posturi." in run(env, "jobs", "list").output
    assert "închis" in run(env, "jobs", "list", "--all").output
    assert run(env, "jobs", "close", "R-404").exit_code == 5


def test_add_refuses_bad_values_with_every_reason(env: dict[str, str]) -> None:
    result = run(env, "jobs", "add", "--title", "X", "--industry", "minerit", "--city", "Atlantis",
                 "--apply-url", "nu-e-link")  # fmt: skip
    assert result.exit_code == 4
    for reason in ("industry: domeniu necunoscut", "city: oraș necunoscut", "apply_url:"):
        assert reason in result.output


def test_import_all_or_nothing_with_line_numbers(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "posturi.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                "A-1,Operator retail,retail,Cluj,nu,,,,2026-11-01,,https://jobs.example/a1",
                "A-2,Operator telecom,telecom,Cluj,poate,,,,2026-11-01,,https://jobs.example/a2",
                "A-3,Operator,retail,Cluj,nu,,,,2026-13-01,,https://jobs.example/a3",
            ]
        ),
        encoding="utf-8",
    )
    result = run(env, "jobs", "import", str(bad))
    assert result.exit_code == 4
    assert "linia 3 (A-2): remote: trebuie să fie da sau nu" in result.output
    assert "linia 4 (A-3): posted: data se scrie AAAA-LL-ZZ" in result.output
    assert "0 posturi." in run(env, "jobs", "list").output

    good = run(env, "jobs", "import", str(EXAMPLE), "--by", "exemplu")
    assert good.exit_code == 0 and "Import reușit: 10 posturi noi, 0 actualizate, 0 neschimbate." in good.output
    again = run(env, "jobs", "import", str(EXAMPLE), "--if-empty")
    assert again.exit_code == 0 and "nu am importat nimic" in again.output
    assert run(env, "jobs", "import", str(tmp_path / "lipsa.csv")).exit_code == 4


def test_alerts_send(env: dict[str, str], database: Database, mail: Mailbox) -> None:
    subscribe(CandidateStore(database))
    sent = run(env, "alerts", "send")
    assert sent.exit_code == 0, sent.output
    assert "Trimise: 1 e-mailuri de confirmare, 0 alerte cu 0 posturi." in sent.output
    assert len(mail.received()) == 1 and "@" not in sent.output  # no address printed

    subscribe(CandidateStore(database), email="dan@example.com", sender="rest:dan")
    mail.mode = "refuse"
    refused = run(env, "alerts", "send")
    assert refused.exit_code == 6 and "Rămase pentru rularea următoare" in refused.output

    down = run({**env, "SMTP_URL": f"smtp://127.0.0.1:{free_port()}"}, "alerts", "send")
    assert down.exit_code == 6
    mail.mode = "accept"
    assert run(env, "alerts", "send").exit_code == 0 and len(mail.received()) == 2


def test_alerts_send_refuses_a_bad_configuration(env: dict[str, str]) -> None:
    assert run({**env, "SMTP_URL": "http://nu-e-smtp"}, "alerts", "send").exit_code == 2
    production = {**env, "BOT_ENV": "production", "ALERT_LINK_SECRET": "secret"}
    result = run(production, "alerts", "send")
    assert result.exit_code == 2 and "ALERT_LINK_SECRET is a well-known default" in result.output
