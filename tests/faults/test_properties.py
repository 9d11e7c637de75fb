"""Random text and random entity values (Hypothesis) thrown at the Romanian text handling and the actions.

Whatever users type, and whatever a hand-typed `/intent{...}` payload puts in an entity, the text handling
returns well-formed results and the actions answer in text, store only valid context values, and never
raise. The actions run on real rasa-sdk trackers and dispatchers and a real SQLite knowledge database.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback_actions import ActionCoreFallback
from actions.knowledge_actions import ActionAnswerQuestion
from bot import PROJECT_ROOT
from bot.answers.names import LANGUAGE_NAMES
from bot.answers.topics import TOPIC_TITLES
from bot.answers.understanding import CONTEXT_ENTITIES as CONTEXT_SLOTS
from bot.text import Experience, extract, normalize_message
from bot.text.entities import INDUSTRY_PATTERNS
from bot.text.normalize import MAX_NLU_CHARS
from tests.actions.conftest import make_tracker

# Every kind of character, including surrogates, controls, combining marks and right-to-left text, plus
# the Romanian letters and words that make the extractor actually find something.
ROMANIAN = st.sampled_from(
    ["ș", "ş", "ț", "ţ", "ă", "â", "î", "Ș", "asigurări", "germană", "fără experiență", "3 ani", "retail", "<b>",
     "  ", "\n", "!!!", "peste 10 ani", "engleza", "telecom", "call center", "\u202e", "\u200b", "\x00"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=30), ROMANIAN), max_size=12).map("".join)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["retail", "germana", "none", "some", ">3", "2.5", "-1", "1e308", "nan"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)  # fmt: skip
ENTITY = st.fixed_dictionaries(
    {"entity": st.sampled_from([*CONTEXT_SLOTS, "other", ""]), "value": JSON_VALUE},
    optional={"start": st.integers(), "end": st.integers()},
)
INTENTS = st.sampled_from([*TOPIC_TITLES, "inform", "nlu_fallback", "out_of_scope", "greet", "", "x" * 300])
FACT_LABELS = st.sampled_from(["license.exam", "duties.records", "salary.german", "ask_salary", "nope", ""])
QUESTION_KEYS = ["text", "start", "end", "intent", "intent_ranking", "fact_ranking"]
_CONTROL = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalize_message(text: str) -> None:
    norm = normalize_message(text)
    assert len(norm) <= MAX_NLU_CHARS
    assert norm == norm.strip() and "  " not in norm
    assert not _CONTROL & set(norm)
    assert not any(unicodedata.combining(ch) for ch in norm)  # diacritics folded
    assert norm == norm.casefold()


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_extract(text: str) -> None:
    result = extract(text)
    norm = normalize_message(text)
    assert result.industry is None or result.industry in INDUSTRY_PATTERNS
    assert result.language is None or result.language in LANGUAGE_NAMES
    assert result.experience is None or Experience.from_value(result.experience.to_value()) == result.experience
    for match in result.matches:
        assert 0 <= match.start <= match.end <= len(norm)
    assert extract(norm, already_normalized=True) == result  # the same on already normalised text


ACTIONS: list[Action] = [ActionAnswerQuestion(), ActionCoreFallback()]


@pytest.fixture(scope="module")
def real_domain() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(PROJECT_ROOT / "domain")).as_dict()


def valid_context_value(name: str, value: Any) -> bool:
    if value is None:
        return True
    if name == "industry":
        return value in INDUSTRY_PATTERNS
    if name == "language":
        return value in LANGUAGE_NAMES
    return isinstance(value, str) and Experience.from_value(value) is not None


@pytest.mark.usefixtures("env_database")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    action=st.sampled_from(ACTIONS),
    turns=st.lists(st.tuples(TEXT, INTENTS), min_size=1, max_size=4),
    entities=st.one_of(st.none(), st.lists(ENTITY, max_size=4)),
    slots=st.dictionaries(st.sampled_from([*CONTEXT_SLOTS, "answer_topic", "answer_facts"]), JSON_VALUE, max_size=5),
    ranking=st.one_of(st.none(), st.lists(st.fixed_dictionaries({"name": INTENTS, "confidence": JSON_VALUE}))),
    facts=st.one_of(st.none(), st.dictionaries(FACT_LABELS, JSON_VALUE, max_size=4)),
    questions=st.one_of(st.none(), JSON_VALUE, st.lists(st.dictionaries(st.sampled_from(QUESTION_KEYS), JSON_VALUE))),
)
async def test_actions(
    action: Action,
    turns: list[tuple[str, str]],
    entities: list[dict] | None,
    slots: dict[str, Any],
    ranking: list[dict] | None,
    facts: dict[str, Any] | None,
    questions: Any,
    real_domain: dict[str, Any],
) -> None:
    tracker = make_tracker(turns, slots=slots, entities=entities, intent_ranking=ranking, facts=facts)
    if questions is not None:
        tracker.latest_message["questions"] = questions
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, real_domain)
    assert dispatcher.messages, "every action answers"
    for message in dispatcher.messages:
        assert (message.get("text") or "").strip() or message.get("response")
        for button in message.get("buttons") or []:
            assert isinstance(button["title"], str) and isinstance(button["payload"], str)
    for event in events:
        if event["event"] == "slot" and event["name"] in CONTEXT_SLOTS:
            assert valid_context_value(event["name"], event["value"]), event  # never an unchecked value
