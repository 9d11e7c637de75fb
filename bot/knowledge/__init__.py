"""The salary and role database: SQLAlchemy models, engine, loading from data files, queries."""

from bot.knowledge.db import Database
from bot.knowledge.models import Role, SalaryFigure
from bot.knowledge.repository import KnowledgeRepository, KnowledgeUnavailable, default_repository

__all__ = ["Database", "KnowledgeRepository", "KnowledgeUnavailable", "Role", "SalaryFigure", "default_repository"]
