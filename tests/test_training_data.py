"""The training data is written as real users type, and the held-out set stays independent of it."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml

from bot import PROJECT_ROOT
from bot.evaluation import load_examples
from bot.text.normalize import normalize_message

DIACRITICS = re.compile("[ăâîșțşţĂÂÎȘȚŞŢ]")


def training_examples() -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for path in sorted((PROJECT_ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            lines = block["examples"].splitlines()
            by_intent[block["intent"]] += [line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")]
    return by_intent


def domain_intents(*files: str) -> list[str]:
    """The intents of the domain (all of domain/*.yml, as Rasa merges them), or of the files named."""
    paths = [PROJECT_ROOT / "domain" / name for name in files] or sorted((PROJECT_ROOT / "domain").glob("*.yml"))
    intents: list[str] = []
    for path in paths:
        intents += yaml.safe_load(path.read_text(encoding="utf-8")).get("intents") or []
    return intents


EXAMPLES = training_examples()


@pytest.mark.parametrize("intent", domain_intents())
def test_every_intent_has_varied_examples(intent: str) -> None:
    examples = EXAMPLES[intent]
    assert len(examples) >= 25
    without = [e for e in examples if not DIACRITICS.search(e)]
    assert len(without) >= len(examples) / 3
    assert len({normalize_message(e) for e in examples}) == len(examples), "near-identical examples"


@pytest.mark.parametrize("intent", domain_intents("journeys.yml"))
def test_candidate_journey_intents_have_many_examples_typed_as_users_type(intent: str) -> None:
    examples = EXAMPLES[intent]
    assert len(examples) >= 40
    assert sum(not DIACRITICS.search(e) for e in examples) >= 0.4 * len(examples)


def test_no_example_is_shared_between_intents() -> None:
    owner: dict[str, str] = {}
    for intent, examples in EXAMPLES.items():
        for example in examples:
            key = normalize_message(example)
            assert owner.setdefault(key, intent) == intent, f"{example!r} in {owner[key]} and {intent}"


def test_some_examples_are_long_and_some_use_the_old_cedilla_letters() -> None:
    everything = [e for examples in EXAMPLES.values() for e in examples]
    assert sum(len(e.split()) >= 20 for e in everything) >= 30
    assert sum(bool(re.search("[şţŞŢ]", e)) for e in everything) >= 10


def test_held_out_set_covers_every_intent_and_is_not_in_training() -> None:
    heldout = load_examples()
    assert len(heldout) >= 200
    assert {e.intent for e in heldout} == set(domain_intents())
    training = {normalize_message(e) for examples in EXAMPLES.values() for e in examples}
    leaked = [e.text for e in heldout if normalize_message(e.text) in training]
    assert not leaked, f"held-out messages found in training data: {leaked}"


def test_blind_set_is_not_in_training() -> None:
    blind = load_examples(PROJECT_ROOT / "tests" / "nlu" / "blind.yml")
    assert len(blind) >= 180 and {e.intent for e in blind} <= set(domain_intents())
    training = {normalize_message(e) for examples in EXAMPLES.values() for e in examples}
    leaked = [e.text for e in blind if normalize_message(e.text) in training]
    assert not leaked, f"blind-set messages found in training data: {leaked}"


def test_answer_level_sets_are_not_in_training() -> None:
    """tests/answers/ were written without reading the training data; none of their messages is trained on."""
    from bot.answer_evaluation import load_conversations, load_questions

    messages = [t.text for t in load_questions()] + [t.text for c in load_conversations() for t in c.turns]
    assert len(messages) >= 400
    training = {normalize_message(e) for examples in EXAMPLES.values() for e in examples}
    leaked = [m for m in messages if normalize_message(m) in training]
    assert not leaked, f"answer-set messages found in training data: {leaked}"



def test_english_answer_set_is_not_in_training() -> None:
    """tests/answers/en was written without reading the training data (docs/languages.md); none of it is trained on."""
    from bot.answer_evaluation import load_conversations, load_questions

    english = PROJECT_ROOT / "tests" / "answers" / "en"
    messages = [t.text for t in load_questions(english / "questions.yml")]
    messages += [t.text for c in load_conversations(english / "conversations.yml") for t in c.turns]
    assert len(messages) >= 150
    training = {normalize_message(e) for examples in EXAMPLES.values() for e in examples}
    leaked = [m for m in messages if normalize_message(m) in training]
    assert not leaked, f"English answer-set messages found in training data: {leaked}"
