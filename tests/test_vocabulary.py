"""The domain, the knowledge files and the training data agree with the vocabulary (bot/vocabulary.py)."""

from __future__ import annotations

import json
import re

import yaml

from bot import PROJECT_ROOT
from bot.answers.topics import NEIGHBOURS, TOPIC_TITLES
from bot.candidates.validation import ANY_INDUSTRY
from bot.vocabulary import INDUSTRIES, QUESTION_INTENTS, TOPIC_INTENTS

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def _yaml(path):  # noqa: ANN001, ANN202
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def domain() -> dict:
    merged: dict = {"intents": [], "responses": {}}
    for path in sorted((PROJECT_ROOT / "domain").glob("*.yml")):
        content = _yaml(path)
        merged["intents"] += content.get("intents") or []
        merged["responses"].update(content.get("responses") or {})
    return merged


def test_every_question_intent_and_titled_intent_is_in_the_domain() -> None:
    intents = set(domain()["intents"])
    assert QUESTION_INTENTS <= intents
    assert set(TOPIC_TITLES) <= intents
    assert set(NEIGHBOURS) == set(TOPIC_INTENTS)


def test_the_knowledge_files_name_the_same_industries_and_topics() -> None:
    roles = {r["industry"] for r in _yaml(KNOWLEDGE / "roles.yml")["roles"]}
    assert roles == set(INDUSTRIES) | {"general"}
    facts = _yaml(KNOWLEDGE / "facts.yml")["facts"]
    assert {f["topic"] for f in facts} == set(TOPIC_INTENTS)
    assert {i for f in facts for i in f.get("industries") or []} <= set(INDUSTRIES)


def test_the_industry_buttons_of_the_journeys_are_the_vocabulary() -> None:
    payloads = [
        button["payload"]
        for variations in domain()["responses"].values()
        for variation in variations
        for button in variation.get("buttons") or []
        if "industry" in button["payload"]
    ]
    # {{ }}: Rasa's response templates would read single braces as placeholders.
    values = {json.loads(re.sub(r"^/\w+", "", p).replace("{{", "{").replace("}}", "}"))["industry"] for p in payloads}
    assert values == set(INDUSTRIES) | {ANY_INDUSTRY}


def test_fact_examples_name_known_facts_under_their_topic_intent() -> None:
    facts = {f["id"]: f["topic"] for f in _yaml(KNOWLEDGE / "facts.yml")["facts"]}
    for path in sorted((PROJECT_ROOT / "data" / "nlu").rglob("*.yml")):
        for block in _yaml(path)["nlu"]:
            fact = (block.get("metadata") or {}).get("fact")
            if fact:
                assert fact in facts, f"{path.name}: unknown fact {fact}"
                assert block["intent"] in (TOPIC_INTENTS[facts[fact]], "inform"), f"{path.name}: {fact}"
