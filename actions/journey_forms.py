"""What the job-alerts and recruiter forms share: reading the latest message, validating through
bot.candidates.form_input, clearing the form's slots."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.context import language
from bot.candidates.form_input import Message, Reading


def typed_text(tracker: Tracker) -> str:
    """The latest message as the candidate typed it. The parse data holds the text the NLU saw, folded by
    RomanianTextNormalizer (lower case, no diacritics): fine for intents, wrong for "Ana-Maria Ştefănescu"."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return str(event.get("text") or "")
    return str((tracker.latest_message or {}).get("text") or "")


def latest_message(tracker: Tracker) -> Message:
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    entities = tuple(
        (str(e.get("entity")), str(e.get("value")))
        for e in latest.get("entities") or []
        if e.get("entity") and e.get("value") is not None
    )
    return Message(
        text=typed_text(tracker),
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities,
        language=language(tracker),
    )


def cleared(slots: tuple[str, ...]) -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in slots]


class JourneyFormValidation(FormValidationAction, ABC):
    """Runs the form's reader on the latest message: valid values fill slots, wrong answers get a hint and the
    question again, other requests fill nothing (the form rejects them and the rules answer them)."""

    @abstractmethod
    def read(self, requested: str | None, message: Message) -> Reading:
        """bot.candidates.form_input.read_*_form."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        reading = self.read(tracker.get_slot("requested_slot"), latest_message(tracker))
        for hint in reading.hints:
            dispatcher.utter_message(text=hint)
        return [SlotSet(name, value) for name, value in reading.values.items()]
