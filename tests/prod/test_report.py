"""`python -m bot report` in production reads the conversations from the production tracker store (PostgreSQL,
from the TRACKER_* variables the Rasa replicas use), with no --db-url (bot/conversation_store.py)."""

from __future__ import annotations

from datetime import datetime, timezone

from typer.testing import CliRunner

from bot.cli import app
from tests.prod.stack import Stack


def test_the_report_reads_postgresql_with_no_flag(stack: Stack) -> None:
    sender = stack.new_sender("report")
    question = f"care e capitala frantei {sender}?"  # out of scope: listed among the messages not understood
    stack.client("127.0.0.70").say(sender, question)
    assert any(event.get("text") == question for _, kind, _, event in stack.events(sender) if kind == "user")

    env = {**stack.env, "COLUMNS": "250"}
    assert env["BOT_ENV"] == "production" and "TRACKER_DIALECT" not in env  # as on a production pod
    today = datetime.now(timezone.utc).date().isoformat()
    result = CliRunner().invoke(app, ["report", "--since", today], env=env)
    assert result.exit_code == 0, result.output
    assert sender in result.output and "conversații" in result.output
