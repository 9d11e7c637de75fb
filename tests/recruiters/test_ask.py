"""`ask` answers through the real model, dialogue rules and actions, quickly, and explains its understanding."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from bot.recruiters.ask import ask_all
from bot.recruiters.assistant import LocalAssistant

pytestmark = pytest.mark.usefixtures("env_database", "assistant")


def test_one_question_prints_answer_topic_confidence_entities_and_runners_up(cli) -> None:
    out = cli("ask", "Cât câștigă un operator fără experiență?").stdout
    assert "aproximativ 2500 RON net pe lună" in out
    assert "subiect: ask_salary (Salariul)" in out and "%" in out
    assert "entități: experience=none" in out
    runners_up = next(line for line in out.splitlines() if "următoarele:" in line)
    assert runners_up.count("%") == 2
    assert "acțiuni: action_answer_question" in out
    assert "fapte: salary.beginner, salary.average" in out


def test_questions_are_read_line_by_line_from_stdin(cli) -> None:
    out = cli("ask", input="ce face un operator in retail\n\n# un comentariu\ncum e mediul de lucru?\n").stdout
    assert out.count("? ") == 2
    assert "preiei comenzi" in out and "industry=retail" in out
    assert "ritm rapid" in out and "fapte: environment.fast_pace" in out


def test_questions_from_a_file_can_be_one_conversation(cli, tmp_path: Path) -> None:
    questions = tmp_path / "intrebari.txt"
    questions.write_text("cat dureaza trainingul?\nși în asigurări?\n", encoding="utf-8")
    follow_up = cli("ask", "--file", str(questions), "--conversation").stdout.split("? și în")[1]
    assert "pot dura câteva luni" in follow_up and "fapte: training.regulated_duration" in follow_up
    separate = cli("ask", "--file", str(questions)).stdout.split("? și în")[1]
    assert "câteva luni" not in separate  # alone, "și în asigurări?" continues no training question


def test_answers_take_well_under_a_second_after_load(assistant: LocalAssistant) -> None:
    questions = ["Cât câștigă un operator?", "ce face un operator in retail", "cat dureaza trainingul?"] * 4
    timings = [seconds for _, seconds in ask_all(assistant, questions)]
    assert max(timings) < 1.0, timings
    assert statistics.median(timings) < 0.3, timings


def test_a_missing_model_says_to_train_first(cli, tmp_path: Path) -> None:
    result = cli("ask", "salut", "--model", str(tmp_path / "nu-exista.tar.gz"), code=2)
    assert "make train" in result.stderr


def test_an_unreadable_question_file_is_a_clear_error(cli, tmp_path: Path) -> None:
    result = cli("ask", "--file", str(tmp_path / "lipsa.txt"), code=4)
    assert "nu poate fi citit" in result.stderr


def test_an_unreachable_knowledge_database_is_a_clear_error(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'nu' / 'exista.db'}")
    result = cli("ask", "Cât câștigă un operator?", code=3)
    assert "nu există" in result.stderr and "db load" in result.stderr


def test_the_answer_is_fast_enough_even_for_the_first_question() -> None:
    # The load warms the model up, so the first question is not slower than the others.
    assistant = LocalAssistant.shared()
    started = time.perf_counter()
    assistant.ask("ce studii imi trebuie?")
    assert time.perf_counter() - started < 1.0
