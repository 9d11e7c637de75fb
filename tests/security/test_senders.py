"""Sender namespaces (bot/security/senders.py), the REST tokens (bot/security/rest_tokens.py) and renaming the
conversations stored before namespaces existed (bot/candidates/namespaces.py), on real SQLite databases."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import jwt
import pytest
from rasa.core.tracker_store import SQLTrackerStore
from typer.testing import CliRunner

from bot.candidates.namespaces import migrate
from bot.candidates.store import CandidateStore
from bot.cli import app
from bot.conversation_store import TrackerEvents
from bot.knowledge.db import Database
from bot.security import rest_tokens
from bot.security.senders import namespaced_for_channel, platform_id, sender_id, twilio_sender_id


@pytest.mark.parametrize(
    "namespace, platform, conversation",
    [("telegram", "123", "telegram:123"), ("facebook", "9876", "facebook:9876"), ("rest", "ana", "rest:ana"),
     ("rest", "whatsapp:+40722000111", "rest:whatsapp:+40722000111"), ("rest", "telegram:5", "rest:telegram:5"),
     ("web", "0f" * 16, "web:" + "0f" * 16), ("whatsapp", "whatsapp:+40722000111", "whatsapp:+40722000111"),
     ("sms", "+40722000111", "sms:+40722000111")],
)  # fmt: skip
def test_each_channel_has_its_namespace(namespace: str, platform: str, conversation: str) -> None:
    assert sender_id(namespace, platform) == conversation
    assert platform_id(conversation) == platform  # what the platform's API is given back


def test_twilio_addresses() -> None:
    assert twilio_sender_id("whatsapp:+40722000111") == "whatsapp:+40722000111"
    assert twilio_sender_id("+40722000111") == "sms:+40722000111"


def test_no_rest_sender_is_another_channels_conversation() -> None:
    for claimed in ["whatsapp:+40722000111", "telegram:123", "123", "facebook:1", "web:ab", "sms:+4072", "rest:x"]:
        assert sender_id("rest", claimed).startswith("rest:")
        assert sender_id("rest", claimed) not in {claimed, "whatsapp:+40722000111", "telegram:123"}


@pytest.mark.parametrize(
    "stored, channel, renamed",
    [("123", "telegram", "telegram:123"), ("ana", "rest", "rest:ana"), ("telegram:9", "rest", "rest:telegram:9"),
     ("whatsapp:+40722000111", "twilio", None), ("+40722000111", "twilio", "sms:+40722000111"),
     ("ab" * 16, "socketio", "web:" + "ab" * 16), ("4455", "facebook", "facebook:4455"),
     ("telegram:123", "telegram", None), ("rest:ana", "rest", None), ("x", None, None), ("x", "cmdline", None)],
)  # fmt: skip
def test_renaming_a_stored_conversation_is_idempotent(stored: str, channel: str | None, renamed: str | None) -> None:
    assert namespaced_for_channel(stored, channel) == renamed
    if renamed:
        assert namespaced_for_channel(renamed, channel) is None


# ------------------------------------------------------------------------------------------ REST tokens

SECRET = "a-rest-secret-long-enough-0123456789"


def test_a_token_names_its_sender() -> None:
    token = rest_tokens.issue("ana", SECRET)
    assert rest_tokens.check(f"Bearer {token}", "ana", SECRET) is None
    assert rest_tokens.check(f"Bearer {token}", "whatsapp:+40722000111", SECRET).status == 403


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer ",
        "Basic abc",
        "Bearer " + rest_tokens.issue("ana", "another-secret-long-enough-000"),
        "Bearer " + rest_tokens.issue("ana", SECRET, lifetime_seconds=60, now=time.time() - 3600),  # expired
        "Bearer " + rest_tokens.issue("ana", SECRET, lifetime_seconds=30 * 24 * 3600),  # valid for a month
        "Bearer " + jwt.encode({"sub": "ana"}, SECRET, algorithm="HS256"),  # no expiry
        "Bearer " + jwt.encode({"sub": "ana", "exp": time.time() + 60}, None, algorithm="none"),  # unsigned
        "Bearer " + jwt.encode({"sub": "ana", "exp": time.time() + 60}, SECRET, algorithm="HS512"),
        "Bearer not.a.token",
    ],
)
def test_refused_tokens(header: str | None) -> None:
    refusal = rest_tokens.check(header, "ana", SECRET)
    assert refusal is not None and refusal.status == 401


# ------------------------------------------------------------------------------------------ stored data


def legacy_tracker(path: Path, conversations: dict[str, str]) -> str:
    """A tracker store written by Rasa's own SQLTrackerStore, one user message per conversation and channel."""
    url = f"sqlite:///{path}"
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    store.engine.dispose()
    with sqlite3.connect(path) as db:
        for number, (sender, channel) in enumerate(conversations.items()):
            data = {"event": "user", "timestamp": 1_700_000_000 + number, "text": "salut", "input_channel": channel}
            db.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
                (sender, data["timestamp"], json.dumps(data)),
            )
    return url


LEGACY = {
    "123456": "telegram",
    "ana": "rest",
    "telegram:999": "rest",  # a REST client that wrote a Telegram-looking sender before namespaces
    "whatsapp:+40722000111": "twilio",
    "+40733000222": "twilio",
    "ab" * 16: "socketio",
    "445566": "facebook",
}


def test_conversations_stored_before_namespaces_keep_their_data(
    tmp_path: Path, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker_url = legacy_tracker(tmp_path / "tracker.db", LEGACY)
    store = CandidateStore(database)
    store.subscribe("ana", "ana@example.com", "retail", "Iași", [], "da", channel="rest")
    store.subscribe("123456", "tg@example.com", "telecom", "Cluj-Napoca", [], "da", channel="telegram")
    store.request_callback("+40733000222", "Ion Pop", "+40733000222", "phone", [], "", "da", channel="twilio")
    store.request_callback("telegram:999", "Eve", "eve@example.com", "email", [], "", "da", channel="rest")
    store.add_pending_erasure("ab" * 16, store.callbacks()[0].created_at)
    events = TrackerEvents(tracker_url)

    first = migrate(store, events)
    assert (first.conversations, first.subscriptions, first.callbacks, first.erasures) == (6, 2, 2, 1)
    second = migrate(store, events)
    assert (second.conversations, second.subscriptions, second.callbacks, second.erasures) == (0, 0, 0, 0)

    with sqlite3.connect(tmp_path / "tracker.db") as db:
        senders = {row[0] for row in db.execute("SELECT sender_id FROM events")}
    assert senders == {"telegram:123456", "rest:ana", "rest:telegram:999", "whatsapp:+40722000111",
                       "sms:+40733000222", "web:" + "ab" * 16, "facebook:445566"}  # fmt: skip
    assert [s.email for s in store.stored_for("rest:ana").subscriptions] == ["ana@example.com"]
    assert [s.email for s in store.stored_for("telegram:123456").subscriptions] == ["tg@example.com"]
    assert [c.name for c in store.stored_for("sms:+40733000222").callbacks] == ["Ion Pop"]
    assert [c.name for c in store.stored_for("rest:telegram:999").callbacks] == ["Eve"]
    assert store.stored_for("telegram:999").empty  # the REST client's data did not become a Telegram user's
    assert [sender for _, sender, _ in store.pending_erasures()] == ["web:" + "ab" * 16]

    # The recruiters' list still shows every request.
    monkeypatch.setenv("DATABASE_URL", database.url)
    listed = CliRunner().invoke(app, ["callbacks", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "Ion Pop" in listed.output and "Eve" in listed.output
