"""The recruiters' commands for openings and alerts (`python -m bot jobs ...`, `python -m bot alerts send`): the work
and its errors, as ToolErrors the command line turns into a message and an exit code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from bot.candidates.store import CandidateDataUnavailable, CandidateStore
from bot.jobs import alerts, links
from bot.jobs.mail import MailConfigError, MailSettings
from bot.jobs.openings import Imported, InvalidOpening, Opening, OpeningStore, OpeningsUnavailable, UnknownOpening
from bot.production import ProductionConfigError, check_alerts, is_production
from bot.recruiters.errors import DatabaseUnavailable, InvalidInput, ToolError
from bot.recruiters.knowledge_admin import UnknownRecord, open_database

T = TypeVar("T")


class MailNotAccepted(ToolError):
    """Some e-mails were not accepted by the SMTP server: they stay pending for the next run."""

    exit_code = 6


class Misconfigured(ToolError):
    exit_code = 2


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except InvalidOpening as error:
        raise InvalidInput("\n".join(error.errors)) from None
    except UnknownOpening as error:
        raise UnknownRecord(f"Nu există postul „{error}” (vezi `python -m bot jobs list --all`).") from None
    except (OpeningsUnavailable, CandidateDataUnavailable) as error:
        raise DatabaseUnavailable(f"Baza de date nu poate fi accesată: {error}") from error


def _with_store(url: str, work: Callable[[OpeningStore], T]) -> T:
    database = open_database(url)
    try:
        with _errors():
            return work(OpeningStore(database))
    finally:
        database.dispose()


def add(url: str, raw: dict[str, str], by: str) -> Opening:
    return _with_store(url, lambda store: store.add(raw, by))


def import_file(url: str, path: Path, by: str, only_if_empty: bool = False) -> Imported | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"Fișierul {path} nu poate fi citit ca text UTF-8: {error}") from error
    return _with_store(url, lambda store: store.import_csv(text, by, only_if_empty))


def close(url: str, ref: str, by: str) -> tuple[Opening, bool]:
    return _with_store(url, lambda store: store.close(ref, by))


def list_openings(url: str, include_closed: bool = False) -> list[Opening]:
    return _with_store(url, lambda store: store.openings(include_closed))


def send_alerts(url: str) -> alerts.SendReport:
    """One run of the alert e-mails; MailNotAccepted (exit 6) when some stay pending."""
    if is_production():
        try:
            check_alerts()
        except ProductionConfigError as error:
            raise Misconfigured(str(error)) from None
    try:
        settings, key = MailSettings.from_env(), links.secret()
    except (MailConfigError, ProductionConfigError) as error:
        raise Misconfigured(str(error)) from None
    database = open_database(url)
    try:
        with _errors():
            report = alerts.send_all(CandidateStore(database), OpeningStore(database), settings, key)
    finally:
        database.dispose()
    if report.pending:
        raise MailNotAccepted(alerts.describe(report))
    return report
