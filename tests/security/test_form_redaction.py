"""A form that ends without consent keeps nothing (issue 12, reproduction 5): after „nu” to the consent question,
„renunț” or switching to the other form, the tracker store's rows (the `events` table of the running assistant)
hold none of what was typed into the form, neither as the user's message nor as a slot value."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bot.candidates import texts
from bot.candidates.redaction import REMOVED, redact
from tests.channels.helpers import unique_number
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e


def rows(assistant: Assistant, user: str) -> list[dict]:
    with sqlite3.connect(assistant.tracker_db) as db:
        found = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (f"rest:{user}",)).fetchall()
    return [json.loads(data) for (data,) in found]


def slot_values(events: list[dict], name: str) -> list[object]:
    return [e["value"] for e in events if e["event"] == "slot" and e["name"] == name]


class Chat:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.user = assistant.new_user()
        n = unique_number(6)
        self.email, self.typo = f"redact.{n}@example.com", f"redact.{n}@gmail"
        self.phone = f"0744 {n // 1000:03d} {n % 1000:03d}"

    def __call__(self, message: str) -> str:
        return self.assistant.text(message, self.user)

    def stored(self) -> str:
        return json.dumps(rows(self.assistant, self.user), ensure_ascii=False)

    def assert_nothing_typed_is_kept(self, *typed: str) -> list[dict]:
        events = rows(self.assistant, self.user)
        stored = json.dumps(events, ensure_ascii=False)
        for value in typed:
            assert value not in stored, value
        assert REMOVED in stored
        assert redact(events) is None  # nothing left to remove
        return events


def test_refused_consent_keeps_no_email(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("vreau alerte de joburi")
    assert chat.typo in chat(chat.typo)  # the hint quotes what was typed
    for message in (chat.email, "retail", "Cluj", "engleză"):
        chat(message)
    assert chat.email in chat.stored()  # kept while the form goes on
    assert "nu te-am abonat" in chat("nu")
    events = chat.assert_nothing_typed_is_kept(chat.email, chat.typo)
    assert set(slot_values(events, "alert_email")) == {None}
    assert "3000 RON net" in chat("Cât câștigă un operator?")  # the conversation goes on


def test_renunt_keeps_no_email(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("vreau alerte de joburi")
    chat(f"e-mailul meu e {chat.email}")
    chat("Cât câștigă un operator?")  # a question in between is kept: it was not typed for the form
    assert chat("renunț") == texts.ALERTS_STOPPED
    events = chat.assert_nothing_typed_is_kept(chat.email)
    assert "Cât câștigă un operator?" in [e.get("text") for e in events if e["event"] == "user"]


def test_a_refused_callback_keeps_no_name_or_phone(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("vreau să vorbesc cu un recrutor")
    chat("Ionela Vasilescu")
    assert "nu pare corect" in chat("0744 123 45")
    chat(chat.phone)
    assert "nu am trimis cererea" in chat("nu, nu sunt de acord")
    typed = ("Ionela Vasilescu", "0744 123 45", chat.phone, chat.phone.replace(" ", ""))
    events = chat.assert_nothing_typed_is_kept(*typed)
    assert set(slot_values(events, "contact_details")) == {None}


def test_switching_forms_keeps_nothing_of_the_first(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("vreau alerte de joburi")
    chat(chat.email)
    assert "Cum te numești?" in chat("vreau să vorbesc cu un om")
    chat.assert_nothing_typed_is_kept(chat.email)


def test_with_consent_the_answers_stay(assistant: Assistant) -> None:
    chat = Chat(assistant)
    for message in ("vreau alerte de joburi", chat.email, "retail", "Cluj", "engleză"):
        chat(message)
    assert "Mulțumim pentru abonarea" in chat("da")
    assert chat.email in chat.stored() and REMOVED not in chat.stored()
