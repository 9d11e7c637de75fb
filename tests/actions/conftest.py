"""Real rasa-sdk trackers and dispatchers for the actions, and the project's real domain."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import PROJECT_ROOT
from bot.text.entities import extract


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(PROJECT_ROOT / "domain")).as_dict()


def user_event(text: str, intent: str, entities: list[dict] | None = None) -> dict[str, Any]:
    if entities is None:
        entities = [
            {"entity": m.entity, "value": m.value, "start": m.start, "end": m.end} for m in extract(text).matches
        ]
    parse_data = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities,
        "intent_ranking": [{"name": intent, "confidence": 0.99}],
    }
    return {"event": "user", "text": text, "parse_data": parse_data}


def make_tracker(
    turns: list[tuple[str, str]],
    slots: dict[str, Any] | None = None,
    entities: list[dict] | None = None,
    intent_ranking: list[dict] | None = None,
    facts: dict[str, float] | None = None,
) -> Tracker:
    """A tracker after the given (text, intent) user turns; the last one is the latest message, with the
    fact ranking NLU would give it (`facts`: label -> probability)."""
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_session_start"}]
    for i, (text, intent) in enumerate(turns):
        is_last = i == len(turns) - 1
        events.append(user_event(text, intent, entities if is_last else None))
        if not is_last:
            events.append({"event": "action", "name": "action_listen"})
    latest = dict(events[-1]["parse_data"])
    if intent_ranking is not None:
        latest["intent_ranking"] = intent_ranking
    if facts is not None:
        latest["fact_ranking"] = [{"name": name, "confidence": p} for name, p in facts.items()]
    return Tracker("test-user", slots or {}, latest, events, False, None, {}, "action_listen")


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
