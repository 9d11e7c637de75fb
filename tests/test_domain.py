"""domain/ is split by feature (the reasons are at the head of domain/answers.yml): each file declares one feature's
intents, slots, forms, actions and responses. A rule's intent and what it runs belong to the same feature, hence to
the same file; a name is declared once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot import PROJECT_ROOT

DOMAIN_FILES = sorted((PROJECT_ROOT / "domain").glob("*.yml"))
SECTIONS = ("intents", "entities", "slots", "forms", "actions", "responses")


def declared(path: Path) -> set[str]:
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names: set[str] = set()
    for section in SECTIONS:
        value = content.get(section) or []
        names |= {next(iter(v)) if isinstance(v, dict) else v for v in value} if isinstance(value, list) else set(value)
    return names


HOME = {name: path.name for path in DOMAIN_FILES for name in declared(path)}


def rules() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((PROJECT_ROOT / "data" / "rules").glob("*.yml")):
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules") or []:
            found.append((f"{path.name}: {rule['rule']}", rule))
    return found


def test_the_domain_is_split_by_feature() -> None:
    assert [p.name for p in DOMAIN_FILES] == ["answers.yml", "jobs.yml", "journeys.yml", "responses.yml"]


def test_every_name_is_declared_in_one_file() -> None:
    counts = Counter(name for path in DOMAIN_FILES for name in declared(path))
    assert not [name for name, count in counts.items() if count > 1]


@pytest.mark.parametrize("name, rule", rules(), ids=[name for name, _ in rules()])
def test_a_rule_stays_within_one_feature(name: str, rule: dict) -> None:
    steps = rule.get("steps") or []
    used = [s.get("intent") or s.get("action") for s in steps] + [
        c["active_loop"] for c in rule.get("condition") or [] if c.get("active_loop")
    ]
    # Rasa's own names (nlu_fallback, action_deactivate_loop, action_listen, ...) are declared nowhere.
    homes = {HOME[n] for n in used if n in HOME}
    assert len(homes) <= 1, f"{name} spans {sorted(homes)}: {used}"


ACTION_CODE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((PROJECT_ROOT / "actions").glob("*.py")))
CUSTOM_ACTIONS = sorted(
    a for path in DOMAIN_FILES for a in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("actions") or []
)


@pytest.mark.parametrize("action", CUSTOM_ACTIONS)
def test_an_action_is_named_literally_where_it_is_defined(action: str) -> None:
    """`grep -r action_subscribe_alerts actions/` finds the class: names are written out, never computed."""
    assert f'return "{action}"' in ACTION_CODE
