"""The candidates' tables in a database created by an earlier release: missing tables created, missing columns added.

`create_all` creates missing tables but never changes an existing one. Columns added to a table after its first
release are nullable (old rows have no value for them), so adding them is one `ALTER TABLE ... ADD COLUMN` each,
the same statement on SQLite and PostgreSQL. Run by `python -m bot db load` and by the stores on first use.
"""

from __future__ import annotations

import logging

from sqlalchemy import Table, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.candidates.models import CANDIDATE_TABLES
from bot.knowledge.models import Base

logger = logging.getLogger(__name__)


def add_missing_columns(engine: Engine, table: Table) -> list[str]:
    """Add the table's nullable columns that the database lacks; returns their names."""
    existing = {column["name"] for column in inspect(engine).get_columns(table.name)}
    added = []
    preparer = engine.dialect.identifier_preparer
    for column in table.columns:
        if column.name in existing:
            continue
        if not column.nullable:
            raise RuntimeError(f"{table.name}.{column.name} is missing and cannot be added (NOT NULL)")
        kind = column.type.compile(dialect=engine.dialect)
        statement = f"ALTER TABLE {preparer.quote(table.name)} ADD COLUMN {preparer.quote(column.name)} {kind}"
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        except SQLAlchemyError:
            # Another process (a second action server starting) may have added it a moment ago.
            if column.name not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
                raise
            continue
        added.append(column.name)
    if added:
        logger.info("table %s: added columns %s", table.name, ", ".join(added))
    return added


def upgrade(engine: Engine, tables: list[Table] | None = None) -> None:
    """Create the missing tables (the candidates' by default) and add the missing columns of the existing ones."""
    tables = CANDIDATE_TABLES if tables is None else tables
    Base.metadata.create_all(engine, tables=tables)
    for table in tables:
        add_missing_columns(engine, table)
