"""`review`: every answer the assistant can give, topic by topic, with the facts it states and their source.

Fixed answers come from the responses of domain/*.yml; answers about the job are composed by the same bot/answers
functions the action calls, from the current database, for every context that changes what they say
(experience, language, industry); then every fact on its own, as it leads a precise answer. Each answer lists
the facts it says (with their source passage) and the salary figures (with source and date).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot import PROJECT_ROOT
from bot.answers import messages
from bot.answers.engine import topic_answer
from bot.answers.links import not_covered_answer
from bot.answers.names import LANGUAGE_NAMES, language_name
from bot.answers.render import say
from bot.answers.topics import TOPIC_TITLES, Context
from bot.candidates.texts import JOURNEY_TITLES, RESPONSE_TOPICS, privacy_details, review_texts
from bot.knowledge.db import Database
from bot.knowledge.repository import Knowledge, KnowledgeRepository, KnowledgeUnavailable
from bot.recruiters.errors import DatabaseUnavailable
from bot.recruiters.knowledge_admin import SALARY, list_records
from bot.settings import Settings
from bot.text.entities import Experience
from bot.vocabulary import TOPIC_INTENTS

DOMAIN_DIR = PROJECT_ROOT / "domain"  # one file per feature, each with its fixed responses
RULES_DIR = PROJECT_ROOT / "data" / "rules"
SYSTEM = "system"  # messages not tied to one topic: fallbacks, database outage
TITLES = {**TOPIC_TITLES, **JOURNEY_TITLES, "out_of_scope": "În afara subiectului", SYSTEM: "Mesaje de sistem"}


@dataclass(frozen=True)
class Fact:
    text: str
    source: str


@dataclass
class Entry:
    topic: str
    variant: str
    text: str
    origin: str
    buttons: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLES.get(self.topic, self.topic)


def action_topics(rules_dir: Path = RULES_DIR) -> dict[str, str]:
    """action or response name -> the intent a rule answers with it."""
    topics: dict[str, str] = {}
    for path in sorted(rules_dir.glob("*.yml")):
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules") or []:
            steps = rule.get("steps") or []
            intents = [s["intent"] for s in steps if "intent" in s]
            for step in steps:
                if "action" in step and intents:
                    topics.setdefault(step["action"], intents[-1])
    return topics


def fixed_entries(topics: dict[str, str], responses: Path) -> list[Entry]:
    content = yaml.safe_load(responses.read_text(encoding="utf-8")) or {}
    entries = []
    for name, variations in (content.get("responses") or {}).items():
        for number, variation in enumerate(variations, start=1):
            text = " ".join(str(variation.get("text") or "").split())
            figures = sorted(set(re.findall(r"\d+", text)))
            entries.append(
                Entry(
                    topic=topics.get(name) or RESPONSE_TOPICS.get(name, SYSTEM),
                    variant=f"varianta {number}" if len(variations) > 1 else "",
                    text=text,
                    origin=f"domain/{responses.name}: {name}",
                    buttons=[b.get("title", "") for b in variation.get("buttons") or []],
                    facts=[Fact(f"cifra {f}", f"textul sursă (domain/{responses.name})") for f in figures]
                    or [Fact("text fix", f"textul sursă, copiat în domain/{responses.name}")],
                )
            )
    return entries


def _describe(context: Context) -> str:
    parts = []
    if context.experience is not None:
        kind = context.experience
        if kind.kind == "none":
            parts.append("fără experiență")
        elif kind.kind == "some":
            parts.append("cu experiență")
        else:
            parts.append(f"{'peste ' if kind.more_than else ''}{kind.years:g} ani experiență")
    if context.language:
        parts.append(f"limba {language_name(context.language)}")
    if context.industry:
        parts.append(f"domeniu {context.industry}")
    return ", ".join(parts) or "întrebare generală"


def salary_contexts(records: list[dict[str, Any]]) -> list[Context]:
    """Every combination of experience and language the salary answer distinguishes, and an industry."""
    figures = {r["key"]: r for r in records}
    senior = (figures.get("experienced") or {}).get("min_years_experience") or 3
    example = (figures.get("foreign_language") or {}).get("language") or "germana"
    other = next(code for code in LANGUAGE_NAMES if code not in (example, "straina"))
    experiences = [None, Experience("none"), Experience("some"), Experience("years", max(senior - 1, 1))]
    experiences.append(Experience("years", senior, more_than=True))
    contexts = [Context(None, lang, exp) for lang in (None, example, "straina", other) for exp in experiences]
    return [*contexts, Context("retail", None, None)]


def knowledge_entries(database: Database, settings: Settings) -> list[Entry]:
    records = list_records(database)
    salaries = [values for kind, values in records if kind is SALARY]
    try:
        knowledge = KnowledgeRepository(database).knowledge()
    except KnowledgeUnavailable as error:
        raise DatabaseUnavailable(f"Baza de cunoștințe nu poate fi citită: {error}") from error
    industries = [None] + [i for i in knowledge.roles if i != "general"]
    contexts: dict[str, list[Context]] = {
        "salary": salary_contexts(salaries),
        "duties": [Context(i) for i in industries],
        "training": [Context(i) for i in industries],
        "license": [Context(i) for i in industries],
    }
    entries = []
    for topic, intent in TOPIC_INTENTS.items():
        for context in contexts.get(topic, [Context()]):
            composed = topic_answer(topic, knowledge, settings, context)
            entries.append(
                Entry(
                    topic=intent,
                    variant=_describe(context),
                    text=composed.text,
                    origin="bot/answers + baza de cunoștințe",
                    buttons=[b["title"] for b in composed.buttons],
                    facts=record_facts(composed.facts, composed.text, knowledge, salaries),
                )
            )
    for fact in knowledge.facts.values():
        text = say(fact, knowledge, settings).text
        entries.append(
            Entry(
                topic=TOPIC_INTENTS.get(fact.topic, fact.topic),
                variant=f"faptul {fact.key}" + (f" ({', '.join(fact.industries)})" if fact.industries else ""),
                text=text,
                origin="faptele din baza de cunoștințe (knowledge/facts.yml)",
                facts=record_facts([fact.key], text, knowledge, salaries),
            )
        )
    return entries


def record_facts(keys: list[str], text: str, knowledge: Knowledge, salaries: Iterable[dict[str, Any]]) -> list[Fact]:
    """The facts an answer says, with their source passage, and the salary figures it states, with their date."""
    facts = [
        Fact(f"{key}: „{knowledge.facts[key].passage}”", knowledge.facts[key].source)
        for key in keys
        if key in knowledge.facts
    ]
    for figure in salaries:
        if re.search(rf"(?<!\d){figure['amount_ron']} RON", text):
            date = f", din {figure['as_of']}" if figure.get("as_of") else ""
            facts.append(
                Fact(f"{figure['key']}: {figure['amount_ron']} RON ({figure['qualifier']}{date})", figure["source"])
            )
    return facts


def link_entries(settings: Settings) -> list[Entry]:
    origin = "bot/answers/links.py + JOB_SEARCH_URL, RECRUITER_CONTACT"
    config = [Fact(f"link {settings.job_search_url}", "configurare JOB_SEARCH_URL")]
    if settings.recruiter_contact:
        config.append(Fact(f"contact {settings.recruiter_contact}", "configurare RECRUITER_CONTACT"))
    return [Entry("ask_not_covered", "", not_covered_answer(settings), origin, facts=config)]


def system_entries() -> list[Entry]:
    origin = "bot/answers/messages.py"
    return [
        Entry(
            SYSTEM, "mesaj neclar (sub pragul de încredere)", messages.DID_YOU_MEAN, origin, ["2 subiecte probabile"]
        ),
        Entry(SYSTEM, "dialog neclar", messages.NOT_UNDERSTOOD, origin),
        Entry("inform", "continuare fără subiect anterior", messages.FOLLOW_UP_UNCLEAR, origin),
        Entry(SYSTEM, "baza de date indisponibilă", messages.KNOWLEDGE_UNAVAILABLE, origin),
    ]


def journey_entries(settings: Settings) -> list[Entry]:
    """The candidate journeys' composed texts (bot/candidates/texts.py), with example values."""
    origin = "bot/candidates/texts.py + PRIVACY_URL, JOB_SEARCH_URL, RECRUITER_CONTACT"
    return [
        Entry(topic, variant, text, origin, facts=[Fact("text fix", "bot/candidates/texts.py")])
        for topic, variant, text in review_texts(settings)
    ]


