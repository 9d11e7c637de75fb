"""The conversation's context (industry, language, experience) as slots: read validated, written back."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.answers.understanding import CONTEXT_ENTITIES, valid_value
from bot.english import SLOT, reply_language


def slot_values(tracker: Tracker) -> dict[str, Any]:
    return {name: valid_value(name, tracker.get_slot(name)) for name in CONTEXT_ENTITIES}


def language(tracker: Tracker) -> str:
    """The conversation's reply language (the `reply_language` slot, bot/nlu/language.py): "ro" or "en"."""
    return reply_language(tracker.get_slot(SLOT))


def slot_events(values: dict[str, Any]) -> list[dict[str, Any]]:
    """Store exactly these values as the conversation's context (others are cleared)."""
    return [SlotSet(name, values.get(name)) for name in CONTEXT_ENTITIES]
