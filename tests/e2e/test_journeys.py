"""Candidate journeys end to end over REST: both servers, the trained model, the real SQLite databases.

Job alerts and callback requests with a wrong answer in every field, questions and changes in the middle of a
form, stopping it, and the candidate's own data (show, unsubscribe, delete), checked in the databases.
PostgreSQL runs of the same journeys belong to `make test-prod`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.candidates import texts
from bot.cli import app
from tests.e2e.conftest import Assistant
from tests.services.processes import wait_for

pytestmark = pytest.mark.e2e

PRIVACY = "https://jobs.example/confidentialitate"  # PRIVACY_URL of the running assistant (conftest)


def knowledge_db(assistant: Assistant) -> Path:
    """DATABASE_URL of the running assistant: knowledge.db beside its tracker store (tests/e2e/conftest.py)."""
    assert assistant.tracker_db is not None
    return assistant.tracker_db.parent / "knowledge.db"


def query(path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


def stored_id(user: str) -> str:
    """A REST user's conversation id in the databases (bot/security/senders.py)."""
    return f"rest:{user}"


def subscriptions(assistant: Assistant, user: str) -> list[dict]:
    columns = "email, industry, city, languages, consent_text, consented_at, unsubscribed_at"
    sql = f"SELECT {columns} FROM alert_subscriptions WHERE sender_id = ?"
    rows = query(knowledge_db(assistant), sql, stored_id(user))
    return [dict(zip(columns.split(", "), row, strict=True)) for row in rows]


def callbacks(assistant: Assistant, user: str) -> list[dict]:
    columns = "id, name, contact, contact_kind, topics, consent_text, done_at"
    sql = f"SELECT {columns} FROM callback_requests WHERE sender_id = ?"
    rows = query(knowledge_db(assistant), sql, stored_id(user))
    return [dict(zip(columns.split(", "), row, strict=True)) for row in rows]


def stored_events(assistant: Assistant, user: str) -> list[dict]:
    rows = query(assistant.tracker_db, "SELECT data FROM events WHERE sender_id = ? ORDER BY id", stored_id(user))
    return [json.loads(data) for (data,) in rows]


# How long the action server's background erasure may take after the turn is saved.
ERASURE_SECONDS = 20


class Chat:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.user = assistant.new_user()

    def __call__(self, message: str) -> str:
        return self.assistant.text(message, self.user)

    def buttons(self, message: str) -> list[dict]:
        return [b for m in self.assistant.send(message, self.user) for b in m.get("buttons", [])]


ASK_EMAIL = "Pe ce adresă de e-mail"
ASK_INDUSTRY = "În ce domeniu ai vrea să lucrezi?"
ASK_CITY = "În ce oraș cauți un job?"
ASK_LANGUAGES = "Ce limbi străine vorbești?"
ASK_NAME = "Cum te numești?"
ASK_CONTACT = "La ce număr de telefon sau la ce adresă de e-mail"


def test_greeting_says_what_is_stored_and_links_the_privacy_page(assistant: Assistant) -> None:
    greeting = Chat(assistant)("Bună ziua!")
    assert greeting.startswith("Bună! Sunt asistentul virtual")
    assert "păstrez mesajele acestei conversații" in greeting and PRIVACY in greeting
    assert "ce date aveți despre mine?" in greeting and "{privacy_details}" not in greeting


def test_job_alerts_with_a_wrong_answer_in_every_field(assistant: Assistant) -> None:
    chat = Chat(assistant)
    assert ASK_EMAIL in chat("vreau alerte de joburi")
    wrong_email = chat("ana@gmail")
    assert "„ana@gmail” nu pare o adresă de e-mail corectă" in wrong_email and ASK_EMAIL in wrong_email
    assert ASK_INDUSTRY in chat("Ana.Pop@Example.com")
    wrong_industry = chat("constructii")
    assert texts.INDUSTRY_UNKNOWN in wrong_industry and ASK_INDUSTRY in wrong_industry
    assert ASK_CITY in chat("telecom")
    wrong_city = chat("12345")
    assert texts.CITY_INVALID in wrong_city and ASK_CITY in wrong_city
    assert ASK_LANGUAGES in chat("cluj")
    wrong_languages = chat("bine")
    assert texts.LANGUAGES_UNKNOWN in wrong_languages and ASK_LANGUAGES in wrong_languages
    consent = chat("engleză și germană")
    assert consent == texts.alert_consent_text(PRIVACY)
    unclear = chat("poate")
    assert texts.YES_OR_NO in unclear and unclear.endswith("Ești de acord?")
    assert subscriptions(assistant, chat.user) == []  # nothing stored before the consent

    done = chat("da")
    assert done.startswith("Mulțumim pentru abonarea la alertele de joburi personalizate!")
    assert "Ana.Pop@example.com" in done and "telecomunicații" in done and "Cluj-Napoca" in done
    [saved] = subscriptions(assistant, chat.user)
    assert saved["email"] == "Ana.Pop@example.com" and saved["industry"] == "telecom"
    assert saved["city"] == "Cluj-Napoca" and saved["languages"] == "engleza,germana"
    assert saved["consent_text"] == consent and saved["consented_at"] and saved["unsubscribed_at"] is None
    assert "3000 RON net" in chat("cât câștigă un operator?")  # the form is over: questions are answered


