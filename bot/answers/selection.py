"""Which facts answer a question, and what a short follow-up refers back to.

The intent classifier's fact ranking (bot/nlu/intent_classifier.py) gives each fact, and each topic's general
question, a probability. A fact leads the answer when it is more likely than the general question of the topic;
a fact outside the topic and its neighbours only when it is clearly the one asked about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.answers.topics import Context, family
from bot.answers.understanding import Question, to_context
from bot.knowledge.repository import Knowledge, replaced_in
from bot.text.english import TIES_EN, asks_why_en
from bot.text.entities import extract
from bot.text.questions import asks_why, words
from bot.vocabulary import INTENT_TOPICS, NOT_COVERED, TOPIC_INTENTS

if TYPE_CHECKING:
    from bot.answers.engine import Previous

# Calibrated on the training data (5-fold cross-validation, tests/answers/test_answers.py keeps examples).
LEAD_MIN = 0.15  # a fact leads from this probability
STRONG = 0.45  # a fact outside the question's topic and its neighbours leads only from this
SECOND = 0.5  # a second fact leads with at least this share of the first one's probability
MAX_LEADS = 2
# Follow-ups: a message of at most SHORT words, without a confident topic of its own outside the previous
# answer's, is answered from the previous topic's facts when its best one there has FOLLOW_UP_MIN.
SHORT = 8
OWN_TOPIC = 0.6
FOLLOW_UP_MIN = 0.08
FOLLOW_UP_SHARE = 0.5  # ... and it is at least this share of the best label outside those topics
# An ellipsis, of at most ELLIPSIS_WORDS words besides the ties, is read against the previous answer unless its own
# topic is this sure, and its best fact there needs a smaller share.
ELLIPSIS_WORDS = 3
ELLIPSIS_OWN_TOPIC = 0.9
ELLIPSIS_SHARE = 0.2
# Intents that say NLU did not find a question of its own (out-of-scope is a question of its own).
UNSURE = ("inform", "nlu_fallback", None)
# A part of a message with several questions is answered when its intent has this confidence.
PART_MIN = 0.25
# Without a topic from its intent, a question takes the topic of its most likely label when it is this sure;
# the fact ranking overrules the intent when it is surer of another topic, and at least this sure.
FACT_TOPIC = 0.3
FACT_TOPIC_PART = 0.18  # in a message with several questions, where the other parts anchor the reading
OVERRULE = 0.4
# Words that only tie a follow-up to the previous question ("și dacă știu germană?", "dar în retail?").
_TIES = frozenset(
    "si dar iar in la cu pentru pt de daca stiu vorbesc am ai are ce cum despre domeniul domeniu limba limbi "
    "nivel avansat bine ok ca un o operator operatorii e este sau mai cat cata cati cand lucrez lucrezi vreau "
    "sa ma fi as pe din ori the".split()
)


def _ranked(scores: dict[str, float], knowledge: Knowledge) -> list[tuple[str, float]]:
    return sorted(((k, p) for k, p in scores.items() if k in knowledge.facts), key=lambda kp: -kp[1])


def leads_for(topic: str, scores: dict[str, float], knowledge: Knowledge, context: Context) -> list[str]:
    """The facts that answer the question, most likely first (none: the topic's general answer fits)."""
    neighbours = family(topic)
    general = scores.get(TOPIC_INTENTS.get(topic, ""), 0.0)
    leads: list[str] = []
    first = 0.0
    for key, probability in _ranked(scores, knowledge):
        if probability < LEAD_MIN or (leads and probability < first * SECOND) or len(leads) == MAX_LEADS:
            break
        fact = knowledge.facts[key]
        if fact.topic not in neighbours and probability < STRONG:
            continue
        if probability < general:
            continue
        if context.industry and not fact.applies_to(context.industry):
            continue
        if not leads:
            first = probability
        leads.append(key)
    # In an industry, a general fact gives way to the one that stands for it there ("luni", not "săptămâni").
    replaced = replaced_in(knowledge.facts, context.industry)
    return list(dict.fromkeys(replaced.get(k, k) for k in leads))


def _label_topic(label: str, knowledge: Knowledge) -> str | None:
    if label in knowledge.facts:
        return knowledge.facts[label].topic
    if label == NOT_COVERED:
        return NOT_COVERED
    return INTENT_TOPICS.get(label)


def sureness(question: Question) -> float:
    """How sure NLU is of the question's reading: its intent's confidence or its best fact label's."""
    return max([question.confidence, *question.scores.values()])


def question_topic(
    question: Question, knowledge: Knowledge, min_confidence: float, fact_topic: float = FACT_TOPIC
) -> str | None:
    """The topic of a question (NOT_COVERED for one the source does not answer).

    Two readings: the intent, and the fact ranking (whose labels are the facts and the general question of each
    topic). The intent decides unless the fact ranking, its topic's labels added up, is surer of another topic
    ("se poate lucra și pe chat?" sounds like remote work, but it is a fact); without a topic from the intent, the
    fact ranking's best label decides when it is sure enough (`fact_topic`).
    """
    mass = topic_mass(question.scores, knowledge)
    surest = max(mass.items(), key=lambda tp: tp[1], default=None)
    if question.confidence >= min_confidence and (question.intent == NOT_COVERED or question.intent in INTENT_TOPICS):
        topic = NOT_COVERED if question.intent == NOT_COVERED else INTENT_TOPICS[question.intent or ""]
        if surest and surest[0] != topic and surest[1] >= OVERRULE and surest[1] > question.confidence:
            return surest[0]
        return topic
    best = max(question.scores.items(), key=lambda kp: kp[1], default=None)
    if best is not None and best[1] >= fact_topic and (label_topic := _label_topic(best[0], knowledge)) is not None:
        return label_topic
    return None


def topic_mass(scores: dict[str, float], knowledge: Knowledge) -> dict[str, float]:
    """The fact ranking's probability of each topic: its general question and its facts together."""
    mass: dict[str, float] = {}
    for label, probability in scores.items():
        topic = _label_topic(label, knowledge)
        if topic is not None:
            mass[topic] = mass.get(topic, 0.0) + probability
    return mass


def _ties(language: str) -> frozenset[str]:
    return TIES_EN if language == "en" else _TIES


def _only_context(question: Question, ties: frozenset[str] = _TIES) -> bool:
    """ "și cu germană?", "dar fără experiență?": nothing but context for the previous question."""
    if not question.values:
        return False
    spans = [(m.start, m.end) for m in extract(question.text, already_normalized=True).matches]
    remaining = question.text
    for start, end in sorted(spans, reverse=True):
        remaining = remaining[:start] + " " + remaining[end:]
    return len([w for w in words(remaining) if w not in ties]) <= 1


def context_topic(previous_topic: str | None, values: dict[str, Any]) -> str:
    """The topic a context-only message continues: in the source, a language or experience changes only the
    pay, and an industry what the operator does (or the previous topic's answer, where it depends on one)."""
    if values.get("language") or values.get("experience"):
        return "salary"
    if previous_topic in ("salary", "duties", "training", "license", "role_types"):
        return previous_topic
    return "duties"


def is_short(text: str) -> bool:
    """Short enough to lean on the previous answer (its topic, its industry)."""
    return len(words(text)) <= SHORT


def follow_up(
    question: Question, previous: Previous, knowledge: Knowledge, language: str = "ro"
) -> tuple[str, list[str], dict[str, Any]] | None:
    """(topic, leading facts, new context) when the message continues the previous answer, else None; the
    words that tie it to the previous question are those of its `language`."""
    if previous.topic is None or not is_short(question.text):
        return None
    why = asks_why_en(question.text) if language == "en" else asks_why(question.text)
    ties = _ties(language)
    if why and previous.facts and len(words(question.text)) <= 6:
        said = knowledge.facts.get(previous.facts[0])
        if said is not None:
            reason = said.because if said.because in knowledge.facts else said.key
            return knowledge.facts[reason].topic, [reason], {}
    if _only_context(question, ties):
        return context_topic(previous.topic, question.values), [], question.values
    own = INTENT_TOPICS.get(question.intent or "")
    neighbours = family(previous.topic)
    # An ellipsis ("pentru ce domenii?", "cât de des?") names no subject of its own: the previous one, unless its
    # own topic is beyond doubt.
    ellipsis = len([w for w in words(question.text) if w not in ties]) <= ELLIPSIS_WORDS
    veto = ELLIPSIS_OWN_TOPIC if ellipsis else OWN_TOPIC
    best = max(question.scores.items(), key=lambda kp: kp[1], default=("", 0.0))
    own_fact = best[0] in knowledge.facts and knowledge.facts[best[0]].topic == own and best[1] >= OVERRULE
    if own and own not in neighbours and question.intent != "inform" and (question.confidence >= veto or own_fact):
        return None  # a new question ("și examen trebuie dat?" names its fact)
    if question.intent == NOT_COVERED and question.confidence >= OWN_TOPIC:
        return None
    context = to_context({**previous.values, **question.values})
    inside = [
        (k, p)
        for k, p in _ranked(question.scores, knowledge)
        if knowledge.facts[k].topic in neighbours
        and (not context.industry or knowledge.facts[k].applies_to(context.industry))
    ]
    # The previous topics' general questions and "inform" (a follow-up) are not another topic.
    continuing = {TOPIC_INTENTS[t] for t in neighbours if t in TOPIC_INTENTS} | {"inform"}
    outside = max([p for k, p in question.scores.items() if k not in dict(inside) and k not in continuing], default=0.0)
    share = ELLIPSIS_SHARE if ellipsis else FOLLOW_UP_SHARE
    general = max(((t, question.scores.get(TOPIC_INTENTS.get(t, ""), 0.0)) for t in neighbours), key=lambda tp: tp[1])
    if general[1] >= FOLLOW_UP_MIN and general[1] >= outside * share and (not inside or general[1] > inside[0][1]):
        # "și ce faci concret acolo?" after retail was named: the general question of a topic close by, in context.
        return general[0], [], question.values
    if inside and inside[0][1] >= FOLLOW_UP_MIN and inside[0][1] >= outside * share:
        key = inside[0][0]
        return knowledge.facts[key].topic, [key], question.values
    if question.values and question.intent in ("inform", None):
        return context_topic(previous.topic, question.values), [], question.values
    if ellipsis and previous.facts and previous.facts[0] in knowledge.facts and question.intent in UNSURE:
        # "cât de des?" after "performanța ta este evaluată periodic": the fact just said is all the source has.
        return knowledge.facts[previous.facts[0]].topic, [previous.facts[0]], question.values
    return None
