"""A knowledge database created before the alerts were sent gains the new columns and tables, keeping its rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app


def test_a_fresh_database_gets_the_new_columns(tmp_path: Path) -> None:
    """A knowledge database from before the alerts were sent: `db load` adds the columns, keeps the rows."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE alert_subscriptions (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, channel "
            "VARCHAR(40), consent_text TEXT NOT NULL, consented_at DATETIME NOT NULL, created_at DATETIME NOT NULL, "
            "email VARCHAR(254) NOT NULL, industry VARCHAR(40) NOT NULL, city VARCHAR(80) NOT NULL, languages "
            "VARCHAR(300) NOT NULL, unsubscribed_at DATETIME)"
        )
        connection.execute(
            "INSERT INTO alert_subscriptions VALUES (1, 'rest:old', 'rest', 'acord', '2026-01-01 10:00:00', "
            "'2026-01-01 10:00:00', 'old@example.com', 'retail', 'Iași', '', NULL)"
        )
    result = CliRunner().invoke(app, ["db", "load"], env={"DATABASE_URL": f"sqlite:///{path}"})
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(alert_subscriptions)")}
        assert {"link_key", "confirmation_sent_at", "confirmed_at", "last_alert_at", "sending_until"} <= columns
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"job_openings", "alert_deliveries", "knowledge_changes"} <= tables
        assert connection.execute("SELECT email, confirmed_at FROM alert_subscriptions").fetchall() == [
            ("old@example.com", None)
        ]
