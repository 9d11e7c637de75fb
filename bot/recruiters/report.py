"""`report`: what candidates asked, how often the assistant did not understand, grouped to become examples."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz, process
from rich.console import Console
from rich.table import Table

from bot.answers.topics import TOPIC_TITLES
from bot.recruiters.console import plain
from bot.recruiters.conversations import StoredMessage
from bot.text.normalize import normalize_message

FALLBACK = "nlu_fallback"
NOT_UNDERSTOOD_INTENTS = (FALLBACK, "out_of_scope")
TITLES = {**TOPIC_TITLES, FALLBACK: "Neînțeles (fallback)", "out_of_scope": "În afara subiectului"}


@dataclass
class Group:
    """Similar messages the assistant did not understand; `guess` is the model's best real topic for them."""

    texts: Counter[str]
    guess: str | None

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def representative(self) -> str:
        return self.texts.most_common(1)[0][0]


@dataclass
class Report:
    since: date | None
    until: date | None
    days: list[date]
    conversations_by_day: list[int]
    messages_by_day: list[int]
    not_understood_by_day: list[int]
    topics: Counter[str]
    conversations: int
    messages: int
    fallbacks: int
    not_understood: int
    groups: list[Group] = field(default_factory=list)

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.messages if self.messages else 0.0

    @property
    def not_understood_rate(self) -> float:
        return self.not_understood / self.messages if self.messages else 0.0


def is_not_understood(message: StoredMessage, min_confidence: float) -> bool:
    if message.text.startswith("/"):
        return False  # a button click, not typed text
    return message.intent in NOT_UNDERSTOOD_INTENTS or message.confidence < min_confidence


def _guess(message: StoredMessage) -> str | None:
    return next((name for name, _ in message.ranking if name != FALLBACK), None)


def group_similar(messages: list[StoredMessage], threshold: float = 75) -> list[Group]:
    """Greedy grouping, most frequent text first: each text joins the first group it resembles enough."""
    by_text: dict[str, list[StoredMessage]] = {}
    for message in messages:
        by_text.setdefault(normalize_message(message.text), []).append(message)
    ordered = sorted(by_text.items(), key=lambda item: (-len(item[1]), item[0]))
    keys: list[str] = []
    groups: list[tuple[Counter[str], Counter[str]]] = []
    for key, members in ordered:
        match = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold) if keys else None
        if match is None:
            keys.append(key)
            groups.append((Counter(), Counter()))
            texts, guesses = groups[-1]
        else:
            texts, guesses = groups[match[2]]
        texts.update(m.text for m in members)
        guesses.update(g for g in (_guess(m) for m in members) if g)
    result = [Group(texts, guesses.most_common(1)[0][0] if guesses else None) for texts, guesses in groups]
    return sorted(result, key=lambda g: (-g.count, g.representative))


def build_report(
    messages: list[StoredMessage],
    since: date | None = None,
    until: date | None = None,
    min_confidence: float = 0.5,
    similarity: float = 75,
) -> Report:
    def day(message: StoredMessage) -> date:
        return message.when.date()

    first = since or (min(map(day, messages)) if messages else None)
    last = until or (max(map(day, messages)) if messages else None)
    days = [first + timedelta(d) for d in range((last - first).days + 1)] if first and last else []
    per_day_messages = Counter(map(day, messages))
    first_message: dict[str, date] = {}
    for message in messages:
        first_message.setdefault(message.conversation, day(message))
    per_day_conversations = Counter(first_message.values())
    unclear = [m for m in messages if is_not_understood(m, min_confidence)]
    per_day_unclear = Counter(map(day, unclear))
    return Report(
        since=since,
        until=until,
        days=days,
        conversations_by_day=[per_day_conversations[d] for d in days],
        messages_by_day=[per_day_messages[d] for d in days],
        not_understood_by_day=[per_day_unclear[d] for d in days],
        topics=Counter(m.intent for m in messages),
        conversations=len(first_message),
        messages=len(messages),
        fallbacks=sum(m.intent == FALLBACK for m in messages),
        not_understood=len(unclear),
        groups=group_similar(unclear, similarity),
    )


def day_range(since: datetime | None, until: datetime | None) -> tuple[datetime | None, datetime | None]:
    """--until is inclusive: everything before the start of the next day."""
    return since, (until + timedelta(days=1)) if until else None


def nlu_examples(groups: list[Group]) -> str:
    """The not-understood messages as Rasa NLU training data, by the model's guess, for a recruiter to check."""
    by_intent: dict[str, list[str]] = {}
    for group in groups:
        by_intent.setdefault(group.guess or "de_clasificat", []).extend(t for t, _ in group.texts.most_common())
    lines = [
        "# Mesaje neînțelese, grupate după subiectul ghicit de model. Verifică fiecare subiect, apoi mută",
        "# exemplele în data/nlu/<subiect>.yml (niciodată din tests/nlu/heldout.yml) și rulează `make train`.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent, texts in by_intent.items():
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {' '.join(t.split())}" for t in texts]
    return "\n".join(lines) + "\n"


def _period(report: Report) -> str:
    if not report.days:
        return "nicio conversație"
    return f"{report.days[0]} – {report.days[-1]} (UTC)"


def print_report(out: Console, report: Report, top: int = 10) -> None:
    out.print(f"[bold]Conversații {_period(report)}[/bold]")
    out.print(
        f"{report.conversations} conversații, {report.messages} mesaje; fallback {report.fallback_rate:.1%}, "
        f"neînțelese (fallback, în afara subiectului sau încredere mică) {report.not_understood_rate:.1%}"
    )
    days = Table(title="Pe zile")
    for column in ("zi", "conversații", "mesaje", "neînțelese"):
        days.add_column(column, justify="right")
    for values in zip(
        report.days, report.conversations_by_day, report.messages_by_day, report.not_understood_by_day, strict=True
    ):
        if any(values[1:]):
            days.add_row(*map(str, values))
    out.print(days)
    topics = Table(title="Subiectele cele mai cerute")
    topics.add_column("subiect")
    topics.add_column("mesaje", justify="right")
    for intent, count in report.topics.most_common(top):
        topics.add_row(plain(f"{TITLES.get(intent, intent)} ({intent})"), str(count))
    out.print(topics)
    groups = Table(title="Mesaje neînțelese, grupate (cele mai dese întâi)")
    groups.add_column("de câte ori", justify="right")
    groups.add_column("mesaj")
    groups.add_column("variante")
    groups.add_column("subiect ghicit")
    for group in report.groups:
        variants = "; ".join(t for t, _ in group.texts.most_common()[1:6])
        # Candidates' own messages: shown as inert text, whatever they contain (bot/recruiters/console.py).
        groups.add_row(str(group.count), plain(group.representative), plain(variants), plain(group.guess or "-"))
    out.print(groups)
