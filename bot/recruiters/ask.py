"""`ask`: what the assistant answers to a question, how it understood it, and how long it took."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator

from rich.console import Console
from rich.markup import escape

from bot.answers.topics import TOPIC_TITLES
from bot.recruiters.assistant import Answer, Intent, LocalAssistant


def _intent(intent: Intent) -> str:
    title = TOPIC_TITLES.get(intent.name)
    label = f"{intent.name} ({title})" if title else intent.name
    return f"{label} {intent.confidence:.1%}"


def questions_from(lines: Iterable[str]) -> Iterator[str]:
    """Non-empty lines; lines starting with # are comments."""
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            yield text


def ask_all(
    assistant: LocalAssistant, questions: Iterable[str], same_conversation: bool = False
) -> Iterator[tuple[Answer, float]]:
    """Each answer with the seconds it took; one conversation for all questions when asked to."""
    sender = f"ask-{uuid.uuid4().hex[:12]}" if same_conversation else None
    for question in questions:
        started = time.perf_counter()
        answer = assistant.ask(question, sender)
        yield answer, time.perf_counter() - started


def print_answer(out: Console, answer: Answer, seconds: float) -> None:
    out.print(f"[bold]? {escape(answer.question)}[/bold]")
    for text in answer.texts or ["(niciun răspuns)"]:
        out.print(f"  [green]{escape(text)}[/green]")
    if answer.buttons:
        out.print(f"  butoane: {escape(' | '.join(answer.buttons))}")
    out.print(f"  subiect: {escape(_intent(answer.intent))}")
    runners_up = ", ".join(_intent(i) for i in answer.runners_up) or "-"
    out.print(f"  următoarele: {escape(runners_up)}")
    # The language the message was recognised in is shown apart from what it says (docs/languages.md).
    languages = [value for name, value in answer.entities if name == "reply_language"]
    entities = ", ".join(f"{name}={value}" for name, value in answer.entities if name != "reply_language") or "-"
    out.print(f"  entități: {escape(entities)}")
    if languages:
        out.print(f"  limba mesajului: {escape(languages[0])}")
    out.print(f"  fapte: {escape(', '.join(answer.facts) or '-')}")
    out.print(f"  [dim]acțiuni: {escape(', '.join(answer.actions) or '-')}; {seconds * 1000:.0f} ms[/dim]")
    out.print()
