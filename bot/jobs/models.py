"""The openings table, on the knowledge database's Base (same DATABASE_URL, PostgreSQL in production).

`python -m bot db load` creates it with the knowledge tables; the openings store also creates it on first use.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Text

from bot.knowledge.models import Base, _now

OPEN = "open"
CLOSED = "closed"


class JobOpening(Base):
    """A job opening a recruiter published: what the chat shows and what alerts announce."""

    __tablename__ = "job_openings"

    id = Column(Integer, primary_key=True)
    ref = Column(String(40), unique=True, nullable=False)  # the recruiter's reference; the CSV's key
    title = Column(String(200), nullable=False)
    industry = Column(String(40), nullable=False)  # a key of bot.text.entities.INDUSTRY_PATTERNS
    city = Column(String(80), nullable=True)  # canonical town (bot/text/places.py); None: only from home
    remote = Column(Boolean, nullable=False, default=False)  # can be done from home
    languages = Column(String(300), nullable=False, default="")  # foreign languages required, comma-separated
    salary_min_ron = Column(Integer, nullable=True)  # net per month, only as the opening publishes it
    salary_max_ron = Column(Integer, nullable=True)
    posted_on = Column(Date, nullable=False)
    expires_on = Column(Date, nullable=True)  # last day it is shown; None: until closed
    apply_url = Column(Text, nullable=False)
    description = Column(Text, nullable=True)
    status = Column(String(16), nullable=False, default=OPEN)  # open | closed
    # When it entered this database: an alert announces the openings added since the subscriber's last e-mail.
    created_at = Column(DateTime(timezone=True), nullable=False, default=_now)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=_now, onupdate=_now)
    updated_by = Column(String(80), nullable=False)

    __table_args__ = (Index("ix_job_openings_status_created", "status", "created_at"),)


JOB_TABLES = [JobOpening.__table__]
