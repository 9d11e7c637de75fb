"""Read access to the knowledge database, as plain immutable records detached from any session."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.knowledge.db import Database
from bot.knowledge.models import Fact, KnowledgeChange, Role, SalaryFigure

logger = logging.getLogger(__name__)
T = TypeVar("T")


class KnowledgeUnavailable(RuntimeError):
    """The database cannot be reached or read; callers apologise to the user instead of crashing."""


@dataclass(frozen=True)
class Figure:
    key: str
    amount_ron: int
    qualifier: str
    min_years_experience: int | None
    language: str | None
    source: str


@dataclass(frozen=True)
class RoleInfo:
    industry: str
    name_ro: str
    most_common: bool
    source: str
    name_en: str | None = None

    def name(self, language: str = "ro") -> str:
        return (self.name_en or self.name_ro) if language == "en" else self.name_ro


@dataclass(frozen=True)
class FactInfo:
    key: str
    topic: str
    industries: tuple[str, ...]  # empty: every industry
    core: bool
    yes_no: str | None
    because: str | None
    replaces: str | None
    text_ro: str
    passage: str
    source: str
    text_en: str | None = None  # None: not yet translated, the Romanian text is said
    yes_no_en: str | None = None

    def text(self, language: str = "ro") -> str:
        return (self.text_en or self.text_ro) if language == "en" else self.text_ro

    def answer(self, language: str = "ro") -> str | None:
        """The short yes/no answer that leads, in the language of the text said."""
        return self.yes_no_en if language == "en" and self.text_en else self.yes_no

    def applies_to(self, industry: str | None) -> bool:
        return not self.industries or industry in self.industries


def replaced_in(facts: dict[str, FactInfo], industry: str | None) -> dict[str, str]:
    """General fact -> the fact that stands for it in this industry."""
    return {f.replaces: f.key for f in facts.values() if f.replaces and industry and industry in f.industries}


@dataclass(frozen=True)
class Knowledge:
    """Everything an answer may say, read in one session so that one answer never mixes two versions."""

    figures: dict[str, Figure]
    roles: dict[str, RoleInfo]
    facts: dict[str, FactInfo]  # in the order of the facts file


def _figures(session: Session) -> dict[str, Figure]:
    rows = session.execute(select(SalaryFigure)).scalars().all()
    return {r.key: Figure(r.key, r.amount_ron, r.qualifier, r.min_years_experience, r.language, r.source) for r in rows}


def _roles(session: Session) -> dict[str, RoleInfo]:
    rows = session.execute(select(Role).order_by(Role.id)).scalars().all()
    return {r.industry: RoleInfo(r.industry, r.name_ro, r.most_common, r.source, r.name_en) for r in rows}


def _facts(session: Session) -> dict[str, FactInfo]:
    rows = session.execute(select(Fact).order_by(Fact.position, Fact.id)).scalars().all()
    return {
        r.key: FactInfo(
            r.key,
            r.topic,
            tuple(i for i in (r.industries or "").split(",") if i),
            r.core,
            r.yes_no,
            r.because,
            r.replaces,
            r.text_ro,
            r.passage,
            r.source,
            r.text_en,
            r.yes_no_en,
        )
        for r in rows
    }


class KnowledgeRepository:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._snapshot: tuple[tuple[tuple[object, ...], ...], Knowledge] | None = None

    def _read(self, reader: Callable[[Session], T]) -> T:
        try:
            with self.database.session() as session:
                return reader(session)
        except SQLAlchemyError as error:
            logger.error("knowledge database unavailable: %s", error.__class__.__name__)
            raise KnowledgeUnavailable(str(error)) from error

    def salary_figures(self) -> dict[str, Figure]:
        return self._read(_figures)

    def roles(self) -> dict[str, RoleInfo]:
        return self._read(_roles)

    def facts(self) -> dict[str, FactInfo]:
        return self._read(_facts)

    def knowledge(self) -> Knowledge:
        """Everything an answer may say, as the database holds it now (a recruiter's edit counts at once).

        Reading and building every record took three quarters of the action server's time per message, so the
        last snapshot is kept and handed out again while the tables' revision, one small query, is unchanged."""

        def read_all(session: Session) -> Knowledge:
            revision = _revision(session)
            cached = self._snapshot
            if cached is not None and cached[0] == revision:
                return cached[1]
            knowledge = Knowledge(_figures(session), _roles(session), _facts(session))
            self._snapshot = (revision, knowledge)
            return knowledge

        return self._read(read_all)


# Written once as SQL: building select()s and their cache keys at every message cost more than the query itself.
_REVISION = text(
    " UNION ALL ".join(
        f"SELECT count(*), max(id), max({stamp}) FROM {model.__tablename__}"
        for model, stamp in (
            (SalaryFigure, "updated_at"),
            (Role, "updated_at"),
            (Fact, "updated_at"),
            (KnowledgeChange, "changed_at"),
        )  # fmt: skip
    )
)


def _revision(session: Session) -> tuple[tuple[object, ...], ...]:
    """Changes with every insert and delete (count, highest id), every update (updated_at, set by the ORM on each
    change) and every audited edit, in any process: what decides whether a kept snapshot is still the truth."""
    return tuple(tuple(row) for row in session.execute(_REVISION).all())


_repositories: dict[str, KnowledgeRepository] = {}


def default_repository() -> KnowledgeRepository:
    """The repository for DATABASE_URL; one engine (connection pool) per URL for the process (bot/knowledge/db.py)."""
    from bot.knowledge.db import shared
    from bot.settings import get_settings

    url = get_settings().database_url
    if url not in _repositories:
        _repositories[url] = KnowledgeRepository(shared(url))
    return _repositories[url]
