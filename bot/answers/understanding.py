"""What NLU understood of a message (Rasa's parse data), in the shape the answer composer reads.

The intent classifier adds a `fact_ranking` (bot/nlu/intent_classifier.py) and, for a message with several
questions or a story around one, `questions`: each question's span, intent and fact ranking. Entities are
validated here: they can come from hand-typed `/intent{...}` payloads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.answers.names import LANGUAGE_NAMES
from bot.answers.topics import Context
from bot.text.entities import INDUSTRY_PATTERNS, Experience

CONTEXT_ENTITIES = ("industry", "language", "experience")


def valid_value(name: str, value: Any) -> Any:
    """Only known values reach the database and the answers."""
    if name == "industry":
        return value if isinstance(value, str) and value in INDUSTRY_PATTERNS else None
    if name == "language":
        return value if isinstance(value, str) and value in LANGUAGE_NAMES else None
    if name == "experience":
        experience = Experience.from_value(value)
        return experience.to_value() if experience else None
    return None


def entity_values(entities: Iterable[Mapping[str, Any]], span: tuple[int, int] | None = None) -> dict[str, Any]:
    """Valid context values (first of each kind), only those inside the span when one is given."""
    values: dict[str, Any] = {}
    for entity in entities:
        name = entity.get("entity")
        if name not in CONTEXT_ENTITIES or name in values:
            continue
        if span is not None:
            start = entity.get("start")
            if not isinstance(start, int) or not span[0] <= start < span[1]:
                continue
        valid = valid_value(name, entity.get("value"))
        if valid is not None:
            values[name] = valid
    return values


def to_context(values: Mapping[str, Any], new: Mapping[str, Any] | None = None) -> Context:
    """The context of a question; `new` is what a follow-up adds to the previous question's (it leads)."""
    focus = next((name for name in ("language", "experience", "industry") if new and new.get(name)), None)
    return Context(
        industry=values.get("industry"),
        language=values.get("language"),
        experience=Experience.from_value(values.get("experience")),
        focus=focus,
    )


def _confidence(raw: Any) -> float:
    """A probability from parse data, whatever a hand-made payload put there."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != raw:  # NaN
        return 0.0
    return min(max(float(raw), 0.0), 1.0)


def _ranking(raw: Any) -> list[tuple[str, float]]:
    ranking = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("name"), str):
            ranking.append((item["name"], _confidence(item.get("confidence"))))
    return ranking


@dataclass(frozen=True)
class Question:
    text: str
    intent: str | None
    confidence: float
    intent_ranking: list[tuple[str, float]]
    scores: dict[str, float]  # fact (and general-question) labels -> probability
    values: dict[str, Any]  # context values said in this question


@dataclass(frozen=True)
class Understanding:
    text: str
    questions: list[Question]  # one, the whole message, unless it asks several
    values: dict[str, Any] = field(default_factory=dict)  # context values said anywhere in the message
    whole: Question | None = None  # the message as one question, when it was cut into several

    @property
    def first(self) -> Question:
        return self.questions[0]

    def as_one(self) -> Understanding:
        """The message taken as a single question."""
        return Understanding(self.text, [self.whole or self.first], self.values, self.whole)


def understand(parse_data: Mapping[str, Any]) -> Understanding:
    raw_text = parse_data.get("text")
    text = raw_text if isinstance(raw_text, str) else ""
    raw_entities = parse_data.get("entities")
    entities = [e for e in raw_entities if isinstance(e, Mapping)] if isinstance(raw_entities, list) else []
    raw_intent = parse_data.get("intent")
    intent = raw_intent if isinstance(raw_intent, Mapping) else {}
    whole = Question(
        text=text,
        intent=intent.get("name") if isinstance(intent.get("name"), str) else None,
        confidence=_confidence(intent.get("confidence")),
        intent_ranking=_ranking(parse_data.get("intent_ranking")),
        scores=dict(_ranking(parse_data.get("fact_ranking"))),
        values=entity_values(entities),
    )
    parts = []
    raw_parts = parse_data.get("questions")
    for raw in raw_parts if isinstance(raw_parts, list) else []:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("text"), str):
            continue
        raw_part_intent = raw.get("intent")
        part_intent = raw_part_intent if isinstance(raw_part_intent, Mapping) else {}
        start, end = raw.get("start"), raw.get("end")
        span = (start, end) if isinstance(start, int) and isinstance(end, int) else (0, 0)
        parts.append(
            Question(
                text=raw["text"],
                intent=part_intent.get("name") if isinstance(part_intent.get("name"), str) else None,
                confidence=_confidence(part_intent.get("confidence")),
                intent_ranking=_ranking(raw.get("intent_ranking")),
                scores=dict(_ranking(raw.get("fact_ranking"))),
                values=entity_values(entities, span),
            )
        )
    values = dict(whole.values)
    industry = _latest_industry(text, entities)
    if industry is not None:
        values["industry"] = industry
    return Understanding(text, parts or [whole], values, whole)


_NEGATED = re.compile(r"\b(?:nu|nici|fara|decat)\s+(?:\w+\s+)?$")


def _latest_industry(text: str, entities: list[Mapping[str, Any]]) -> str | None:
    """The industry a message is about: the last one it names, not counting one it rules out ("am lucrat în retail
    și acum vreau la o firmă de curent" is about utilities; "retail, nu telecom" about retail)."""
    named = []
    for entity in entities:
        value = valid_value("industry", entity.get("value")) if entity.get("entity") == "industry" else None
        start = entity.get("start")
        if value is not None and isinstance(start, int) and not _NEGATED.search(text[max(0, start - 20) : start]):
            named.append((start, value))
    return max(named)[1] if named else None
