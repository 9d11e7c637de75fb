"""The answer to a question about the job: facts from the knowledge database, chosen by bot/answers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import slot_events, slot_values
from bot.answers import messages
from bot.answers.engine import Previous, reply
from bot.answers.render import say
from bot.answers.understanding import understand
from bot.english import SLOT, reply_language
from bot.jobs.chat import openings_in_answer, remembered_place
from bot.knowledge.repository import KnowledgeUnavailable, default_repository
from bot.settings import get_settings
from bot.vocabulary import TOPIC_INTENTS

ALERTS_FACT = "find_job.alerts"


def previous_answer(tracker: Tracker) -> Previous:
    """The last answer, as the slots kept it; anything else there (a hand-made payload) counts as none."""
    facts, topic = tracker.get_slot("answer_facts"), tracker.get_slot("answer_topic")
    return Previous(
        topic=topic if isinstance(topic, str) and topic in TOPIC_INTENTS else None,
        facts=tuple(f for f in facts if isinstance(f, str)) if isinstance(facts, list) else (),
        values={k: v for k, v in slot_values(tracker).items() if v is not None},
    )


class ActionAnswerQuestion(Action):
    """Every question on the job's topics, follow-ups ("și cu germană?") and messages NLU was unsure of."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        language = reply_language(tracker.get_slot(SLOT))
        try:
            knowledge = default_repository().knowledge()
        except KnowledgeUnavailable:
            dispatcher.utter_message(text=messages.in_language("KNOWLEDGE_UNAVAILABLE", language))
            return []
        understood = understand(tracker.latest_message)
        answered = reply(understood, previous_answer(tracker), knowledge, get_settings(), language)
        # Finding a job: the open openings that match, with the facts (bot/jobs/chat.py).
        slots = tracker.current_slot_values()
        answer = openings_in_answer(answered.reply, tracker.latest_message, slots, language=language)
        if answer.response:
            dispatcher.utter_message(response=answer.response)
        else:
            # The facts said go into the bot event's metadata: tests and `python -m bot review` check them.
            dispatcher.utter_message(
                text=answer.text, buttons=answer.buttons or None, facts=answer.facts, topic=answer.topic
            )
        if answer.topic is None:
            return []
        return [
            *slot_events(answered.values),
            SlotSet("answer_topic", answer.topic),
            SlotSet("answer_facts", answer.facts),
            *(SlotSet(name, value) for name, value in remembered_place(tracker.latest_message).items()),
        ]


class ActionAskAlertEmail(Action):
    """The job alerts form's first question. The form starts as well from „pot primi alerte?”: the fact that
    answers it is said first, then the question (Rasa's forms ask with action_ask_<slot> when it exists)."""

    def name(self) -> str:
        return "action_ask_alert_email"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if (tracker.latest_message.get("intent") or {}).get("name") == "subscribe_alerts":
            try:
                knowledge = default_repository().knowledge()
            except KnowledgeUnavailable:
                knowledge = None
            fact = knowledge.facts.get(ALERTS_FACT) if knowledge else None
            if knowledge is not None and fact is not None:
                language = reply_language(tracker.get_slot(SLOT))
                said = say(fact, knowledge, get_settings(), language).text
                dispatcher.utter_message(text=said, facts=[ALERTS_FACT])
        dispatcher.utter_message(response="utter_ask_alert_email")
        return []
