"""Read access to the knowledge database, as plain immutable records detached from any session."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.knowledge.db import Database
from bot.knowledge.models import Role, SalaryFigure

logger = logging.getLogger(__name__)


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
    tasks_ro: str | None
    training_ro: str | None
    licence_ro: str | None
    source: str


class KnowledgeRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    def salary_figures(self) -> dict[str, Figure]:
        try:
            with self.database.session() as session:
                rows = session.execute(select(SalaryFigure)).scalars().all()
                return {
                    r.key: Figure(r.key, r.amount_ron, r.qualifier, r.min_years_experience, r.language, r.source)
                    for r in rows
                }
        except SQLAlchemyError as error:
            logger.error("knowledge database unavailable: %s", error)
            raise KnowledgeUnavailable(str(error)) from error

    def roles(self) -> dict[str, RoleInfo]:
        try:
            with self.database.session() as session:
                rows = session.execute(select(Role).order_by(Role.id)).scalars().all()
                return {
                    r.industry: RoleInfo(
                        r.industry, r.name_ro, r.most_common, r.tasks_ro, r.training_ro, r.licence_ro, r.source
                    )
                    for r in rows
                }
        except SQLAlchemyError as error:
            logger.error("knowledge database unavailable: %s", error)
            raise KnowledgeUnavailable(str(error)) from error


_repositories: dict[str, KnowledgeRepository] = {}


def default_repository() -> KnowledgeRepository:
    """The repository for DATABASE_URL; one engine (connection pool) per URL for the process."""
    from bot.settings import get_settings

    url = get_settings().database_url
    if url not in _repositories:
        _repositories[url] = KnowledgeRepository(Database(url))
    return _repositories[url]
