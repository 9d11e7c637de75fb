"""`knowledge`: read and change the salary, role and fact records, validated, with who/when in the audit table.

The actions read the database on every answer, so a change here is what the running assistant says next.
Every write is one transaction: a CSV import with one bad row changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import SQLAlchemyError

from bot.answers.names import LANGUAGE_NAMES
from bot.knowledge import facts_file
from bot.knowledge.changes import history, record_change
from bot.knowledge.db import Database
from bot.knowledge.models import Fact, KnowledgeChange, Role, SalaryFigure
from bot.recruiters.errors import DatabaseUnavailable, InvalidInput, ToolError

Parser = Callable[[str], Any]


class UnknownRecord(ToolError):
    exit_code = 5


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("nu poate fi gol")
    return value.strip()


def _source(value: str) -> str:
    # A named source: at least a word, not a placeholder such as "-" or "?".
    if not re.search(r"[^\W\d_]{2,}", value):
        raise ValueError("trebuie să numească sursa (de ex. „Paylab, 2025”)")
    return value.strip()


def _amount(value: str) -> int:
    cleaned = value.strip().replace(" ", "")
    if not re.fullmatch(r"\d+", cleaned) or int(cleaned) <= 0:
        raise ValueError("trebuie să fie un număr întreg pozitiv de lei (de ex. 3200)")
    return int(cleaned)


def _years(value: str) -> int | None:
    if not value.strip():
        return None
    if not re.fullmatch(r"\d{1,2}", value.strip()):
        raise ValueError("trebuie să fie un număr de ani (0-99) sau gol")
    return int(value)


def _qualifier(value: str) -> str:
    if value.strip() not in ("average", "approx", "over"):
        raise ValueError("trebuie să fie average (media), approx (aproximativ) sau over (peste)")
    return value.strip()


def _language(value: str) -> str | None:
    if not value.strip():
        return None
    if value.strip() not in LANGUAGE_NAMES:
        raise ValueError(f"limbă necunoscută; folosește una dintre: {', '.join(LANGUAGE_NAMES)}")
    return value.strip()


def _as_of(value: str) -> str | None:
    if not value.strip():
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
        raise ValueError("data cifrei se scrie AAAA, AAAA-LL sau AAAA-LL-ZZ")
    return value.strip()


def _industries(value: str) -> str | None:
    industries = [i.strip() for i in value.split(",") if i.strip()]
    return ",".join(facts_file.check_industries(industries)) or None


def _fact_key(value: str) -> str | None:
    return facts_file.check_key(value.strip()) if value.strip() else None


def _short_text(value: str) -> str | None:
    if len(value.strip()) > 40:
        raise ValueError("cel mult 40 de caractere (de ex. Da, Nu neapărat)")
    return value.strip() or None


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "da", "yes", "1"):
        return True
    if lowered in ("false", "nu", "no", "0", ""):
        return False
    raise ValueError("trebuie să fie da sau nu")


@dataclass(frozen=True)
class Kind:
    name: str  # "salary" | "role", as in the audit table
    model: type[Any]  # a table of bot.knowledge.models
    key_field: str
    fields: dict[str, Parser]  # editable fields, in CSV column order
    label: str

    def key_of(self, record: Any) -> str:
        key: str = getattr(record, self.key_field)
        return key


SALARY = Kind(
    "salary",
    SalaryFigure,
    "key",
    {
        "amount_ron": _amount,
        "qualifier": _qualifier,
        "min_years_experience": _years,
        "language": _language,
        "description_ro": _text,
        "source": _source,
        "as_of": _as_of,
    },
    "salariu",
)
ROLE = Kind(
    "role",
    Role,
    "industry",
    {
        "name_ro": _text,
        "name_en": _text,
        "most_common": _flag,
        "source": _source,
    },
    "rol",
)
FACT = Kind(
    "fact",
    Fact,
    "key",
    {
        "text_ro": _text,
        "yes_no": _short_text,
        "text_en": _text,
        "yes_no_en": _short_text,
        "core": _flag,
        "industries": _industries,
        "because": _fact_key,
        "replaces": _fact_key,
        "passage": _text,
        "source": _source,
    },
    "fapt",
)
KINDS = {"salary": SALARY, "role": ROLE, "fact": FACT}


@dataclass(frozen=True)
class Change:
    kind: str
    key: str
    field: str
    old: Any
    new: Any


def open_database(url: str) -> Database:
    """The knowledge database, refusing to silently create an empty SQLite file or work without tables."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise DatabaseUnavailable(
            f"Baza de cunoștințe {url.removeprefix('sqlite:///')} nu există: rulează `make setup` "
            "sau `python -m bot db load`."
        )
    database = Database(url)
    try:
        tables = set(inspect(database.engine).get_table_names())
    except SQLAlchemyError as error:
        database.dispose()
        raise DatabaseUnavailable(f"Baza de cunoștințe nu poate fi accesată: {error.__class__.__name__}") from error
    if not {"salary_figures", "roles", "facts"} <= tables:
        database.dispose()
        raise DatabaseUnavailable("Baza de cunoștințe nu are tabelele: rulează `python -m bot db load`.")
    if "knowledge_changes" not in tables:
        KnowledgeChange.__table__.create(database.engine)  # databases loaded before the audit trail existed
    return database


