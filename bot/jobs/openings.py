"""Job openings: what recruiters add, import (CSV), close and list (`python -m bot jobs ...`), and what the chat
and the alerts read.

Every value is checked before anything is written (a known industry, a town of bot/text/places.py, known
languages, an http(s) link to apply, dates, a salary only as published); a CSV import is all or nothing, its
errors name the file's line numbers. Every change is recorded in `knowledge_changes` (kind "opening", the
opening's ref as the record key), like the recruiters' knowledge edits: who, when, how, old and new value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.answers.names import LANGUAGE_NAMES
from bot.candidates.store import as_utc
from bot.jobs.models import CLOSED, JOB_TABLES, OPEN, JobOpening
from bot.knowledge.changes import record_change
from bot.knowledge.db import Database
from bot.knowledge.models import Base, KnowledgeChange
from bot.text.entities import INDUSTRY_PATTERNS
from bot.text.normalize import fold
from bot.text.places import known_city

AUDIT_KIND = "opening"
MAX_TITLE = 200
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$")
# Industries as recruiters may write them: the key, or its Romanian name (with or without diacritics).
_INDUSTRY_NAMES = {
    "telecomunicatii": "telecom",
    "utilitati": "utilitati",
    "asigurari": "asigurari",
    "financiar bancar": "financiar",
    "bancar": "financiar",
    "suport tehnic": "suport_tehnic",
    "suport business": "suport_business",
    "suport pentru companii": "suport_business",
    "comert": "comert",
}


class OpeningsUnavailable(RuntimeError):
    """The database cannot be reached or written."""


class InvalidOpening(ValueError):
    """Values a recruiter gave that cannot be stored; `errors` lists every problem (in Romanian)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


class UnknownOpening(LookupError):
    pass


@dataclass(frozen=True)
class Opening:
    id: int
    ref: str
    title: str
    industry: str
    city: str | None
    remote: bool
    languages: tuple[str, ...]
    salary_min_ron: int | None
    salary_max_ron: int | None
    posted_on: date
    expires_on: date | None
    apply_url: str
    description: str | None
    status: str
    created_at: datetime

    def is_open(self, today: date | None = None) -> bool:
        today = today or datetime.now(timezone.utc).date()
        return self.status == OPEN and (self.expires_on is None or self.expires_on >= today)


def _opening(row: JobOpening) -> Opening:
    return Opening(
        id=row.id,
        ref=row.ref,
        title=row.title,
        industry=row.industry,
        city=row.city,
        remote=bool(row.remote),
        languages=tuple(v for v in (row.languages or "").split(",") if v),
        salary_min_ron=row.salary_min_ron,
        salary_max_ron=row.salary_max_ron,
        posted_on=row.posted_on,
        expires_on=row.expires_on,
        apply_url=row.apply_url,
        description=row.description,
        status=row.status,
        created_at=as_utc(row.created_at),
    )


# ---------------------------------------------------------------- one value each


def _text(value: str, limit: int) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValueError("nu poate fi gol")
    if len(cleaned) > limit:
        raise ValueError(f"cel mult {limit} de caractere")
    if any(ord(ch) < 32 for ch in value if ch not in "\t\n\r"):
        raise ValueError("conține caractere de control")
    return cleaned


def parse_ref(value: str) -> str:
    if not _REF.match(value.strip()):
        raise ValueError("litere, cifre, . _ - (cel mult 40), de ex. EX-CLJ-01")
    return value.strip()


def parse_title(value: str) -> str:
    return _text(value, MAX_TITLE)


def parse_industry(value: str) -> str:
    key = re.sub(r"[\s_\-]+", " ", fold(value)).strip()
    if key.replace(" ", "_") in INDUSTRY_PATTERNS:
        return key.replace(" ", "_")
    if key in _INDUSTRY_NAMES:
        return _INDUSTRY_NAMES[key]
    raise ValueError(f"domeniu necunoscut; folosește unul dintre: {', '.join(INDUSTRY_PATTERNS)}")


def parse_city(value: str) -> str | None:
    if not value.strip():
        return None
    city = known_city(value)
    if city is None:
        raise ValueError("oraș necunoscut: scrie un oraș din listă (reședințele de județ și orașele mari)")
    return city


