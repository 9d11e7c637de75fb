"""Reading the user's context (industry, language, experience) from a tracker, validated."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.answers.names import LANGUAGE_NAMES
from bot.answers.topics import Context
from bot.text.entities import INDUSTRY_PATTERNS, Experience

CONTEXT_SLOTS = ("industry", "language", "experience")


def _valid(name: str, value: Any) -> Any:
    """Only known values reach the database: entities can come from hand-typed /intent{...} payloads."""
    if name == "industry":
        return value if isinstance(value, str) and value in INDUSTRY_PATTERNS else None
    if name == "language":
        return value if isinstance(value, str) and value in LANGUAGE_NAMES else None
    experience = Experience.from_value(value)
    return experience.to_value() if experience else None


def message_values(tracker: Tracker) -> dict[str, Any]:
    """Validated context values found in the latest message (first value of each entity)."""
    values: dict[str, Any] = {}
    for entity in tracker.latest_message.get("entities") or []:
        name = entity.get("entity")
        if name in CONTEXT_SLOTS and name not in values:
            valid = _valid(name, entity.get("value"))
            if valid is not None:
                values[name] = valid
    return values


def slot_values(tracker: Tracker) -> dict[str, Any]:
    return {name: _valid(name, tracker.get_slot(name)) for name in CONTEXT_SLOTS}


def to_context(values: dict[str, Any]) -> Context:
    return Context(
        industry=values.get("industry"),
        language=values.get("language"),
        experience=Experience.from_value(values.get("experience")),
    )


def slot_events(values: dict[str, Any]) -> list[dict[str, Any]]:
    """Store exactly these values as the conversation's context (others are cleared)."""
    return [SlotSet(name, values.get(name)) for name in CONTEXT_SLOTS]
