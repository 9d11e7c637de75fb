"""Configuration read from the environment, with defaults that work on a fresh clone."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot import PROJECT_ROOT

DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "knowledge.db"


@dataclass(frozen=True)
class Settings:
    database_url: str
    job_search_url: str
    recruiter_contact: str
    knowledge_dir: Path

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
            # The source's "găsește job-uri" is a link; where it points is a deployment decision.
            job_search_url=os.environ.get("JOB_SEARCH_URL") or "https://www.randstad.ro/locuri-de-munca/",
            recruiter_contact=os.environ.get("RECRUITER_CONTACT") or "",
            knowledge_dir=Path(os.environ.get("KNOWLEDGE_DIR") or PROJECT_ROOT / "data" / "knowledge"),
        )


def get_settings() -> Settings:
    """Settings are read on each call so tests and operators can change the environment."""
    return Settings.from_env()