@contextmanager
def _session(database: Database) -> Iterator[Any]:
    try:
        with database.session() as session:
            yield session
    except SQLAlchemyError as error:
        raise DatabaseUnavailable(f"Baza de cunoștințe nu poate fi accesată: {error.__class__.__name__}") from error


def _values(kind: Kind, record: Any) -> dict[str, Any]:
    values = {kind.key_field: kind.key_of(record)}
    values.update({name: getattr(record, name) for name in kind.fields})
    values.update(updated_at=record.updated_at, updated_by=record.updated_by)
    return values


def list_records(database: Database) -> list[tuple[Kind, dict[str, Any]]]:
    with _session(database) as session:
        return [
            (kind, _values(kind, record))
            for kind in (SALARY, ROLE, FACT)
            for record in session.execute(select(kind.model).order_by(kind.model.id)).scalars()
        ]


def _find(session: Any, name: str) -> tuple[Kind, Any]:
    """A record by 'average', 'retail', 'license.exam', or explicitly 'salary:average' / 'role:retail'."""
    prefix, _, key = name.rpartition(":")
    if prefix and prefix not in KINDS:
        raise UnknownRecord(
            f"„{prefix}” nu e un tip de înregistrare: folosește salary:CHEIE, role:INDUSTRIE sau fact:CHEIE."
        )
    kinds = [KINDS[prefix]] if prefix else list(KINDS.values())
    found = [
        (kind, record)
        for kind in kinds
        for record in session.execute(select(kind.model).where(getattr(kind.model, kind.key_field) == key)).scalars()
    ]
    if not found:
        keys = [kind.key_of(r) for kind in KINDS.values() for r in session.execute(select(kind.model)).scalars()]
        raise UnknownRecord(f"Înregistrarea „{name}” nu există. Există: {', '.join(keys)}.")
    if len(found) > 1:
        raise UnknownRecord(f"„{name}” e ambiguu: scrie salary:{key} sau role:{key}.")
    return found[0]


def show_record(database: Database, name: str) -> tuple[Kind, dict[str, Any], list[KnowledgeChange]]:
    with _session(database) as session:
        kind, record = _find(session, name)
        return kind, _values(kind, record), history(session, kind.name, kind.key_of(record))


def parse_changes(kind: Kind, raw: dict[str, str]) -> dict[str, Any]:
    """Validate field=value pairs typed by a recruiter; all errors at once."""
    parsed: dict[str, Any] = {}
    errors: list[str] = []
    for name, value in raw.items():
        if name not in kind.fields:
            errors.append(f"{name}: câmp necunoscut pentru {kind.label} (câmpuri: {', '.join(kind.fields)})")
            continue
        try:
            parsed[name] = kind.fields[name](value)
        except ValueError as error:
            errors.append(f"{name}: {error}")
    if errors:
        raise InvalidInput("; ".join(errors))
    return parsed


