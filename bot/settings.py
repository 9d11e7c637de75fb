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
    # The page that says what the assistant stores and why (greeting, consent questions); empty = not shown.
    privacy_url: str = ""
    # How long conversations are kept (`python -m bot retention`, from cron); None = until deleted by hand.
    retention_days: int | None = None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
            # The source's "găsește job-uri" is a link; where it points is a deployment decision.
            job_search_url=os.environ.get("JOB_SEARCH_URL") or "https://www.randstad.ro/locuri-de-munca/",
            recruiter_contact=os.environ.get("RECRUITER_CONTACT") or "",
            knowledge_dir=Path(os.environ.get("KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge"),
            privacy_url=(os.environ.get("PRIVACY_URL") or "").strip(),
            retention_days=_retention_days(os.environ.get("RETENTION_DAYS")),
        )


def _retention_days(raw: str | None) -> int | None:
    """RETENTION_DAYS as a whole number of days >= 1; anything else is None here (the assistant keeps running)
    and an error in `python -m bot retention`, which checks the variable itself."""
    try:
        days = int((raw or "").strip())
    except ValueError:
        return None
    return days if days >= 1 else None


def get_settings() -> Settings:
    """Settings are read on each call so tests and operators can change the environment."""
    return Settings.from_env()


def _positive_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, not {raw!r}")
    return value


@dataclass(frozen=True)
class ServerSettings:
    """Limits the Rasa server applies (bot/server.py), read once at its start."""

    # Seconds Rasa waits for the action server before apologising (Rasa's own default is 300 s of silence).
    action_timeout: float
    # Longer messages are refused with an explanation instead of being processed.
    max_message_chars: int
    # Largest HTTP request body the Rasa server reads (nginx enforces a smaller limit in front of it).
    max_request_bytes: int
    # Seconds a client has to send a whole request (headers and body), and an idle keep-alive connection stays
    # open: slow or idle clients do not hold connections (bot/runtime/slow_clients.py).
    request_timeout: float = 10.0
    keep_alive_timeout: float = 5.0

    @classmethod
    def from_env(cls) -> ServerSettings:
        return cls(
            action_timeout=_positive_number("ACTION_TIMEOUT", 5.0),
            max_message_chars=int(_positive_number("MAX_MESSAGE_CHARS", 2000)),
            max_request_bytes=int(_positive_number("MAX_REQUEST_BYTES", 256 * 1024)),
            request_timeout=_positive_number("HTTP_REQUEST_TIMEOUT", 10.0),
            keep_alive_timeout=_positive_number("HTTP_KEEP_ALIVE_TIMEOUT", 5.0),
        )
