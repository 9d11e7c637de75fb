"""`review`: every answer, topic by topic, with its facts and sources, from the current database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answers.topics import TOPIC_TITLES
from bot.recruiters.review import action_topics, review
from bot.settings import get_settings

pytestmark = pytest.mark.usefixtures("env_database")


def test_every_topic_a_rule_answers_is_reviewed(env_database) -> None:
    topics = {entry.topic for entry in review(env_database, get_settings())}
    answered = set(action_topics().values()) - {"nlu_fallback"}
    assert answered <= topics
    assert set(TOPIC_TITLES) <= topics | {"inform"}


def test_salary_answers_cover_experience_and_language_with_their_sources(env_database) -> None:
    salary = [e for e in review(env_database, get_settings()) if e.topic == "ask_salary"]
    variants = {e.variant: e for e in salary}
    assert "fără experiență" in variants and "peste 3 ani experiență" in variants
    assert "peste 6000 RON" in variants["limba germană"].text
    assert "Pentru limba" in next(
        e.text for v, e in variants.items() if v.startswith("limba ") and "germană" not in v and "străină" not in v
    )
    assert "Nu am salarii separate pentru retail" in variants["domeniu retail"].text
    facts = {f.text: f.source for f in variants["fără experiență"].facts}
    assert facts["beginner: 2500 RON (approx)"] == "Paylab și resursele interne Randstad"


def test_terminal_table_and_markdown_export(cli, tmp_path: Path) -> None:
    markdown = tmp_path / "raspunsuri.md"
    out = cli("review", "--markdown", str(markdown)).stdout
    assert "Răspunsurile asistentului" in out and "Salariul" in out and "Paylab" in out
    text = markdown.read_text(encoding="utf-8")
    for title in ("## Salariul (`ask_salary`)", "## Trainingul (`ask_training`)", "## Studii necesare"):
        assert title in text
    assert "- foreign_language: 6000 RON (over) — sursa: Paylab și resursele interne Randstad" in text
    assert "între două și patru săptămâni" in text  # the general training, from the roles table


def test_review_shows_a_changed_figure_with_its_new_source_and_date(cli, tmp_path: Path) -> None:
    cli("knowledge", "set", "experienced", "--amount", "4200", "--source", "Paylab, 2025", "--as-of", "2025-06")
    markdown = tmp_path / "raspunsuri.md"
    cli("review", "--markdown", str(markdown))
    assert "- experienced: 4200 RON (over, din 2025-06) — sursa: Paylab, 2025" in markdown.read_text(encoding="utf-8")


def test_an_unreachable_database_is_a_clear_error(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'lipsa.db'}")
    assert "db load" in cli("review", code=3).stderr
