"""Score what the candidate reads: does each reply hold the facts that were asked (tests/answers/)?

Each question of a set lists the facts its reply must contain (`facts`), whether the source cannot answer it
(`unknown`: the reply says „Nu am această informație”) and facts that would be a wrong answer (`not`). A fact
counts as said when the reply's metadata names it and its sentence is in the text the candidate reads.
Conversations are asked turn by turn in one conversation; one counts only with every turn right.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "tests" / "answers" / "questions.yml"
CONVERSATIONS = PROJECT_ROOT / "tests" / "answers" / "conversations.yml"
NOT_COVERED = "nu am aceasta informatie"
# "Nu am această informație" in each reply language (bot/answers/links.py, bot/english.yml).
NOT_COVERED_BY_LANGUAGE = {"ro": NOT_COVERED, "en": "i don't have this information"}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass(frozen=True)
class Turn:
    text: str
    facts: tuple[str, ...] = ()
    unknown: bool = False
    wrong: tuple[str, ...] = ()  # the set's `not`
    topic: str = "?"
    styles: tuple[str, ...] = ()
    language: str | None = None  # the language the reply must be in, when not the set's (a switch of language)


@dataclass(frozen=True)
class Conversation:
    name: str
    turns: tuple[Turn, ...]
    styles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Said:
    """The assistant's reply to one message: what the candidate reads and the facts it names."""

    text: str
    facts: tuple[str, ...]


@dataclass
class Verdict:
    turn: Turn
    said: Said
    problems: list[str]

    @property
    def right(self) -> bool:
        return not self.problems


def _turn(raw: dict[str, Any], topic: str = "?", styles: Iterable[str] = ()) -> Turn:
    return Turn(
        text=str(raw["text"]),
        facts=tuple(raw.get("facts") or ()),
        unknown=bool(raw.get("unknown")),
        wrong=tuple(raw.get("not") or ()),
        topic=str(raw.get("topic") or topic),
        styles=tuple(raw.get("styles") or styles),
        language=str(raw["language"]) if raw.get("language") else None,
    )


def load_questions(path: Path = QUESTIONS) -> list[Turn]:
    return [_turn(q) for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]


def load_conversations(path: Path = CONVERSATIONS) -> list[Conversation]:
    conversations = []
    for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
        styles = tuple(raw.get("styles") or ())
        turns = tuple(_turn(t, "conversation", styles) for t in raw["turns"])
        conversations.append(Conversation(str(raw.get("name") or turns[0].text), turns, styles))
    return conversations


def judge(turn: Turn, said: Said, sentences: dict[str, str], language: str = "ro") -> Verdict:
    """The problems of a reply, by what the candidate reads; `sentences` are the facts' rendered texts in the
    reply's expected `language`."""
    problems = []
    text = fold(said.text)
    not_covered = NOT_COVERED_BY_LANGUAGE.get(language, NOT_COVERED)
    for fact in turn.facts:
        if fact not in said.facts or fold(sentences.get(fact, fact)) not in text:
            problems.append(f"missing {fact}")
    if turn.unknown and not_covered not in text:
        problems.append("missing «Nu am această informație»")
    if turn.facts and not turn.unknown and not_covered in text:
        problems.append("says «Nu am această informație» though the source answers")
    if not said.text.strip():
        problems.append("no text")
    problems += [f"wrong fact {fact}" for fact in turn.wrong if fact in said.facts]
    return Verdict(turn, said, problems)


@dataclass
class Report:
    singles: list[Verdict] = field(default_factory=list)
    conversations: list[tuple[Conversation, list[Verdict]]] = field(default_factory=list)

    @property
    def single_accuracy(self) -> float:
        return sum(v.right for v in self.singles) / max(len(self.singles), 1)

    @property
    def conversation_accuracy(self) -> float:
        return sum(all(v.right for v in vs) for _, vs in self.conversations) / max(len(self.conversations), 1)

    @property
    def turn_accuracy(self) -> float:
        turns = [v for _, vs in self.conversations for v in vs]
        return sum(v.right for v in turns) / max(len(turns), 1)

    def by(self, key: Callable[[Turn], Iterable[str]]) -> dict[str, tuple[int, int]]:
        """name -> (right, total) over the single questions."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for verdict in self.singles:
            for name in key(verdict.turn):
                counts[name][0] += verdict.right
                counts[name][1] += 1
        return {name: (right, total) for name, (right, total) in sorted(counts.items())}


Asker = Callable[[str, str], Said]  # (message, conversation id) -> what the assistant said


def evaluate(
    questions: list[Turn],
    conversations: list[Conversation],
    ask: Asker,
    sentences: dict[str, str],
    language: str = "ro",
    other_sentences: dict[str, dict[str, str]] | None = None,
) -> Report:
    """Every question and conversation judged; the replies are expected in `language` (its facts' texts are
    `sentences`), a turn that names another language in the texts of `other_sentences`."""
    by_language = {**(other_sentences or {}), language: sentences}

    def judged(turn: Turn, sender: str) -> Verdict:
        expected = turn.language if turn.language in by_language else language
        return judge(turn, ask(turn.text, sender), by_language[expected], expected)

    report = Report()
    for number, turn in enumerate(questions):
        report.singles.append(judged(turn, f"answers-single-{number}"))
    for number, conversation in enumerate(conversations):
        sender = f"answers-conversation-{number}"
        report.conversations.append((conversation, [judged(turn, sender) for turn in conversation.turns]))
    return report


def _table(rows: dict[str, tuple[int, int]], title: str) -> list[str]:
    lines = ["", f"| {title} | questions | answered with the asked fact |", "|---|---:|---:|"]
    lines += [f"| {name} | {total} | {right / total:.3f} |" for name, (right, total) in rows.items()]
    return lines


def to_markdown(report: Report, source: str) -> str:
    lines = [
        f"# Answer accuracy ({source})",
        "",
        f"- single questions answered with the asked fact: **{report.single_accuracy:.3f}** ({len(report.singles)})",
        f"- conversations with every turn right: **{report.conversation_accuracy:.3f}** "
        f"({len(report.conversations)}; turns {report.turn_accuracy:.3f})",
    ]
    lines += _table(report.by(lambda t: [t.topic]), "topic")
    lines += _table(report.by(lambda t: t.styles), "style")
    wrong = [v for v in report.singles if not v.right]
    wrong += [v for _, vs in report.conversations for v in vs if not v.right]
    lines += ["", f"## Wrong answers ({len(wrong)})", ""]
    for verdict in wrong:
        lines.append(f"- „{verdict.turn.text}” — {'; '.join(verdict.problems)}")
        lines.append(f"  - said {list(verdict.said.facts)}: {verdict.said.text[:300]}")
    return "\n".join(lines) + "\n"
