"""The candidate's own data, on every channel: the privacy notice on greeting, ending the alerts, showing what
is stored for this conversation, deleting it."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SessionStarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.context import language
from bot.answers.topics import TOPIC_TITLES
from bot.candidates import texts
from bot.candidates.conversations import ErasureResult, finish_in_background
from bot.candidates.store import CandidateDataUnavailable, default_store
from bot.conversation_store import TrackerEvents
from bot.english import ENGLISH, english
from bot.settings import get_settings

logger = logging.getLogger(__name__)

# The Rasa server's clock may differ a little from this one: how far back the turn to delete may be dated.
CLOCK_MARGIN_SECONDS = 300.0


class ActionGreet(Action):
    """The greeting (utter_greet), with where to read what is stored: PRIVACY_URL is configuration."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        details = texts.privacy_details(get_settings().privacy_url, language(tracker))
        dispatcher.utter_message(response="utter_greet", privacy_details=details)
        return []


class ActionUnsubscribe(Action):
    """ "dezabonează-mă": end the alerts of this conversation."""

    def name(self) -> str:
        return "action_unsubscribe"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reply = language(tracker)
        try:
            ended = default_store().unsubscribe(tracker.sender_id)
        except CandidateDataUnavailable:
            dispatcher.utter_message(text=texts.fixed("STORAGE_UNAVAILABLE", reply))
            return []
        text = texts.unsubscribed((s.email for s in ended), reply) if ended else texts.fixed("NOT_SUBSCRIBED", reply)
        dispatcher.utter_message(text=text)
        return []


class ActionShowMyData(Action):
    """ "ce date aveți despre mine?": everything stored for this conversation (sender id)."""

    def name(self) -> str:
        return "action_show_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        settings, reply = get_settings(), language(tracker)
        try:
            stored = default_store().stored_for(tracker.sender_id)
            messages, first = TrackerEvents().user_messages(tracker.sender_id)
        except (CandidateDataUnavailable, SQLAlchemyError):
            dispatcher.utter_message(text=texts.fixed("STORAGE_UNAVAILABLE", reply))
            return []
        # This message is stored too, when the turn ends.
        first_message = datetime.fromtimestamp(first, timezone.utc) if first else datetime.now(timezone.utc)
        text = texts.stored_data(
            messages + 1,
            first_message,
            stored.subscriptions,
            stored.callbacks,
            settings.retention_days,
            settings.privacy_url,
            _topic_titles(reply),
            reply,
        )
        dispatcher.utter_message(text=text)
        return []


def _topic_titles(reply: str) -> dict[str, str]:
    """The names of what a callback request was about, in the reply language."""
    if reply == ENGLISH:
        return {**english("extras", "topic_titles"), **english("candidates", "JOURNEY_TITLES")}
    return TOPIC_TITLES


class ActionDeleteMyData(Action):
    """ "șterge-mi datele": the subscriptions, the callback requests and the conversation's events.

    Rasa saves this turn, and the session it holds in memory, after the action: the events deleted now come
    back, so a background thread deletes them again once the turn is saved. The action ends the session
    (SessionStarted), so the turns after it never load the old events and cannot write them back. A pending
    erasure row records the request until the deletion is done; `python -m bot retention` finishes it if this
    server stopped first.
    """

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sender, reply = tracker.sender_id, language(tracker)
        started = time.time()
        store = default_store()
        try:
            erasure = store.add_pending_erasure(sender, datetime.now(timezone.utc))
            deleted = store.delete_for(sender)
        except CandidateDataUnavailable:
            dispatcher.utter_message(text=texts.fixed("STORAGE_UNAVAILABLE", reply))
            return []
        events = TrackerEvents()
        try:
            events.delete_conversation(sender)
        except SQLAlchemyError as error:
            logger.error("erasure: tracker store unavailable (%s); retention will finish it", error.__class__.__name__)
            dispatcher.utter_message(text=texts.deleted_later(deleted.subscriptions, deleted.callbacks, reply))
            return self._new_session()

        def done(result: ErasureResult) -> None:
            if result.finished:
                store.finish_erasure(erasure)

        finish_in_background(sender, self.name(), started - CLOCK_MARGIN_SECONDS, done, events)
        dispatcher.utter_message(text=texts.deleted(deleted.subscriptions, deleted.callbacks, reply))
        return self._new_session()

    @staticmethod
    def _new_session() -> list[dict[str, Any]]:
        """A new session: every slot is reset, a form in progress stops, and the next turns no longer load
        (nor write back) the session before it, even if they come before the background deletion is done."""
        return [SessionStarted()]
