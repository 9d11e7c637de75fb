"""`golden`: the shipped question → facts file covers every topic and passes on the real assistant."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.recruiters.golden import GOLDEN_FILE, load_cases
from bot.vocabulary import QUESTION_INTENTS

pytestmark = pytest.mark.usefixtures("env_database", "assistant")

TOPICS = QUESTION_INTENTS | {"out_of_scope"}


def test_the_shipped_file_covers_every_topic() -> None:
    cases = load_cases(GOLDEN_FILE)
    assert TOPICS <= {case.topic for case in cases}
    salary_facts = " ".join(f for case in cases if case.topic == "ask_salary" for f in case.facts)
    assert all(figure in salary_facts for figure in ("2500", "3000", "4000", "6000"))
    assert any("asigurari" in case.question and case.topic == "ask_training" for case in cases)
    assert any(case.after for case in cases)  # a follow-up in a conversation


def test_the_shipped_file_passes(cli) -> None:
    out = cli("golden").stdout
    assert f"{len(load_cases(GOLDEN_FILE))}/{len(load_cases(GOLDEN_FILE))} cazuri trecute" in out


def test_failures_are_printed_with_the_answer_and_exit_non_zero(cli, tmp_path: Path) -> None:
    golden = tmp_path / "golden.yml"
    golden.write_text(
        "cases:\n"
        "  - question: Cât câștigă un operator fără experiență?\n"
        "    facts: ['2500 ron', '9999 RON']\n"  # case and diacritics do not matter; 9999 is missing
        "  - question: cat dureaza trainingul?\n"
        "    topic: ask_salary\n"
        "  - question: ce studii imi trebuie?\n"
        "    facts: ['diploma de absolvire a liceului']\n",
        encoding="utf-8",
    )
    out = cli("golden", str(golden), code=1).stdout
    assert "lipsește: „9999 RON”" in out and "„2500 ron”" not in out
    assert "subiect: ask_training" in out and "așteptat ask_salary" in out
    assert "răspuns: Un operator call center fără experiență" in out
    assert "1/3 cazuri trecute" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("cases: [", "nu e YAML valid"),
        ("intrebari: []", "listă nevidă"),
        ("cases:\n  - facts: [x]\n", "question"),
        ("cases:\n  - question: salut\n", "cel puțin un fapt"),
        ("cases:\n  - question: salut\n    fapte: [x]\n", "chei necunoscute"),
    ],
)
def test_an_invalid_file_is_a_clear_error(cli, tmp_path: Path, content: str, message: str) -> None:
    golden = tmp_path / "golden.yml"
    golden.write_text(content, encoding="utf-8")
    assert message in cli("golden", str(golden), code=4).stderr


def test_a_missing_file_is_a_clear_error(cli, tmp_path: Path) -> None:
    assert "nu poate fi citit" in cli("golden", str(tmp_path / "lipsa.yml"), code=4).stderr
