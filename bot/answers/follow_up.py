"""Which topic a short follow-up ("și în asigurări?", "dar cu germană?") continues."""

from __future__ import annotations

from bot.text.entities import Experience

# Topics whose answer depends on an industry, a language or experience; the follow-up keeps them.
CONTEXT_TOPICS = ("ask_salary", "ask_duties", "ask_training", "ask_license")


def follow_up_topic(
    previous_topic: str | None,
    industry: str | None,
    language: str | None,
    experience: Experience | None,
) -> str | None:
    """The topic to answer, or None when the follow-up cannot be tied to anything."""
    if language or experience:
        # In the source, a language or experience changes only the pay.
        return "ask_salary"
    if industry:
        if previous_topic in CONTEXT_TOPICS:
            return previous_topic
        return "ask_duties"
    return previous_topic if previous_topic in CONTEXT_TOPICS else None
