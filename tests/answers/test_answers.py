"""The composed answers state the source's facts for each context, lead with the asked ones, and say so where
the source is silent."""

from __future__ import annotations

import re

import pytest

from bot.answers.engine import Previous, reply, topic_answer
from bot.answers.links import not_covered_answer
from bot.answers.selection import follow_up, leads_for
from bot.answers.topics import Context
from bot.answers.understanding import Question, Understanding
from bot.knowledge.repository import Knowledge, KnowledgeRepository
from bot.settings import Settings, get_settings
from bot.text.entities import Experience


@pytest.fixture
def knowledge(repository: KnowledgeRepository) -> Knowledge:
    return repository.knowledge()


def answer(knowledge: Knowledge, topic: str, context: Context | None = None, **kwargs) -> str:
    return topic_answer(topic, knowledge, get_settings(), context, **kwargs).text


def question(text: str, intent: str | None, scores: dict[str, float] | None = None, **values) -> Question:
    return Question(text, intent, 0.9, [(intent or "", 0.9)], scores or {}, values)


def test_salary_overview_gives_every_figure_and_the_source(knowledge) -> None:
    text = answer(knowledge, "salary")
    for fact in ("3000 RON net", "aproximativ 2500 RON net", "peste 3 ani", "4000 RON net", "Paylab", "Randstad"):
        assert fact in text


def test_salary_without_experience_is_the_beginner_figure(knowledge) -> None:
    text = answer(knowledge, "salary", Context(experience=Experience("none")))
    assert text.startswith("Un operator call center fără experiență câștigă la început aproximativ 2500 RON net")


def test_salary_after_more_than_three_years(knowledge) -> None:
    text = answer(knowledge, "salary", Context(experience=Experience("years", 5)))
    assert text.startswith("Cu o experiență de peste 3 ani, salariul poate depăși 4000 RON net")
    assert "4000" in answer(knowledge, "salary", Context(experience=Experience("years", 3, more_than=True)))


def test_salary_for_years_the_source_does_not_cover_says_so(knowledge) -> None:
    text = answer(knowledge, "salary", Context(experience=Experience("years", 2)))
    assert text.startswith("Pentru 2 ani de experiență sursa mea nu dă o cifră exactă")
    assert "2500" in text and "3000" in text and "4000" in text


def test_salary_with_german(knowledge) -> None:
    text = answer(knowledge, "salary", Context(language="germana"))
    assert "peste 6000 RON net pe lună" in text and "germană" in text and "minim de experiență" in text


@pytest.mark.parametrize("language", ["engleza", "franceza"])
def test_salary_with_a_language_without_a_figure_invents_none(knowledge, language: str) -> None:
    text = answer(knowledge, "salary", Context(language=language))
    assert "nu am o cifră" in text
    assert "Îți poți crește considerabil veniturile" in text
    assert "germană poate obține un venit de peste 6000" in text  # the only figure, named as the example
    assert {int(n) for n in re.findall(r"\d{3,}", text)} <= {6000}


def test_german_without_experience_says_the_figure_needs_some(knowledge) -> None:
    both = answer(knowledge, "salary", Context(language="germana", experience=Experience("none")))
    assert both.startswith("Fără experiență deloc, sursa dă doar salariul de început")
    assert "peste 6000" in both and "aproximativ 2500" in both
    # "dar fără experiență?" after the German figure: the beginner's pay is the answer, not the German figure.
    experience_asked = Context(language="germana", experience=Experience("none"), focus="experience")
    text = answer(knowledge, "salary", experience_asked)
    assert "aproximativ 2500" in text and "6000" not in text


def test_salary_in_an_industry_says_figures_are_general(knowledge) -> None:
    text = answer(knowledge, "salary", Context(industry="asigurari"))
    assert text.startswith("Nu am salarii separate pentru asigurări") and "3000" in text


def test_general_duties(knowledge) -> None:
    text = answer(knowledge, "duties")
    for fact in ("produse sau servicii", "reclamațiile", "tarifelor", "plăților", "telefon", "computer", "chat live"):
        assert fact in text
    assert len(text) <= 700


@pytest.mark.parametrize(
    ("industry", "facts"),
    [
        ("retail", ("comenzi", "retururile", "mărimi", "culori", "materiale", "vânzări")),
        ("telecom", ("întreruperile", "intervenții tehnice", "pachete de servicii", "informațiile contului")),
        ("utilitati", ("întreruperile", "intervenții tehnice")),
        ("asigurari", ("polițe de asigurare", "opțiunile de acoperire")),
    ],
)
def test_duties_by_industry_lead_with_the_industry(knowledge, industry: str, facts: tuple[str, ...]) -> None:
    text = answer(knowledge, "duties", Context(industry=industry))
    assert all(f in text for f in facts)
    assert text.index(facts[0]) < text.index("Un operator call center lucrează direct cu clienții")


def test_duties_in_an_industry_the_source_does_not_describe(knowledge) -> None:
    assert answer(knowledge, "duties", Context(industry="comert")).startswith(
        "Nu am detalii despre sarcinile unui operator în comerț"
    )


