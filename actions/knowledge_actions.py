"""Actions that answer a knowledge topic from the database, with the context of the question."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import message_values, slot_events, slot_values, to_context
from bot.answers import messages
from bot.answers.follow_up import follow_up_topic
from bot.answers.topics import KNOWLEDGE_TOPICS, answer
from bot.knowledge.repository import KnowledgeUnavailable, default_repository


def utter_topic(dispatcher: CollectingDispatcher, topic: str, values: dict[str, Any]) -> None:
    try:
        reply = answer(topic, default_repository(), to_context(values))
    except KnowledgeUnavailable:
        dispatcher.utter_message(text=messages.KNOWLEDGE_UNAVAILABLE)
        return
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


class _TopicAction(Action, ABC):
    """A new question on a topic: its context is what this message says, nothing older."""

    @property
    @abstractmethod
    def topic(self) -> str:
        """The intent this action answers."""

    def name(self) -> str:
        return "action_answer_" + self.topic.removeprefix("ask_")

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        values = message_values(tracker)
        utter_topic(dispatcher, self.topic, values)
        return slot_events(values)


class ActionAnswerSalary(_TopicAction):
    topic = "ask_salary"


class ActionAnswerDuties(_TopicAction):
    topic = "ask_duties"


class ActionAnswerRoleTypes(_TopicAction):
    topic = "ask_role_types"


class ActionAnswerTraining(_TopicAction):
    topic = "ask_training"


class ActionAnswerLicense(_TopicAction):
    topic = "ask_license"


def previous_topic(tracker: Tracker) -> str | None:
    """The intent of the last question before this message that had a topic."""
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    for event in reversed(user_events[:-1]):
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent in KNOWLEDGE_TOPICS or intent in ("ask_work_environment", "ask_education", "ask_skills"):
            return intent
    return None


class ActionAnswerFollowUp(Action):
    """ "și în asigurări?", "dar cu germană?": the previous topic with the context updated."""

    def name(self) -> str:
        return "action_answer_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        new = message_values(tracker)
        values = {**{k: v for k, v in slot_values(tracker).items() if v is not None}, **new}
        topic = follow_up_topic(
            previous_topic(tracker), new.get("industry"), new.get("language"), to_context(new).experience
        )
        if topic is None:
            dispatcher.utter_message(text=messages.FOLLOW_UP_UNCLEAR)
            return []
        utter_topic(dispatcher, topic, values)
        return slot_events(values)
