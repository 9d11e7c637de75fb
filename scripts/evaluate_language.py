"""Ask the trained model which language each message of a language set is in (tests/nlu/language_id.yml) and
report the accuracy; fail under the target, or when any Romanian message would switch the conversation to English.

A message's language is the identifier's reading of it (bot/nlu/language.py: English from a probability of 0.5).
What changes the conversation's language is stricter (sure, and two words or more); a Romanian message that
would do so is counted apart, and there must be none. Common short messages ("hello", "mersi") are also training
examples: the accuracy on the other messages is reported too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from bot import PROJECT_ROOT
from bot.nlu.language import ENTITY, PARSE_KEY
from bot.recruiters.assistant import LocalAssistant

LANGUAGE_SET = Path("tests/nlu/language_id.yml")


def training_texts() -> set[str]:
    """The NLU examples' texts, folded as the pipeline folds them."""
    from bot.text.normalize import normalize_message

    texts: set[str] = set()
    for path in sorted((PROJECT_ROOT / "data" / "nlu").rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.add(normalize_message(line.strip()[2:]))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/assistant.tar.gz"))
    parser.add_argument("--set", type=Path, default=LANGUAGE_SET)
    parser.add_argument("--report", type=Path, default=Path("results/language-id.md"))
    parser.add_argument("--min-accuracy", type=float, default=0.99)
    args = parser.parse_args()

    messages = yaml.safe_load(args.set.read_text(encoding="utf-8"))["messages"]
    assistant = LocalAssistant.load(args.model)
    from bot.text.normalize import normalize_message

    trained = training_texts()
    wrong: list[str] = []
    switched: list[str] = []
    unseen = right_unseen = 0
    for item in messages:
        text, expected = str(item["text"]), str(item["language"])
        parse = assistant.parse(text)
        found = (parse.get(PARSE_KEY) or {}).get("name", "ro")
        sure = next((e["value"] for e in parse.get("entities") or [] if e.get("entity") == ENTITY), None)
        if found != expected:
            wrong.append(f"- „{text}” ({expected}) read as {found}")
        if normalize_message(text) not in trained:
            unseen += 1
            right_unseen += found == expected
        if expected == "ro" and sure == "en":
            switched.append(f"- „{text}”")
    accuracy = 1 - len(wrong) / max(len(messages), 1)
    lines = [
        f"# Language identification ({args.set})",
        "",
        f"- accuracy: **{accuracy:.3f}** ({len(messages)} messages)",
        f"- accuracy on the {unseen} messages that are not training examples: {right_unseen / max(unseen, 1):.3f}",
        f"- Romanian messages that would switch the conversation to English: **{len(switched)}**",
        "",
        f"## Wrong ({len(wrong)})",
        *wrong,
        "",
        f"## Romanian taken for English ({len(switched)})",
        *switched,
    ]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{args.set.name}: accuracy {accuracy:.3f} ({len(messages)}; {right_unseen / max(unseen, 1):.3f} on the "
        f"{unseen} not trained on), Romanian switched to English {len(switched)}"
    )
    print(f"Report: {args.report}")
    if accuracy < args.min_accuracy or switched:
        print(f"FAILED: target accuracy >= {args.min_accuracy} and no Romanian switched", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
