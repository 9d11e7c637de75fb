"""`knowledge`: validated changes on a real SQLite database, recorded with who/when, effective at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.knowledge_actions import ActionAnswerQuestion
from bot import PROJECT_ROOT
from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from bot.knowledge.models import KnowledgeChange, SalaryFigure
from bot.knowledge.repository import KnowledgeRepository
from tests.actions.conftest import make_tracker
from tests.conftest import KNOWLEDGE_DIR, knowledge_files_with_first_figure

pytestmark = pytest.mark.usefixtures("env_database")


def amount(database: Database, key: str = "average") -> int:
    return KnowledgeRepository(database).salary_figures()[key].amount_ron


def changes(database: Database) -> list[KnowledgeChange]:
    with database.session() as session:
        return list(session.execute(select(KnowledgeChange).where(KnowledgeChange.via != "file")).scalars())


def test_list_shows_salary_and_role_records_with_source(cli) -> None:
    out = cli("knowledge", "list").stdout
    assert "average" in out and "3000 RON (average)" in out and "Paylab" in out
    assert "retail" in out and "asigurări" in out


def test_set_changes_a_figure_and_records_who_and_when(cli, env_database: Database) -> None:
    out = cli(
        "knowledge",
        "set",
        "average",
        "--amount",
        "3200",
        "--source",
        "Paylab, 2025",
        "--as-of",
        "2025-03",
        "--by",
        "ana",
    ).stdout
    assert "3000 → 3200" in out
    assert amount(env_database) == 3200
    recorded = {(c.field, c.old_value, c.new_value, c.changed_by, c.via) for c in changes(env_database)}
    assert recorded == {
        ("amount_ron", "3000", "3200", "ana", "cli"),
        ("source", "Paylab și resursele interne Randstad", "Paylab, 2025", "ana", "cli"),
        ("as_of", None, "2025-03", "ana", "cli"),
    }
    assert all(c.changed_at is not None for c in changes(env_database))
    shown = cli("knowledge", "show", "average").stdout
    assert "amount_ron: 3200" in shown and "updated_by: ana" in shown and "ana" in shown.split("Istoric")[1]


def test_who_defaults_to_the_user(cli, env_database: Database, monkeypatch) -> None:
    monkeypatch.setenv("USER", "ioana")
    cli("knowledge", "set", "retail", "most_common=nu")
    assert [c.changed_by for c in changes(env_database)] == ["ioana"]
    assert not KnowledgeRepository(env_database).roles()["retail"].most_common


async def test_a_change_is_what_the_running_assistant_says_next(cli, env_database) -> None:
    # The real action, as the action server runs it: it reads the database on every answer.
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(PROJECT_ROOT / "domain")).as_dict()
    tracker, dispatcher = make_tracker([("Cât câștigă un operator?", "ask_salary")]), CollectingDispatcher()
    cli("knowledge", "set", "average", "--amount", "3200", "--source", "Paylab, 2025")
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert "3200 RON net pe lună" in dispatcher.messages[0]["text"]


def test_a_change_reaches_the_loaded_assistant_without_retraining(cli, assistant) -> None:
    assert "3000 RON net pe lună" in assistant.ask("Cât câștigă un operator?").text
    cli("knowledge", "set", "average", "--amount", "3300", "--source", "Paylab, 2025")
    assert "3300 RON net pe lună" in assistant.ask("Cât câștigă un operator?").text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["average", "--amount", "-5"], "număr întreg pozitiv"),
        (["average", "--amount", "trei mii"], "număr întreg pozitiv"),
        (["average", "--amount", "0"], "număr întreg pozitiv"),
        (["average", "--source", " "], "sursa"),
        (["average", "--source", "-"], "sursa"),
        (["average", "--as-of", "martie"], "AAAA"),
        (["average", "salariu=5"], "câmp necunoscut"),
        (["average", "5"], "câmp=valoare"),
        (["license.exam", "text_ro=Trebuie să dai 5 examene."], "nu sunt în pasajul sursei"),
        (["license.exam", "text_ro=Trebuie {examen}."], "înlocuitori necunoscuți"),
        (["license.exam", "text_ro= "], "nu poate fi gol"),
        (["license.exam", "text_en=You take 5 exams."], "nu sunt în pasajul sursei"),
        (["license.exam", "industries=pescuit"], "industrii necunoscute"),
        (["license.exam", "because=license.nimic"], "nu există"),
        (["average"], "nimic de schimbat"),
    ],
)
def test_invalid_changes_are_refused_and_change_nothing(cli, env_database, args, message) -> None:
    result = cli("knowledge", "set", *args, code=4)
    assert message in result.stderr
    assert amount(env_database) == 3000 and changes(env_database) == []
    assert "examen" in KnowledgeRepository(env_database).facts()["license.exam"].text_ro


async def test_a_changed_fact_is_what_the_assistant_says_next_and_is_audited(cli, env_database) -> None:
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(PROJECT_ROOT / "domain")).as_dict()
    new = "De cele mai multe ori licența se obține după un examen."
    out = cli("knowledge", "set", "license.exam", f"text_ro={new}", "--by", "ana").stdout
    assert "fact license.exam.text_ro" in out
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([("trebuie examen pentru licenta la banca?", "ask_license")], facts={"license.exam": 0.7})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Da, de cele mai multe ori licența se obține după un examen.")
    assert [(c.kind, c.record_key, c.field, c.changed_by) for c in changes(env_database)] == [
        ("fact", "license.exam", "text_ro", "ana")
    ]
    shown = cli("knowledge", "show", "fact:license.exam").stdout
    assert "passage: În cele mai multe cazuri" in shown and new in shown.split("Istoric")[1]


async def test_a_changed_english_sentence_is_what_an_english_conversation_gets(cli, env_database) -> None:
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(PROJECT_ROOT / "domain")).as_dict()
    new = "In most cases you get the licence after an exam."
    cli("knowledge", "set", "license.exam", f"text_en={new}", "--by", "ana")
    dispatcher = CollectingDispatcher()
    question = [("do I need an exam for the licence at a bank?", "ask_license")]
    tracker = make_tracker(question, {"reply_language": "en"}, facts={"license.exam": 0.7})
    await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Yes, in most cases you get the licence after an exam.")
    assert [(c.record_key, c.field) for c in changes(env_database)] == [("license.exam", "text_en")]


@pytest.mark.parametrize("name", ["nimic", "role:average", "fel:average"])
def test_an_unknown_record_is_a_clear_error(cli, name: str) -> None:
    result = cli("knowledge", "show", name, code=5)
    assert "average" in result.stderr or "salary:" in result.stderr  # the message says what exists


def test_export_then_import_an_edited_csv(cli, env_database, tmp_path: Path) -> None:
    exported = tmp_path / "salarii.csv"
    cli("knowledge", "export", "salary", "--out", str(exported))
    text = exported.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "key,amount_ron,qualifier,min_years_experience,language,description_ro,source,as_of"
    exported.write_text(text.replace("average,3000,", "average,3100,"), encoding="utf-8")
    out = cli("knowledge", "import", str(exported), "--by", "mihai").stdout
    assert "3000 → 3100" in out and "1 câmpuri schimbate" in out
    assert amount(env_database) == 3100
    assert [(c.field, c.via, c.changed_by) for c in changes(env_database)] == [("amount_ron", "import", "mihai")]


def test_roles_round_trip_through_csv_unchanged(cli, env_database, tmp_path: Path) -> None:
    exported = tmp_path / "roluri.csv"
    exported.write_text(cli("knowledge", "export", "role").stdout, encoding="utf-8")
    assert "0 câmpuri schimbate" in cli("knowledge", "import", str(exported)).stdout
    assert changes(env_database) == []


def test_a_spreadsheet_csv_with_semicolons_and_bom_is_accepted(cli, env_database, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("\ufeffkey;amount_ron;source\nbeginner;2600;Paylab, 2025\n", encoding="utf-8")
    cli("knowledge", "import", str(path))
    assert amount(env_database, "beginner") == 2600


MALFORMED = {
    "too many values": "key,amount_ron\naverage,3100,extra\n",
    "unknown column": "key,amount_ron,bonus\naverage,3100,5\n",
    "no key column": "amount_ron,source\n3100,Paylab\n",
    "second row invalid": "key,amount_ron\naverage,3100\nbeginner,-1\n",
    "unknown record": "key,amount_ron\naverage,3100\nsenior,5000\n",
    "duplicate record": "key,amount_ron\naverage,3100\naverage,3200\n",
    "unclosed quote": 'key,amount_ron,source\naverage,3100,"Paylab\n',
    "empty": "",
    "not text": None,
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_csv_changes_nothing(cli, env_database, tmp_path: Path, case: str) -> None:
    before = cli("knowledge", "export", "salary").stdout
    path = tmp_path / "rau.csv"
    if MALFORMED[case] is None:
        path.write_bytes(b"\xff\xfe\x00binary")
    else:
        path.write_text(MALFORMED[case], encoding="utf-8")
    result = cli("knowledge", "import", str(path), code=5 if case == "unknown record" else 4)
    assert result.stderr.strip()
    assert cli("knowledge", "export", "salary").stdout == before
    assert changes(env_database) == []


def test_reloading_unchanged_files_keeps_a_recruiters_change_but_a_new_file_value_wins(
    cli, env_database: Database, tmp_path: Path
) -> None:
    cli("knowledge", "set", "average", "--amount", "3200", "--source", "Paylab, 2025")
    load_knowledge(env_database, KNOWLEDGE_DIR)  # what `make run` does when a knowledge file changed
    assert amount(env_database) == 3200
    load_knowledge(env_database, knowledge_files_with_first_figure(tmp_path, 3500))
    assert amount(env_database) == 3500


def test_a_database_from_before_the_audit_table_gets_it(cli, env_database: Database) -> None:
    KnowledgeChange.__table__.drop(env_database.engine)
    cli("knowledge", "set", "average", "--amount", "3200", "--source", "Paylab, 2025")
    with env_database.session() as session:
        assert session.execute(select(SalaryFigure.amount_ron).where(SalaryFigure.key == "average")).scalar() == 3200
    assert len(changes(env_database)) == 2


@pytest.mark.parametrize("command", [["list"], ["show", "average"], ["export", "salary"]])
def test_an_unreachable_database_is_a_clear_error(cli, monkeypatch, tmp_path: Path, command) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'lipsa.db'}")
    assert "nu există" in cli("knowledge", *command, code=3).stderr
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://bot:secret@127.0.0.1:1/bot")
    result = cli("knowledge", *command, code=3)
    assert "nu poate fi accesată" in result.stderr and "secret" not in result.stderr
