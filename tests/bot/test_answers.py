"""The composed answers state the source's facts for each context, and say so where the source is silent."""

import pytest

from bot.answers.follow_up import follow_up_topic
from bot.answers.links import find_job_answer, not_covered_answer
from bot.answers.roles import duties_answer, licence_answer, role_types_answer, training_answer
from bot.answers.salary import salary_answer
from bot.knowledge.repository import KnowledgeRepository
from bot.settings import Settings
from bot.text.entities import Experience


@pytest.fixture
def figures(repository: KnowledgeRepository):
    return repository.salary_figures()


@pytest.fixture
def roles(repository: KnowledgeRepository):
    return repository.roles()


def test_salary_overview_gives_every_figure_and_the_source(figures) -> None:
    text = salary_answer(figures)
    for fact in ("3000 RON net", "aproximativ 2500 RON net", "peste 3 ani", "4000 RON net", "Paylab", "Randstad"):
        assert fact in text


def test_salary_without_experience_is_the_beginner_figure(figures) -> None:
    text = salary_answer(figures, Experience("none"))
    assert text.startswith("Un operator call center fără experiență câștigă la început aproximativ 2500 RON net")


def test_salary_after_more_than_three_years(figures) -> None:
    assert "peste 3 ani, salariul poate depăși 4000 RON net" in salary_answer(figures, Experience("years", 5))
    assert "4000" in salary_answer(figures, Experience("years", 3, more_than=True))


def test_salary_for_years_the_source_does_not_cover_says_so(figures) -> None:
    text = salary_answer(figures, Experience("years", 2))
    assert "Pentru 2 ani de experiență sursa mea nu dă o cifră exactă" in text
    assert "2500" in text and "3000" in text and "4000" in text


def test_salary_with_german(figures) -> None:
    text = salary_answer(figures, language="germana")
    assert "peste 6000 RON net pe lună" in text and "germană" in text and "minim de experiență" in text


@pytest.mark.parametrize("language", ["engleza", "franceza"])
def test_salary_with_a_language_without_a_figure_invents_none(figures, language: str) -> None:
    text = salary_answer(figures, language=language)
    assert "nu am o cifră" in text
    assert "Îți poți crește considerabil veniturile" in text
    assert "germană poate obține un venit de peste 6000" in text  # the only figure, named as the example
    numbers = {int(n) for n in __import__("re").findall(r"\d{3,}", text)}
    assert numbers <= {6000}


def test_german_without_experience_gives_only_the_beginner_figure(figures) -> None:
    text = salary_answer(figures, Experience("none"), "germana")
    assert "peste 6000" in text
    assert "Fără experiență deloc, sursa dă doar salariul de început: aproximativ 2500" in text


def test_salary_in_an_industry_says_figures_are_general(figures, roles) -> None:
    text = salary_answer(figures, industry=roles["asigurari"])
    assert text.startswith("Nu am salarii separate pentru asigurări")
    assert "3000" in text


def test_general_duties(roles) -> None:
    text = duties_answer(roles)
    for fact in (
        "produse sau servicii",
        "reclamațiile",
        "tarifelor",
        "plăților",
        "rambursărilor",
        "telefon",
        "computer",
        "chat live",
        "rețele sociale",
        "e-mail",
        "înregistrări detaliate",
    ):
        assert fact in text


@pytest.mark.parametrize(
    ("industry", "facts"),
    [
        ("retail", ("comenzi", "retururile", "mărimi", "culori", "materiale")),
        ("telecom", ("întreruperile", "intervenții tehnice", "pachetele de servicii", "informațiile contului")),
        ("utilitati", ("întreruperile", "intervenții tehnice")),
        ("asigurari", ("polițe de asigurare", "opțiunile de acoperire")),
    ],
)
def test_duties_by_industry(roles, industry: str, facts: tuple[str, ...]) -> None:
    text = duties_answer(roles, industry)
    assert all(f in text for f in facts)


def test_duties_in_an_industry_the_source_does_not_describe(roles) -> None:
    text = duties_answer(roles, "comert")
    assert text.startswith("Nu am detalii despre sarcinile unui operator în comerț")


def test_training(roles) -> None:
    assert "între două și patru săptămâni" in training_answer(roles)
    assert "câteva luni" in training_answer(roles)  # mentions the regulated industries
    insurance = training_answer(roles, "asigurari")
    assert "pot dura câteva luni" in insurance and "educație continuă" in insurance and "licență" in insurance
    assert "două și patru săptămâni" in training_answer(roles, "retail")


def test_licence(roles) -> None:
    assert "examen" in licence_answer(roles, "financiar")
    assert "examen" in licence_answer(roles)
    assert licence_answer(roles, "retail").startswith("Nu am informații despre o licență pentru retail")


def test_role_types_lists_every_industry_with_retail_first(roles) -> None:
    text = role_types_answer(roles)
    assert "Cei mai mulți lucrează în retail" in text
    for name in (
        "asigurări",
        "servicii tehnice",
        "servicii de asistență pentru companii",
        "comerț",
        "telecomunicații",
        "utilități",
    ):
        assert name in text


def test_links_come_from_settings(tmp_path) -> None:
    settings = Settings("sqlite://", "https://jobs.example/ro", "recrutare@example.ro", tmp_path)
    assert "https://jobs.example/ro" in find_job_answer(settings)
    text = not_covered_answer(settings)
    assert text.startswith("Nu am această informație")
    assert "recrutare@example.ro" in text and "https://jobs.example/ro" in text
    without_recruiter = not_covered_answer(Settings("sqlite://", "https://jobs.example/ro", "", tmp_path))
    assert "recrutor" not in without_recruiter


@pytest.mark.parametrize(
    ("previous", "industry", "language", "experience", "expected"),
    [
        ("ask_salary", None, "germana", None, "ask_salary"),
        ("ask_salary", None, None, Experience("none"), "ask_salary"),
        ("ask_training", "asigurari", None, None, "ask_training"),
        ("ask_duties", "retail", None, None, "ask_duties"),
        ("ask_license", "financiar", None, None, "ask_license"),
        ("ask_skills", "retail", None, None, "ask_duties"),
        (None, "retail", None, None, "ask_duties"),
        ("ask_training", None, "germana", None, "ask_salary"),
        (None, None, None, None, None),
        ("ask_salary", None, None, None, "ask_salary"),
    ],
)
def test_follow_up_topic(previous, industry, language, experience, expected) -> None:
    assert follow_up_topic(previous, industry, language, experience) == expected
