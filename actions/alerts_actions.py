"""Job alerts: the form's validation, its consent question, saving the subscription and e-mailing its confirmation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import language
from actions.journey_forms import JourneyFormValidation, cleared
from bot.candidates import texts
from bot.candidates.form_input import ALERT_SLOTS, FormMessage, Reading, read_alert_form
from bot.candidates.store import CandidateDataUnavailable, InvalidCandidateData, default_store
from bot.candidates.validation import NO_LANGUAGE
from bot.jobs.alerts import send_confirmation_soon
from bot.settings import get_settings


class ValidateJobAlertForm(JourneyFormValidation):
    def name(self) -> str:
        return "validate_job_alert_form"

    def read(self, requested: str | None, message: FormMessage) -> Reading:
        return read_alert_form(requested, message)

    def extract_alert_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("alert_email", tracker)

    def validate_alert_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("alert_email", value, dispatcher, tracker)

    def extract_alert_industry(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("alert_industry", tracker)

    def validate_alert_industry(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("alert_industry", value, dispatcher, tracker)

    def extract_alert_city(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("alert_city", tracker)

    def validate_alert_city(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("alert_city", value, dispatcher, tracker)

    def extract_alert_languages(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("alert_languages", tracker)

    def validate_alert_languages(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("alert_languages", value, dispatcher, tracker)

    def extract_alert_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.extracted("alert_consent", tracker)

    def validate_alert_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validated("alert_consent", value, dispatcher, tracker)


class ActionAskAlertConsent(Action):
    """The consent question: what is stored and why, with the configured privacy link."""

    def name(self) -> str:
        return "action_ask_alert_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reply = language(tracker)
        dispatcher.utter_message(
            text=texts.alert_consent_text(get_settings().privacy_url, reply), buttons=texts.consent_buttons(reply)
        )
        return []


class ActionSubscribeAlerts(Action):
    """After the form: save the subscription with the consent (text and time), or nothing without consent."""

    def name(self) -> str:
        return "action_subscribe_alerts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        settings, reply = get_settings(), language(tracker)
        values: dict[str, Any] = {name: tracker.get_slot(name) for name in ALERT_SLOTS}  # checked by the store
        if values["alert_consent"] is not True or not all(values[name] for name in ALERT_SLOTS[:4]):
            dispatcher.utter_message(text=texts.not_subscribed(settings.job_search_url, reply))
            return cleared(ALERT_SLOTS)
        languages = [v for v in str(values["alert_languages"]).split(",") if v and v != NO_LANGUAGE]
        try:
            subscription = default_store().subscribe(
                sender_id=tracker.sender_id,
                email=values["alert_email"],
                industry=values["alert_industry"],
                city=values["alert_city"],
                languages=languages,
                consent_text=texts.alert_consent_text(settings.privacy_url, reply),  # the text agreed to
                channel=tracker.get_latest_input_channel(),
            )
        except InvalidCandidateData:
            dispatcher.utter_message(text=texts.fixed("DATA_REFUSED", reply))
            return cleared(ALERT_SLOTS)
        except CandidateDataUnavailable:
            dispatcher.utter_message(text=texts.fixed("STORAGE_UNAVAILABLE", reply))
            return cleared(ALERT_SLOTS)
        # Double opt-in: the e-mail with the confirmation link goes out now, in the background (bot/jobs/alerts.py);
        # no alert is sent before the link is followed.
        send_confirmation_soon(subscription.id)
        where = (values["alert_email"], values["alert_industry"], values["alert_city"], languages)
        dispatcher.utter_message(text=texts.subscribed(*where, language=reply))
        return cleared(ALERT_SLOTS)


class ActionAlertsStopped(Action):
    """ "renunț" during the form: forget what it collected and say so."""

    def name(self) -> str:
        return "action_alerts_stopped"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=texts.fixed("ALERTS_STOPPED", language(tracker)))
        return cleared(ALERT_SLOTS)
