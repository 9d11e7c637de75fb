"""Each knowledge action answers from the real database, with what the user said, and keeps the context."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_actions import (
    ActionAnswerDuties,
    ActionAnswerFollowUp,
    ActionAnswerLicense,
    ActionAnswerRoleTypes,
    ActionAnswerSalary,
    ActionAnswerTraining,
)
from bot.answers import messages
from tests.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("env_database")


def texts(dispatcher: CollectingDispatcher) -> str:
    return " ".join(m.get("text") or m.get("response") or "" for m in dispatcher.messages)


async def test_salary_question_answers_with_the_average(dispatcher, domain) -> None:
    tracker = make_tracker([("Cât câștigă un operator?", "ask_salary")])
    events = await ActionAnswerSalary().run(dispatcher, tracker, domain)
    assert "3000 RON net pe lună" in texts(dispatcher)
    assert events == [SlotSet("industry", None), SlotSet("language", None), SlotSet("experience", None)]


async def test_salary_question_uses_the_experience_in_the_message(dispatcher, domain) -> None:
    tracker = make_tracker([("cat castig fara experienta?", "ask_salary")])
    events = await ActionAnswerSalary().run(dispatcher, tracker, domain)
    assert "aproximativ 2500 RON net" in texts(dispatcher)
    assert SlotSet("experience", "none") in events


async def test_salary_with_english_says_there_is_no_figure(dispatcher, domain) -> None:
    tracker = make_tracker([("cât câștig dacă știu engleză la nivel avansat?", "ask_salary")])
    await ActionAnswerSalary().run(dispatcher, tracker, domain)
    text = texts(dispatcher)
    assert "Pentru limba engleză nu am o cifră" in text and "6000" in text


async def test_follow_ups_keep_the_salary_context(dispatcher, domain) -> None:
    turns = [("Cât câștigă un operator?", "ask_salary"), ("și dacă știu germană?", "inform")]
    events = await ActionAnswerFollowUp().run(dispatcher, make_tracker(turns), domain)
    assert "peste 6000 RON net pe lună" in texts(dispatcher)
    assert SlotSet("language", "germana") in events

    third = CollectingDispatcher()
    turns.append(("dar fără experiență?", "inform"))
    events = await ActionAnswerFollowUp().run(third, make_tracker(turns, slots={"language": "germana"}), domain)
    text = texts(third)
    assert "aproximativ 2500 RON net" in text and "minim de experiență" in text
    assert SlotSet("experience", "none") in events and SlotSet("language", "germana") in events


async def test_training_follow_up_in_insurance(dispatcher, domain) -> None:
    turns = [("Cât durează trainingul?", "ask_training"), ("și în asigurări?", "inform")]
    await ActionAnswerFollowUp().run(dispatcher, make_tracker(turns), domain)
    assert "pot dura câteva luni" in texts(dispatcher)


async def test_duties_follow_up_in_retail(dispatcher, domain) -> None:
    turns = [("Ce face un operator?", "ask_duties"), ("și în retail?", "inform")]
    await ActionAnswerFollowUp().run(dispatcher, make_tracker(turns), domain)
    assert "retururile" in texts(dispatcher) and "mărimi" in texts(dispatcher)


async def test_follow_up_without_a_previous_topic_asks_to_rephrase(dispatcher, domain) -> None:
    await ActionAnswerFollowUp().run(dispatcher, make_tracker([("și atunci?", "inform")]), domain)
    assert dispatcher.messages[0]["text"] == messages.FOLLOW_UP_UNCLEAR


async def test_duties_question_offers_industries_as_buttons(dispatcher, domain) -> None:
    await ActionAnswerDuties().run(
        dispatcher, make_tracker([("ce face un operator call center?", "ask_duties")]), domain
    )
    message = dispatcher.messages[0]
    assert "reclamațiile" in message["text"]
    assert {"title": "Retail", "payload": '/ask_duties{"industry": "retail"}'} in message["buttons"]


async def test_duties_from_a_button_payload(dispatcher, domain) -> None:
    tracker = make_tracker(
        [('/ask_duties{"industry": "asigurari"}', "ask_duties")],
        entities=[{"entity": "industry", "value": "asigurari"}],
    )
    await ActionAnswerDuties().run(dispatcher, tracker, domain)
    assert "polițe de asigurare" in texts(dispatcher)


@pytest.mark.parametrize("value", ["'; DROP TABLE roles; --", "x" * 10_000, 42, None, {"a": 1}])
async def test_hand_typed_entity_values_are_ignored(dispatcher, domain, value) -> None:
    tracker = make_tracker([("/ask_duties", "ask_duties")], entities=[{"entity": "industry", "value": value}])
    events = await ActionAnswerDuties().run(dispatcher, tracker, domain)
    assert "reclamațiile" in texts(dispatcher)  # the general answer
    assert SlotSet("industry", None) in events


async def test_role_types(dispatcher, domain) -> None:
    await ActionAnswerRoleTypes().run(
        dispatcher, make_tracker([("ce tipuri de operatori exista", "ask_role_types")]), domain
    )
    assert "Cei mai mulți lucrează în retail" in texts(dispatcher)
    assert dispatcher.messages[0]["buttons"]


async def test_training_and_licence(dispatcher, domain) -> None:
    await ActionAnswerTraining().run(dispatcher, make_tracker([("cat dureaza trainingul", "ask_training")]), domain)
    await ActionAnswerLicense().run(dispatcher, make_tracker([("trebuie licenta la banca?", "ask_license")]), domain)
    text = texts(dispatcher)
    assert "între două și patru săptămâni" in text and "examen" in text


async def test_database_down_gives_an_apology_not_a_crash(dispatcher, domain, monkeypatch, tmp_path) -> None:
    from bot.knowledge import repository as repository_module

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/k.db")
    repository_module._repositories.clear()
    await ActionAnswerSalary().run(dispatcher, make_tracker([("cat castiga", "ask_salary")]), domain)
    assert [m["text"] for m in dispatcher.messages] == [messages.KNOWLEDGE_UNAVAILABLE]