def review(database: Database, settings: Settings) -> list[Entry]:
    topics = action_topics()
    entries = (
        [entry for path in sorted(DOMAIN_DIR.glob("*.yml")) for entry in fixed_entries(topics, path)]
        + knowledge_entries(database, settings)
        + link_entries(settings)
        + journey_entries(settings)
        + system_entries()
    )
    for entry in entries:  # utter_greet's link is configuration, filled in by action_greet
        entry.text = entry.text.replace("{privacy_details}", privacy_details(settings.privacy_url))
    order = {topic: i for i, topic in enumerate(TITLES)}
    return sorted(entries, key=lambda e: order.get(e.topic, len(order)))  # stable: variants keep their order


def _facts_text(entry: Entry) -> str:
    return "\n".join(f"{fact.text} — {fact.source}" for fact in entry.facts) or "-"


def print_review(out: Console, entries: list[Entry]) -> None:
    table = Table(show_lines=True, title="Răspunsurile asistentului")
    table.add_column("Subiect", max_width=22)
    table.add_column("Variantă", max_width=24)
    table.add_column("Răspuns", ratio=3)
    table.add_column("Fapte — sursă", ratio=2)
    for entry in entries:
        text = entry.text + (f"\n[butoane: {' | '.join(entry.buttons)}]" if entry.buttons else "")
        table.add_row(escape(entry.title), escape(entry.variant or "-"), escape(text), escape(_facts_text(entry)))
    out.print(table)
    out.print(f"{len(entries)} răspunsuri, {len({e.topic for e in entries})} subiecte.")


def to_markdown(entries: list[Entry]) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Răspunsurile asistentului",
        "",
        f"Generat {now} din `domain/`, `bot/answers` și baza de cunoștințe: {len(entries)} răspunsuri.",
    ]
    topic = None
    for entry in entries:
        if entry.topic != topic:
            topic = entry.topic
            lines += ["", f"## {entry.title} (`{entry.topic}`)"]
        lines += ["", f"### {entry.variant or 'răspuns'}", "", f"> {entry.text}", ""]
        if entry.buttons:
            lines += [f"Butoane: {' | '.join(entry.buttons)}", ""]
        lines.append(f"Din: {entry.origin}")
        lines += [""] + [f"- {fact.text} — sursa: {fact.source}" for fact in entry.facts]
    return "\n".join(lines) + "\n"
