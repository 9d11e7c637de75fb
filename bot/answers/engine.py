"""From what NLU understood and the previous answer to the reply the candidate reads.

Each question gets the facts that answer it first ("Da, …" first for a yes/no question), then briefly its
topic's general answer; a message with several questions gets each answered in order (bot/text/questions.py
finds them); a short message without a topic of its own, right after an answer, is read against that answer's
topic and facts first ("și cum se obține?" after the licence answer). "Did you mean" only when that too fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.answers import messages
from bot.answers.compose import Composed, compose, join
from bot.answers.links import not_covered, not_covered_answer, not_covered_buttons, not_covered_sentence
from bot.answers.plans import plan
from bot.answers.render import Sentence
from bot.answers.selection import (
    FACT_TOPIC_PART,
    PART_MIN,
    context_topic,
    follow_up,
    is_short,
    leads_for,
    question_topic,
    sureness,
)
from bot.answers.topics import TOPIC_TITLES, Context, Reply
from bot.answers.understanding import Question, Understanding, to_context
from bot.english import ENGLISH, english
from bot.knowledge.repository import Knowledge
from bot.settings import Settings
from bot.text.english import asks_whether_en, asks_why_en, unknown_aspect_en
from bot.text.questions import asks_whether, asks_why
from bot.text.unknowns import unknown_aspect
from bot.vocabulary import NOT_COVERED

# The fact ranking's probability from which a fact's yes or no leads the answer.
YES_NO_SURE = 0.5
# Each answer of a message with several questions.
PART_CHARS = 450
SKIPPED_SUGGESTIONS = {"nlu_fallback", "out_of_scope"}


@dataclass(frozen=True)
class Previous:
    """The conversation so far, as the answers need it: the last answer and the context said."""

    topic: str | None = None
    facts: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Answered:
    reply: Reply
    values: dict[str, Any]  # the context the answer used; kept for the next follow-up


def topic_answer(
    topic: str,
    knowledge: Knowledge,
    settings: Settings,
    context: Context | None = None,
    leads: list[str] | None = None,
    yes_no: bool = False,
    budget: int | None = None,
    unknown: str | None = None,
    language: str = "ro",
) -> Composed:
    """A topic's answer in a context: the leading facts first, then the topic's general answer; when the
    question asks what the source does not say about the topic (`unknown`), that is said first."""
    topic_plan = plan(topic, knowledge, context or Context(), language)
    if unknown:
        topic_plan.notes.insert(0, Sentence(_unknown_note(unknown, language)))
    return compose(topic_plan, leads or [], knowledge, settings, yes_no=yes_no, budget=budget, language=language)


def _unknown_note(unknown: str, language: str) -> str:
    """ "Nu am această informație despre pauze; iată ce știu." (`unknown` is the Romanian said_as)."""
    if language == ENGLISH:
        aspect = english("unknowns").get(unknown, unknown)
        return str(english("extras", "unknown_aspect")).format(NOT_COVERED=not_covered(language), unknown=aspect)
    return f"{not_covered()} despre {unknown}; iată ce știu."


def _answer(
    topic: str,
    question: Question,
    values: dict[str, Any],
    knowledge: Knowledge,
    settings: Settings,
    budget: int | None,
    leads: list[str] | None = None,
    new_values: dict[str, Any] | None = None,
    language: str = "ro",
) -> Composed:
    context = to_context(values, new_values)
    chosen = leads if leads is not None else leads_for(topic, question.scores, knowledge, context)
    if chosen and (asks_why_en(question.text) if language == ENGLISH else asks_why(question.text)):
        # "De ce durează atât la bănci?": the reason first, then what it explains.
        reason = knowledge.facts[chosen[0]].because if chosen[0] in knowledge.facts else None
        chosen = list(dict.fromkeys([reason, *chosen])) if reason in knowledge.facts else chosen
    unknown = _aspect(question.text, topic, language)
    yes_no = _yes_no(question, chosen, language)
    return topic_answer(topic, knowledge, settings, context, chosen, yes_no, budget, unknown, language)


def _aspect(text: str, topic: str, language: str) -> str | None:
    return unknown_aspect_en(text, topic) if language == ENGLISH else unknown_aspect(text, topic)


def _yes_no(question: Question, leads: list[str], language: str = "ro") -> bool:
    """ "Da," only when NLU is sure of the fact that gives it: a yes or no to another question would mislead."""
    whether = asks_whether_en(question.text) if language == ENGLISH else asks_whether(question.text)
    return bool(leads) and whether and question.scores.get(leads[0], 0.0) >= YES_NO_SURE


def _replied(composed: Composed, topic: str) -> Reply:
    return Reply(composed.text, composed.buttons, composed.facts, topic)


def _about(composed: Composed, values: dict[str, Any], knowledge: Knowledge) -> dict[str, Any]:
    """The context kept for the next message: an answer about one industry ("cei mai mulți lucrează în retail")
    makes it the industry talked about, so that "și ce faci acolo?" is about it."""
    lead = knowledge.facts.get(composed.facts[0]) if composed.facts else None
    if lead is not None and len(lead.industries) == 1 and not values.get("industry"):
        return {**values, "industry": lead.industries[0]}
    return values


def suggestions(ranking: list[tuple[str, float]], count: int = 2) -> list[str]:
    ranked = [name for name, _ in ranking if name not in SKIPPED_SUGGESTIONS]
    return [name for name in ranked if name in TOPIC_TITLES][:count]


def topic_title(topic: str, language: str = "ro") -> str:
    return english("extras", "topic_titles")[topic] if language == ENGLISH else TOPIC_TITLES[topic]


def did_you_mean(question: Question, values: dict[str, Any], language: str = "ro") -> Reply:
    topics = suggestions(question.intent_ranking)
    if not topics:
        return Reply("", response="utter_out_of_scope")
    # The buttons carry what the message said (industry, language, experience) so it is not lost.
    entities = json.dumps(values, ensure_ascii=False) if values else ""
    buttons = [{"title": topic_title(t, language), "payload": f"/{t}{entities}"} for t in topics]
    buttons.append({"title": "Something else" if language == ENGLISH else "Altceva", "payload": "/ask_capabilities"})
    return Reply(messages.in_language("DID_YOU_MEAN", language), buttons)


def _single(
    understanding: Understanding, previous: Previous, knowledge: Knowledge, settings: Settings, language: str = "ro"
) -> Answered:
    question = understanding.first
    resolved = follow_up(question, previous, knowledge, language)
    if resolved is not None:
        followed, leads, new_values = resolved
        values = {**{k: v for k, v in previous.values.items() if v is not None}, **new_values}
        composed = _answer(followed, question, values, knowledge, settings, None, leads, new_values, language)
        return Answered(_replied(composed, followed), values)
    values = dict(understanding.values)
    if previous.topic and "industry" not in values and previous.values.get("industry") and is_short(question.text):
        # A short new question keeps the industry being talked about ("și clienții ce întreabă?" in insurance).
        values["industry"] = previous.values["industry"]
    topic = question_topic(question, knowledge, 0.0)
    if topic == NOT_COVERED:
        return Answered(Reply(not_covered_answer(settings, language), not_covered_buttons(language)), values)
    if topic is not None:
        composed = _answer(topic, question, values, knowledge, settings, None, language=language)
        return Answered(_replied(composed, topic), _about(composed, values, knowledge))
    if question.intent == "out_of_scope":
        return Answered(Reply("", response="utter_out_of_scope"), {})
    if question.intent == "inform" and question.values:
        # "și dacă sunt începător?" with nothing before it: the topic that this context changes.
        topic = context_topic(None, question.values)
        composed = _answer(topic, question, values, knowledge, settings, None, language=language)
        return Answered(_replied(composed, topic), values)
    if question.intent == "inform":
        return Answered(Reply(messages.in_language("FOLLOW_UP_UNCLEAR", language)), {})
    return Answered(did_you_mean(question, values, language), {})


def reply(
    understanding: Understanding, previous: Previous, knowledge: Knowledge, settings: Settings, language: str = "ro"
) -> Answered:
    """The reply to a message in the conversation's language (bot/english.py); raises KnowledgeUnavailable when
    the database is down."""
    whole = understanding.whole
    if len(understanding.questions) == 1:
        # One question in a story: its own reading, unless the whole message reads surer.
        if whole is not None and sureness(whole) > sureness(understanding.first):
            return _single(understanding.as_one(), previous, knowledge, settings, language)
        return _single(understanding, previous, knowledge, settings, language)
    asked: dict[str, list[Question]] = {}  # topic -> its questions, in the order first asked
    unknown = False
    for question in understanding.questions:
        topic = question_topic(question, knowledge, PART_MIN, FACT_TOPIC_PART)
        if topic == NOT_COVERED:
            unknown = True
        elif topic is not None:
            asked.setdefault(topic, []).append(question)
    answers = len(asked) + unknown
    if answers == 0 or (
        answers == 1 and whole is not None and sureness(whole) > max(map(sureness, understanding.questions))
    ):
        # Cutting the message gave no more than one answer, and the message as a whole reads surer: take it whole.
        return _single(understanding.as_one(), previous, knowledge, settings, language)
    parts: list[Composed] = []
    for topic, questions in asked.items():
        # Two questions on one topic ("lucrez și pe chat? și țin evidența?") get one answer leading with both.
        values = {**understanding.values, **{k: v for q in questions for k, v in q.values.items()}}
        context = to_context(values)
        leads = list(dict.fromkeys(key for q in questions for key in leads_for(topic, q.scores, knowledge, context)))
        aspect = next((a for q in questions if (a := _aspect(q.text, topic, language))), None)
        yes_no = _yes_no(questions[0], leads, language)
        parts.append(topic_answer(topic, knowledge, settings, context, leads, yes_no, PART_CHARS, aspect, language))
    text = join(parts)
    if unknown:
        text = (text + "\n" if text else "") + not_covered_sentence(settings, language)
    facts = [key for part in parts for key in part.facts]
    topics = list(asked)
    return Answered(Reply(text, [], facts, topics[-1] if topics else None), dict(understanding.values))
