"""What the candidate reads, side by side: the answer-level blind set (tests/answers/), and the English set
(tests/answers/en, replies expected in English, docs/languages.md), asked of this project, of the
same bot with Rasa's default configuration, and of a TF-IDF + logistic regression topic classifier that answers
every message with its topic's general paragraph (what the assistant did before fact-level answers).

All three are scored by bot.answer_evaluation, as `make evaluate` scores the project.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from bot import PROJECT_ROOT
from bot.answer_evaluation import Report, Said, evaluate, load_conversations, load_questions

Asker = Callable[[str, str], Said]
# (key in the per-model results, label)
ANSWER_MEASURES = [
    ("answer_single", "answers holding the asked fact, single questions"),
    ("answer_conversations", "conversations with every turn right"),
    ("answer_turns", "conversation turns right"),
    ("answer_two_questions", "answers holding the asked facts, two questions in one message"),
    ("answer_long", "answers holding the asked fact, long messages"),
    ("answer_single_en", "English set: answers holding the asked fact in English, single questions"),
    ("answer_conversations_en", "English set: conversations with every turn right"),
]
ENGLISH_SET = PROJECT_ROOT / "tests" / "answers" / "en"


def _style(report: Report, style: str) -> float | None:
    right, total = report.by(lambda t: t.styles).get(style, (0, 0))
    return right / total if total else None


def answer_measures(report: Report) -> dict[str, float | None]:
    return {
        "answer_single": report.single_accuracy,
        "answer_conversations": report.conversation_accuracy,
        "answer_turns": report.turn_accuracy,
        "answer_two_questions": _style(report, "two_questions"),
        "answer_long": _style(report, "long"),
    }


def sentences(language: str = "ro") -> dict[str, str]:
    from bot.answers.render import say
    from bot.knowledge.repository import default_repository
    from bot.settings import get_settings

    knowledge = default_repository().knowledge()
    return {key: say(fact, knowledge, get_settings(), language).text for key, fact in knowledge.facts.items()}


def assistant_asker(model: Path) -> tuple[Asker, Callable[[], None]]:
    """The whole bot in-process (model, rules, real actions), as bot.recruiters.assistant loads it."""
    from bot.recruiters.assistant import LocalAssistant

    assistant = LocalAssistant.load(model)

    def ask(message: str, sender: str) -> Said:
        answer = assistant.ask(message, sender)
        return Said(answer.text, tuple(answer.facts))

    return ask, assistant.close


def paragraph_asker(texts: Sequence[str], intents: Sequence[str]) -> Asker:
    """TF-IDF + LR over the training data picks a topic; the reply is that topic's general paragraph in the
    message's context (a follow-up keeps the previous topic), with no fact chosen inside it."""
    from bench.quality import make_baseline
    from bot.answers.engine import topic_answer
    from bot.answers.links import not_covered_answer
    from bot.answers.selection import context_topic
    from bot.answers.understanding import entity_values, to_context
    from bot.knowledge.repository import default_repository
    from bot.settings import get_settings
    from bot.text.entities import extract
    from bot.text.normalize import normalize_message
    from bot.vocabulary import INTENT_TOPICS, NOT_COVERED

    model = make_baseline().fit(list(texts), list(intents))
    knowledge = default_repository().knowledge()
    settings = get_settings()
    previous: dict[str, tuple[str, dict[str, Any]]] = {}

    def ask(message: str, sender: str) -> Said:
        intent = str(model.predict([message])[0])
        found = extract(normalize_message(message)).matches
        values = entity_values([{"entity": m.entity, "value": m.value} for m in found])
        if intent == NOT_COVERED:
            return Said(not_covered_answer(settings), ())
        topic = INTENT_TOPICS.get(intent)
        if topic is None and intent == "inform" and sender in previous:
            last_topic, last_values = previous[sender]
            values = {**last_values, **values}
            topic = context_topic(last_topic, values)
        if topic is None:
            return Said("", ())
        previous[sender] = (topic, values)
        composed = topic_answer(topic, knowledge, settings, to_context(values))
        return Said(composed.text, tuple(composed.facts))

    return ask


def score(ask: Asker, quick: bool = False) -> dict[str, float | None]:
    questions, conversations = load_questions(), load_conversations()
    english = load_questions(ENGLISH_SET / "questions.yml"), load_conversations(ENGLISH_SET / "conversations.yml")
    if quick:
        questions, conversations = questions[::4], conversations[::4]
        english = english[0][::4], english[1][::4]
    measures = answer_measures(evaluate(questions, conversations, ask, sentences()))
    by_language = {"ro": sentences()}

    # Its own senders: the Romanian set's conversations (same ids) must not lend the English ones their language.
    def ask_en(message: str, sender: str) -> Said:
        return ask(message, f"en:{sender}")

    report = evaluate(*english, ask_en, sentences("en"), "en", by_language)
    measures["answer_single_en"] = report.single_accuracy
    measures["answer_conversations_en"] = report.conversation_accuracy
    return measures


def run_all(
    project_model: Path, default_model: Path, training: tuple[Iterable[str], Iterable[str]], quick: bool = False
) -> dict[str, dict[str, float | None]]:
    results: dict[str, dict[str, float | None]] = {}
    for key, model in (("project", project_model), ("rasa_default", default_model)):
        ask, close = assistant_asker(model)
        results[key] = score(ask, quick)
        close()
        gc.collect()
    texts, intents = training
    results["tfidf_lr"] = score(paragraph_asker(list(texts), list(intents)), quick)
    return results
