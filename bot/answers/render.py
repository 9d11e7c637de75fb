"""Turn fact records into the sentences the candidate reads: salary figures and configured links filled in."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers.names import language_name, money
from bot.knowledge.repository import FactInfo, Knowledge
from bot.settings import Settings


@dataclass(frozen=True)
class Sentence:
    """One sentence of a reply: a fact (with its key) or what the assistant says about its own knowledge."""

    text: str
    fact: str | None = None


def _values(knowledge: Knowledge, settings: Settings, language: str) -> dict[str, str]:
    figures = knowledge.figures
    values = {"job_search_url": settings.job_search_url}
    for key in ("average", "beginner", "experienced", "foreign_language"):
        if key in figures:
            values[key] = money(figures[key].amount_ron, language)
    if "experienced" in figures:
        values["experienced_years"] = str(figures["experienced"].min_years_experience or 0)
    if "foreign_language" in figures:
        values["foreign_language_name"] = language_name(figures["foreign_language"].language or "germana", language)
    return values


def say(fact: FactInfo, knowledge: Knowledge, settings: Settings, language: str = "ro") -> Sentence:
    return Sentence(fact.text(language).format_map(_values(knowledge, settings, language)), fact.key)

