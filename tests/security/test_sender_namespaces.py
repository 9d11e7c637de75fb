"""Nobody reaches another channel's conversation over REST (issue 12, reproduction 2).

A WhatsApp, a Telegram and a Messenger user subscribe to job alerts through correctly signed webhooks of the
running assistant; then a REST client uses their ids as its `sender` (with and without the platform prefix,
and claiming their `input_channel`). It must see none of their data and change none of it.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
import requests

from bot.candidates import texts
from tests.channels import test_facebook_webhook as facebook
from tests.channels import test_telegram_webhook as telegram
from tests.channels import test_twilio_webhook as twilio
from tests.channels.helpers import unique_number
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e

JOURNEY = ("vreau alerte de joburi", "{email}", "retail", "Cluj", "engleză", "da")


def subscriptions(assistant: Assistant, sender: str) -> list[tuple[str, object]]:
    with sqlite3.connect(assistant.tracker_db.parent / "knowledge.db") as db:
        sql = "SELECT email, unsubscribed_at FROM alert_subscriptions WHERE sender_id = ?"
        return db.execute(sql, (sender,)).fetchall()


def rest(assistant: Assistant, sender: str, message: str, **extra: object) -> str:
    body = {"sender": sender, "message": message, **extra}
    response = requests.post(f"{assistant.url}/webhooks/rest/webhook", json=body, timeout=30)
    response.raise_for_status()
    assert all(m.get("recipient_id") == sender for m in response.json())  # answers name the sender it sent
    return "\n".join(m.get("text", "") for m in response.json())


def attack(assistant: Assistant, claimed_ids: list[str], channel: str, victim: str, email: str) -> None:
    for claimed in claimed_ids:
        for extra in ({}, {"input_channel": channel}):
            shown = rest(assistant, claimed, "ce date aveți despre mine?", **extra)
            assert email not in shown and "Nicio abonare la alerte" in shown
            assert rest(assistant, claimed, "dezabonează-mă", **extra) == texts.NOT_SUBSCRIBED
            assert rest(assistant, claimed, "șterge-mi datele", **extra) == texts.deleted(0, 0)
    assert subscriptions(assistant, victim) == [(email, None)]  # still there, still active
    with sqlite3.connect(assistant.tracker_db) as db:
        victims_messages = [json.loads(d)["text"] for (d,) in db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (victim,))]  # fmt: skip
    assert victims_messages[:2] == ["vreau alerte de joburi", email]  # the victim's conversation is untouched
    assert "ce date aveți despre mine?" not in victims_messages


def test_a_whatsapp_user_cannot_be_impersonated_over_rest(assistant: Assistant) -> None:
    phone = f"whatsapp:+407{unique_number(8)}"
    email = f"wa{unique_number(6)}@example.com"
    for message in JOURNEY:
        assert twilio.post(assistant, twilio.whatsapp_form(phone, message.format(email=email))).status_code == 200
    assert subscriptions(assistant, phone) == [(email, None)]
    attack(assistant, [phone, phone.removeprefix("whatsapp:")], "twilio", phone, email)


def test_a_telegram_user_cannot_be_impersonated_over_rest(assistant: Assistant) -> None:
    chat = unique_number()
    email = f"tg{unique_number(6)}@example.com"
    for message in JOURNEY:
        assert telegram.post(assistant, telegram.message_update(chat, message.format(email=email))).status_code == 200
    victim = f"telegram:{chat}"
    assert subscriptions(assistant, victim) == [(email, None)]
    attack(assistant, [str(chat), victim], "telegram", victim, email)


def test_a_messenger_user_cannot_be_impersonated_over_rest(assistant: Assistant) -> None:
    psid = facebook.new_sender()
    email = f"fb{unique_number(6)}@example.com"
    for message in JOURNEY:
        payload = facebook.entry(facebook.messaging(psid, message.format(email=email)))
        assert facebook.post(assistant, payload).status_code == 200
    victim = f"facebook:{psid}"
    assert subscriptions(assistant, victim) == [(email, None)]
    attack(assistant, [psid, victim], "facebook", victim, email)


def test_a_rest_conversation_is_its_own(assistant: Assistant) -> None:
    """REST users keep their conversations (namespaced as rest:<sender>): follow-ups work as before."""
    sender = f"ana-{unique_number(6)}"
    assert "3000 RON net" in rest(assistant, sender, "Cât câștigă un operator?")
    assert "peste 6000 RON net" in rest(assistant, sender, "și dacă știu germană?")
    with sqlite3.connect(assistant.tracker_db) as db:
        stored = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events WHERE sender_id LIKE ?",
                                               (f"%{sender}",))}  # fmt: skip
    assert stored == {f"rest:{sender}"}