def test_training(knowledge) -> None:
    general = answer(knowledge, "training")
    assert "între două și patru săptămâni" in general and "câteva luni" in general
    insurance = answer(knowledge, "training", Context(industry="asigurari"))
    assert insurance.startswith("Programele de instruire pentru operatorii din domeniul financiar")
    assert "educație continuă" in insurance and "licență" in insurance
    assert answer(knowledge, "training", Context(industry="retail")).startswith("Nu am o durată separată pentru retail")


def test_licence(knowledge) -> None:
    assert "examen" in answer(knowledge, "license", Context(industry="financiar"))
    assert answer(knowledge, "license").startswith("O licență profesională e pomenită doar pentru domeniul financiar")
    assert answer(knowledge, "license", Context(industry="retail")).startswith(
        "Nu am informații despre o licență pentru retail"
    )


def test_role_types_name_every_sector_with_retail_the_most_common(knowledge) -> None:
    text = answer(knowledge, "role_types")
    assert "Cei mai mulți reprezentanți call center lucrează în retail" in text
    for name in ("asigurări", "servicii tehnice", "servicii de asistență pentru companii", "comerț", "telecomunicații"):
        assert name in text


def test_yes_no_questions_get_their_short_answer_first(knowledge) -> None:
    assert answer(knowledge, "education", leads=["education.degrees"], yes_no=True).startswith(
        "Nu neapărat: studiile superioare nu sunt cerute"
    )
    assert answer(knowledge, "duties", leads=["duties.records"], yes_no=True).startswith("Da, trebuie să păstrezi")
    # A note about the industry comes first and no "Da" is given for an industry the fact does not cover.
    assert answer(knowledge, "license", Context(industry="retail"), leads=[], yes_no=True).startswith("Nu am")


def test_a_precise_answer_is_no_longer_than_the_general_one(knowledge) -> None:
    general = answer(knowledge, "skills")
    precise = answer(knowledge, "skills", leads=["skills.time_management"])
    assert precise.startswith("Pentru că termenele limită sunt strânse") and len(precise) <= max(len(general), 300)


def test_leads_are_the_facts_more_likely_than_the_general_question(knowledge) -> None:
    assert leads_for("duties", {"duties.records": 0.5, "ask_duties": 0.3}, knowledge, Context()) == ["duties.records"]
    assert leads_for("duties", {"duties.records": 0.2, "ask_duties": 0.6}, knowledge, Context()) == []
    # Outside the topic and its neighbours only a clear winner leads.
    assert leads_for("salary", {"skills.patience": 0.3}, knowledge, Context()) == []
    assert leads_for("salary", {"skills.patience": 0.7}, knowledge, Context()) == ["skills.patience"]
    # In a regulated industry the months stand for the general weeks.
    banking = leads_for("training", {"training.duration": 0.6}, knowledge, Context(industry="financiar"))
    assert banking == ["training.regulated_duration"]


def test_follow_ups_read_against_the_previous_answer(knowledge) -> None:
    after_licence = Previous("license", ("license.regulated",), {"industry": "financiar"})
    how = question("si cum se obtine?", "nlu_fallback", {"license.exam": 0.15, "find_job.search": 0.2})
    assert follow_up(how, after_licence, knowledge) == ("license", ["license.exam"], {})
    why = question("de ce?", "out_of_scope")
    after_months = Previous("training", ("training.regulated_duration",), {})
    assert follow_up(why, after_months, knowledge) == ("training", ["training.regulations"], {})
    german = question("si cu germana?", "inform", language="germana")
    assert follow_up(german, Previous("duties", ("duties.customers",), {}), knowledge) == (
        "salary",
        [],
        {"language": "germana"},
    )
    new_topic = question("cat dureaza trainingul?", "ask_training", {"training.duration": 0.7})
    assert follow_up(new_topic, Previous("salary", ("salary.average",), {}), knowledge) is None
    assert follow_up(how, Previous(), knowledge) is None


def test_several_questions_and_one_the_source_does_not_answer(knowledge) -> None:
    parts = [
        question("cat castig", "ask_salary"),
        question("lucrez in ture?", "ask_not_covered"),
        question("ce studii trebuie?", "ask_education"),
    ]
    answered = reply(Understanding("...", parts), Previous(), knowledge, get_settings())
    lines = answered.reply.text.split("\n")
    assert lines[0].startswith("Salariul mediu") and lines[1].startswith("Pentru a deveni operator")
    assert lines[2].startswith("Nu am această informație pentru cealaltă întrebare")
    assert answered.reply.topic == "education"


def test_links_come_from_settings(tmp_path) -> None:
    settings = Settings("sqlite://", "https://jobs.example/ro", "recrutare@example.ro", tmp_path)
    text = not_covered_answer(settings)
    assert text.startswith("Nu am această informație")
    assert "recrutare@example.ro" in text and "https://jobs.example/ro" in text
    assert "recrutor" not in not_covered_answer(Settings("sqlite://", "https://jobs.example/ro", "", tmp_path))


def test_the_job_search_answer_has_the_configured_link(knowledge, monkeypatch) -> None:
    monkeypatch.setenv("JOB_SEARCH_URL", "https://jobs.example/operator")
    assert "https://jobs.example/operator" in answer(knowledge, "find_job")
