"""The summary a recruiter gets with a callback request: the topics the candidate asked about."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.vocabulary import QUESTION_INTENTS

# Intents that are topics worth a recruiter's attention (greetings, yes/no and form answers are not).
SUMMARY_TOPICS = QUESTION_INTENTS | {"subscribe_alerts"}


def conversation_topics(events: Iterable[dict[str, Any]]) -> list[str]:
    """The topics (intents) of the candidate's questions, in the order first asked, from rasa_sdk events.

    A message sent while a form was active is an answer to the form (a name, a phone number) unless the form
    rejected it: then it was a question, answered before the form went on.
    """
    topics: list[str] = []
    active_loop: str | None = None
    pending: str | None = None  # intent of a message sent during a form, counted if the form rejects it

    def add(intent: str | None) -> None:
        if intent in SUMMARY_TOPICS and intent not in topics:
            topics.append(intent)

    for event in events:
        kind = event.get("event")
        if kind == "active_loop":
            active_loop = event.get("name")
        elif kind == "action_execution_rejected" and pending is not None:
            add(pending)
            pending = None
        elif kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if active_loop:
                pending = intent
            else:
                pending = None
                add(intent)
    return topics


def context_summary(industry: str | None, language: str | None, experience: str | None) -> str:
    """The context the candidate gave for their questions, e.g. "industry=telecom; language=germana"."""
    parts = [f"{name}={value}" for name, value in (("industry", industry), ("language", language)) if value]
    if experience:
        parts.append(f"experience={experience}")
    return "; ".join(parts)
