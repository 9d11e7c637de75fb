"""Low NLU confidence: offer the two most likely topics as buttons instead of guessing."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.context import message_values
from bot.answers import messages
from bot.answers.topics import TOPIC_TITLES

SKIPPED = {"nlu_fallback", "out_of_scope"}


def suggestions(intent_ranking: list[dict[str, Any]], count: int = 2) -> list[str]:
    ranked = [i.get("name") for i in intent_ranking if i.get("name") not in SKIPPED]
    return [name for name in ranked if name in TOPIC_TITLES][:count]


class ActionSuggestTopics(Action):
    def name(self) -> str:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        topics = suggestions(tracker.latest_message.get("intent_ranking") or [])
        if not topics:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        # The buttons carry what the message said (industry, language, experience) so it is not lost.
        values = message_values(tracker)
        entities = json.dumps(values, ensure_ascii=False) if values else ""
        buttons = [{"title": TOPIC_TITLES[t], "payload": f"/{t}{entities}"} for t in topics]
        buttons.append({"title": "Altceva", "payload": "/ask_capabilities"})
        dispatcher.utter_message(text=messages.DID_YOU_MEAN, buttons=buttons)
        return []


class ActionCoreFallback(Action):
    """The dialogue policies are unsure what to do next: ask the user to rephrase."""

    def name(self) -> str:
        return "action_core_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=messages.NOT_UNDERSTOOD)
        return [UserUtteranceReverted()]
