"""`golden`: recruiter-written questions and the facts their answers must state, run on the real assistant.

The file (tests/golden.yml) is YAML:

    cases:
      - question: Cât câștigă un operator fără experiență?
        facts: ["2500 RON"]        # each must appear in the answer (case and diacritics ignored)
        topic: ask_salary          # optional: the topic (intent) it must be understood as
        after: ["..."]             # optional: earlier messages of the same conversation (follow-ups)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rich.console import Console
from rich.markup import escape

from bot import PROJECT_ROOT
from bot.recruiters.assistant import Answer, LocalAssistant
from bot.recruiters.errors import InvalidInput
from bot.text.normalize import fold

GOLDEN_FILE = PROJECT_ROOT / "tests" / "golden.yml"


@dataclass(frozen=True)
class Case:
    question: str
    facts: tuple[str, ...]
    topic: str | None = None
    after: tuple[str, ...] = ()


@dataclass
class Result:
    case: Case
    answer: Answer
    missing: list[str] = field(default_factory=list)
    wrong_topic: bool = False

    @property
    def passed(self) -> bool:
        return not self.missing and not self.wrong_topic


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise InvalidInput(f"{where}: se așteaptă o listă de texte")
    return tuple(str(v) for v in value)


def load_cases(path: Path = GOLDEN_FILE) -> list[Case]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput(f"Fișierul {path} nu poate fi citit: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise InvalidInput(f"{path} nu e YAML valid: {error}") from error
    raw = content.get("cases") if isinstance(content, dict) else None
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(f"{path}: se așteaptă o listă nevidă sub „cases”")
    cases = []
    for number, item in enumerate(raw, start=1):
        where = f"{path.name}, cazul {number}"
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            raise InvalidInput(f"{where}: fiecare caz are nevoie de „question”")
        unknown = set(item) - {"question", "facts", "topic", "after"}
        if unknown:
            raise InvalidInput(f"{where}: chei necunoscute {sorted(unknown)} (question, facts, topic, after)")
        facts = _strings(item.get("facts"), where)
        if not facts and not item.get("topic"):
            raise InvalidInput(f"{where}: dă cel puțin un fapt („facts”) sau subiectul („topic”)")
        cases.append(Case(item["question"], facts, item.get("topic"), _strings(item.get("after"), where)))
    return cases


def _comparable(text: str) -> str:
    return " ".join(fold(text).split())


def check(case: Case, answer: Answer) -> Result:
    said = _comparable(answer.text)
    missing = [fact for fact in case.facts if _comparable(fact) not in said]
    return Result(case, answer, missing, wrong_topic=bool(case.topic) and answer.intent.name != case.topic)


def run(assistant: LocalAssistant, cases: list[Case]) -> list[Result]:
    results = []
    for case in cases:
        sender = f"golden-{uuid.uuid4().hex[:12]}"
        for earlier in case.after:
            assistant.ask(earlier, sender)
        results.append(check(case, assistant.ask(case.question, sender)))
    return results


def print_results(out: Console, results: list[Result]) -> None:
    for result in results:
        if result.passed:
            continue
        case, answer = result.case, result.answer
        before = f" (după: {' / '.join(case.after)})" if case.after else ""
        out.print(f"[red bold]✗[/red bold] [bold]{escape(case.question)}[/bold]{escape(before)}")
        if result.wrong_topic:
            out.print(f"    subiect: {answer.intent.name} ({answer.intent.confidence:.0%}), așteptat {case.topic}")
        for fact in result.missing:
            out.print(f"    lipsește: „{escape(fact)}”")
        out.print(f"    răspuns: {escape(answer.text or '(niciun răspuns)')}")
    failed = sum(not r.passed for r in results)
    colour = "red" if failed else "green"
    out.print(f"[{colour}]{len(results) - failed}/{len(results)} cazuri trecute[/{colour}]")
