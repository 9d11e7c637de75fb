"""Whatever a caller passes, the store keeps only what the forms would accept; recruiters' views show stored
values as inert text (issue 12: a `<script>` e-mail and a `javascript:alert(1)` contact were stored and listed).

Real SQLite databases, the real actions (rasa-sdk trackers), the real command line.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from typer.testing import CliRunner

from actions.alerts_actions import ActionSubscribeAlerts
from actions.recruiter_actions import ActionRequestCallback
from bot import PROJECT_ROOT
from bot.candidates import store as store_module
from bot.candidates import texts
from bot.candidates.store import CandidateStore, InvalidCandidateData
from bot.cli import app
from bot.knowledge.db import Database
from tests.actions.conftest import make_tracker

SCRIPT = "<script>alert(1)</script>@x.ro"
JS = "javascript:alert(1)"
# An OSC 8 terminal hyperlink and rich markup: what a terminal or rich would turn into a link.
TERMINAL_LINK = "\x1b]8;;javascript:alert(1)\x1b\\Ana\x1b]8;;\x1b\\ [link=javascript:alert(1)]Pop[/link]"

GOOD = {"email": "ana@example.com", "industry": "retail", "city": "Cluj-Napoca", "languages": ["engleza"]}


@pytest.fixture
def store(env_database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CandidateStore:
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    store_module._stores.clear()
    yield CandidateStore(env_database)
    for other in store_module._stores.values():
        other.database.dispose()
    store_module._stores.clear()


@pytest.mark.parametrize(
    "field, value",
    [("email", SCRIPT), ("email", JS), ("email", "ana@gmail"), ("email", "a@b.ro\n<b>"), ("email", 5),
     ("industry", "<b>retail</b>"), ("industry", "constructii"), ("city", "<img src=x onerror=alert(1)>"),
     ("city", JS), ("city", "Cluj; DROP TABLE"), ("languages", ["engleza", "<script>"]), ("languages", ["klingon"])],
)  # fmt: skip
def test_a_subscription_with_a_value_the_form_refuses_is_not_stored(
    store: CandidateStore, field: str, value: Any
) -> None:
    values = {**GOOD, field: value}
    with pytest.raises(InvalidCandidateData) as refused:
        store.subscribe("rest:x", values["email"], values["industry"], values["city"], values["languages"], "da")
    assert refused.value.field == field and str(value) not in str(refused.value)  # the value is never repeated
    assert store.stored_for("rest:x").empty


@pytest.mark.parametrize(
    "name, contact, kind",
    [("Ana Pop", JS, "phone"), ("Ana Pop", JS, "email"), ("Ana Pop", SCRIPT, "email"),
     ("Ana Pop", "0722 123 45", "phone"), ("Ana Pop", "ana@example.com", "url"), ("Ana Pop", "+40722123456", "email"),
     (TERMINAL_LINK, "+40722123456", "phone"), ("<script>alert(1)</script>", "+40722123456", "phone")],
)  # fmt: skip
def test_a_callback_with_a_value_the_form_refuses_is_not_stored(
    store: CandidateStore, name: str, contact: str, kind: str
) -> None:
    with pytest.raises(InvalidCandidateData):
        store.request_callback("rest:x", name, contact, kind, [], "", "da")
    assert store.callbacks(include_done=True) == []


def test_valid_values_are_stored_in_their_canonical_form(store: CandidateStore) -> None:
    saved = store.request_callback("rest:x", "ana pop", "0722 123 456", "phone", ["ask_salary"], "industry=retail", "")
    assert (saved.name, saved.contact) == ("Ana Pop", "+40722123456")
    subscription = store.subscribe("rest:x", "Ana@Example.COM", "oricare", "oriunde", ["germana"], "da")
    assert (subscription.email, subscription.city) == ("Ana@example.com", "oriunde")


def run(action: Any, slots: dict[str, Any]) -> tuple[list[str], list[dict]]:
    from rasa.shared.core.domain import Domain

    dispatcher = CollectingDispatcher()
    domain = Domain.load(str(PROJECT_ROOT / "domain")).as_dict()
    events = asyncio.run(action.run(dispatcher, make_tracker([("da", "affirm")], slots=slots), domain))
    return [m.get("text") for m in dispatcher.messages], events


def test_an_action_passing_a_forged_contact_stores_nothing(store: CandidateStore) -> None:
    said, _ = run(ActionRequestCallback(), {"contact_name": "Mallory", "contact_details": JS, "contact_consent": True})
    assert said == [texts.DATA_REFUSED] and store.callbacks(include_done=True) == []
    slots = {"alert_email": SCRIPT, "alert_industry": "retail", "alert_city": "Cluj", "alert_languages": "niciuna",
             "alert_consent": True}  # fmt: skip
    said, _ = run(ActionSubscribeAlerts(), slots)
    assert said == [texts.DATA_REFUSED] and store.stored_for("test-user").empty


def test_callbacks_list_shows_stored_values_as_inert_text(store: CandidateStore, env_database: Database) -> None:
    """A row written before the store checked its values (or by hand): listed, but never as a link or markup."""
    store.request_callback("rest:ok", "Ion Pop", "+40722123456", "phone", [], "", "da")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy writes it in SQLite
    with sqlite3.connect(env_database.url.removeprefix("sqlite:///")) as db:
        db.execute(
            "INSERT INTO callback_requests (sender_id, channel, name, contact, contact_kind, topics, context, "
            "consent_text, consented_at, created_at) VALUES (?, 'rest', ?, ?, 'phone', '', '', 'da', ?, ?)",
            ("rest:old", TERMINAL_LINK, JS, now, now),
        )
    listed = CliRunner().invoke(app, ["callbacks", "list"], env={"COLUMNS": "250"})
    assert listed.exit_code == 0, listed.output
    out = listed.output
    assert "\x1b" not in out and "\x9d" not in out  # no terminal control sequence (colour, OSC 8 hyperlink)
    assert "[link=javascript:alert(1)]Pop[/link]" in out  # rich markup printed literally, not interpreted
    assert "⚠ contact nevalid" in out and "+40722123456" in out and "Ion Pop" in out


def test_the_report_shows_messages_as_inert_text(tmp_path: Path) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(PROJECT_ROOT / "domain"))
    tracker_store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    text = f'{TERMINAL_LINK} <a href="{JS}">x</a><script>alert(1)</script>'
    parse = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}, "entities": []}
    tracker = DialogueStateTracker.from_events("rest:m", [UserUttered(text, parse["intent"], [], parse)], domain.slots)
    asyncio.run(tracker_store.save(tracker))
    tracker_store.engine.dispose()
    page = tmp_path / "raport.html"
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    result = CliRunner().invoke(app, ["report", "--db-url", url, "--html", str(page)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "[link=javascript:alert(1)]Pop[/link]" in result.output
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script" not in html
    assert not re.search(r'<a\b|\shref="', html)  # the message's link is text, not a link
