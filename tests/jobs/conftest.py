"""Job openings and alerts on a fresh, real knowledge database (SQLite), and a real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.candidates.store import CandidateStore, Subscription
from bot.jobs.mail import MailSettings, parse_smtp_url
from bot.jobs.openings import Opening, OpeningStore
from bot.knowledge.db import Database
from tests.services.smtp import Mailbox, smtp_server

KEY = "a-test-secret-for-the-links-0123456789"
PUBLIC = "http://127.0.0.1:5999"
FROM = "Asistent carieră <alerte@example.ro>"


@pytest.fixture
def openings(database: Database) -> OpeningStore:
    return OpeningStore(database)


@pytest.fixture
def candidates(database: Database) -> CandidateStore:
    return CandidateStore(database)


@pytest.fixture
def mail() -> Iterator[Mailbox]:
    with smtp_server() as mailbox:
        yield mailbox


@pytest.fixture
def mail_settings(mail: Mailbox, tmp_path: Path) -> MailSettings:
    return MailSettings(
        smtp=parse_smtp_url(mail.url),
        sender=FROM,
        outbox=tmp_path / "outbox",
        public_url=PUBLIC,
        job_search_url="https://jobs.example/operator",
    )


def opening_values(**values: Any) -> dict[str, str]:
    raw = {
        "title": "Operator call center",
        "industry": "retail",
        "city": "Cluj-Napoca",
        "apply_url": "https://jobs.example/aplica/1",
        "posted": str(date.today()),
    }
    raw.update({k: str(v) for k, v in values.items()})
    return raw


def add_opening(store: OpeningStore, **values: Any) -> Opening:
    return store.add(opening_values(**values), by="test")


def subscribe(
    store: CandidateStore,
    email: str = "ana@example.com",
    industry: str = "retail",
    city: str = "Cluj-Napoca",
    languages: tuple[str, ...] = (),
    sender: str = "rest:ana",
) -> Subscription:
    return store.subscribe(sender, email, industry, city, list(languages), "acordul de test", channel="rest")
