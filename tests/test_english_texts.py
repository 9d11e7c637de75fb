"""What the Rasa server and the actions say on their own, in an English conversation: the stand-in when the
action server is down, the apology, the message gate, "did you mean", the job search (docs/languages.md)."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import PROJECT_ROOT
from bot.answers import messages
from bot.answers.engine import did_you_mean
from bot.answers.understanding import Question
from bot.candidates import texts
from bot.english import english
from bot.jobs import texts as job_texts
from bot.jobs.search import Filters
from bot.runtime import local_actions, message_gate
from bot.runtime.action_timeout import apology_event


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain"))


def tracker_in(domain: Domain, language: str | None, *events: object) -> DialogueStateTracker:
    start = [SlotSet("reply_language", language)] if language else []
    return DialogueStateTracker.from_events("u", [*start, *events], domain.slots)


def said(events: list) -> list[str]:
    return [e.text for e in events if isinstance(e, BotUttered)]


def test_the_stand_in_asks_and_stops_in_english(domain: Domain) -> None:
    english_tracker = tracker_in(domain, "en", UserUttered("I want job alerts"))
    assert said(local_actions.run("action_ask_alert_email", english_tracker) or [])[0].startswith(
        "I'll gladly subscribe you to personalised job alerts"
    )
    form = tracker_in(domain, "en", ActiveLoop("recruiter_form"), UserUttered("stop"))
    assert said(local_actions.run("action_callback_stopped", form) or []) == [texts.fixed("CALLBACK_STOPPED", "en")]
    romanian = tracker_in(domain, None, UserUttered("vreau alerte"))
    assert said(local_actions.run("action_ask_alert_email", romanian) or [])[0].startswith("Cu plăcere te abonez")


def test_apology_and_gate_in_english() -> None:
    assert apology_event("en").text == english("messages", "ACTION_UNAVAILABLE")
    assert apology_event().text == messages.ACTION_UNAVAILABLE
    assert message_gate.refusal("   ", 2000, "en") == english("messages", "EMPTY_MESSAGE")
    assert "at most 2000 characters" in (message_gate.refusal("a" * 2001, 2000, "en") or "")
    assert message_gate.refusal("a" * 2001, 2000) == messages.message_too_long(2000)


def test_did_you_mean_offers_english_titles() -> None:
    ranking = [("ask_salary", 0.3), ("ask_training", 0.2)]
    question = Question("hmm pay or training", "nlu_fallback", 0.1, ranking, {}, {})
    reply = did_you_mean(question, {}, "en")
    assert reply.text == english("messages", "DID_YOU_MEAN")
    assert [b["title"] for b in reply.buttons] == ["Salary", "Training", "Something else"]
    assert [b["payload"] for b in reply.buttons] == ["/ask_salary", "/ask_training", "/ask_capabilities"]
    assert [b["title"] for b in did_you_mean(question, {}).buttons] == ["Salariul", "Trainingul", "Altceva"]


def test_job_search_texts_in_english() -> None:
    filters = Filters(industry="financiar", city="Cluj-Napoca", language="germana")
    assert job_texts.found(5, filters, "en") == (
        "I have 5 open positions for operators in finance and banking, in Cluj-Napoca, with German; here are the "
        "first 3:"
    )
    assert job_texts.none_found(filters, "en").startswith("Right now I have no open operator position in finance")
    assert job_texts.alerts_button("en") == {"title": "Job alerts", "payload": "/subscribe_alerts"}


def test_form_texts_in_english_keep_the_values() -> None:
    consent = texts.alert_consent_text("https://example.ro/privacy", "en")
    assert consent.endswith("Details about how we use the data: https://example.ro/privacy . Do you agree?")
    done = texts.subscribed("ana@example.com", "oricare", "oriunde", [], "en")
    assert "ana@example.com" in done and "in any field, in any city." in done
    assert texts.deleted(1, 2, "en").startswith(
        "I've deleted your data: the alerts subscription, 2 contact requests and this conversation's messages."
    )
