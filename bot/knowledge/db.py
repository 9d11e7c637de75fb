"""Engine and sessions: the engine is created on first use, each request gets its own session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.knowledge.models import Base


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._sessions: sessionmaker | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            options: dict[str, Any] = {"future": True, "pool_pre_ping": True}
            if self.url.startswith("sqlite"):
                options["connect_args"] = {"check_same_thread": False, "timeout": 5}
            else:
                options["connect_args"] = {"connect_timeout": 5}
            self._engine = create_engine(self.url, **options)
            self._sessions = sessionmaker(self._engine, future=True, expire_on_commit=False)
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one unit of work: committed on success, rolled back on error."""
        self.engine  # noqa: B018 - creates the session factory on first use
        assert self._sessions is not None
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def create_schema(self) -> None:
        import bot.candidates.models  # noqa: F401 - registers the candidates' tables on the same Base
        import bot.jobs.models  # noqa: F401 - and the job openings'
        from bot.candidates.schema import add_missing_columns, upgrade
        from bot.knowledge.models import Fact, Role

        Base.metadata.create_all(self.engine)
        upgrade(self.engine)  # columns added to the candidates' tables since an older release
        for table in (Fact.__table__, Role.__table__):  # and the English texts to the knowledge's
            add_missing_columns(self.engine, table)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None


_shared: dict[str, Database] = {}


def shared(url: str) -> Database:
    """The process's Database for this URL: the knowledge, the candidates' data and the job openings live in one
    database (DATABASE_URL) and share its engine (one connection pool)."""
    if url not in _shared:
        _shared[url] = Database(url)
    return _shared[url]
