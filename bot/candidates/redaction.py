"""A form that ends without consent keeps nothing: the answers typed into it are removed from the conversation.

„nu” to the consent question, „renunț”, switching to the other form or /restart: the assistant promises that
nothing typed for the form is kept (texts.ALERTS_STOPPED, not_subscribed, ...), yet Rasa's tracker store held
the e-mail, name and phone as the user's messages and as slot values until deletion or retention. The tracker
store (bot/tracker_store.py) runs `redact` on the current session whenever a turn ends a form, and writes back
what changed. Pure functions on Rasa's event dicts (Event.as_dict()); idempotent.

Within the events of a form that ended without its consent slot set to true:
- the user's answers to the form's questions (not the consent answer, not the questions asked in between,
  which the form rejected): text replaced, entities dropped;
- every message holding an e-mail address or phone number: the same;
- the form's slot values: None;
- the assistant's messages echoing a contact detail („„ana@gmail” nu pare o adresă...”): that part replaced.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.candidates.form_input import ALERT_SLOTS, RECRUITER_SLOTS
from bot.candidates.validation import find_email, find_phone

REMOVED = "[șters: formular încheiat fără acord]"
FORMS = {"job_alert_form": (ALERT_SLOTS, "alert_consent"), "recruiter_form": (RECRUITER_SLOTS, "contact_consent")}
CONTACT_SLOTS = frozenset({"alert_email", "contact_name", "contact_details"})
MIN_ECHO_CHARS = 3  # shorter answers ("da") are not searched for in the assistant's messages

Event = dict[str, Any]


@dataclass(frozen=True)
class Span:
    form: str
    start: int  # index of the active_loop event that started the form
    end: int  # index of the event that ended it
    trigger: int | None  # the user message that started it ("vreau alerte ..."): removed only if it holds a contact


def ends_a_form(new_events: Iterable[Event]) -> bool:
    """Cheap test on a turn's new events: could a form have ended in it?"""
    return any(
        (e.get("event") == "active_loop" and e.get("name") is None) or e.get("event") == "restart" for e in new_events
    )


def _spans(events: list[Event]) -> list[Span]:
    spans, open_form, start, trigger, last_user = [], None, 0, None, None
    for index, event in enumerate(events):
        kind = event.get("event")
        if kind == "user":
            last_user = index
        if kind == "active_loop" or kind in ("restart", "session_started"):
            name = event.get("name") if kind == "active_loop" else None
            if open_form is not None and name != open_form:
                spans.append(Span(open_form, start, index, trigger))
                open_form = None
            if name in FORMS and open_form is None:
                open_form, start, trigger = name, index, last_user
    return spans


def _consented(events: list[Event], span: Span) -> bool:
    consent_slot = FORMS[span.form][1]
    value = None
    for event in events[span.start : span.end + 1]:
        if event.get("event") == "slot" and event.get("name") == consent_slot and event.get("value") is not None:
            value = event.get("value")
    return value is True


def _answers(events: list[Event], span: Span) -> list[int]:
    """Indexes of the user messages of the span to remove."""
    slots, consent_slot = FORMS[span.form]
    asked: str | None = None
    found = []
    if span.trigger is not None:
        text = str(events[span.trigger].get("text") or "")
        if find_email(text) or find_phone(text):
            found.append(span.trigger)
    for index in range(span.start, span.end + 1):
        event = events[index]
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            asked = event.get("value")
        if event.get("event") != "user":
            continue
        text = str(event.get("text") or "")
        filled = False
        for later in events[index + 1 : span.end + 1]:
            if later.get("event") == "user":
                break
            if later.get("event") == "slot" and later.get("name") in slots:
                filled = True
        if (filled and asked != consent_slot) or find_email(text) or find_phone(text):
            found.append(index)
    return found


def _echoes(text: str) -> set[str]:
    pieces = {text.strip()}
    for finder in (find_email, find_phone):
        piece = finder(text)
        if piece:
            pieces.add(piece)
    return {p for p in pieces if len(p) >= MIN_ECHO_CHARS}


def redact(events: list[Event]) -> list[Event] | None:
    """The events with the forms that ended without consent emptied; None when nothing changes."""
    result = copy.deepcopy(events)
    for span in _spans(events):
        if _consented(events, span):
            continue
        slots = FORMS[span.form][0]
        echoes: set[str] = set()
        for index in _answers(events, span):
            user = result[index]
            if user.get("text") != REMOVED:
                echoes |= _echoes(str(user.get("text") or ""))
            user["text"] = REMOVED
            parse = user.get("parse_data")
            if isinstance(parse, dict):
                parse["text"] = REMOVED
                parse["entities"] = []
        for event in result[span.start : span.end + 1]:
            if event.get("event") == "slot" and event.get("name") in slots:
                if isinstance(event.get("value"), str) and event["name"] in CONTACT_SLOTS:
                    echoes |= _echoes(event["value"])
                event["value"] = None
        for event in result[span.start : span.end + 1]:
            if event.get("event") == "bot" and isinstance(event.get("text"), str):
                for echo in sorted(echoes, key=len, reverse=True):
                    event["text"] = event["text"].replace(echo, REMOVED)
    return result if result != events else None
