from __future__ import annotations

import json

import pytest
from rasa_sdk.events import UserUtteranceReverted

from actions.fallback_actions import ActionCoreFallback, ActionSuggestTopics, suggestions
from actions.link_actions import ActionAnswerNotCovered, ActionFindJob
from bot.answers import messages
from tests.actions.conftest import make_tracker


async def test_find_job_gives_the_configured_link(dispatcher, domain, monkeypatch) -> None:
    monkeypatch.setenv("JOB_SEARCH_URL", "https://jobs.example/operator")
    await ActionFindJob().run(dispatcher, make_tracker([("unde gasesc joburi?", "find_job")]), domain)
    assert "https://jobs.example/operator" in dispatcher.messages[0]["text"]


async def test_not_covered_is_honest_and_offers_a_way(dispatcher, domain, monkeypatch) -> None:
    monkeypatch.setenv("RECRUITER_CONTACT", "recrutare@example.ro")
    await ActionAnswerNotCovered().run(dispatcher, make_tracker([("lucrez in ture?", "ask_not_covered")]), domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Nu am această informație")
    assert "recrutare@example.ro" in text
    assert not any(figure in text for figure in ("3000", "2500", "săptămâni"))


async def test_low_confidence_offers_the_two_best_topics_as_buttons(dispatcher, domain) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_training", "confidence": 0.4},
        {"name": "ask_license", "confidence": 0.35},
        {"name": "ask_salary", "confidence": 0.1},
    ]
    tracker = make_tracker([("cat tine pregatirea la asigurari", "nlu_fallback")], intent_ranking=ranking)
    await ActionSuggestTopics().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["text"] == messages.DID_YOU_MEAN
    titles = [b["title"] for b in message["buttons"]]
    assert titles == ["Trainingul", "Licența (financiar, asigurări)", "Altceva"]
    payload = message["buttons"][0]["payload"]
    assert payload.startswith("/ask_training") and json.loads(payload.removeprefix("/ask_training")) == {
        "industry": "asigurari"
    }


def test_suggestions_skip_fallback_and_out_of_scope() -> None:
    ranking = [{"name": n} for n in ("nlu_fallback", "out_of_scope", "ask_skills", "greet", "ask_salary")]
    assert suggestions(ranking) == ["ask_skills", "greet"]


@pytest.mark.parametrize("ranking", [[], [{"name": "out_of_scope"}]])
async def test_no_suggestion_falls_back_to_the_polite_redirect(dispatcher, domain, ranking) -> None:
    tracker = make_tracker([("asdf", "nlu_fallback")], intent_ranking=ranking)
    await ActionSuggestTopics().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_out_of_scope"


async def test_core_fallback_asks_to_rephrase_and_forgets_the_message(dispatcher, domain) -> None:
    events = await ActionCoreFallback().run(dispatcher, make_tracker([("hmm", "inform")]), domain)
    assert dispatcher.messages[0]["text"] == messages.NOT_UNDERSTOOD
    assert events == [UserUtteranceReverted()]
