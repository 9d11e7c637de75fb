"""Report intent accuracy and macro F1 of the trained model on a held-out set; fail under the targets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.evaluation import HELDOUT, load_examples, rasa_predictor, score, to_markdown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/assistant.tar.gz"))
    parser.add_argument("--set", nargs=2, action="append", type=Path, metavar=("TEST_SET", "REPORT"),
                        help="a test set and its report; repeatable (default tests/nlu/heldout.yml "
                        "results/nlu-heldout.md)")  # fmt: skip
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    parser.add_argument("--min-f1", type=float, default=0.93)
    args = parser.parse_args()

    predict = rasa_predictor(args.model)  # loaded once for every set
    failed = False
    for test_set, report in args.set or [(HELDOUT, Path("results/nlu-heldout.md"))]:
        examples = load_examples(test_set)
        scores = score(examples, predict([e.text for e in examples]))
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(to_markdown("this project's pipeline", scores, test_set.resolve()), encoding="utf-8")

        summary = f"accuracy {scores.accuracy:.3f}, macro F1 {scores.macro_f1:.3f}"
        print(f"{test_set.name} ({scores.total} messages): {summary}")
        for tag, (count, accuracy) in scores.by_tag.items():
            print(f"  {tag:<16} {count:>4} messages  accuracy {accuracy:.3f}")
        print(f"Report: {report}")
        if scores.accuracy < args.min_accuracy or scores.macro_f1 < args.min_f1:
            print(f"FAILED: {test_set.name}: targets are accuracy >= {args.min_accuracy} and macro F1 >= "
                  f"{args.min_f1}", file=sys.stderr)  # fmt: skip
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
