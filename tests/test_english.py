"""Candidates who write in English get answers in English (docs/languages.md): the trained model, the in-process
actions and a fresh knowledge database, asserting what the candidate reads."""

from __future__ import annotations

import re
import string
import uuid
from collections.abc import Iterator

import pytest
import yaml

from bot import PROJECT_ROOT
from bot.answers.render import say
from bot.english import catalogue
from bot.knowledge.db import Database
from bot.knowledge.repository import Knowledge, KnowledgeRepository
from bot.recruiters.assistant import DEFAULT_MODEL, Answer, LocalAssistant
from bot.settings import get_settings

FACTS = yaml.safe_load((PROJECT_ROOT / "knowledge" / "facts.yml").read_text(encoding="utf-8"))["facts"]


def names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# ------------------------------------------------------------------ the English texts themselves


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f["id"])
def test_every_fact_has_an_english_sentence_with_the_same_placeholders_and_figures(fact: dict) -> None:
    english, romanian = " ".join(fact["text_en"].split()), " ".join(fact["text"].split())
    assert names(english) == names(romanian)
    assert set(re.findall(r"\d+", english)) <= set(re.findall(r"\d+", fact["passage"]))
    assert bool(fact.get("yes_no")) == bool(fact.get("yes_no_en"))


def test_the_catalogue_has_no_figure_of_its_own() -> None:
    """Answers' figures come from the knowledge base; only the forms' examples (phone numbers) have digits."""
    answer_sections = {k: v for k, v in catalogue().items() if k not in ("candidates", "jobs")}
    assert not re.findall(r"(?<![\w{])\d{2,}", yaml.safe_dump(answer_sections))


# ------------------------------------------------------------------ conversations


@pytest.fixture(scope="module")
def assistant() -> LocalAssistant:
    if not DEFAULT_MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    return LocalAssistant.shared(DEFAULT_MODEL)


@pytest.fixture
def knowledge(env_database: Database) -> Iterator[Knowledge]:
    yield KnowledgeRepository(env_database).knowledge()


def sentence(knowledge: Knowledge, key: str, language: str) -> str:
    return say(knowledge.facts[key], knowledge, get_settings(), language).text


class Conversation:
    def __init__(self, assistant: LocalAssistant) -> None:
        self.assistant, self.sender = assistant, f"english-{uuid.uuid4().hex[:8]}"

    def __call__(self, message: str) -> Answer:
        return self.assistant.ask(message, self.sender)


def test_an_english_question_gets_the_english_fact_sentence(assistant: LocalAssistant, knowledge: Knowledge) -> None:
    answer = Conversation(assistant)("How much does a call center operator earn?")
    assert "salary.average" in answer.facts
    assert sentence(knowledge, "salary.average", "en") in answer.text
    assert "3000 RON net per month" in answer.text
    assert sentence(knowledge, "salary.average", "ro") not in answer.text


def test_an_english_yes_no_question_is_answered_yes_in_english(assistant: LocalAssistant, knowledge: Knowledge) -> None:
    answer = Conversation(assistant)("Can you also handle payments and refunds?")
    said = sentence(knowledge, "duties.payments", "en")
    assert answer.text.startswith("Yes, " + said[:1].lower() + said[1:]), answer.text


def test_the_language_switches_with_the_candidate(assistant: LocalAssistant, knowledge: Knowledge) -> None:
    chat = Conversation(assistant)
    assert sentence(knowledge, "training.duration", "en") in chat("How long does the training last?").text
    # Romanian typed without diacritics is Romanian, and the conversation follows it.
    romanian = chat("si cat castiga un operator fara experienta?")
    assert sentence(knowledge, "salary.beginner", "ro") in romanian.text
    assert "per month" not in romanian.text
    # Too short to tell: the conversation keeps its language.
    assert chat("ok").text.startswith("Bine.")
    assert sentence(knowledge, "education.high_school", "en") in chat("Do I need a university degree?").text


def test_an_english_follow_up_keeps_the_topic(assistant: LocalAssistant, knowledge: Knowledge) -> None:
    chat = Conversation(assistant)
    chat("What is the salary of a call centre operator?")
    answer = chat("and with German?")
    assert sentence(knowledge, "salary.german", "en") in answer.text
    assert "German" in answer.text and "germană" not in answer.text


def test_what_the_source_does_not_say_is_said_in_english(assistant: LocalAssistant, knowledge: Knowledge) -> None:
    answer = Conversation(assistant)("Do you work night shifts or weekends?")
    assert answer.text.startswith("I don't have this information"), answer.text
    assert "Nu am această informație" not in answer.text


@pytest.mark.parametrize(
    "text",
    ["cat castiga un operator", "ce studii imi trebuie", "trebuie sa stiu engleza?", "as vrea sa lucrez in retail"],
)
def test_romanian_without_diacritics_stays_romanian(assistant: LocalAssistant, knowledge: Knowledge, text: str) -> None:
    parse = assistant.parse(text)
    assert ("reply_language", "en") not in {(e["entity"], e["value"]) for e in parse["entities"]}
    answer = Conversation(assistant)(text)
    assert not re.search(r"\b(the|you|is|are|operator's)\b", answer.text), answer.text


def test_job_alerts_form_in_english(assistant: LocalAssistant, knowledge: Knowledge) -> None:
    chat = Conversation(assistant)
    assert "Which e-mail address" in chat("I would like to get job alerts").text
    assert "doesn't look like a correct e-mail address" in chat("ana@example").text
    fields = chat("ana@example.com")
    assert "Which field would you like to work in?" in fields.text and "Finance and banking" in fields.buttons
    assert "Which city" in chat("insurance").text
    assert "Which foreign languages" in chat("anywhere").text
    consent = chat("English and German")
    assert "Do you agree?" in consent.text and consent.buttons == ["Yes, I agree", "No"]
    done = chat("yes, I agree")
    assert "Thank you for subscribing" in done.text
    assert "ana@example.com" in done.text and "in insurance" in done.text and "English and German" in done.text
    data = chat("what data do you have about me?")
    assert data.text.startswith("Here is what I've kept from this conversation:")
    assert "e-mail ana@example.com, field insurance" in data.text


def test_callback_form_in_english_and_stopping_it(assistant: LocalAssistant, knowledge: Knowledge) -> None:
    chat = Conversation(assistant)
    assert "What's your name?" in chat("I want to talk to a recruiter").text
    assert "Which phone number or e-mail address" in chat("Ana Popescu").text
    assert "doesn't look right" in chat("0722 123").text
    stopped = chat("stop")
    assert stopped.text.startswith("I've stopped the request to a recruiter")
