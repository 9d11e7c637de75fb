"""Command line of the assistant's own tools: `python -m bot --help` (also installed as `callcenter-bot`)."""

from __future__ import annotations

import typer

from bot.settings import get_settings

app = typer.Typer(help="Asistentul pentru cariera de operator call center: unelte pentru echipă.", no_args_is_help=True)
db_app = typer.Typer(help="Baza de cunoștințe (salarii și roluri).", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("load")
def db_load() -> None:
    """Create the schema and load data/knowledge/*.yml into DATABASE_URL (idempotent)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.knowledge.db import Database
    from bot.knowledge.loader import KnowledgeFileError, load_knowledge

    settings = get_settings()
    if settings.database_url.startswith("sqlite:///"):
        from pathlib import Path

        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    database = Database(settings.database_url)
    try:
        figures, roles = load_knowledge(database, settings.knowledge_dir)
    except KnowledgeFileError as error:
        typer.secho(f"Fișier de cunoștințe invalid: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from error
    except SQLAlchemyError as error:
        typer.secho(f"Baza de date nu poate fi accesată: {error.__class__.__name__}: {error}", fg="red", err=True)
        raise typer.Exit(3) from error
    finally:
        database.dispose()
    typer.echo(f"Knowledge loaded: {figures} salary figures, {roles} roles.")


@app.command("build-spacy")
def build_spacy() -> None:
    """Build the Romanian spaCy pipeline (spacy.blank('ro') + folded lemma table) under build/spacy-ro."""
    from bot.nlu.spacy_build import build

    typer.echo(f"Romanian spaCy pipeline written to {build()}")


def main() -> None:
    app()
