"""Score an NLU model on the held-out test set (tests/nlu/heldout.yml): accuracy, macro F1, by tag."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
FALLBACK = "nlu_fallback"
# Both answers refuse an unrelated message politely, so a fallback on out-of-scope text is a correct refusal.
REFUSALS = {"out_of_scope", FALLBACK}


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    tags: tuple[str, ...] = ()


@dataclass
class Scores:
    total: int
    accuracy: float
    macro_f1: float
    by_tag: dict[str, tuple[int, float]]
    errors: list[tuple[Example, str]] = field(default_factory=list)
    refusal_rate: float = 0.0


def load_examples(path: Path = HELDOUT) -> list[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Example(e["text"], e["intent"], tuple(e.get("tags") or ())) for e in data["examples"]]


def _effective(expected: str, predicted: str) -> str:
    return expected if expected == "out_of_scope" and predicted in REFUSALS else predicted


def score(examples: list[Example], predictions: list[str]) -> Scores:
    from sklearn.metrics import f1_score

    effective = [_effective(e.intent, p) for e, p in zip(examples, predictions, strict=True)]
    gold = [e.intent for e in examples]
    correct = [g == p for g, p in zip(gold, effective, strict=True)]
    tags = sorted({t for e in examples for t in e.tags} | {"with_diacritics"})
    by_tag: dict[str, tuple[int, float]] = {}
    for tag in tags:
        if tag == "with_diacritics":
            idx = [i for i, e in enumerate(examples) if "no_diacritics" not in e.tags]
        else:
            idx = [i for i, e in enumerate(examples) if tag in e.tags]
        if idx:
            by_tag[tag] = (len(idx), sum(correct[i] for i in idx) / len(idx))
    oos = [i for i, e in enumerate(examples) if e.intent == "out_of_scope"]
    return Scores(
        total=len(examples),
        accuracy=sum(correct) / len(examples),
        macro_f1=float(f1_score(gold, effective, labels=sorted(set(gold)), average="macro", zero_division=0)),
        by_tag=by_tag,
        errors=[(e, p) for e, p, ok in zip(examples, predictions, correct, strict=True) if not ok],
        refusal_rate=sum(correct[i] for i in oos) / len(oos) if oos else 0.0,
    )


def rasa_predictor(model_path: Path) -> Callable[[Iterable[str]], list[str]]:
    """Predict intents with a trained Rasa model, in-process (no server)."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no debug line per parsed message
    agent = Agent.load(str(model_path))

    def predict(texts: Iterable[str]) -> list[str]:
        async def run() -> list[str]:
            return [(await agent.parse_message(t))["intent"]["name"] for t in texts]

        return asyncio.run(run())

    return predict


def to_markdown(name: str, scores: Scores, path: Path = HELDOUT) -> str:
    where = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
    lines = [
        f"# NLU evaluation: {name}",
        "",
        f"Test set: `{where}`, {scores.total} messages never used in training.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| intent accuracy | {scores.accuracy:.3f} |",
        f"| macro F1 | {scores.macro_f1:.3f} |",
        f"| out-of-scope refused | {scores.refusal_rate:.3f} |",
    ]
    for tag, (count, accuracy) in scores.by_tag.items():
        lines.append(f"| accuracy, {tag} ({count}) | {accuracy:.3f} |")
    lines += ["", "## Errors", "", "| text | expected | predicted |", "|---|---|---|"]
    for example, predicted in scores.errors:
        lines.append(f"| {example.text} | {example.intent} | {predicted} |")
    return "\n".join(lines) + "\n"
