"""A topic's general answer in the candidate's context: which facts, in which order, and what the assistant
must say about its own knowledge first ("Nu am salarii separate pentru asigurări")."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answers.render import Sentence
from bot.answers.salary import SOURCE_FACT, salary_plan
from bot.answers.topics import Context
from bot.english import ENGLISH, english
from bot.knowledge.repository import FactInfo, Knowledge, RoleInfo, replaced_in

REGULATED = ("financiar", "asigurari")
# An industry's own facts said with a topic that has none for it (skills, work environment).
MAX_INDUSTRY_CONTEXT = 1


@dataclass
class Plan:
    notes: list[Sentence] = field(default_factory=list)  # said before the facts
    facts: list[str] = field(default_factory=list)  # the topic's answer, most relevant first
    closing: list[str] = field(default_factory=list)  # facts that end the answer whatever its length
    buttons: list[dict[str, str]] = field(default_factory=list)


def _topic_facts(knowledge: Knowledge, topic: str) -> list[FactInfo]:
    return [f for f in knowledge.facts.values() if f.topic == topic]


def _core(knowledge: Knowledge, topic: str) -> list[str]:
    return [f.key for f in _topic_facts(knowledge, topic) if f.core]


def _for_industry(knowledge: Knowledge, topic: str, industry: str) -> list[str]:
    return [f.key for f in _topic_facts(knowledge, topic) if industry in f.industries]


def _general(knowledge: Knowledge, topic: str) -> list[str]:
    return [f.key for f in _topic_facts(knowledge, topic) if f.core and not f.industries]


def _note(language: str, name: str, romanian: str, role: RoleInfo | None = None) -> Sentence:
    """A note in the reply language (the English ones in bot/english.yml, section `plans`)."""
    if language != ENGLISH:
        return Sentence(romanian)
    return Sentence(english("plans", name).format(industry=role.name(language) if role else ""))


def industry_buttons(knowledge: Knowledge, limit: int = 5, language: str = "ro") -> list[dict[str, str]]:
    """Buttons that ask what the operator does in each industry the source describes."""
    described = {i for f in _topic_facts(knowledge, "duties") for i in f.industries}
    roles = [r for r in knowledge.roles.values() if r.industry in described][:limit]
    return [
        {"title": _capitalized(r.name(language)), "payload": f'/ask_duties{{"industry": "{r.industry}"}}'}
        for r in roles
    ]


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


def _industry(knowledge: Knowledge, context: Context) -> RoleInfo | None:
    role = knowledge.roles.get(context.industry or "general")
    return role if role is not None and role.industry != "general" else None


def plan(topic: str, knowledge: Knowledge, context: Context, language: str = "ro") -> Plan:
    """The topic's answer in this context; a general fact replaced in the industry is left out."""
    chosen = _plan(topic, knowledge, context, language)
    replaced = replaced_in(knowledge.facts, context.industry)
    chosen.facts = [k for k in chosen.facts if k not in replaced]
    return chosen


def _plan(topic: str, knowledge: Knowledge, context: Context, language: str) -> Plan:
    role = _industry(knowledge, context)
    if topic == "salary":
        notes, keys = salary_plan(knowledge, context, language)
        return Plan(notes, keys, [SOURCE_FACT])
    if topic == "duties":
        if role is None:
            return Plan(facts=_general(knowledge, "duties"), buttons=industry_buttons(knowledge, language=language))
        own = _for_industry(knowledge, "duties", role.industry)
        if own:
            return Plan(facts=own + _general(knowledge, "duties"))
        note = (
            f"Nu am detalii despre sarcinile unui operator în {role.name_ro}: știu doar că există call center-e "
            "care lucrează în acest domeniu. În general:"
        )
        return Plan([_note(language, "duties_no_details", note, role)], _general(knowledge, "duties"))
    if topic == "training":
        if role is None:
            return Plan(facts=_core(knowledge, "training"))
        own = _for_industry(knowledge, "training", role.industry)
        if own:
            return Plan(
                facts=own + _for_industry(knowledge, "license", role.industry) + _general(knowledge, "training")
            )
        note = f"Nu am o durată separată pentru {role.name_ro}."
        return Plan([_note(language, "training_no_duration", note, role)], _core(knowledge, "training"))
    if topic == "license":
        if role is not None and role.industry in REGULATED:
            return Plan(facts=_core(knowledge, "license"))
        if role is not None:
            note = (
                f"Nu am informații despre o licență pentru {role.name_ro}: licența profesională e pomenită doar "
                "pentru call center-ele din domeniul financiar și al asigurărilor."
            )
            said = _note(language, "license_industry", note, role)
        else:
            note = "O licență profesională e pomenită doar pentru domeniul financiar și al asigurărilor."
            said = _note(language, "license_general", note)
        return Plan([said], _core(knowledge, "license"))
    if topic == "role_types":
        own = _for_industry(knowledge, "duties", role.industry) if role else []
        buttons = [] if own else industry_buttons(knowledge, language=language)
        return Plan(facts=own + _core(knowledge, "role_types"), buttons=buttons)
    if topic in ("skills", "work_environment") and role is not None:
        # "Cum îl ajuți pe un client fără gaz?": what the operator does in that industry, then the topic.
        own = _for_industry(knowledge, "duties", role.industry)[:MAX_INDUSTRY_CONTEXT]
        return Plan(facts=own + _core(knowledge, topic))
    if topic == "find_job":
        buttons = [{"title": "Alerte de joburi", "payload": "/subscribe_alerts"}]
        if language == ENGLISH:
            buttons = list(english("plans", "find_job_buttons"))
        return Plan(facts=_core(knowledge, "find_job"), buttons=buttons)
    return Plan(facts=_core(knowledge, topic))
