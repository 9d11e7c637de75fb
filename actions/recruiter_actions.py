"""Talking to a recruiter: the form's validation, its consent question, and saving the callback request with
the topics of the conversation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import language
from actions.journey_forms import JourneyFormValidation, cleared
from bot.candidates import texts
from bot.candidates.form_input import RECRUITER_SLOTS, FormMessage, Reading, read_recruiter_form
from bot.candidates.store import CandidateDataUnavailable, InvalidCandidateData, default_store
from bot.candidates.summary import context_summary, conversation_topics
from bot.settings import get_settings


class ValidateRecruiterForm(JourneyFormValidation):
    def name(self) -> str:
        return "validate_recruiter_form"

    def read(self, requested: str | None, message: FormMessage) -> Reading:
        return read_recruiter_form(requested, message)

    def extract_contact_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("contact_name", tracker)

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("contact_name", value, dispatcher, tracker)

    def extract_contact_details(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("contact_details", tracker)

    def validate_contact_details(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("contact_details", value, dispatcher, tracker)

    def extract_contact_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("contact_consent", tracker)

    def validate_contact_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("contact_consent", value, dispatcher, tracker)


class ActionAskContactConsent(Action):
    def name(self) -> str:
        return "action_ask_contact_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reply = language(tracker)
        dispatcher.utter_message(
            text=texts.callback_consent_text(get_settings().privacy_url, reply), buttons=texts.consent_buttons(reply)
        )
        return []


class ActionRequestCallback(Action):
    """After the form: store the request with what the candidate asked about, or nothing without consent."""

    def name(self) -> str:
        return "action_request_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        settings, reply = get_settings(), language(tracker)
        name, contact, consent = (tracker.get_slot(slot) for slot in RECRUITER_SLOTS)
        if consent is not True or not name or not contact:
            dispatcher.utter_message(text=texts.callback_not_saved(settings.recruiter_contact, reply))
            return cleared(RECRUITER_SLOTS)
        try:
            default_store().request_callback(
                sender_id=tracker.sender_id,
                name=name,
                contact=contact,
                contact_kind="email" if "@" in contact else "phone",
                topics=conversation_topics(tracker.events),
                context=context_summary(*(tracker.get_slot(s) for s in ("industry", "language", "experience"))),
                consent_text=texts.callback_consent_text(settings.privacy_url, reply),  # the text agreed to
                channel=tracker.get_latest_input_channel(),
            )
        except InvalidCandidateData:
            dispatcher.utter_message(text=texts.fixed("DATA_REFUSED", reply))
            return cleared(RECRUITER_SLOTS)
        except CandidateDataUnavailable:
            dispatcher.utter_message(text=texts.fixed("STORAGE_UNAVAILABLE", reply))
            return cleared(RECRUITER_SLOTS)
        dispatcher.utter_message(text=texts.callback_saved(name, contact, settings.recruiter_contact, reply))
        return cleared(RECRUITER_SLOTS)


class ActionCallbackStopped(Action):
    def name(self) -> str:
        return "action_callback_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=texts.fixed("CALLBACK_STOPPED", language(tracker)))
        return cleared(RECRUITER_SLOTS)