def parse_flag(value: str) -> bool:
    lowered = fold(value.strip())
    if lowered in ("da", "true", "yes", "1", "x"):
        return True
    if lowered in ("nu", "false", "no", "0", ""):
        return False
    raise ValueError("trebuie să fie da sau nu")


def parse_languages(value: str) -> tuple[str, ...]:
    """ "germană, engleză", "germana+engleza", "niciuna" or empty: the canonical values, in order."""
    words = [w for w in re.split(r"[\s,;/|+]+|\bsi\b", fold(value)) if w]
    if words in ([], ["niciuna"], ["-"]):
        return ()
    unknown = [w for w in words if w not in LANGUAGE_NAMES or w == "straina"]
    if unknown:
        raise ValueError(f"limbă necunoscută: {', '.join(unknown)} (de ex. germana, engleza, franceza)")
    return tuple(dict.fromkeys(words))


def parse_amount(value: str) -> int | None:
    cleaned = re.sub(r"[\s.]", "", value)
    if not cleaned:
        return None
    if not re.fullmatch(r"\d+", cleaned) or not 0 < int(cleaned) < 1_000_000:
        raise ValueError("trebuie să fie un număr întreg de lei net pe lună, sau gol dacă anunțul nu îl publică")
    return int(cleaned)


def parse_date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("data se scrie AAAA-LL-ZZ, de ex. 2026-12-31") from None


def parse_url(value: str) -> str:
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in url):
        raise ValueError("trebuie să fie un link http(s) complet, de ex. https://exemplu.ro/aplica")
    if len(url) > 2000:
        raise ValueError("link prea lung")
    return url


def parse_description(value: str) -> str | None:
    return _text(value, 2000) if value.strip() else None


def parse_status(value: str) -> str:
    lowered = fold(value.strip())
    if lowered in ("", "open", "deschis", "activ"):
        return OPEN
    if lowered in ("closed", "inchis", "ocupat"):
        return CLOSED
    raise ValueError("open (deschis) sau closed (închis)")


# CSV column -> (model field, reader). Columns other than ref, title, industry and apply_url may be left out.
COLUMNS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "ref": ("ref", parse_ref),
    "title": ("title", parse_title),
    "industry": ("industry", parse_industry),
    "city": ("city", parse_city),
    "remote": ("remote", parse_flag),
    "languages": ("languages", parse_languages),
    "salary_min": ("salary_min_ron", parse_amount),
    "salary_max": ("salary_max_ron", parse_amount),
    "posted": ("posted_on", parse_date),
    "expires": ("expires_on", parse_date),
    "apply_url": ("apply_url", parse_url),
    "description": ("description", parse_description),
    "status": ("status", parse_status),
}
REQUIRED_COLUMNS = ("ref", "title", "industry", "apply_url")


