"""The knowledge snapshot an action server keeps between messages is never stale: whatever changes the tables,
from this process or another (a recruiter's command, the file loader, SQL by hand), the next answer reads it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, update

from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import Fact, Role, SalaryFigure
from bot.knowledge.repository import KnowledgeRepository
from bot.recruiters.knowledge_admin import set_fields
from tests.conftest import knowledge_files_with_first_figure


def test_unchanged_tables_give_the_kept_snapshot(repository: KnowledgeRepository) -> None:
    assert repository.knowledge() is repository.knowledge()


def test_a_recruiters_edit_in_another_process_is_read_at_once(database: Database) -> None:
    server = KnowledgeRepository(database)  # the action server's
    assert server.knowledge().figures["average"].amount_ron == 3000
    set_fields(Database(database.url), "average", {"amount_ron": "3100"}, by="recrutor")  # the recruiter's shell
    assert server.knowledge().figures["average"].amount_ron == 3100


def test_a_fact_text_changed_by_hand_is_read_at_once(database: Database) -> None:
    server = KnowledgeRepository(database)
    server.knowledge()
    with database.session() as session, session.begin():
        session.execute(update(Fact).where(Fact.key == "license.exam").values(text_ro="Text nou."))
    assert server.knowledge().facts["license.exam"].text_ro == "Text nou."


def test_deleted_and_reloaded_rows_are_read_at_once(database: Database, tmp_path: Path) -> None:
    server = KnowledgeRepository(database)
    assert "retail" in server.knowledge().roles
    with database.session() as session, session.begin():
        session.execute(delete(Role).where(Role.industry == "retail"))
    assert "retail" not in server.knowledge().roles
    load_knowledge(database, knowledge_files_with_first_figure(tmp_path, 3050))  # the loader, as `make setup`
    knowledge = server.knowledge()
    assert "retail" in knowledge.roles
    assert 3050 in {f.amount_ron for f in knowledge.figures.values()}


def test_a_row_replaced_in_one_transaction_is_read(database: Database) -> None:
    """Same count, same highest id of the other rows: the new row's id and time still tell."""
    server = KnowledgeRepository(database)
    before = server.knowledge().figures["beginner"]
    with database.session() as session, session.begin():
        row = session.query(SalaryFigure).filter_by(key="beginner").one()
        values = {c.name: getattr(row, c.name) for c in SalaryFigure.__table__.columns if c.name != "id"}
        session.delete(row)
        session.flush()
        session.add(SalaryFigure(**{**values, "amount_ron": before.amount_ron + 1}))
    assert server.knowledge().figures["beginner"].amount_ron == before.amount_ron + 1
