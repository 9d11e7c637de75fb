"""Openings as recruiters add, import, close and list them: checked values, all-or-nothing CSV with line numbers,
every change in the audit table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot import PROJECT_ROOT
from bot.jobs.openings import InvalidOpening, OpeningStore, UnknownOpening, read_csv
from bot.knowledge.db import Database
from bot.knowledge.models import KnowledgeChange
from tests.jobs.conftest import add_opening, opening_values

EXAMPLE = PROJECT_ROOT / "data" / "jobs" / "openings-example.csv"
HEADER = "ref,title,industry,city,remote,languages,salary_min,salary_max,posted,expires,apply_url"


def audit(database: Database, ref: str) -> list[tuple[str, str | None, str | None, str, str]]:
    with database.session() as session:
        rows = session.execute(
            select(KnowledgeChange).where(KnowledgeChange.kind == "opening", KnowledgeChange.record_key == ref)
        ).scalars()
        return [(r.field, r.old_value, r.new_value, r.changed_by, r.via) for r in rows]


def test_an_opening_is_added_with_canonical_values_and_audited(openings: OpeningStore, database: Database) -> None:
    opening = openings.add(
        opening_values(
            title="  Operator  cu germană ",
            industry="Telecomunicații",
            city="cluj napoca",
            languages="Germană, engleza",
            salary_min="4 000",
            salary_max="4500",
            remote="da",
        ),
        by="maria",
    )
    assert (opening.title, opening.industry, opening.city) == ("Operator cu germană", "telecom", "Cluj-Napoca")
    assert opening.languages == ("germana", "engleza") and opening.remote
    assert (opening.salary_min_ron, opening.salary_max_ron) == (4000, 4500)
    assert opening.ref == f"J{opening.id}" and opening.status == "open" and opening.posted_on == date.today()
    changes = audit(database, opening.ref)
    assert ("title", None, "Operator cu germană", "maria", "cli") in changes
    assert ("city", None, "Cluj-Napoca", "maria", "cli") in changes
    assert [o.ref for o in openings.openings()] == [opening.ref]


def test_every_problem_of_an_opening_is_listed_and_nothing_is_stored(openings: OpeningStore) -> None:
    with pytest.raises(InvalidOpening) as error:
        openings.add(
            opening_values(
                industry="constructii",
                city="Atlantis",
                languages="klingoniana",
                salary_min="3.000 lei",
                apply_url="javascript:alert(1)",
                posted="31.12.2026",
            ),
            by="test",
        )
    problems = " | ".join(error.value.errors)
    for column in ("industry:", "city:", "languages:", "salary_min:", "apply_url:", "posted:"):
        assert column in problems
    assert openings.count() == 0


@pytest.mark.parametrize(
    "values, problem",
    [
        ({"city": "", "remote": "nu"}, "city: lipsește"),
        ({"salary_min": "5000", "salary_max": "4000"}, "salary_min: mai mare decât salary_max"),
        ({"posted": "2026-05-01", "expires": "2026-04-01"}, "expires: înainte de data publicării"),
        ({"title": ""}, "title: nu poate fi gol"),
        ({"ref": "ex 1"}, "ref:"),
    ],
)
def test_values_checked_together(openings: OpeningStore, values: dict[str, str], problem: str) -> None:
    with pytest.raises(InvalidOpening) as error:
        openings.add(opening_values(**values), by="test")
    assert any(p.startswith(problem) for p in error.value.errors), error.value.errors


def test_only_from_home_needs_no_town(openings: OpeningStore) -> None:
    opening = add_opening(openings, city="", remote="da")
    assert opening.city is None and opening.remote


def test_the_example_csv_is_marked_as_an_example_and_invents_no_salary(openings: OpeningStore) -> None:
    imported = openings.import_csv(EXAMPLE.read_text(encoding="utf-8"), by="exemplu")
    assert imported is not None and len(imported.added) == len(read_csv(EXAMPLE.read_text(encoding="utf-8")))
    listed = openings.openings()
    assert len(listed) >= 8
    for opening in listed:
        assert opening.title.startswith("[EXEMPLU]")
        assert opening.salary_min_ron is None and opening.salary_max_ron is None
        assert opening.apply_url.startswith("https://www.example.com/")  # a reserved domain: no real employer
    # Several towns, industries, languages and work from home, so that the chat's filters have something to show.
    assert len({o.city for o in listed}) >= 4 and len({o.industry for o in listed}) >= 5
    assert any(o.remote and o.city is None for o in listed) and any(o.languages for o in listed)
    assert openings.import_csv(EXAMPLE.read_text(encoding="utf-8"), by="exemplu", only_if_empty=True) is None


def test_a_csv_with_bad_rows_is_refused_whole_with_the_line_numbers(openings: OpeningStore) -> None:
    text = "\n".join(
        [
            HEADER,
            "A-1,Operator retail,retail,Cluj,nu,,,,2026-11-01,,https://jobs.example/a1",
            "A-2,Operator telecom,telecom,Atlantis,nu,,,,2026-11-01,,https://jobs.example/a2",
            "",
            "A-3,Operator utilitati,utilitati,Brasov,nu,,,,2026-11-01,,ftp://jobs.example/a3",
            "A-4,Operator financiar,financiar,Iasi,nu,,5000,4000,2026-11-01,,https://jobs.example/a4",
            "A-1,Operator retail din nou,retail,Cluj,nu,,,,2026-11-01,,https://jobs.example/a5",
            "A-6,Operator,retail,Cluj,nu",
        ]
    )
    with pytest.raises(InvalidOpening) as error:
        openings.import_csv(text, by="test")
    message = "\n".join(error.value.errors)
    assert "linia 8: 5 valori pentru 11 coloane" in message  # the shape is checked first, for every row
    assert openings.count() == 0
    with pytest.raises(InvalidOpening) as error:
        openings.import_csv(text.rsplit("\n", 1)[0], by="test")
    message = "\n".join(error.value.errors)
    assert message.startswith("CSV respins, nu am importat nimic:")
    assert "linia 3 (A-2): city: oraș necunoscut" in message
    assert "linia 5 (A-3): apply_url:" in message  # the blank line 4 still counts
    assert "linia 6 (A-4): salary_min: mai mare decât salary_max" in message
    assert "linia 7: ref A-1 apare și pe linia 2" in message
    assert "linia 2" not in message.replace("pe linia 2", "")  # the good row is not reported
    assert openings.count() == 0


def test_a_csv_from_a_romanian_spreadsheet(openings: OpeningStore) -> None:
    text = "\ufeff" + HEADER.replace(",", ";") + "\n"
    text += "B-1;Operator cu germană, Cluj;retail;Cluj-Napoca;da;germana engleza;;;2026-11-01;;https://jobs.example/b1\n"
    imported = openings.import_csv(text, by="test")
    assert imported is not None and imported.added == ["B-1"]
    [opening] = openings.openings()
    assert opening.title == "Operator cu germană, Cluj" and opening.languages == ("germana", "engleza")


def test_unknown_or_missing_columns_are_refused(openings: OpeningStore) -> None:
    with pytest.raises(InvalidOpening, match="coloane necunoscute: employer"):
        openings.import_csv("ref,title,industry,apply_url,employer\nX,T,retail,https://a.example/,Firma\n", by="t")
    with pytest.raises(InvalidOpening, match="lipsesc coloanele: apply_url"):
        openings.import_csv("ref,title,industry,city\nX,T,retail,Cluj\n", by="t")
    with pytest.raises(InvalidOpening, match="CSV gol"):
        openings.import_csv("\n\n", by="t")


def test_importing_again_updates_what_changed_and_audits_it(openings: OpeningStore, database: Database) -> None:
    rows = [
        "C-1,Operator retail,retail,Cluj,nu,,,,2026-11-01,,https://jobs.example/c1",
        "C-2,Operator telecom,telecom,Iasi,nu,,,,2026-11-01,,https://jobs.example/c2",
    ]
    first = openings.import_csv("\n".join([HEADER, *rows]), by="ana")
    assert first is not None and first.added == ["C-1", "C-2"]
    rows[1] = rows[1].replace("Iasi,nu,,", "Iasi,nu,engleza,")
    again = openings.import_csv("\n".join([HEADER, *rows]), by="dan")
    assert again is not None and (again.added, again.updated, again.unchanged) == ([], ["C-2"], ["C-1"])
    assert ("languages", None, "engleza", "dan", "import") in audit(database, "C-2")
    assert openings.find("C-2").languages == ("engleza",) and openings.count() == 2


def test_closing_hides_an_opening_and_is_audited(openings: OpeningStore, database: Database) -> None:
    opening = add_opening(openings, ref="D-1")
    closed, was_open = openings.close("D-1", by="maria")
    assert was_open and closed.status == "closed" and openings.openings() == []
    assert ("status", "open", "closed", "maria", "cli") in audit(database, "D-1")
    assert openings.close(str(opening.id), by="maria")[1] is False  # by number too; closing twice changes nothing
    assert [o.ref for o in openings.openings(include_closed=True)] == ["D-1"]
    with pytest.raises(UnknownOpening):
        openings.close("NU-EXISTA", by="maria")


def test_expired_openings_are_not_open(openings: OpeningStore) -> None:
    yesterday = date.today() - timedelta(days=1)
    add_opening(openings, ref="E-1", posted=str(yesterday - timedelta(days=30)), expires=str(yesterday))
    add_opening(openings, ref="E-2", expires=str(date.today()))
    assert [o.ref for o in openings.openings()] == ["E-2"]
    assert {o.ref for o in openings.openings(include_closed=True)} == {"E-1", "E-2"}