def _check_record(session: Any, kind: Kind, record: Any) -> None:
    """Rules that involve more than one field, checked on the record as it would be saved."""
    if kind is not FACT:
        return
    try:
        facts_file.check_text(record.text_ro, record.passage)
    except ValueError as error:
        raise InvalidInput(f"text_ro: {error}") from None
    if record.text_en:
        try:
            facts_file.check_text(record.text_en, record.passage)
        except ValueError as error:
            raise InvalidInput(f"text_en: {error}") from None
    for field in ("because", "replaces"):
        key = getattr(record, field)
        if key and session.execute(select(Fact.id).where(Fact.key == key)).first() is None:
            raise InvalidInput(f"{field}: faptul „{key}” nu există")


def _apply(session: Any, kind: Kind, record: Any, values: dict[str, Any], by: str, via: str) -> list[Change]:
    key = kind.key_of(record)
    changes = []
    for name, value in values.items():
        old = getattr(record, name)
        if old != value:
            setattr(record, name, value)
            record_change(session, kind.name, key, name, old, value, by=by, via=via)
            changes.append(Change(kind.name, key, name, old, value))
    _check_record(session, kind, record)
    if changes:
        record.updated_by = by
    return changes


def set_fields(database: Database, name: str, raw: dict[str, str], by: str) -> list[Change]:
    if not raw:
        raise InvalidInput("nimic de schimbat: dă cel puțin un câmp, de ex. --amount 3200 sau câmp=valoare")
    with _session(database) as session:
        kind, record = _find(session, name)
        return _apply(session, kind, record, parse_changes(kind, raw), by, via="cli")


def export_csv(database: Database, kind: Kind) -> str:
    columns = [kind.key_field, *kind.fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    with _session(database) as session:
        for record in session.execute(select(kind.model).order_by(kind.model.id)).scalars():
            row = [getattr(record, c) for c in columns]
            writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in row])
    return buffer.getvalue()


def read_csv(text: str) -> tuple[Kind, list[dict[str, str]]]:
    """Parse and check the shape of an exported (and edited) CSV; the kind comes from its key column."""
    text = text.removeprefix("\ufeff")  # spreadsheet programs add a byte-order mark
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","  # Romanian Excel writes ";"
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise InvalidInput(f"CSV invalid: {error}") from error
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise InvalidInput("CSV gol")
    header = [h.strip() for h in rows[0]]
    # Salaries and facts both have a "key" column: the kind whose columns these are, else the first with it.
    with_key = [k for k in KINDS.values() if k.key_field in header]
    kind = next((k for k in with_key if all(h == k.key_field or h in k.fields for h in header)), None)
    kind = kind or next(iter(with_key), None)
    if kind is None:
        raise InvalidInput("CSV fără coloana key (salarii, fapte) sau industry (roluri)")
    unknown = [h for h in header if h != kind.key_field and h not in kind.fields]
    if unknown or len(set(header)) != len(header):
        raise InvalidInput(f"coloane necunoscute sau repetate: {', '.join(unknown) or header}")
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise InvalidInput(f"rândul {number}: {len(row)} valori pentru {len(header)} coloane")
        records.append(dict(zip(header, row, strict=True)))
    return kind, records


def import_csv(database: Database, text: str, by: str) -> list[Change]:
    """Update existing records from a CSV; every row is checked first and any error changes nothing."""
    kind, rows = read_csv(text)
    parsed: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    for number, row in enumerate(rows, start=2):
        key = row.pop(kind.key_field).strip()
        if key in parsed:
            errors.append(f"rândul {number}: {key} apare de două ori")
            continue
        try:
            parsed[key] = parse_changes(kind, row)
        except InvalidInput as error:
            errors.append(f"rândul {number} ({key}): {error}")
    if errors:
        raise InvalidInput("CSV respins, nu am schimbat nimic:\n" + "\n".join(errors))
    with _session(database) as session:
        records = {
            kind.key_of(r): r
            for r in session.execute(select(kind.model).where(getattr(kind.model, kind.key_field).in_(parsed)))
            .scalars()
            .all()
        }
        missing = [key for key in parsed if key not in records]
        if missing:
            raise UnknownRecord(f"CSV respins, nu am schimbat nimic: înregistrări necunoscute: {', '.join(missing)}")
        changes: list[Change] = []
        for key, values in parsed.items():
            try:
                changes += _apply(session, kind, records[key], values, by, via="import")
            except InvalidInput as error:
                raise InvalidInput(f"CSV respins, nu am schimbat nimic: {key}: {error}") from error
        return changes
