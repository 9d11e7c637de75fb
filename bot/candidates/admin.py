"""The recruiters' commands for the candidate journeys (`python -m bot callbacks ...`, `python -m bot retention`):
the work and its errors, as ToolErrors the command line turns into a message and an exit code."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from bot.answers.topics import TOPIC_TITLES
from bot.candidates import stored_values
from bot.candidates.retention import RetentionReport, run_retention
from bot.candidates.store import Callback, CandidateDataUnavailable, CandidateStore, UnknownCallback
from bot.conversation_store import TrackerEvents, tracker_database_url
from bot.recruiters.errors import DatabaseUnavailable, InvalidInput
from bot.recruiters.knowledge_admin import UnknownRecord, open_database


def _store(database_url: str) -> CandidateStore:
    return CandidateStore(open_database(database_url))


def list_callbacks(database_url: str, include_done: bool = False) -> list[Callback]:
    store = _store(database_url)
    try:
        return store.callbacks(include_done)
    except CandidateDataUnavailable as error:
        raise DatabaseUnavailable(f"Cererile de contact nu pot fi citite: {error}") from error
    finally:
        store.database.dispose()


def mark_done(database_url: str, callback_id: int, by: str) -> tuple[Callback, bool]:
    store = _store(database_url)
    try:
        return store.mark_done(callback_id, by)
    except UnknownCallback:
        raise UnknownRecord(
            f"Nu există cererea de contact #{callback_id} (vezi `python -m bot callbacks list`)."
        ) from None
    except CandidateDataUnavailable as error:
        raise DatabaseUnavailable(f"Cererea nu poate fi salvată: {error}") from error
    finally:
        store.database.dispose()


def contact_text(callback: Callback) -> str:
    """The contact as a recruiter may use it. Rows stored before the store checked its values (or written by
    hand) may hold anything: a contact that is not a valid phone number or e-mail address of its kind is marked,
    so nobody dials, mails or opens it."""
    try:
        value, _ = stored_values.contact(callback.contact, callback.contact_kind)
    except stored_values.InvalidCandidateData:
        return f"⚠ contact nevalid, nu-l folosi: {callback.contact!r}"
    return value


def topics_text(callback: Callback) -> str:
    return ", ".join(TOPIC_TITLES.get(t, t) for t in callback.topics) or "-"


def parse_days(raw: int | str | None) -> int:
    """--days, or RETENTION_DAYS: a whole number of days, at least 1."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InvalidInput("Câte zile păstrăm conversațiile? Dă --days N sau setează RETENTION_DAYS.")
    try:
        days = int(raw)
    except ValueError:
        raise InvalidInput(f"Numărul de zile trebuie să fie un număr întreg, nu „{raw}”.") from None
    if days < 1:
        raise InvalidInput(
            "Numărul de zile trebuie să fie cel puțin 1: o limită mai mică ar șterge conversații în curs."
        )
    return days


def retention(database_url: str, days: int, dry_run: bool = False, tracker_url: str | None = None) -> RetentionReport:
    store = _store(database_url)
    events = TrackerEvents(tracker_url or tracker_database_url())
    try:
        return run_retention(days, store, events, dry_run=dry_run)
    except (CandidateDataUnavailable, SQLAlchemyError) as error:
        raise DatabaseUnavailable(
            f"Retenția nu a putut rula, baza de date nu poate fi accesată: {error.__class__.__name__}"
        ) from error
    finally:
        store.database.dispose()
