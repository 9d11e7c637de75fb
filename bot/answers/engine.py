"""From what NLU understood and the previous answer to the reply the candidate reads.

Each question gets the facts that answer it first ("Da, …" first for a yes/no question), then briefly its
topic's general answer; a message with several questions gets each answered in order (bot/text/questions.py
finds them); a short message without a topic of its own, right after an answer, is read against that answer's
topic and facts first ("și cum se obține?" after the licence answer). "Did you mean" only when that too fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.answers import messages
from bot.answers.compose import Composed, compose, join
from bot.answers.links import NOT_COVERED_BUTTONS, not_covered_answer, not_covered_sentence
from bot.answers.plans import plan
from bot.answers.selection import follow_up, leads_for, part_topic
from bot.answers.topics import INTENT_TOPICS, NOT_COVERED, TOPIC_TITLES, Context, Reply
from bot.answers.understanding import Question, Understanding, to_context
from bot.knowledge.repository import Knowledge
from bot.settings import Settings
from bot.text.questions import is_yes_no

# Each answer of a message with several questions.
PART_CHARS = 350
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
) -> Composed:
    """A topic's answer in a context: the leading facts first, then the topic's general answer."""
    topic_plan = plan(topic, knowledge, context or Context())
    return compose(topic_plan, leads or [], knowledge, settings, yes_no=yes_no, budget=budget)


def _answer(
    topic: str,
    question: Question,
    values: dict[str, Any],
    knowledge: Knowledge,
    settings: Settings,
    budget: int | None,
    leads: list[str] | None = None,
) -> Composed:
    context = to_context(values)
    chosen = leads if leads is not None else leads_for(topic, question.scores, knowledge, context)
    return topic_answer(topic, knowledge, settings, context, chosen, is_yes_no(question.text), budget)


def suggestions(ranking: list[tuple[str, float]], count: int = 2) -> list[str]:
    ranked = [name for name, _ in ranking if name not in SKIPPED_SUGGESTIONS]
    return [name for name in ranked if name in TOPIC_TITLES][:count]


def did_you_mean(question: Question, values: dict[str, Any]) -> Reply:
    import json

    topics = suggestions(question.intent_ranking)
    if not topics:
        return Reply("", response="utter_out_of_scope")
    # The buttons carry what the message said (industry, language, experience) so it is not lost.
    entities = json.dumps(values, ensure_ascii=False) if values else ""
    buttons = [{"title": TOPIC_TITLES[t], "payload": f"/{t}{entities}"} for t in topics]
    buttons.append({"title": "Altceva", "payload": "/ask_capabilities"})
    return Reply(messages.DID_YOU_MEAN, buttons)


def _single(understanding: Understanding, previous: Previous, knowledge: Knowledge, settings: Settings) -> Answered:
    question = understanding.first
    resolved = follow_up(question, previous, knowledge)
    if resolved is not None:
        topic, leads, new_values = resolved
        values = {**{k: v for k, v in previous.values.items() if v is not None}, **new_values}
        composed = _answer(topic, question, values, knowledge, settings, None, leads or None)
        return Answered(Reply(composed.text, composed.buttons, composed.facts, topic), values)
    values = dict(understanding.values)
    if question.intent == NOT_COVERED:
        return Answered(Reply(not_covered_answer(settings), list(NOT_COVERED_BUTTONS)), values)
    topic = INTENT_TOPICS.get(question.intent or "")
    if topic is not None:
        composed = _answer(topic, question, values, knowledge, settings, None)
        return Answered(Reply(composed.text, composed.buttons, composed.facts, topic), values)
    if question.intent == "out_of_scope":
        return Answered(Reply("", response="utter_out_of_scope"), {})
    if question.intent == "inform":
        return Answered(Reply(messages.FOLLOW_UP_UNCLEAR), {})
    return Answered(did_you_mean(question, values), {})


def reply(understanding: Understanding, previous: Previous, knowledge: Knowledge, settings: Settings) -> Answered:
    """The reply to a message; raises KnowledgeUnavailable when the database is down."""
    if len(understanding.questions) == 1:
        return _single(understanding, previous, knowledge, settings)
    parts: list[Composed] = []
    topics: list[str] = []
    unknown = False
    values = dict(understanding.values)
    for question in understanding.questions:
        topic = part_topic(question, knowledge)
        if topic == NOT_COVERED:
            unknown = True
            continue
        if topic is None or topic in topics:
            continue  # not a question we can answer, or the same topic again: answered once
        topics.append(topic)
        part_values = {**values, **question.values}
        parts.append(_answer(topic, question, part_values, knowledge, settings, PART_CHARS))
    if not parts and not unknown:
        # No question of its own in the parts: the message as a whole (its intent already follows the parts).
        return _single(understanding.as_one(), previous, knowledge, settings)
    text = join(parts)
    if unknown:
        text = (text + "\n" if text else "") + not_covered_sentence(settings)
    facts = [key for part in parts for key in part.facts]
    return Answered(Reply(text, [], facts, topics[-1] if topics else None), values)
