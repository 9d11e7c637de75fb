"""Candidate journeys through nginx on the production stack: the job alerts form to the end, "ce date aveți
despre mine?" and "șterge-mi datele", checked in the PostgreSQL knowledge database and tracker store.
tests/e2e/test_journeys.py runs the same journeys (and many more cases) on SQLite."""

from __future__ import annotations

import json

from bot.candidates import texts
from tests.prod.stack import Stack
from tests.services.processes import wait_for

ASK_EMAIL = "Pe ce adresă de e-mail"


def knowledge(stack: Stack, sql: str, sender: str) -> list[tuple]:
    return stack.knowledge_db.query("knowledge", sql, (f"rest:{sender}",))


def subscriptions(stack: Stack, sender: str) -> list[dict]:
    columns = "email, industry, city, languages, consent_text, consented_at, unsubscribed_at"
    rows = knowledge(stack, f"SELECT {columns} FROM alert_subscriptions WHERE sender_id = %s", sender)
    return [dict(zip(columns.split(", "), row, strict=True)) for row in rows]


def callbacks(stack: Stack, sender: str) -> list[tuple]:
    return knowledge(stack, "SELECT name, contact FROM callback_requests WHERE sender_id = %s", sender)


# How long the action server's background erasure may take on the production stack.
ERASURE_SECONDS = 30


def test_job_alerts_show_my_data_and_delete_it_on_postgresql(stack: Stack) -> None:
    client = stack.client("127.0.0.50")
    sender, other = stack.new_sender("journey"), stack.new_sender("journey")

    def chat(message: str) -> str:
        return "\n".join(client.say(sender, message))

    assert "3000 RON net" in "\n".join(client.say(other, "Cât câștigă un operator?"))

    # (1) The job alerts form to the end: stored with the consent, in the knowledge database.
    assert ASK_EMAIL in chat("vreau alerte de joburi")
    for message in ("vlad@example.com", "retail", "Cluj"):
        chat(message)
    consent = chat("engleză")
    assert consent.endswith("Ești de acord?")
    assert subscriptions(stack, sender) == []  # nothing stored before the consent
    done = chat("da")
    assert done.startswith("Mulțumim pentru abonarea la alertele de joburi personalizate!")
    [saved] = subscriptions(stack, sender)
    assert (saved["email"], saved["industry"], saved["city"]) == ("vlad@example.com", "retail", "Cluj-Napoca")
    assert saved["languages"] == "engleza" and saved["unsubscribed_at"] is None
    assert saved["consent_text"] == consent and saved["consented_at"] is not None

    # A callback request too, so that the deletion has one to remove.
    for message in ("vreau să vorbesc cu un recrutor", "Vlad Ionescu", "0733 444 555"):
        chat(message)
    assert "Mulțumim, Vlad Ionescu!" in chat("da")
    assert callbacks(stack, sender) == [("Vlad Ionescu", "+40733444555")]

    # (2) "ce date aveți despre mine?" shows the subscription.
    shown = chat("ce date aveți despre mine?")
    assert "vlad@example.com" in shown and "așteaptă confirmarea din e-mail" in shown and "engleză" in shown
    assert "vlad@example.com" in json.dumps([e for *_, e in stack.events(sender)])

    # (3) "șterge-mi datele": subscription, callback request and the conversation's events in PostgreSQL.
    assert chat("șterge-mi datele") == texts.deleted(1, 1)
    assert subscriptions(stack, sender) == [] and callbacks(stack, sender) == []
    # Rasa saves the turn after the action; the action server deletes it again once it is written.
    assert wait_for(lambda: stack.events(sender) == [], ERASURE_SECONDS), stack.events(sender)
    pending = "SELECT * FROM pending_erasures WHERE sender_id = %s"
    assert wait_for(lambda: knowledge(stack, pending, sender) == [], ERASURE_SECONDS)
    assert stack.events(other)  # other conversations are kept

    # The conversation goes on as a new one; nothing of the old one is written back.
    assert "Nicio abonare la alerte" in chat("ce date aveți despre mine?")
    stored = json.dumps([e for *_, e in stack.events(sender)])
    assert "vlad@example.com" not in stored and "0733" not in stored and "Vlad Ionescu" not in stored


def test_refused_consent_leaves_nothing_in_postgresql(stack: Stack) -> None:
    """The tracker store removes what was typed into a form ended without consent (bot/candidates/redaction.py),
    here on PostgreSQL, with the turns spread over both replicas."""
    client = stack.client("127.0.0.51")
    sender = stack.new_sender("refused")
    for message in ("vreau alerte de joburi", "refuz.pg@example.com", "retail", "Cluj", "engleză"):
        client.say(sender, message)
    assert "refuz.pg@example.com" in json.dumps([e for *_, e in stack.events(sender)])
    assert "nu te-am abonat" in "\n".join(client.say(sender, "nu"))
    assert "refuz.pg@example.com" not in json.dumps([e for *_, e in stack.events(sender)])
    assert subscriptions(stack, sender) == []
