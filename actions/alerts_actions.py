"""Job alerts: the form's validation, its consent question, saving the subscription and e-mailing its confirmation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import language
from actions.journey_forms import JourneyFormValidation, cleared
from bot.candidates import texts
from bot.candidates.form_input import ALERT_SLOTS, Message, Reading, read_alert_form
from bot.candidates.store import CandidateDataUnavailable, InvalidCandidateData, default_store
from bot.candidates.validation import NO_LANGUAGE
from bot.jobs.alerts import send_confirmation_soon
from bot.settings import get_settings


class ValidateJobAlertForm(JourneyFormValidation):
    def name(self) -> str:
        return "validate_job_alert_form"

    def read(self, requested: str | None, message: Message) -> Reading:
        return read_alert_form(requested, message)


class ActionAskAlertConsent(Action):
    """The consent question: what is stored and why, with the configured privacy link."""

    def name(self) -> str:
        return "action_ask_alert_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
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
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        settings, reply = get_settings(), language(tracker)
        values = {name: tracker.get_slot(name) for name in ALERT_SLOTS}
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
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=texts.fixed("ALERTS_STOPPED", language(tracker)))
        return cleared(ALERT_SLOTS)
