"""Command line of the assistant's own tools: `python -m bot --help` (also installed as `callcenter-bot`).

Only wiring lives here; the recruiters' tools are in bot/recruiters/. Typer 0.7 (pinned by spaCy 3.4) does
not understand `X | None` annotations, hence `Optional` in the command signatures.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from bot.runtime import typer_compat
from bot.settings import get_settings

if TYPE_CHECKING:  # imported lazily where used (Rasa is slow to import)
    from bot.jobs.openings import Opening
    from bot.recruiters.assistant import LocalAssistant

typer_compat.apply()

# No locals in tracebacks: they could print DATABASE_URL with its password.
app = typer.Typer(
    help="Asistentul pentru cariera de operator call center: unelte pentru echipă și recrutori.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
db_app = typer.Typer(help="Baza de cunoștințe (salarii, domenii și faptele din sursă).", no_args_is_help=True)
app.add_typer(db_app, name="db")
knowledge_app = typer.Typer(
    help="Salariile, domeniile și faptele pe care le spune asistentul: listează, arată, schimbă, importă/exportă CSV. "
    "O schimbare e folosită imediat de asistentul pornit, fără reantrenare.",
    no_args_is_help=True,
)
app.add_typer(knowledge_app, name="knowledge")


@contextmanager
def _clear_errors() -> Iterator[None]:
    """Bad input and unavailable resources end with a message and an exit code, not a traceback."""
    from bot.recruiters.errors import ToolError

    try:
        yield
    except ToolError as error:
        typer.secho(str(error), fg=typer.colors.RED, err=True)
        raise typer.Exit(error.exit_code) from None


def _who(by: str | None) -> str:
    """Who changes the knowledge: --by, else the login name (containers may have none)."""
    if by:
        return by
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (OSError, KeyError):
        return "necunoscut"


@db_app.command("load")
def db_load() -> None:
    """Create the schema and load knowledge/*.yml into DATABASE_URL (idempotent)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.knowledge.db import Database
    from bot.knowledge.loader import KnowledgeFileError, load_knowledge

    settings = get_settings()
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    database = Database(settings.database_url)
    try:
        figures, roles, facts = load_knowledge(database, settings.knowledge_dir)
    except KnowledgeFileError as error:
        typer.secho(f"Fișier de cunoștințe invalid: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from error
    except SQLAlchemyError as error:
        typer.secho(f"Baza de date nu poate fi accesată: {error.__class__.__name__}: {error}", fg="red", err=True)
        raise typer.Exit(3) from error
    finally:
        database.dispose()
    typer.echo(f"Knowledge loaded: {figures} salary figures, {roles} roles, {facts} facts.")


@app.command("build-spacy")
def build_spacy() -> None:
    """Build the Romanian spaCy pipeline (spacy.blank('ro') + folded lemma table) under build/spacy-ro."""
    from bot.nlu.spacy_build import build

    typer.echo(f"Romanian spaCy pipeline written to {build()}")


def _check_knowledge_database() -> None:
    from bot.recruiters.knowledge_admin import open_database

    open_database(get_settings().database_url).dispose()


def _load_assistant(model: Path | None) -> LocalAssistant:
    from bot.recruiters.assistant import LocalAssistant

    _check_knowledge_database()
    typer.secho("Încarc modelul...", err=True, dim=True)
    started = time.perf_counter()
    assistant = LocalAssistant.shared(model)
    typer.secho(f"Model încărcat în {time.perf_counter() - started:.1f} s.", err=True, dim=True)
    return assistant


MODEL_OPTION = typer.Option(None, "--model", help="Modelul antrenat (implicit $MODEL sau models/assistant.tar.gz).")


@app.command()
def ask(
    question: Optional[str] = typer.Argument(
        None, help="Întrebarea. Fără ea, citesc câte o întrebare pe linie din --file sau de la intrarea standard."
    ),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Fișier cu câte o întrebare pe linie."),
    conversation: bool = typer.Option(
        False, "--conversation", "-c", help="Toate întrebările într-o conversație: „și cu germană?” continuă."
    ),
    model: Optional[Path] = MODEL_OPTION,
) -> None:
    """Ce răspunde asistentul: răspunsul, subiectul recunoscut și încrederea, entitățile, următoarele 2 subiecte."""
    from bot.recruiters.ask import ask_all, print_answer, questions_from
    from bot.recruiters.console import console
    from bot.recruiters.errors import InvalidInput

    with _clear_errors():
        if question is not None:
            lines: Iterable[str] = [question]
        elif file is not None:
            try:
                lines = file.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise InvalidInput(f"Fișierul {file} nu poate fi citit: {error}") from error
        else:
            if sys.stdin.isatty():
                typer.secho("Scrie câte o întrebare pe linie; Ctrl-D termină.", err=True, dim=True)
            lines = sys.stdin
        assistant = _load_assistant(model)
        out = console()
        for answer, seconds in ask_all(assistant, questions_from(lines), conversation):
            print_answer(out, answer, seconds)


@app.command()
def review(
    markdown: Optional[Path] = typer.Option(None, "--markdown", help="Scrie și un fișier Markdown, de corectat."),
) -> None:
    """Toate răspunsurile asistentului, pe subiecte, cu faptele (cifrele) și sursa lor."""
    from bot.recruiters.console import console
    from bot.recruiters.knowledge_admin import open_database
    from bot.recruiters.review import print_review, to_markdown
    from bot.recruiters.review import review as build_review

    with _clear_errors():
        settings = get_settings()
        database = open_database(settings.database_url)
        try:
            entries = build_review(database, settings)
        finally:
            database.dispose()
        print_review(console(), entries)
        if markdown is not None:
            markdown.write_text(to_markdown(entries), encoding="utf-8")
            typer.echo(f"Markdown scris în {markdown}")


@knowledge_app.command("list")
def knowledge_list() -> None:
    """Toate înregistrările: salarii (cifră, sursă, data cifrei), domenii și faptele din sursă (textul spus)."""
    from rich.markup import escape
    from rich.table import Table

    from bot.recruiters.console import console
    from bot.recruiters.knowledge_admin import FACT, SALARY, list_records, open_database

    with _clear_errors():
        database = open_database(get_settings().database_url)
        try:
            records = list_records(database)
        finally:
            database.dispose()
    table = Table(title="Baza de cunoștințe")
    for column in ("tip", "cheie", "valoare", "sursă", "data cifrei", "schimbat"):
        table.add_column(column)
    for kind, values in records:
        key = values[kind.key_field]
        if kind is SALARY:
            value = f"{values['amount_ron']} RON ({values['qualifier']})"
        else:
            value = values["text_ro"] if kind is FACT else values["name_ro"]
        changed = f"{values['updated_at']:%Y-%m-%d %H:%M} de {values['updated_by']}"
        table.add_row(kind.name, key, escape(value), escape(values["source"]), values.get("as_of") or "-", changed)
    console().print(table)


@knowledge_app.command("show")
def knowledge_show(
    record: str = typer.Argument(..., help="Cheia: average, retail, license.exam... (sau salary:X, role:X, fact:X)"),
) -> None:
    """Toate câmpurile unei înregistrări și istoricul schimbărilor (cine, când, vechi → nou)."""
    from rich.markup import escape
    from rich.table import Table

    from bot.recruiters.console import console
    from bot.recruiters.knowledge_admin import open_database, show_record

    with _clear_errors():
        database = open_database(get_settings().database_url)
        try:
            kind, values, changes = show_record(database, record)
        finally:
            database.dispose()
    out = console()
    out.print(f"[bold]{kind.name} {escape(values[kind.key_field])}[/bold]")
    for name, value in values.items():
        out.print(f"  {name}: {escape(str(value) if value is not None else '-')}")
    table = Table(title="Istoric")
    for column in ("când", "cine", "cum", "câmp", "vechi", "nou"):
        table.add_column(column)
    for change in changes:
        table.add_row(
            f"{change.changed_at:%Y-%m-%d %H:%M}",
            escape(change.changed_by),
            change.via,
            change.field,
            escape(change.old_value or "-"),
            escape(change.new_value or "-"),
        )
    out.print(table)


@knowledge_app.command("set")
def knowledge_set(
    record: str = typer.Argument(..., help="Cheia: average, retail, license.exam... (sau salary:X, role:X, fact:X)"),
    fields: Optional[list[str]] = typer.Argument(None, help='câmp=valoare, de ex. text_ro="..."'),
    amount: Optional[str] = typer.Option(None, "--amount", help="Cifra în RON net pe lună (amount_ron)."),
    source: Optional[str] = typer.Option(None, "--source", help="Sursa cifrei, de ex. „Paylab, 2025”."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Data cifrei: AAAA, AAAA-LL sau AAAA-LL-ZZ."),
    by: Optional[str] = typer.Option(None, "--by", help="Cine face schimbarea (implicit $USER)."),
) -> None:
    """Schimbă o înregistrare; validat (cifră pozitivă, sursă numită), cu cine/când în istoric. Fără reantrenare."""
    from bot.recruiters.errors import InvalidInput
    from bot.recruiters.knowledge_admin import open_database, set_fields

    with _clear_errors():
        raw: dict[str, str] = {}
        for item in fields or []:
            name, sep, value = item.partition("=")
            if not sep:
                raise InvalidInput(f"„{item}” nu e de forma câmp=valoare")
            raw[name.strip()] = value
        options = {"amount_ron": amount, "source": source, "as_of": as_of}
        raw.update({name: value for name, value in options.items() if value is not None})
        database = open_database(get_settings().database_url)
        try:
            changes = set_fields(database, record, raw, _who(by))
        finally:
            database.dispose()
    for change in changes:
        typer.echo(f"{change.kind} {change.key}.{change.field}: {change.old} → {change.new}")
    typer.echo(f"{len(changes)} câmpuri schimbate." if changes else "Nimic de schimbat: valorile erau deja acestea.")


class ExportKind(str, Enum):
    salary = "salary"
    role = "role"
    fact = "fact"


@knowledge_app.command("export")
def knowledge_export(
    kind: ExportKind = typer.Argument(..., help="salary (salarii), role (domenii) sau fact (fapte)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Fișierul CSV (implicit la ieșirea standard)."),
) -> None:
    """Exportă salariile, domeniile sau faptele ca CSV (UTF-8), de editat și importat înapoi."""
    from bot.recruiters.knowledge_admin import KINDS, export_csv, open_database

    with _clear_errors():
        database = open_database(get_settings().database_url)
        try:
            text = export_csv(database, KINDS[kind.value])
        finally:
            database.dispose()
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Exportat în {out}", err=True)


@knowledge_app.command("import")
def knowledge_import(
    file: Path = typer.Argument(..., help="CSV exportat cu `knowledge export` (coloana key sau industry)."),
    by: Optional[str] = typer.Option(None, "--by", help="Cine face schimbarea (implicit $USER)."),
) -> None:
    """Actualizează înregistrările dintr-un CSV: totul sau nimic (un rând greșit nu schimbă nimic)."""
    from bot.recruiters.errors import InvalidInput
    from bot.recruiters.knowledge_admin import import_csv, open_database

    with _clear_errors():
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(f"Fișierul {file} nu poate fi citit ca text UTF-8: {error}") from error
        database = open_database(get_settings().database_url)
        try:
            changes = import_csv(database, text, _who(by))
        finally:
            database.dispose()
    for change in changes:
        typer.echo(f"{change.kind} {change.key}.{change.field}: {change.old} → {change.new}")
    typer.echo(f"Import reușit: {len(changes)} câmpuri schimbate.")


@app.command()
def golden(
    file: Optional[Path] = typer.Argument(
        None, help="Fișierul YAML cu întrebări și fapte (implicit tests/golden.yml)."
    ),
    model: Optional[Path] = MODEL_OPTION,
) -> None:
    """Întrebările de referință ale recrutorilor: fiecare răspuns trebuie să conțină faptele așteptate."""
    from bot.recruiters.console import console
    from bot.recruiters.golden import GOLDEN_FILE, load_cases, print_results, run

    with _clear_errors():
        cases = load_cases(file or GOLDEN_FILE)
        results = run(_load_assistant(model), cases)
    print_results(console(), results)
    if not all(r.passed for r in results):
        raise typer.Exit(1)


@app.command()
def report(
    since: Optional[datetime] = typer.Option(None, "--since", formats=["%Y-%m-%d"], help="De la data (inclusiv)."),
    until: Optional[datetime] = typer.Option(None, "--until", formats=["%Y-%m-%d"], help="Până la data (inclusiv)."),
    html: Optional[Path] = typer.Option(None, "--html", help="Scrie și o pagină HTML cu grafice."),
    examples: Optional[Path] = typer.Option(None, "--examples", help="Scrie mesajele neînțelese ca date NLU (YAML)."),
    db_url: Optional[str] = typer.Option(
        None, "--db-url", help="Baza de conversații (implicit a asistentului: TRACKER_*, BOT_ENV)."
    ),
    min_confidence: float = typer.Option(0.5, help="Sub această încredere un mesaj contează ca neînțeles."),
    similarity: float = typer.Option(75, help="Cât de asemănătoare (0-100) trebuie să fie mesajele dintr-un grup."),
) -> None:
    """Ce au întrebat candidații: conversații pe zile, subiecte, rata de fallback, mesajele neînțelese grupate."""
    from bot.recruiters.console import console
    from bot.recruiters.conversations import read_messages
    from bot.recruiters.errors import InvalidInput
    from bot.recruiters.report import build_report, day_range, nlu_examples, print_report

    with _clear_errors():
        start, end = (d.replace(tzinfo=timezone.utc) if d else None for d in (since, until))
        if start and end and start > end:
            raise InvalidInput("--since e după --until")
        messages = read_messages(db_url, *day_range(start, end))
        data = build_report(
            messages,
            start.date() if start else None,
            end.date() if end else None,
            min_confidence=min_confidence,
            similarity=similarity,
        )
    print_report(console(), data)
    if html is not None:
        from bot.recruiters.report_html import to_html

        html.write_text(to_html(data), encoding="utf-8")
        typer.echo(f"Raport HTML scris în {html}")
    if examples is not None:
        examples.write_text(nlu_examples(data.groups), encoding="utf-8")
        typer.echo(f"Exemple NLU scrise în {examples}")


# ---------------------------------------------------------------- candidate journeys: callbacks, retention
callbacks_app = typer.Typer(
    help="Cererile candidaților de a fi contactați de un recrutor: listează-le, marchează-le rezolvate.",
    no_args_is_help=True,
)
app.add_typer(callbacks_app, name="callbacks")


@callbacks_app.command("list")
def callbacks_list(
    include_done: bool = typer.Option(False, "--all", help="Și cererile rezolvate."),
) -> None:
    """Cererile deschise, cele mai vechi primele: nume, contact, subiectele întrebate în conversație."""
    from rich.table import Table

    from bot.candidates.admin import contact_text, list_callbacks, topics_text
    from bot.recruiters.console import console, plain

    with _clear_errors():
        callbacks = list_callbacks(get_settings().database_url, include_done)
    table = Table(title="Cereri de contact" + (" (toate)" if include_done else " deschise"))
    for column in ("#", "cerută", "nume", "contact", "subiecte", "context", "canal", "stare"):
        table.add_column(column)
    for c in callbacks:
        state = "deschisă" if c.open else f"rezolvată {c.done_at:%Y-%m-%d %H:%M} de {c.done_by}"
        table.add_row(
            str(c.id),
            f"{c.created_at:%Y-%m-%d %H:%M}",
            # What candidates typed, shown as inert text (no markup, no terminal control sequences).
            plain(c.name),
            plain(contact_text(c)),
            plain(topics_text(c)),
            plain(c.context or "-"),
            plain(c.channel or "-"),
            plain(state),
        )
    console().print(table)
    typer.echo(f"{len(callbacks)} cereri.")


@callbacks_app.command("done")
def callbacks_done(
    request_id: int = typer.Argument(..., help="Numărul cererii, din `callbacks list`."),
    by: Optional[str] = typer.Option(None, "--by", help="Cine a rezolvat-o (implicit $USER)."),
) -> None:
    """Marchează o cerere rezolvată (candidatul a fost contactat)."""
    from bot.candidates.admin import mark_done

    with _clear_errors():
        callback, was_open = mark_done(get_settings().database_url, request_id, _who(by))
    if was_open:
        typer.echo(f"Cererea #{callback.id} ({callback.name}) e marcată rezolvată de {callback.done_by}.")
    else:
        when = f"{callback.done_at:%Y-%m-%d %H:%M}"
        typer.echo(f"Cererea #{callback.id} era deja rezolvată ({when}, {callback.done_by}).")


@app.command()
def retention(
    days: Optional[str] = typer.Option(
        None, "--days", help="Șterge conversațiile mai vechi de atâtea zile (implicit $RETENTION_DAYS)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Doar numără ce s-ar șterge."),
) -> None:
    """Șterge conversațiile mai vechi de N zile, abonările încheiate și cererile rezolvate de atunci; pentru cron."""
    from bot.candidates.admin import parse_days
    from bot.candidates.admin import retention as run
    from bot.candidates.retention import describe

    with _clear_errors():
        limit = parse_days(days if days is not None else os.environ.get("RETENTION_DAYS"))
        report = run(get_settings().database_url, limit, dry_run)
    typer.echo(describe(report))


# ---------------------------------------------------------------- job openings and alerts (docs/jobs.md)
jobs_app = typer.Typer(
    help="Posturile deschise pe care asistentul le arată în chat și le trimite în alerte: adaugă, importă (CSV), "
    "închide, listează. Fiecare schimbare e validată și înregistrată (cine, când, vechi → nou).",
    no_args_is_help=True,
)
app.add_typer(jobs_app, name="jobs")
alerts_app = typer.Typer(help="Alertele de joburi trimise prin e-mail abonaților confirmați.", no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")


def _opening_row(o: Opening) -> list[str]:
    from bot.jobs.texts import place, salary

    state = "deschis" if o.is_open() else ("închis" if o.status == "closed" else "expirat")
    return [
        str(o.id),
        o.ref,
        o.title,
        o.industry,
        place(o),
        ", ".join(o.languages) or "-",
        salary(o) or "-",
        f"{o.posted_on:%Y-%m-%d}",
        f"{o.expires_on:%Y-%m-%d}" if o.expires_on else "-",
        state,
    ]


@jobs_app.command("list")
def jobs_list(include_closed: bool = typer.Option(False, "--all", help="Și posturile închise sau expirate.")) -> None:
    """Posturile deschise (cele mai noi primele): titlu, domeniu, oraș, limbi, salariu publicat, date, stare."""
    from rich.table import Table

    from bot.jobs.admin import list_openings
    from bot.recruiters.console import console, plain

    with _clear_errors():
        openings = list_openings(get_settings().database_url, include_closed)
    table = Table(title="Posturi" + (" (toate)" if include_closed else " deschise"))
    for column in ("#", "ref", "titlu", "domeniu", "unde", "limbi", "salariu", "publicat", "expiră", "stare"):
        table.add_column(column)
    for opening in openings:
        table.add_row(*(plain(value) for value in _opening_row(opening)))
    console().print(table)
    typer.echo(f"{len(openings)} posturi.")


@jobs_app.command("add")
def jobs_add(
    title: str = typer.Option(..., "--title", help="Titlul anunțului."),
    industry: str = typer.Option(..., "--industry", help="retail, telecom, utilitati, asigurari, financiar, ..."),
    apply_url: str = typer.Option(..., "--apply-url", help="Linkul unde se aplică (http/https)."),
    city: Optional[str] = typer.Option(None, "--city", help="Orașul (din lista orașelor); gol doar cu --remote."),
    remote: bool = typer.Option(False, "--remote", help="Se poate lucra de acasă."),
    languages: Optional[str] = typer.Option(None, "--languages", help="Limbile cerute, de ex. „germana,engleza”."),
    salary_min: Optional[str] = typer.Option(None, "--salary-min", help="Salariul net minim publicat (RON/lună)."),
    salary_max: Optional[str] = typer.Option(None, "--salary-max", help="Salariul net maxim publicat (RON/lună)."),
    posted: Optional[str] = typer.Option(None, "--posted", help="Data publicării, AAAA-LL-ZZ (implicit azi)."),
    expires: Optional[str] = typer.Option(None, "--expires", help="Ultima zi în care e afișat, AAAA-LL-ZZ."),
    ref: Optional[str] = typer.Option(None, "--ref", help="Referința ta (implicit J<număr>)."),
    description: Optional[str] = typer.Option(None, "--description", help="O descriere scurtă."),
    by: Optional[str] = typer.Option(None, "--by", help="Cine îl adaugă (implicit $USER)."),
) -> None:
    """Adaugă un post deschis; validat, înregistrat în istoric. Chatul și alertele îl folosesc imediat."""
    from bot.jobs.admin import add

    raw = {"title": title, "industry": industry, "apply_url": apply_url, "remote": "da" if remote else "nu"}
    optional = {
        "city": city,
        "languages": languages,
        "salary_min": salary_min,
        "salary_max": salary_max,
        "posted": posted,
        "expires": expires,
        "ref": ref,
        "description": description,
    }
    raw.update({name: value for name, value in optional.items() if value is not None})
    with _clear_errors():
        opening = add(get_settings().database_url, raw, _who(by))
    typer.echo(f"Post adăugat: #{opening.id} {opening.ref} „{opening.title}”.")


@jobs_app.command("import")
def jobs_import(
    file: Path = typer.Argument(..., help="CSV (virgulă sau punct și virgulă, UTF-8) cu coloanele din docs/jobs.md."),
    by: Optional[str] = typer.Option(None, "--by", help="Cine importă (implicit $USER)."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Doar dacă nu există niciun post (exemplul din make)."),
) -> None:
    """Adaugă posturile noi și actualizează cele existente (după ref): totul sau nimic, erorile cu numărul liniei."""
    from bot.jobs.admin import import_file

    with _clear_errors():
        imported = import_file(get_settings().database_url, file, _who(by), if_empty)
    if imported is None:
        typer.echo("Există deja posturi: nu am importat nimic (--if-empty).")
        return
    for change in imported.changes:
        typer.echo(f"{change.ref}.{change.field}: {change.old} → {change.new}")
    typer.echo(
        f"Import reușit: {len(imported.added)} posturi noi, {len(imported.updated)} actualizate, "
        f"{len(imported.unchanged)} neschimbate."
    )


@jobs_app.command("close")
def jobs_close(
    ref: str = typer.Argument(..., help="Referința sau numărul postului, din `jobs list`."),
    by: Optional[str] = typer.Option(None, "--by", help="Cine îl închide (implicit $USER)."),
) -> None:
    """Închide un post: nu mai apare în chat și nu mai e trimis în alerte."""
    from bot.jobs.admin import close

    with _clear_errors():
        opening, was_open = close(get_settings().database_url, ref, _who(by))
    if was_open:
        typer.echo(f"Postul #{opening.id} {opening.ref} e închis.")
    else:
        typer.echo(f"Postul #{opening.id} {opening.ref} era deja închis.")


@alerts_app.command("send")
def alerts_send() -> None:
    """Trimite confirmările rămase și, fiecărui abonat confirmat, posturile noi potrivite, o singură dată; pentru cron.
    Ce serverul SMTP nu acceptă rămâne pentru rularea următoare (cod de ieșire 6)."""
    from bot.jobs.admin import send_alerts
    from bot.jobs.alerts import describe

    with _clear_errors():
        report = send_alerts(get_settings().database_url)
    typer.echo(describe(report))


def main() -> None:
    from bot.security import log_masking

    log_masking.install()  # log lines only: the commands print the data a recruiter asks for
    app()
