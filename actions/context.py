"""Reading the conversation's context (industry, language, experience) and the last answer from a tracker."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.answers.understanding import CONTEXT_ENTITIES, entity_values, valid_value

# The last answer's topic and facts, for follow-ups that do not name their topic ("și cum se obține?").
ANSWER_SLOTS = ("answer_topic", "answer_facts")


def message_values(tracker: Tracker) -> dict[str, Any]:
    """Validated context values found in the latest message (first value of each entity)."""
    return entity_values(tracker.latest_message.get("entities") or [])


def slot_values(tracker: Tracker) -> dict[str, Any]:
    return {name: valid_value(name, tracker.get_slot(name)) for name in CONTEXT_ENTITIES}


def slot_events(values: dict[str, Any]) -> list[dict[str, Any]]:
    """Store exactly these values as the conversation's context (others are cleared)."""
    return [SlotSet(name, values.get(name)) for name in CONTEXT_ENTITIES]
