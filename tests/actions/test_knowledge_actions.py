"""action_answer_question answers from the real database with what the user said, records the facts it said,
and keeps the context and the last answer for follow-ups."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_actions import ActionAnswerQuestion
from bot.answers import messages
from tests.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("env_database")


def texts(dispatcher: CollectingDispatcher) -> str:
    return " ".join(m.get("text") or m.get("response") or "" for m in dispatcher.messages)


async def answer(dispatcher: CollectingDispatcher, domain: dict[str, Any], *args: Any, **kwargs: Any) -> list[dict]:
    return await ActionAnswerQuestion().run(dispatcher, make_tracker(*args, **kwargs), domain)


async def test_salary_question_answers_with_the_figures_and_records_them(dispatcher, domain) -> None:
    events = await answer(dispatcher, domain, [("Cât câștigă un operator?", "ask_salary")])
    message = dispatcher.messages[0]
    assert "3000 RON net pe lună" in message["text"] and "Paylab" in message["text"]
    assert message["facts"][:2] == ["salary.average", "salary.beginner"] and message["topic"] == "salary"
    assert SlotSet("answer_topic", "salary") in events
    assert SlotSet("answer_facts", message["facts"]) in events
    assert SlotSet("industry", None) in events


async def test_salary_question_uses_the_experience_in_the_message(dispatcher, domain) -> None:
    events = await answer(dispatcher, domain, [("cat castig fara experienta?", "ask_salary")])
    assert texts(dispatcher).startswith("Un operator call center fără experiență câștigă la început aproximativ 2500")
    assert SlotSet("experience", "none") in events


async def test_salary_with_english_says_there_is_no_figure(dispatcher, domain) -> None:
    await answer(dispatcher, domain, [("cât câștig dacă știu engleză la nivel avansat?", "ask_salary")])
    text = texts(dispatcher)
    assert text.startswith("Pentru limba engleză nu am o cifră") and "6000" in text


async def test_the_asked_fact_leads_with_its_yes(dispatcher, domain) -> None:
    turns = [("trebuie sa tin evidenta convorbirilor?", "ask_duties")]
    await answer(dispatcher, domain, turns, facts={"duties.records": 0.6, "ask_duties": 0.2})
    assert texts(dispatcher).startswith("Da, trebuie să păstrezi înregistrări detaliate")
    assert dispatcher.messages[0]["facts"][0] == "duties.records"


async def test_a_general_question_gets_the_topic_answer(dispatcher, domain) -> None:
    await answer(dispatcher, domain, [("ce face un operator?", "ask_duties")], facts={"ask_duties": 0.8})
    message = dispatcher.messages[0]
    assert message["facts"][0] == "duties.customers" and "reclamațiile" in message["text"]
    assert {"title": "Retail", "payload": '/ask_duties{"industry": "retail"}'} in message["buttons"]


async def test_follow_ups_keep_the_salary_context(domain) -> None:
    first = CollectingDispatcher()
    slots = {"answer_topic": "salary", "answer_facts": ["salary.average"]}
    turns = [("Cât câștigă un operator?", "ask_salary"), ("și dacă știu germană?", "inform")]
    events = await answer(first, domain, turns, slots=slots)
    assert texts(first).startswith("De exemplu, un operator cu un minim de experiență și nivel avansat de limba")
    assert SlotSet("language", "germana") in events

    second = CollectingDispatcher()
    turns.append(("dar fără experiență?", "inform"))
    events = await answer(second, domain, turns, slots={**slots, "language": "germana"})
    text = texts(second)
    assert "aproximativ 2500 RON net" in text and "minim de experiență" in text
    assert SlotSet("experience", "none") in events and SlotSet("language", "germana") in events


async def test_training_follow_up_in_insurance(dispatcher, domain) -> None:
    turns = [("Cât durează trainingul?", "ask_training"), ("și în asigurări?", "inform")]
    await answer(dispatcher, domain, turns, slots={"answer_topic": "training", "answer_facts": ["training.duration"]})
    assert texts(dispatcher).startswith("Programele de instruire pentru operatorii din domeniul financiar")


async def test_a_short_question_after_an_answer_is_about_that_answer(dispatcher, domain) -> None:
    """ "și cum se obține?" after the licence answer: NLU is unsure, the previous topic's facts decide."""
    turns = [("trebuie licenta la banca?", "ask_license"), ("si cum se obtine?", "nlu_fallback")]
    slots = {"answer_topic": "license", "answer_facts": ["license.regulated"], "industry": "financiar"}
    await answer(dispatcher, domain, turns, slots=slots, facts={"license.exam": 0.2, "find_job.search": 0.25})
    assert texts(dispatcher).startswith("În cele mai multe cazuri trebuie să susții un examen")


