"""The audit trail of the knowledge database (table knowledge_changes): writing and reading changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.knowledge.models import KnowledgeChange

KINDS = ("salary", "role", "fact")


def as_text(value: Any) -> str | None:
    """How a field value is stored in the audit trail (and compared with the files' values)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def record_change(
    session: Session, kind: str, key: str, field: str, old: Any, new: Any, by: str, via: str
) -> KnowledgeChange:
    change = KnowledgeChange(
        kind=kind, record_key=key, field=field, old_value=as_text(old), new_value=as_text(new), changed_by=by, via=via
    )
    session.add(change)
    return change


def file_baselines(session: Session) -> dict[tuple[str, str, str], str | None]:
    """(kind, key, field) -> the value the knowledge files had when they were last loaded."""
    rows = session.execute(
        select(KnowledgeChange).where(KnowledgeChange.via == "file").order_by(KnowledgeChange.id)
    ).scalars()
    return {(r.kind, r.record_key, r.field): r.new_value for r in rows}


def history(session: Session, kind: str, key: str) -> list[KnowledgeChange]:
    """Real changes of one record, oldest first (file baselines that changed nothing are left out)."""
    rows = session.execute(
        select(KnowledgeChange)
        .where(KnowledgeChange.kind == kind, KnowledgeChange.record_key == key)
        .order_by(KnowledgeChange.id)
    ).scalars()
    return [r for r in rows if r.old_value != r.new_value]
