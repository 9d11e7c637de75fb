"""Actions whose answers carry configured links: the job search, and questions the source cannot answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.links import find_job_answer, not_covered_answer
from bot.settings import get_settings


class ActionFindJob(Action):
    def name(self) -> str:
        return "action_find_job"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=find_job_answer(get_settings()))
        return []


class ActionAnswerNotCovered(Action):
    def name(self) -> str:
        return "action_answer_not_covered"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=not_covered_answer(get_settings()))
        return []
