"""What the Rasa server does itself when the action server cannot run these actions: stopping a form, deleting the
candidate's data. „renunț”, „nu” and „șterge-mi datele” must work even then (issue 12).

- a form's validator (validate_*_form): when the form starts, its slots are emptied (a fresh start, as the real
  validator does) so the first question is asked; a control request („renunț”, „șterge-mi datele”, „nu”, ...)
  fills no slot, exactly as the real validator would (bot/candidates/form_input.py), so the form rejects it and
  the rules handle it; any other answer stays a failure (only the action server can check it);
- action_alerts_stopped / action_callback_stopped: their answer, and the form's slots emptied;
- action_ask_alert_email: the alerts form's first question, as utter_ask_alert_email says it (without the fact
  about alerts that the real action says first: that needs the knowledge database);
- action_delete_my_data: the conversation's events are deleted now (the tracker store is the Rasa server's own)
  and again once this turn is saved, the rest is queued for the action server (bot/candidates/erasure_queue.py),
  and a new session starts, as the real action does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import cache
from typing import Any

import yaml
from rasa.shared.core.events import BotUttered, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import SQLAlchemyError

from bot import PROJECT_ROOT
from bot.candidates import texts
from bot.candidates.form_input import ALERT_SLOTS, CONTROL_INTENTS, RECRUITER_SLOTS
from bot.english import SLOT, reply_language

logger = logging.getLogger(__name__)

# Requests the forms leave to the rules (form_input.CONTROL_INTENTS), plus a plain "nu" and /restart.
LEFT_TO_THE_RULES = CONTROL_INTENTS | {"deny", "restart"}
DELETE_ACTION = "action_delete_my_data"
CLOCK_MARGIN_SECONDS = 300.0  # as actions/privacy_actions.py: how far back the turn to delete may be dated

Local = Callable[[DialogueStateTracker], "list[Event] | None"]


def _validator(slots: tuple[str, ...]) -> Local:
    def validate(tracker: DialogueStateTracker) -> list[Event] | None:
        if tracker.get_slot("requested_slot") is None:  # the form starts: nothing to validate yet
            return [SlotSet(slot, None) for slot in slots]
        intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
        return [] if intent in LEFT_TO_THE_RULES else None

    return validate


def _language(tracker: DialogueStateTracker) -> str:
    """The conversation's reply language, as the action server would read it."""
    return reply_language(tracker.get_slot(SLOT))


def _stopped(name: str, slots: tuple[str, ...]) -> Local:
    def stop(tracker: DialogueStateTracker) -> list[Event]:
        return [BotUttered(text=texts.fixed(name, _language(tracker))), *(SlotSet(slot, None) for slot in slots)]

    return stop


def _delete_my_data(tracker: DialogueStateTracker) -> list[Event] | None:
    from bot.candidates import erasure_queue
    from bot.candidates.conversations import finish_in_background
    from bot.conversation_store import TrackerEvents

    sender, started = tracker.sender_id, time.time()
    events = TrackerEvents()
    try:
        erasure_queue.queue(sender, events)
        events.delete_conversation(sender)
    except SQLAlchemyError as error:
        logger.error("erasure while the action server is down: not queued (%s)", error.__class__.__name__)
        return None  # nothing can be promised: the apology
    # Rasa writes this turn (and the session it holds) after the action: delete it again once written.
    finish_in_background(sender, DELETE_ACTION, started - CLOCK_MARGIN_SECONDS, lambda _result: None, events)
    return [BotUttered(text=texts.fixed("DELETION_QUEUED", _language(tracker))), SessionStarted()]


@cache
def _response(name: str, language: str = "ro") -> str:
    """The text of a domain response of the journeys (domain/journeys.yml) in the reply language: the variation
    on the reply_language slot's value, else the first one without a condition."""
    responses = yaml.safe_load((PROJECT_ROOT / "domain" / "journeys.yml").read_text(encoding="utf-8"))["responses"]

    def matches(variation: dict[str, Any]) -> bool:
        conditions = variation.get("condition") or []
        return all(c.get("name") == SLOT and c.get("value") == language for c in conditions) and (
            bool(conditions) == (language != "ro")
        )

    return str(next(v for v in responses[name] if matches(v))["text"])


def _ask(response: str) -> Local:
    def ask(tracker: DialogueStateTracker) -> list[Event]:
        return [BotUttered(text=_response(response, _language(tracker)))]

    return ask


LOCAL: dict[str, Local] = {
    "action_ask_alert_email": _ask("utter_ask_alert_email"),
    "validate_job_alert_form": _validator(ALERT_SLOTS),
    "validate_recruiter_form": _validator(RECRUITER_SLOTS),
    "action_alerts_stopped": _stopped("ALERTS_STOPPED", ALERT_SLOTS),
    "action_callback_stopped": _stopped("CALLBACK_STOPPED", RECRUITER_SLOTS),
    DELETE_ACTION: _delete_my_data,
}


def run(name: str, tracker: DialogueStateTracker) -> list[Event] | None:
    """The stand-in's events for this action, or None when it has none (or cannot do it now)."""
    local = LOCAL.get(name)
    return local(tracker) if local is not None else None
