"""Ask the trained assistant every question of an answer-level set and report whether each reply holds the facts
that were asked, by topic and style, and the conversations; fail under the targets."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.answer_evaluation import (
    CONVERSATIONS,
    QUESTIONS,
    Said,
    evaluate,
    load_conversations,
    load_questions,
    to_markdown,
)
from bot.answers.render import say
from bot.knowledge.repository import default_repository
from bot.nlu.language import LANGUAGES
from bot.recruiters.assistant import LocalAssistant
from bot.settings import get_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/assistant.tar.gz"))
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--conversations", type=Path, default=CONVERSATIONS)
    parser.add_argument("--report", type=Path, default=Path("results/answers.md"))
    parser.add_argument("--min-single", type=float, default=0.95)
    parser.add_argument("--min-conversations", type=float, default=0.90)
    parser.add_argument("--language", choices=LANGUAGES, default="ro", help="the language the replies must be in")
    args = parser.parse_args()

    assistant = LocalAssistant.load(args.model)
    knowledge = default_repository().knowledge()
    by_language = {
        language: {key: say(fact, knowledge, get_settings(), language).text for key, fact in knowledge.facts.items()}
        for language in LANGUAGES
    }
    sentences = by_language.pop(args.language)

    def ask(message: str, sender: str) -> Said:
        answer = assistant.ask(message, sender)
        return Said(answer.text, tuple(answer.facts))

    started = time.perf_counter()
    questions, conversations = load_questions(args.questions), load_conversations(args.conversations)
    report = evaluate(questions, conversations, ask, sentences, args.language, by_language)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(to_markdown(report, str(args.questions.parent)), encoding="utf-8")
    print(
        f"{args.questions.parent.name}: single questions {report.single_accuracy:.3f} ({len(report.singles)}), "
        f"conversations {report.conversation_accuracy:.3f} ({len(report.conversations)}, turns "
        f"{report.turn_accuracy:.3f}) in {time.perf_counter() - started:.0f} s"
    )
    for name, (right, total) in report.by(lambda t: [t.topic]).items():
        print(f"  topic {name:<18} {right:>4}/{total:<4} {right / total:.3f}")
    for name, (right, total) in report.by(lambda t: t.styles).items():
        print(f"  style {name:<18} {right:>4}/{total:<4} {right / total:.3f}")
    print(f"Report: {args.report}")
    if report.single_accuracy < args.min_single or report.conversation_accuracy < args.min_conversations:
        print(
            f"FAILED: targets are single >= {args.min_single} and conversations >= {args.min_conversations}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
