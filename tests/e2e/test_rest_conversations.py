"""End to end over the REST channel: both servers running, real model, real database, real actions."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e


def test_salary_follow_ups(assistant: Assistant) -> None:
    user = assistant.new_user()
    assert "3000 RON net pe lună" in assistant.text("Cât câștigă un operator?", user)
    assert "peste 6000 RON net pe lună" in assistant.text("și dacă știu germană?", user)
    third = assistant.text("dar fără experiență?", user)
    assert "aproximativ 2500 RON net" in third


def test_training_follow_up(assistant: Assistant) -> None:
    user = assistant.new_user()
    assert "între două și patru săptămâni" in assistant.text("Cât durează trainingul?", user)
    assert "câteva luni" in assistant.text("și în asigurări?", user)


def test_duties_follow_up(assistant: Assistant) -> None:
    user = assistant.new_user()
    assert "reclamațiile" in assistant.text("Ce face un operator?", user)
    retail = assistant.text("și în retail?", user)
    assert "retururile" in retail and "mărimi" in retail


@pytest.mark.parametrize(
    "question",
    [
        "cat castiga un operator fara experienta",
        "Cât câștigă un operator fără experiență",
        "Cât câştigă un operator fără experienţă",
    ],
)
def test_diacritics_do_not_matter(assistant: Assistant, question: str) -> None:
    assert "aproximativ 2500 RON net" in assistant.text(question, assistant.new_user())


def test_english_gets_no_invented_figure(assistant: Assistant) -> None:
    text = assistant.text("cat as castiga daca vorbesc engleza fluent?", assistant.new_user())
    assert "Pentru limba engleză nu am o cifră" in text


def test_unanswerable_question_is_answered_honestly(assistant: Assistant) -> None:
    text = assistant.text("Se lucreaza in ture de noapte si in weekend?", assistant.new_user())
    assert text.startswith("Nu am această informație")
    assert "https://jobs.example/operator" in text


def test_menu_has_topic_buttons(assistant: Assistant) -> None:
    messages = assistant.send("ce poti face?", assistant.new_user())
    titles = [b["title"] for m in messages for b in m.get("buttons", [])]
    assert "Salariul" in titles and "Trainingul" in titles


def test_button_payload_with_an_industry(assistant: Assistant) -> None:
    text = assistant.text('/ask_duties{"industry": "asigurari"}', assistant.new_user())
    assert "polițe de asigurare" in text


@pytest.mark.parametrize("message", ["<img src=x onerror=alert(1)>", "👍👍", "   ", "asdkjh qwpoe zmxn", "x" * 5000])
def test_odd_input_gets_an_answer(assistant: Assistant, message: str) -> None:
    user = assistant.new_user()
    replies = assistant.send(message, user)
    assert replies and all(r.get("text") for r in replies)
    assert "3000 RON net" in assistant.text("cat castiga un operator?", user)  # the conversation goes on
