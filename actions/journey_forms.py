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
from bot.candidates.form_input import FormMessage, Reading


def typed_text(tracker: Tracker) -> str:
    """The latest message as the candidate typed it. The parse data holds the text the NLU saw, folded by
    RomanianTextNormalizer (lower case, no diacritics): fine for intents, wrong for "Ana-Maria Ştefănescu"."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return str(event.get("text") or "")
    return str((tracker.latest_message or {}).get("text") or "")


def latest_message(tracker: Tracker) -> FormMessage:
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    entities = tuple(
        (str(e.get("entity")), str(e.get("value")))
        for e in latest.get("entities") or []
        if e.get("entity") and e.get("value") is not None
    )
    return FormMessage(
        text=typed_text(tracker),
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities,
        language=language(tracker),
    )


def cleared(slots: tuple[str, ...]) -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in slots]


class JourneyFormValidation(FormValidationAction, ABC):
    """The form's reader on the latest message, through Rasa SDK's hooks: valid values fill slots, wrong answers
    get a hint and the question again, other requests fill nothing (the form rejects them and the rules answer
    them).

    The slots have custom mappings (domain/journeys.yml). Rasa SDK calls `extract_<slot>` for each of the form's
    slots, then `validate_<slot>` for each slot extracted. One reading of the message fills any of the slots (the
    form's start empties them all, "de fapt în telecom" changes the industry while another question is asked), so
    each `extract_<slot>` takes its slot's value from that reading and each `validate_<slot>` says the reading's
    hints about its slot. Subclasses define the hooks by name, one pair per slot: `extracted` and `validated`.
    """

    def __init__(self) -> None:
        super().__init__()
        self._last: tuple[tuple[str | None, FormMessage], Reading] | None = None

    @abstractmethod
    def read(self, requested: str | None, message: FormMessage) -> Reading:
        """bot.candidates.form_input.read_*_form."""

    def reading(self, tracker: Tracker) -> Reading:
        """The reading of the latest message; worked out once for all the hooks of a turn (the same question
        and message give the same reading)."""
        key = (tracker.get_slot("requested_slot"), latest_message(tracker))
        if self._last is None or self._last[0] != key:
            self._last = (key, self.read(*key))
        return self._last[1]

    def extracted(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        """extract_<slot>: the slot's value when the message fills it (None: asked again), else nothing."""
        values = self.reading(tracker).values
        return {slot: values[slot]} if slot in values else {}

    def validated(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """validate_<slot>: the value extracted (already checked by the reader), with the hints about it said."""
        for hint in self.reading(tracker).hints_by_slot.get(slot, []):
            dispatcher.utter_message(text=hint)
        return {slot: value}
