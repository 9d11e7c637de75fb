"""The dialogue policies are unsure what to do next: ask the user to rephrase."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import language
from bot.answers import messages


class ActionCoreFallback(Action):
    def name(self) -> str:
        return "action_core_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=messages.in_language("NOT_UNDERSTOOD", language(tracker)))
        return [UserUtteranceReverted()]
