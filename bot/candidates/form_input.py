"""During a form: is the message the answer to the question asked, a change of an earlier answer, or another
request (a question about the job, "renunț", "șterge-mi datele") that the dialogue rules must handle first?

`read_alert_form` and `read_recruiter_form` return a Reading:
- values: slot -> clean value, or None when the message tried to answer but the value is not valid (the form
  asks again, after the hints);
- no values at all: the message is not for the form. The form then rejects it, the rules answer it (a question,
  "renunț" stopping the form), and the form asks its question again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.candidates import texts
from bot.candidates.validation import (
    ANY_INDUSTRY,
    NO_LANGUAGE,
    clean_city,
    clean_name,
    find_email,
    find_phone,
    has_non_ascii,
    read_industry,
    read_languages,
    read_yes_no,
    valid_email,
    valid_phone,
)
from bot.text.places import known_city
from bot.vocabulary import QUESTION_INTENTS

ALERT_SLOTS = ("alert_email", "alert_industry", "alert_city", "alert_languages", "alert_consent")
RECRUITER_SLOTS = ("contact_name", "contact_details", "contact_consent")

# Requests that are never an answer, even when their text could be one ("renunț" is not a city).
CONTROL_INTENTS = frozenset(
    {"stop", "unsubscribe", "show_my_data", "delete_my_data", "talk_to_human", "subscribe_alerts"}
)
# Intents of another request: when the text is not a value for the question asked, the rules answer it.
OTHER_TOPICS = (
    CONTROL_INTENTS
    | QUESTION_INTENTS
    | {
        "greet",
        "goodbye",
        "thank",
        "bot_challenge",
        "ask_capabilities",
        "out_of_scope",
    }
)
# A message naming an industry with one of these intents changes the industry ("de fapt vreau în telecom").
INDUSTRY_CHANGE_INTENTS = frozenset({"inform", "subscribe_alerts", "find_job", "nlu_fallback"})
# Above this confidence, a lower-case name or place that is also a clear question is taken as the question; a
# message with "?" needs less. The classifier spreads its probability over 25 intents: in the held-out set 72 %
# of correct topic predictions score 0.8 or more, 90 % 0.6 or more, while names, cities, industries and
# languages typed as answers score under 0.45 for the topics (checked in tests/candidates/test_form_input.py).
SURE = 0.6
SURE_QUESTION = 0.3
# Unknown names and places are what "out of scope" learned from: it must be sure to win over an answer.
SURE_OUT_OF_SCOPE = 0.8


@dataclass(frozen=True)
class FormMessage:
    text: str
    intent: str | None = None
    confidence: float = 0.0
    entities: tuple[tuple[str, str], ...] = ()  # (entity, value)
    language: str = "ro"  # the conversation's reply language: the hints are said in it

    def entity_values(self, name: str) -> list[str]:
        return [value for entity, value in self.entities if entity == name]

    @property
    def question(self) -> bool:
        return "?" in self.text

    @property
    def refusal(self) -> bool:
        """A plain "nu" / "nu vreau": stops a form unless the question was a yes/no one."""
        return self.intent == "deny" and read_yes_no(self.text) is False

    @property
    def control(self) -> bool:
        return self.intent in CONTROL_INTENTS or self.refusal

    @property
    def sure_other_topic(self) -> bool:
        if self.intent == "out_of_scope":
            return self.confidence >= SURE_OUT_OF_SCOPE
        return self.intent in OTHER_TOPICS and self.confidence >= (SURE_QUESTION if self.question else SURE)


@dataclass
class Reading:
    values: dict[str, Any] = field(default_factory=dict)
    hints_by_slot: dict[str, list[str]] = field(default_factory=dict)  # what to tell the candidate, by slot

    def hint(self, slot: str, text: str) -> None:
        self.hints_by_slot.setdefault(slot, []).append(text)

    @property
    def hints(self) -> list[str]:
        return [text for said in self.hints_by_slot.values() for text in said]

    @property
    def for_the_form(self) -> bool:
        return bool(self.values)


def _other_or_invalid(reading: Reading, slot: str, message: FormMessage, hint: str) -> Reading:
    """Not a value: another request (left to the rules), or a wrong answer (ask again, with a hint).
    Only a confident prediction is another request: a wrong value ("constructii") can look like chit-chat."""
    if message.sure_other_topic or message.control:
        return reading
    reading.values[slot] = None
    reading.hint(slot, hint)
    return reading


def _ask_again(reading: Reading, slot: str) -> Reading:
    reading.values[slot] = None
    return reading


def _email(reading: Reading, slot: str, message: FormMessage) -> Reading | None:
    candidate = find_email(message.text)
    if candidate is None:
        return None
    value = valid_email(candidate)
    reading.values[slot] = value
    if value is None:
        reading.hint(slot, texts.email_invalid(candidate, has_non_ascii(candidate), message.language))
    return reading


def _consent(reading: Reading, slot: str, message: FormMessage) -> Reading:
    if message.intent in CONTROL_INTENTS:
        return reading
    answer = read_yes_no(message.text)
    if answer is None and message.intent in ("affirm", "deny") and message.confidence >= 0.6 and not message.question:
        answer = message.intent == "affirm"
    if answer is None:
        return _other_or_invalid(reading, slot, message, texts.fixed("YES_OR_NO", message.language))
    reading.values[slot] = answer
    return reading


def read_alert_form(requested: str | None, message: FormMessage) -> Reading:
    """The job alerts form: e-mail, industry, city, languages, consent."""
    reading = Reading()
    industry = read_industry(message.text, message.entity_values("industry"))
    if requested is None:
        # The request that starts the form ("vreau alerte pentru joburi în telecom"): a fresh start, with the
        # industry it names, if any.
        reading.values = dict.fromkeys(ALERT_SLOTS)
        if industry and industry != ANY_INDUSTRY:
            reading.values["alert_industry"] = industry
        return reading
    if industry and (
        requested == "alert_industry"
        or (industry != ANY_INDUSTRY and message.intent in INDUSTRY_CHANGE_INTENTS and not message.question)
    ):
        reading.values["alert_industry"] = industry
        if requested != "alert_industry":
            reading.hint("alert_industry", texts.industry_changed(industry, message.language))
        return reading
    if message.intent == "subscribe_alerts":  # already subscribing: ask the question again
        return _ask_again(reading, requested)

    if requested == "alert_email":
        return _email(reading, requested, message) or _other_or_invalid(
            reading, requested, message, texts.fixed("EMAIL_MISSING", message.language)
        )
    if requested == "alert_industry":
        return _other_or_invalid(reading, requested, message, texts.fixed("INDUSTRY_UNKNOWN", message.language))
    if requested == "alert_city":
        if message.control:
            return reading
        city = clean_city(message.text)
        typed_as_a_name = any(ch.isupper() for ch in message.text)
        if city and (known_city(city) or typed_as_a_name or not message.sure_other_topic):
            reading.values[requested] = city
            return reading
        return _other_or_invalid(reading, requested, message, texts.fixed("CITY_INVALID", message.language))
    if requested == "alert_languages":
        languages = read_languages(message.text)
        if languages is not None and not (message.intent in CONTROL_INTENTS and message.intent != "deny"):
            if not (message.question and message.intent in OTHER_TOPICS):
                reading.values[requested] = ",".join(languages) or NO_LANGUAGE
                return reading
        return _other_or_invalid(reading, requested, message, texts.fixed("LANGUAGES_UNKNOWN", message.language))
    if requested == "alert_consent":
        return _consent(reading, requested, message)
    return reading


def read_recruiter_form(requested: str | None, message: FormMessage) -> Reading:
    """The callback request: name, phone or e-mail, consent."""
    reading = Reading()
    if requested is None:  # the request that starts the form: a fresh start
        reading.values = dict.fromkeys(RECRUITER_SLOTS)
        return reading
    if message.intent == "talk_to_human":  # already asking for a recruiter: ask the question again
        return _ask_again(reading, requested)

    if requested == "contact_name":
        if message.control:
            return reading
        name = clean_name(message.text)
        explicit = name is not None and name.casefold() != " ".join(message.text.split()).strip(" .!").casefold()
        typed_as_a_name = any(ch.isupper() for ch in message.text)
        if name and (explicit or typed_as_a_name or not message.sure_other_topic):
            reading.values[requested] = name
            return reading
        return _other_or_invalid(reading, requested, message, texts.fixed("NAME_INVALID", message.language))
    if requested == "contact_details":
        by_email = _email(reading, requested, message)
        if by_email is not None:
            return by_email
        candidate = find_phone(message.text)
        if candidate is not None:
            value = valid_phone(candidate)
            reading.values[requested] = value
            if value is None:
                reading.hint(requested, texts.phone_invalid(candidate, message.language))
            return reading
        return _other_or_invalid(reading, requested, message, texts.fixed("CONTACT_MISSING", message.language))
    if requested == "contact_consent":
        return _consent(reading, requested, message)
    return reading