def parse_values(raw: dict[str, str], today: date | None = None) -> dict[str, Any]:
    """An opening's values from text, checked together (all problems at once); raises InvalidOpening."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for column, value in raw.items():
        if column not in COLUMNS:
            errors.append(f"{column}: coloană necunoscută (coloane: {', '.join(COLUMNS)})")
            continue
        name, reader = COLUMNS[column]
        try:
            values[name] = reader(value or "")
        except ValueError as error:
            errors.append(f"{column}: {error}")
    for column in REQUIRED_COLUMNS:
        if column not in raw and column != "ref":
            errors.append(f"{column}: lipsește")
    if not errors:
        errors += _together(values, today or datetime.now(timezone.utc).date())
    if errors:
        raise InvalidOpening(errors)
    return values


def _together(values: dict[str, Any], today: date) -> list[str]:
    errors = []
    values.setdefault("posted_on", None)
    if values["posted_on"] is None:
        values["posted_on"] = today
    if values.get("city") is None and not values.get("remote"):
        errors.append("city: lipsește (sau remote=da pentru un post doar de acasă)")
    low, high = values.get("salary_min_ron"), values.get("salary_max_ron")
    if low is not None and high is not None and low > high:
        errors.append("salary_min: mai mare decât salary_max")
    expires = values.get("expires_on")
    if expires is not None and expires < values["posted_on"]:
        errors.append("expires: înainte de data publicării")
    if "languages" in values:
        values["languages"] = ",".join(values["languages"])
    return errors


# ---------------------------------------------------------------- the store


@dataclass(frozen=True)
class Change:
    ref: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Imported:
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    changes: list[Change]


_FIELDS = [name for name, _ in COLUMNS.values() if name != "ref"]


class OpeningStore:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._schema_checked = False

    @contextmanager
    def _session(self) -> Iterator[Any]:
        try:
            if not self._schema_checked:
                Base.metadata.create_all(self.database.engine, tables=[*JOB_TABLES, KnowledgeChange.__table__])
                self._schema_checked = True
            with self.database.session() as session:
                yield session
        except SQLAlchemyError as error:
            raise OpeningsUnavailable(f"{error.__class__.__name__}") from error

    # ------------------------------------------------------------ reading

    def openings(self, include_closed: bool = False) -> list[Opening]:
        """Every opening (newest first); without include_closed only those open today."""
        with self._session() as session:
            query = select(JobOpening).order_by(JobOpening.created_at.desc(), JobOpening.id.desc())
            if not include_closed:
                query = query.where(JobOpening.status == OPEN)
            found = [_opening(row) for row in session.execute(query).scalars()]
        return found if include_closed else [o for o in found if o.is_open()]

    def added_since(self, moment: datetime) -> list[Opening]:
        """The openings open today that entered the database after `moment` (oldest first)."""
        with self._session() as session:
            query = (
                select(JobOpening)
                .where(JobOpening.status == OPEN, JobOpening.created_at > moment)
                .order_by(JobOpening.created_at, JobOpening.id)
            )
            return [o for o in (_opening(row) for row in session.execute(query).scalars()) if o.is_open()]

    def count(self) -> int:
        with self._session() as session:
            return session.execute(select(func.count()).select_from(JobOpening)).scalar() or 0

    def find(self, ref_or_id: str) -> Opening:
        with self._session() as session:
            return _opening(self._row(session, ref_or_id))

    @staticmethod
    def _row(session: Any, ref_or_id: str) -> JobOpening:
        by_ref = select(JobOpening).where(JobOpening.ref == ref_or_id)
        row: JobOpening | None = session.execute(by_ref).scalar_one_or_none()
        if row is None and ref_or_id.isdigit():
            row = session.get(JobOpening, int(ref_or_id))
        if row is None:
            raise UnknownOpening(ref_or_id)
        return row

    # ------------------------------------------------------------ writing

    def add(self, raw: dict[str, str], by: str, via: str = "cli") -> Opening:
        """A new opening from text values (checked; raises InvalidOpening). Without a ref it gets "J<id>"."""
        values = parse_values(raw)
        taken = InvalidOpening([f"ref: {values.get('ref')} există deja"])
        try:
            with self._session() as session:
                if values.get("ref") and session.execute(
                    select(JobOpening.id).where(JobOpening.ref == values["ref"])
                ).first():
                    raise taken
                return _opening(self._insert(session, values, by, via))
        except OpeningsUnavailable as error:
            if isinstance(error.__cause__, IntegrityError):  # the same ref added by someone else meanwhile
                raise taken from error
            raise

    def _insert(self, session: Any, values: dict[str, Any], by: str, via: str) -> JobOpening:
        row = JobOpening(**{**values, "ref": values.get("ref") or f"tmp-{id(values)}", "updated_by": by})
        row.status = values.get("status") or OPEN
        row.remote = bool(values.get("remote"))
        row.languages = values.get("languages") or ""
        session.add(row)
        session.flush()
        if not values.get("ref"):
            row.ref = f"J{row.id}"
        for name in _FIELDS:
            value = getattr(row, name)
            if value not in (None, ""):
                record_change(session, AUDIT_KIND, row.ref, name, None, value, by=by, via=via)
        return row

    def close(self, ref_or_id: str, by: str) -> tuple[Opening, bool]:
        """Close an opening: no longer shown nor announced. Returns it and whether it was open."""
        with self._session() as session:
            row = self._row(session, ref_or_id)
            was_open = row.status == OPEN
            if was_open:
                row.status = CLOSED
                row.updated_by = by
                record_change(session, AUDIT_KIND, row.ref, "status", OPEN, CLOSED, by=by, via="cli")
            session.flush()
            return _opening(row), was_open

    def import_csv(self, text: str, by: str, only_if_empty: bool = False) -> Imported | None:
        """Add the CSV's new refs and update the changed ones, in one transaction; any bad row changes nothing
        (InvalidOpening lists every problem with its line number). only_if_empty: do nothing (None) when the
        table already has openings (`make setup` loads the example this way)."""
        rows = read_csv(text)
        parsed: list[tuple[int, dict[str, Any]]] = []
        errors: list[str] = []
        seen: dict[str, int] = {}
        for line, raw in rows:
            ref = (raw.get("ref") or "").strip()
            if ref in seen:
                errors.append(f"linia {line}: ref {ref} apare și pe linia {seen[ref]}")
                continue
            seen[ref] = line
            try:
                parsed.append((line, parse_values(raw)))
            except InvalidOpening as error:
                errors += [f"linia {line} ({ref or 'fără ref'}): {problem}" for problem in error.errors]
        if errors:
            raise InvalidOpening(["CSV respins, nu am importat nimic:", *errors])
        try:
            with self._session() as session:
                if only_if_empty and session.execute(select(func.count()).select_from(JobOpening)).scalar():
                    return None
                return self._upsert(session, parsed, by)
        except OpeningsUnavailable as error:
            if isinstance(error.__cause__, IntegrityError):  # the same ref added meanwhile by someone else
                raise InvalidOpening(["CSV respins, nu am importat nimic: un ref a fost adăugat între timp"]) from error
            raise

    def _upsert(self, session: Any, parsed: list[tuple[int, dict[str, Any]]], by: str) -> Imported:
        refs = [values["ref"] for _, values in parsed]
        existing = {
            row.ref: row for row in session.execute(select(JobOpening).where(JobOpening.ref.in_(refs))).scalars()
        }
        added, updated, unchanged, changes = [], [], [], []
        for _, values in parsed:
            row = existing.get(values["ref"])
            if row is None:
                self._insert(session, values, by, "import")
                added.append(values["ref"])
                continue
            changed = []
            for name in _FIELDS:
                if name not in values:
                    continue
                new = values[name]
                old = bool(getattr(row, name)) if name == "remote" else getattr(row, name)
                if _differs(old, new):
                    setattr(row, name, new)
                    old, new = (None if v == "" else v for v in (old, new))
                    record_change(session, AUDIT_KIND, row.ref, name, old, new, by=by, via="import")
                    changed.append(Change(row.ref, name, old, new))
            if changed:
                row.updated_by = by
                updated.append(row.ref)
                changes += changed
            else:
                unchanged.append(row.ref)
        session.flush()
        return Imported(added, updated, unchanged, changes)


def _differs(old: Any, new: Any) -> bool:
    """Whether a field changes ("" and None are the same: no languages, no description)."""
    return (None if old == "" else old) != (None if new == "" else new)


def read_csv(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line number in the file, {column: value}) for every non-empty row; comma or semicolon separated
    (Romanian Excel writes ";"), UTF-8 with or without a byte-order mark. Raises InvalidOpening."""
    text = text.removeprefix("\ufeff")
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise InvalidOpening([f"linia {reader.line_num}: CSV invalid ({error})"]) from error
    rows = [(line, cells) for line, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        raise InvalidOpening(["CSV gol"])
    header_line, header = rows[0]
    header = [h.strip().lower() for h in header]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        problems = []
        if unknown:
            problems.append(f"coloane necunoscute: {', '.join(unknown)}")
        if missing:
            problems.append(f"lipsesc coloanele: {', '.join(missing)}")
        if len(set(header)) != len(header):
            problems.append("coloane repetate")
        raise InvalidOpening([f"linia {header_line}: {'; '.join(problems)} (coloane: {', '.join(COLUMNS)})"])
    records = []
    errors = []
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            errors.append(f"linia {line}: {len(cells)} valori pentru {len(header)} coloane")
            continue
        records.append((line, dict(zip(header, cells, strict=True))))
    if errors:
        raise InvalidOpening(["CSV respins, nu am importat nimic:", *errors])
    return records


_stores: dict[str, OpeningStore] = {}


def default_openings() -> OpeningStore:
    """The store on DATABASE_URL; one engine (connection pool) per URL for the process (bot/knowledge/db.py)."""
    from bot.knowledge.db import shared
    from bot.settings import get_settings

    url = get_settings().database_url
    if url not in _stores:
        _stores[url] = OpeningStore(shared(url))
    return _stores[url]