async def test_why_after_an_answer_gives_its_reason(dispatcher, domain) -> None:
    turns = [("cat dureaza trainingul la banca?", "ask_training"), ("de ce?", "out_of_scope")]
    slots = {"answer_topic": "training", "answer_facts": ["training.regulated_duration"]}
    await answer(dispatcher, domain, turns, slots=slots)
    assert texts(dispatcher).startswith("În acest timp înveți despre reglementările complexe")


async def test_follow_up_without_a_previous_answer_asks_to_rephrase(dispatcher, domain) -> None:
    await answer(dispatcher, domain, [("și atunci?", "inform")])
    assert dispatcher.messages[0]["text"] == messages.FOLLOW_UP_UNCLEAR


async def test_unsure_nlu_offers_the_two_likely_topics(dispatcher, domain) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.9},
        {"name": "ask_salary", "confidence": 0.15},
        {"name": "ask_training", "confidence": 0.14},
    ]
    await answer(dispatcher, domain, [("cu germana cum e", "nlu_fallback")], intent_ranking=ranking)
    message = dispatcher.messages[0]
    assert message["text"] == messages.DID_YOU_MEAN
    assert [b["payload"] for b in message["buttons"]] == [
        '/ask_salary{"language": "germana"}',
        '/ask_training{"language": "germana"}',
        "/ask_capabilities",
    ]


async def test_out_of_scope_is_refused_with_the_domain_response(dispatcher, domain) -> None:
    events = await answer(dispatcher, domain, [("ce vreme e maine?", "out_of_scope")])
    assert dispatcher.messages[0]["response"] == "utter_out_of_scope" and events == []


async def test_what_the_source_does_not_say_is_answered_honestly(dispatcher, domain) -> None:
    await answer(dispatcher, domain, [("se lucreaza in ture?", "ask_not_covered")])
    message = dispatcher.messages[0]
    assert message["text"].startswith("Nu am această informație") and message["facts"] == []
    assert {"title": "Vreau să vorbesc cu un recrutor", "payload": "/talk_to_human"} in message["buttons"]


async def test_several_questions_get_an_answer_each(dispatcher, domain) -> None:
    text = "cat castig si cat dureaza trainingul?"
    tracker = make_tracker([(text, "ask_salary")])
    tracker.latest_message["questions"] = [
        {"start": 0, "end": 10, "text": "cat castig", "intent": {"name": "ask_salary", "confidence": 0.9}},
        {
            "start": 14,
            "end": 37,
            "text": "cat dureaza trainingul?",
            "intent": {"name": "ask_training", "confidence": 0.9},
            "fact_ranking": [{"name": "training.duration", "confidence": 0.6}],
        },
    ]
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    salary, training = dispatcher.messages[0]["text"].split("\n")
    assert salary.startswith("Salariul mediu") and training.startswith("În general, instruirea durează")


async def test_duties_from_a_button_payload(dispatcher, domain) -> None:
    entities = [{"entity": "industry", "value": "asigurari"}]
    await answer(dispatcher, domain, [('/ask_duties{"industry": "asigurari"}', "ask_duties")], entities=entities)
    assert "polițe de asigurare" in texts(dispatcher)


@pytest.mark.parametrize("value", ["'; DROP TABLE roles; --", "x" * 10_000, 42, None, {"a": 1}])
async def test_hand_typed_entity_values_are_ignored(dispatcher, domain, value) -> None:
    entities = [{"entity": "industry", "value": value}]
    events = await answer(dispatcher, domain, [("/ask_duties", "ask_duties")], entities=entities)
    assert "reclamațiile" in texts(dispatcher)  # the general answer
    assert SlotSet("industry", None) in events


async def test_role_types(dispatcher, domain) -> None:
    await answer(dispatcher, domain, [("ce tipuri de operatori exista", "ask_role_types")])
    assert "Cei mai mulți reprezentanți call center lucrează în retail" in texts(dispatcher)
    assert dispatcher.messages[0]["buttons"]


async def test_database_down_gives_an_apology_not_a_crash(dispatcher, domain, monkeypatch, tmp_path) -> None:
    from bot.knowledge import repository as repository_module

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/k.db")
    repository_module._repositories.clear()
    events = await answer(dispatcher, domain, [("cat castiga", "ask_salary")])
    assert [m["text"] for m in dispatcher.messages] == [messages.KNOWLEDGE_UNAVAILABLE] and events == []
