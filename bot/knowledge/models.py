"""Tables of the knowledge database. Every row names the source its facts come from."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Text
from sqlalchemy.orm import declarative_base

# Any: SQLAlchemy 1.4 has no type information (pyproject.toml [tool.mypy]); without the annotation mypy refuses it
# as a base class.
Base: Any = declarative_base()


def _now() -> datetime:
    return datetime.now(timezone.utc)


class SalaryFigure(Base):
    """A monthly net salary figure for one experience level, optionally with a foreign language."""

    __tablename__ = "salary_figures"

    id = Column(Integer, primary_key=True)
    key = Column(String(40), unique=True, nullable=False)  # average | beginner | experienced | foreign_language
    amount_ron = Column(Integer, nullable=False)
    # How the source states the amount: "average" (media), "approx" (aproximativ), "over" (peste).
    qualifier = Column(String(16), nullable=False)
    min_years_experience = Column(Integer, nullable=True)
    language = Column(String(40), nullable=True)  # the source's example language, e.g. "germana"
    description_ro = Column(Text, nullable=False)
    source = Column(String(200), nullable=False)
    as_of = Column(String(20), nullable=True)  # date of the figure, where the source gives one
    updated_at = Column(DateTime(timezone=True), nullable=False, default=_now, onupdate=_now)
    updated_by = Column(String(80), nullable=False, default="setup")


class Role(Base):
    """An industry operators work in, as the source names it (what they do there are facts with that industry)."""

    __tablename__ = "roles"

    id = Column(Integer, primary_key=True)
    industry = Column(String(40), unique=True, nullable=False)  # "general" stands for every industry
    name_ro = Column(String(120), nullable=False)
    name_en = Column(String(120), nullable=True)  # English name (docs/languages.md); added after the first release
    most_common = Column(Boolean, nullable=False, default=False)
    source = Column(String(200), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=_now, onupdate=_now)
    updated_by = Column(String(80), nullable=False, default="setup")


class Fact(Base):
    """One statement of the source: the sentence the assistant says and the passage it comes from.

    Answers are composed from facts (bot/answers/): a topic's general answer from its core facts, a precise
    question from the facts that answer it.
    """

    __tablename__ = "facts"

    id = Column(Integer, primary_key=True)
    key = Column(String(40), unique=True, nullable=False)  # e.g. "license.exam"; tests and replies name it
    topic = Column(String(40), nullable=False)
    industries = Column(String(200), nullable=True)  # comma-separated industry keys; None: every industry
    position = Column(Integer, nullable=False, default=0)  # order within the topic's answer
    core = Column(Boolean, nullable=False, default=False)
    yes_no = Column(String(40), nullable=True)  # the short answer to a yes/no question it answers
    because = Column(String(40), nullable=True)  # key of the fact that says why
    replaces = Column(String(40), nullable=True)  # key of the general fact it stands for in its industries
    text_ro = Column(Text, nullable=False)
    # The same in English (docs/languages.md); nullable: added to existing databases by ALTER TABLE.
    text_en = Column(Text, nullable=True)
    yes_no_en = Column(String(40), nullable=True)
    passage = Column(Text, nullable=False)  # verbatim from the source text
    source = Column(String(200), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=_now, onupdate=_now)
    updated_by = Column(String(80), nullable=False, default="setup")


class KnowledgeChange(Base):
    """One changed field of a salary, role or fact record: who, when, how, and the value before and after.

    Rows with via="file" also serve as the baseline of the knowledge files: the loader only overwrites a
    field when the file's value differs from the one it loaded last, so a recruiter's change survives
    reloading unchanged files.
    """

    __tablename__ = "knowledge_changes"

    id = Column(Integer, primary_key=True)
    kind = Column(String(16), nullable=False)  # "salary" | "role" | "fact"
    record_key = Column(String(40), nullable=False)  # SalaryFigure.key, Role.industry or Fact.key
    field = Column(String(40), nullable=False)
    old_value = Column(Text, nullable=True)
    new_value = Column(Text, nullable=True)
    changed_by = Column(String(80), nullable=False)
    changed_at = Column(DateTime(timezone=True), nullable=False, default=_now)
    via = Column(String(16), nullable=False)  # "cli" | "import" | "file"
