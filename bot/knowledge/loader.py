"""Load the versioned knowledge files (knowledge/*.yml: salaries, roles, facts) into the database.

Loading is an upsert by natural key, so it can run on every start without duplicating rows. A field a
recruiter changed in the database since (`python -m bot knowledge set/import`) is overwritten only when the
file itself holds a new value for it: the values loaded last are kept in the audit table as baselines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.knowledge import facts_file
from bot.knowledge.changes import as_text, file_baselines, record_change
from bot.knowledge.db import Database
from bot.knowledge.models import Fact, Role, SalaryFigure

SALARY_FIELDS = ("amount_ron", "qualifier", "min_years_experience", "language", "description_ro", "source", "as_of")
ROLE_FIELDS = ("name_ro", "name_en", "most_common", "source")
FACT_FIELDS = (
    "topic",
    "industries",
    "position",
    "core",
    "yes_no",
    "because",
    "replaces",
    "text_ro",
    "text_en",
    "yes_no_en",
    "passage",
    "source",
)
BOOLEAN_FIELDS = ("most_common", "core")


class KnowledgeFileError(ValueError):
    """A knowledge file is missing or does not have the expected shape."""


def _read(path: Path, key: str) -> list[dict[str, Any]]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeFileError(f"{path}: {error}") from error
    rows = content.get(key) if isinstance(content, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise KnowledgeFileError(f"{path}: expected a list under '{key}'")
    return rows


def _validate_salary(row: dict[str, Any], path: Path) -> None:
    if not row.get("key") or not row.get("source"):
        raise KnowledgeFileError(f"{path}: every figure needs a key and a source: {row}")
    if not isinstance(row.get("amount_ron"), int) or row["amount_ron"] <= 0:
        raise KnowledgeFileError(f"{path}: {row['key']}: amount_ron must be a positive whole number")
    if row.get("qualifier") not in ("average", "approx", "over"):
        raise KnowledgeFileError(f"{path}: {row['key']}: qualifier must be average, approx or over")


def _validate_role(row: dict[str, Any], path: Path) -> None:
    if not row.get("industry") or not row.get("name_ro") or not row.get("source"):
        raise KnowledgeFileError(f"{path}: every role needs an industry, a name_ro and a source: {row}")


def _fact_rows(path: Path) -> list[dict[str, Any]]:
    """The facts of facts.yml as table rows, every rule checked (all errors at once)."""
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeFileError(f"{path}: {error}") from error
    facts = content.get("facts") if isinstance(content, dict) else None
    if not isinstance(facts, list) or not all(isinstance(f, dict) for f in facts):
        raise KnowledgeFileError(f"{path}: expected a list under 'facts'")
    default_source = content.get("source")
    rows, errors = [], []
    for position, fact in enumerate(facts):
        key = str(fact.get("id"))
        try:
            facts_file.check_key(key)
            facts_file.check_topic(fact.get("topic"))
            industries = facts_file.check_industries(list(fact.get("industries") or []))
            passage = " ".join(str(fact.get("passage") or "").split())
            if not passage:
                raise ValueError("fără pasajul din sursă (passage)")
            text = facts_file.check_text(" ".join(str(fact.get("text") or "").split()), passage)
            text_en = " ".join(str(fact.get("text_en") or "").split())
            if text_en:
                facts_file.check_text(text_en, passage)
            if fact.get("yes_no") and not fact.get("yes_no_en") and text_en:
                raise ValueError("are yes_no dar nu yes_no_en")
        except ValueError as error:
            errors.append(f"{key}: {error}")
            continue
        rows.append(
            {
                "key": key,
                "topic": fact["topic"],
                "industries": ",".join(industries) or None,
                "position": position,
                "core": bool(fact.get("core")),
                "yes_no": fact.get("yes_no"),
                "because": fact.get("because"),
                "replaces": fact.get("replaces"),
                "text_ro": text,
                "text_en": text_en or None,
                "yes_no_en": fact.get("yes_no_en"),
                "passage": passage,
                "source": fact.get("source") or default_source,
            }
        )
    keys = [r["key"] for r in rows]
    errors += [f"{k}: apare de mai multe ori" for k in sorted({k for k in keys if keys.count(k) > 1})]
    errors += [
        f"{r['key']}: because „{r['because']}” nu există" for r in rows if r["because"] and r["because"] not in keys
    ]
    errors += [f"{r['key']}: fără sursă (source)" for r in rows if not r["source"]]
    if errors:
        raise KnowledgeFileError(f"{path}: " + "; ".join(errors))
    return rows


def _upsert(
    session: Session,
    model: type[Any],
    kind: str,
    key_field: str,
    row: dict[str, Any],
    fields: tuple[str, ...],
    baselines: dict[tuple[str, str, str], str | None],
) -> None:
    key = row[key_field]
    record = session.execute(select(model).where(getattr(model, key_field) == key)).scalar_one_or_none()
    created = record is None
    if record is None:
        record = model(**{key_field: key})
        session.add(record)
    for name in fields:
        value = row.get(name)
        if name in BOOLEAN_FIELDS:
            value = bool(value)
        baseline_key = (kind, key, name)
        # A row deleted from the database since (by hand, a restore) is written whole again, baselines or not.
        if not created and baseline_key in baselines and baselines[baseline_key] == as_text(value):
            continue  # the file did not change since it was last loaded: keep what a recruiter may have set
        old = getattr(record, name)
        if old != value:
            setattr(record, name, value)
            record.updated_by = "setup"
        record_change(session, kind, key, name, old, value, by="setup", via="file")


def load_knowledge(database: Database, knowledge_dir: Path) -> tuple[int, int, int]:
    """Create the schema if needed and upsert every row; returns (salary figures, roles, facts) loaded.

    Facts no longer in facts.yml are deleted (recorded in the audit table): the file is the list of what the
    source states.
    """
    salaries = _read(knowledge_dir / "salaries.yml", "figures")
    roles = _read(knowledge_dir / "roles.yml", "roles")
    facts = _fact_rows(knowledge_dir / "facts.yml")
    for row in salaries:
        _validate_salary(row, knowledge_dir / "salaries.yml")
    for row in roles:
        _validate_role(row, knowledge_dir / "roles.yml")
    if not any(r["industry"] == "general" for r in roles):
        raise KnowledgeFileError("roles.yml needs a 'general' role: it stands for every industry")

    database.create_schema()
    with database.session() as session:
        baselines = file_baselines(session)
        for row in salaries:
            _upsert(session, SalaryFigure, "salary", "key", row, SALARY_FIELDS, baselines)
        for row in roles:
            _upsert(session, Role, "role", "industry", row, ROLE_FIELDS, baselines)
        for row in facts:
            _upsert(session, Fact, "fact", "key", row, FACT_FIELDS, baselines)
        keys = {row["key"] for row in facts}
        for gone in session.execute(select(Fact).where(Fact.key.not_in(keys))).scalars().all():
            record_change(session, "fact", gone.key, "text_ro", gone.text_ro, None, by="setup", via="file")
            session.delete(gone)
    return len(salaries), len(roles), len(facts)
