"""The knowledge database on a real SQLite file: loading, idempotence, validation, outages."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.knowledge.db import Database
from bot.knowledge.loader import KnowledgeFileError, load_knowledge
from bot.knowledge.models import Role, SalaryFigure
from bot.knowledge.repository import KnowledgeRepository, KnowledgeUnavailable
from tests.conftest import KNOWLEDGE_DIR, knowledge_files_with_first_figure


def test_figures_are_the_source_figures(repository: KnowledgeRepository) -> None:
    figures = repository.salary_figures()
    assert {k: (f.amount_ron, f.qualifier) for k, f in figures.items()} == {
        "average": (3000, "average"),
        "beginner": (2500, "approx"),
        "experienced": (4000, "over"),
        "foreign_language": (6000, "over"),
    }
    assert figures["experienced"].min_years_experience == 3
    assert figures["foreign_language"].language == "germana"
    assert all("Paylab" in f.source and "Randstad" in f.source for f in figures.values())


def test_roles_cover_the_source_industries(repository: KnowledgeRepository) -> None:
    roles = repository.roles()
    assert set(roles) == {
        "general",
        "retail",
        "telecom",
        "utilitati",
        "asigurari",
        "financiar",
        "suport_tehnic",
        "suport_business",
        "comert",
    }
    assert roles["retail"].most_common and not roles["comert"].most_common


def test_facts_keep_their_topic_industries_and_source_passage(repository: KnowledgeRepository) -> None:
    facts = repository.facts()
    assert len(facts) >= 40
    assert "mărimi" in facts["retail.product_questions"].text_ro
    assert facts["retail.product_questions"].industries == ("retail",)
    assert facts["training.regulated_duration"].applies_to("asigurari")
    assert not facts["training.regulated_duration"].applies_to("retail")
    assert facts["training.duration"].applies_to("retail")
    exam = "În cele mai multe cazuri, va trebui să susții un examen pentru a obține licența."
    assert facts["license.exam"].passage == exam
    assert facts["training.regulated_duration"].because == "training.regulations"
    assert list(facts)[:2] == ["duties.customers", "duties.payments"]  # the file's order


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "Câștigi 9000 RON."}, "cifre care nu sunt în pasajul sursei: 9000"),
        ({"topic": "vreme"}, "subiect necunoscut"),
        ({"industries": ["pescuit"]}, "industrii necunoscute"),
        ({"because": "license.nimic"}, "nu există"),
        ({"id": "Fara Punct"}, "subiect.fapt"),
        ({"passage": ""}, "passage"),
        ({"text": "Salariul e {salariu}."}, "înlocuitori necunoscuți"),
    ],
)
def test_an_invalid_fact_is_refused_with_its_key(tmp_path: Path, change: dict, message: str) -> None:
    for name in ("salaries.yml", "roles.yml"):
        (tmp_path / name).write_text((KNOWLEDGE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((KNOWLEDGE_DIR / "facts.yml").read_text(encoding="utf-8"))
    data["facts"][0].update(change)
    (tmp_path / "facts.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=message):
        load_knowledge(Database("sqlite://"), tmp_path)


def test_a_fact_removed_from_the_file_is_removed_from_the_database(database: Database, tmp_path: Path) -> None:
    for name in ("salaries.yml", "roles.yml"):
        (tmp_path / name).write_text((KNOWLEDGE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((KNOWLEDGE_DIR / "facts.yml").read_text(encoding="utf-8"))
    data["facts"] = [f for f in data["facts"] if f["id"] != "duties.company_image"]
    (tmp_path / "facts.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_knowledge(database, tmp_path)
    assert "duties.company_image" not in KnowledgeRepository(database).facts()


def test_loading_twice_does_not_duplicate_rows(database: Database) -> None:
    load_knowledge(database, KNOWLEDGE_DIR)
    with database.session() as session:
        assert session.execute(select(func.count()).select_from(SalaryFigure)).scalar_one() == 4
        assert session.execute(select(func.count()).select_from(Role)).scalar_one() == 9


def test_a_changed_figure_in_the_file_updates_the_row(database: Database, tmp_path: Path) -> None:
    load_knowledge(database, knowledge_files_with_first_figure(tmp_path, 3100))
    assert KnowledgeRepository(database).salary_figures()["average"].amount_ron == 3100


@pytest.mark.parametrize(
    "bad_row",
    [
        {"key": "x", "amount_ron": -5, "qualifier": "over", "description_ro": "d", "source": "s"},
        {"key": "x", "amount_ron": 100, "qualifier": "over", "description_ro": "d"},
        {"key": "x", "amount_ron": "mult", "qualifier": "over", "description_ro": "d", "source": "s"},
        {"key": "x", "amount_ron": 100, "qualifier": "maybe", "description_ro": "d", "source": "s"},
    ],
)
def test_invalid_rows_are_refused_and_nothing_is_written(tmp_path: Path, bad_row: dict) -> None:
    for name in ("roles.yml", "facts.yml"):
        (tmp_path / name).write_text((KNOWLEDGE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "salaries.yml").write_text(yaml.safe_dump({"figures": [bad_row]}), encoding="utf-8")
    database = Database(f"sqlite:///{tmp_path / 'k.db'}")
    with pytest.raises(KnowledgeFileError):
        load_knowledge(database, tmp_path)
    assert not (tmp_path / "k.db").exists()


def test_malformed_yaml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "salaries.yml").write_text("figures: [unclosed", encoding="utf-8")
    (tmp_path / "roles.yml").write_text("roles: []", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="salaries.yml"):
        load_knowledge(Database("sqlite://"), tmp_path)


def test_an_unreachable_database_raises_knowledge_unavailable(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "k.db"
    repository = KnowledgeRepository(Database(f"sqlite:///{missing}"))
    with pytest.raises(KnowledgeUnavailable):
        repository.salary_figures()
    with pytest.raises(KnowledgeUnavailable):
        repository.roles()


def test_the_engine_is_created_lazily() -> None:
    database = Database("sqlite:///does-not-matter.db")
    assert database._engine is None


def test_the_knowledge_candidates_and_openings_share_one_database(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from bot.candidates.store import default_store
    from bot.jobs.openings import default_openings
    from bot.knowledge.repository import default_repository

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'knowledge.db'}")
    assert default_store().database is default_repository().database is default_openings().database
