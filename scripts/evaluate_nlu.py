"""Report intent accuracy and macro F1 of the trained model on a held-out set; fail under the targets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.evaluation import HELDOUT, load_examples, rasa_predictor, score, to_markdown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/assistant.tar.gz"))
    parser.add_argument("--heldout", type=Path, default=HELDOUT, help="test set (default tests/nlu/heldout.yml)")
    parser.add_argument("--out", type=Path, default=Path("results/nlu-heldout.md"))
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    parser.add_argument("--min-f1", type=float, default=0.93)
    args = parser.parse_args()

    examples = load_examples(args.heldout)
    predictions = rasa_predictor(args.model)([e.text for e in examples])
    scores = score(examples, predictions)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(to_markdown("this project's pipeline", scores, args.heldout.resolve()), encoding="utf-8")

    summary = f"accuracy {scores.accuracy:.3f}, macro F1 {scores.macro_f1:.3f}"
    print(f"{args.heldout.name} ({scores.total} messages): {summary}")
    for tag, (count, accuracy) in scores.by_tag.items():
        print(f"  {tag:<16} {count:>4} messages  accuracy {accuracy:.3f}")
    print(f"Report: {args.out}")
    if scores.accuracy < args.min_accuracy or scores.macro_f1 < args.min_f1:
        print(f"FAILED: targets are accuracy >= {args.min_accuracy} and macro F1 >= {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