def test_industry_buttons_and_the_consent_buttons(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("vreau sa primesc alerte cu joburi noi")
    buttons = chat.buttons("ion@example.com")
    assert {"title": "Asigurări", "payload": '/inform{"industry": "asigurari"}'} in buttons
    assert ASK_CITY in chat('/inform{"industry": "asigurari"}')
    chat("Brașov")
    assert [b["payload"] for b in chat.buttons("niciuna")] == ["/affirm", "/deny"]
    assert "Mulțumim pentru abonarea" in chat("/affirm")
    [saved] = subscriptions(assistant, chat.user)
    assert (saved["industry"], saved["city"], saved["languages"]) == ("asigurari", "Brașov", "")


def test_questions_and_changes_in_the_middle_of_the_form(assistant: Assistant) -> None:
    chat = Chat(assistant)
    assert ASK_EMAIL in chat("Aș vrea să mă abonez la alerte pentru joburi în retail")
    salary = chat("Cât câștigă un operator?")
    assert "3000 RON net pe lună" in salary and ASK_EMAIL in salary  # answered, then the form goes on
    assert ASK_CITY in chat("maria@example.com")  # the industry came with the request
    changed = chat("de fapt vreau în telecom")
    assert texts.industry_changed("telecom") in changed and ASK_CITY in changed
    training = chat("Cât durează trainingul?")
    assert "între două și patru săptămâni" in training and ASK_CITY in training
    own_data = chat("ce date aveți despre mine?")
    assert "Nicio abonare la alerte" in own_data and ASK_CITY in own_data
    assert ASK_LANGUAGES in chat("Iași")
    assert chat("niciuna").endswith("Ești de acord?")
    assert "Mulțumim pentru abonarea" in chat("da")
    [saved] = subscriptions(assistant, chat.user)
    assert (saved["email"], saved["industry"], saved["city"]) == ("maria@example.com", "telecom", "Iași")


def test_renunt_stops_the_form_and_stores_nothing(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("vreau alerte de joburi")
    assert ASK_INDUSTRY in chat("dan@example.com")
    assert chat("renunț") == texts.ALERTS_STOPPED
    assert subscriptions(assistant, chat.user) == []
    assert "3000 RON net" in chat("cât câștigă un operator?")  # no question of the form any more
    assert ASK_EMAIL in chat("vreau alerte de joburi")  # a new form starts afresh, without the old e-mail


def test_refusing_consent_stores_nothing(assistant: Assistant) -> None:
    chat = Chat(assistant)
    for message in ("vreau alerte de joburi", "dan@example.com", "retail", "Iași", "engleză"):
        chat(message)
    refused = chat("nu, nu sunt de acord")
    assert "nu te-am abonat" in refused and "https://jobs.example/operator" in refused
    assert subscriptions(assistant, chat.user) == []


def test_callback_request_with_wrong_answers_a_question_and_the_topics(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("Cât câștigă un operator?")
    chat("Ce face un operator în retail?")
    assert ASK_NAME in chat("vreau să vorbesc cu un recrutor")
    wrong_name = chat("12345")
    assert texts.NAME_INVALID in wrong_name and ASK_NAME in wrong_name
    assert ASK_CONTACT in chat("Ana Pop")
    wrong_phone = chat("0722 123 45")
    assert "„0722 123 45” nu pare corect" in wrong_phone and ASK_CONTACT in wrong_phone
    wrong_email = chat("ana@")
    assert "nu pare o adresă de e-mail corectă" in wrong_email
    training = chat("Cât durează trainingul în asigurări?")
    assert "câteva luni" in training and ASK_CONTACT in training
    consent = chat("0722 123 456")
    assert consent == texts.callback_consent_text(PRIVACY)
    done = chat("da")
    assert done.startswith("Mulțumim, Ana Pop! Am transmis cererea ta") and "+40722123456" in done
    [saved] = callbacks(assistant, chat.user)
    assert (saved["name"], saved["contact"], saved["contact_kind"]) == ("Ana Pop", "+40722123456", "phone")
    assert saved["topics"] == "ask_salary,ask_duties,ask_training" and saved["consent_text"] == consent

    # The recruiters' command line lists the open request and marks it done.
    env = {"DATABASE_URL": f"sqlite:///{knowledge_db(assistant)}", "COLUMNS": "250"}
    listed = CliRunner().invoke(app, ["callbacks", "list"], env=env)
    assert listed.exit_code == 0 and "Ana Pop" in listed.output and "Trainingul" in listed.output
    marked = CliRunner().invoke(app, ["callbacks", "done", str(saved["id"]), "--by", "maria"], env=env)
    assert marked.exit_code == 0 and "marcată rezolvată de maria" in marked.output
    assert callbacks(assistant, chat.user)[0]["done_at"] is not None
    assert "Ana Pop" not in CliRunner().invoke(app, ["callbacks", "list"], env=env).output


def test_a_plain_no_and_switching_from_a_recruiter_to_alerts(assistant: Assistant) -> None:
    chat = Chat(assistant)
    assert ASK_NAME in chat("vreau să vorbesc cu un om")
    assert chat("nu") == texts.CALLBACK_STOPPED
    assert ASK_NAME in chat("mă poate suna un recrutor?")
    assert ASK_EMAIL in chat("de fapt vreau alerte de joburi")
    assert callbacks(assistant, chat.user) == []


def test_show_my_data_and_unsubscribe(assistant: Assistant) -> None:
    chat = Chat(assistant)
    for message in ("vreau alerte de joburi", "ioana@example.com", "financiar", "Sibiu", "germană", "da"):
        chat(message)
    shown = chat("ce date aveți despre mine?")
    assert "ioana@example.com" in shown and "așteaptă confirmarea din e-mail" in shown and "germană" in shown
    assert texts.unsubscribed(["ioana@example.com"]) == chat("dezabonează-mă")
    [saved] = subscriptions(assistant, chat.user)
    assert saved["unsubscribed_at"] is not None
    assert "încheiată" in chat("ce date aveți despre mine?")
    assert chat("dezabonează-mă") == texts.NOT_SUBSCRIBED


def test_delete_my_data_removes_everything_stored_for_the_conversation(assistant: Assistant) -> None:
    chat, other = Chat(assistant), Chat(assistant)
    other("Cât câștigă un operator?")
    for message in ("vreau alerte de joburi", "vlad@example.com", "retail", "Cluj", "engleză", "da"):
        chat(message)
    for message in ("vreau să vorbesc cu un recrutor", "Vlad Ionescu", "0733 444 555", "da"):
        chat(message)
    assert subscriptions(assistant, chat.user) and callbacks(assistant, chat.user)
    assert "vlad@example.com" in json.dumps(stored_events(assistant, chat.user))

    assert chat("șterge-mi datele") == texts.deleted(1, 1)
    assert subscriptions(assistant, chat.user) == [] and callbacks(assistant, chat.user) == []
    # Rasa saves the turn after the action; the action server deletes it again once it is written.
    assert wait_for(lambda: stored_events(assistant, chat.user) == [], ERASURE_SECONDS), stored_events(
        assistant, chat.user
    )
    pending = "SELECT * FROM pending_erasures WHERE sender_id = ?"
    assert wait_for(lambda: query(knowledge_db(assistant), pending, stored_id(chat.user)) == [], ERASURE_SECONDS)
    assert stored_events(assistant, other.user)  # other conversations are kept

    # The conversation goes on as a new one, and nothing of the old one is written back.
    assert "3000 RON net" in chat("cât câștigă un operator?")
    events = stored_events(assistant, chat.user)
    assert events and not any(e.get("text") in ("vlad@example.com", "Vlad Ionescu") for e in events)
    assert "vlad@example.com" not in json.dumps(events) and "0733" not in json.dumps(events)
    assert "Nicio abonare la alerte" in chat("ce date aveți despre mine?")


def test_a_message_right_after_the_deletion_does_not_bring_the_data_back(assistant: Assistant) -> None:
    chat = Chat(assistant)
    for message in ("vreau alerte de joburi", "rapid@example.com", "retail"):
        chat(message)
    chat("șterge-mi datele")
    assert "3000 RON net" in chat("cât câștigă un operator?")  # at once, before the background deletion
    assert wait_for(lambda: "rapid@example.com" not in json.dumps(stored_events(assistant, chat.user)), ERASURE_SECONDS)
    time.sleep(1)  # the deletion is over: nothing writes the old session back
    assert "rapid@example.com" not in json.dumps(stored_events(assistant, chat.user))


def test_delete_my_data_in_the_middle_of_a_form_stops_it(assistant: Assistant) -> None:
    chat = Chat(assistant)
    chat("vreau alerte de joburi")
    assert ASK_INDUSTRY in chat("sorin@example.com")
    assert chat("șterge-mi datele") == texts.deleted(0, 0)
    assert wait_for(lambda: stored_events(assistant, chat.user) == [], ERASURE_SECONDS)
    answer = chat("cât câștigă un operator?")
    assert "3000 RON net" in answer and ASK_INDUSTRY not in answer
    assert "sorin@example.com" not in json.dumps(stored_events(assistant, chat.user))
