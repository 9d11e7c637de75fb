"""Where the questions are in a message, and what the source never says asked inside a question it covers."""

from __future__ import annotations

import pytest

from bot.text.normalize import normalize_message
from bot.text.questions import asks_whether, questions, split
from bot.text.unknowns import unknown_aspect


@pytest.mark.parametrize(
    ("text", "topic", "aspect"),
    [
        ("Trainingul e plătit?", "training", "plata în timpul trainingului"),
        ("cat se castiga la call center in cluj?", "salary", "salarii pe orașe sau angajatori"),
        ("se lucrează și în ture de noapte?", "duties", "program și ture"),
        ("cât costă licența?", "license", "costuri"),
        ("e greu examenul?", "license", "cât de greu e examenul"),
        ("iau mai mult daca am facultate?", "salary", "salariul după studii"),
        ("am 17 ani, ma angajeaza cu varsta asta?", "find_job", "vârsta cerută"),
    ],
)
def test_an_unknown_aspect_of_a_known_topic_is_noticed(text: str, topic: str, aspect: str) -> None:
    assert unknown_aspect(normalize_message(text), topic) == aspect


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("se plătește bine la call center?", "salary"),  # pay in general: the figures answer it
        ("ce înveți în programul de training?", "training"),  # "program" of training, not working hours
        ("programezi intervenții tehnice?", "duties"),
        ("colegii sunt de vârste diferite?", "work_environment"),  # a diverse team is a fact
        ("majoritatea operatorilor lucrează în retail?", "role_types"),  # "majoritatea" is not "majorat"
        ("ce studii trebuie?", "education"),  # studies are a topic, not a salary aspect here
    ],
)
def test_what_the_source_does_answer_is_not_taken_for_unknown(text: str, topic: str) -> None:
    assert unknown_aspect(normalize_message(text), topic) is None


def test_a_story_mentioning_a_shift_in_passing_is_not_asking_about_shifts() -> None:
    story = (
        "am lucrat in depozit la picking si scanam sute de colete pe tura, o prietena zice ca in call center e "
        "mai relaxat, chiar asa e?"
    )
    assert unknown_aspect(normalize_message(story), "work_environment") is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Cât câștig și cât durează trainingul?", ["cat castig", "cat dureaza trainingul?"]),
        (
            "trainingul la asigurari cat dureaza si e nevoie de licenta?",
            ["trainingul la asigurari cat dureaza", "e nevoie de licenta?"],
        ),
        (
            "unde gasesc joburi? si cum arata un contract tipic?",
            ["unde gasesc joburi?", "cum arata un contract tipic?"],
        ),
        (
            "la banca trebuie sa faci cursuri si dupa ce te angajezi?",
            ["la banca trebuie sa faci cursuri si dupa ce te angajezi?"],
        ),
        ("Salut! Cât câștigă un operator?", ["cat castiga un operator?"]),
    ],
)
def test_questions_in_a_message(text: str, parts: list[str]) -> None:
    assert [p.text for p in questions(normalize_message(text))] == parts


def test_a_story_is_background_not_a_question() -> None:
    text = normalize_message("Lucrez de 8 ani la ghișeu la o bancă. Am nevoie de licență în call center?")
    assert [(p.text, p.question) for p in split(text)] == [
        ("lucrez de 8 ani la ghiseu la o banca.", False),
        ("am nevoie de licenta in call center?", True),
    ]


@pytest.mark.parametrize(
    ("text", "whether"),
    [("trebuie să țin evidența?", True), ("e greu examenul?", False), ("cât durează?", False), ("de ce?", False)],
)
def test_questions_a_fact_can_answer_yes_or_no(text: str, whether: bool) -> None:
    assert asks_whether(normalize_message(text)) is whether
