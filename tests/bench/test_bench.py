"""The pure parts of the benchmarks (bench/): no model, no server."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from bench.common import Figure, LatencySummary, at_least, at_most, info, percentile, read_results, write_results
from bench.conversations import CONVERSATIONS, KINDS, plan
from bench.quality import baseline_predictor, figures_for
from bench.report import failed_targets, render
from bench.speed import edit_one_response, summarize_profile


@pytest.mark.parametrize("q", [0, 1, 25, 50, 90, 95, 99, 100])
@pytest.mark.parametrize("values", [[5.0], [3.0, 1.0], [float(v) for v in range(1, 101)], [10, 1, 7, 7, 250, 3, 42]])
def test_percentile_matches_numpy(values: list[float], q: float) -> None:
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_latency_summary() -> None:
    summary = LatencySummary.of([float(v) for v in range(1, 101)])
    assert (summary.count, summary.p50, summary.max, summary.mean) == (100, 50.5, 100.0, 50.5)
    assert summary.p95 == pytest.approx(95.05)


def test_targets() -> None:
    assert at_most("s", "p50", 20.0, 25, "ms").passed
    assert not at_most("s", "p50", 25.1, 25, "ms").passed
    assert at_least("s", "throughput", 60.0, 60, "msg/s").passed
    assert not at_least("s", "accuracy", None, 0.95).passed  # not measured is not met
    assert info("s", "p99", 80.0, "ms").passed is None
    assert at_most("s", "p50", 20.0, 25, "ms", 1).target == "≤ 25 ms"
    assert at_least("s", "accuracy", 0.9, 0.95).target == "≥ 0.95"
    assert Figure("s", "errors", 0, digits=0).formatted() == "0"
    assert Figure("s", "p50", 12.345, "ms", digits=1).formatted() == "12.3 ms"


def test_results_round_trip(tmp_path: Path) -> None:
    figures = [at_most("s", "p50", 12.5, 25, "ms", 1), info("s", "n", 520, digits=0)]
    write_results(tmp_path / "r.json", figures, mix={"action": 0.5})
    read, extra = read_results(tmp_path / "r.json")
    assert read == figures and extra == {"mix": {"action": 0.5}}


def _quality_results(project: dict[str, float]) -> dict[str, dict[str, float]]:
    base = {"accuracy": 0.9, "macro_f1": 0.88, "with_diacritics": 0.92, "no_diacritics": 0.85, "typo": 0.8,
            "refusal_rate": 1.0}  # fmt: skip
    return {"project": {**base, **project}, "rasa_default": base, "tfidf_lr": {**base, "typo": 0.83}}


def test_quality_targets() -> None:
    good = {"accuracy": 0.96, "macro_f1": 0.95, "with_diacritics": 0.965, "no_diacritics": 0.955, "typo": 0.9}
    figures = figures_for(_quality_results(good))
    assert all(f.passed for f in figures)  # a tie at 1.000 on refusals counts as not behind
    bad = figures_for(_quality_results({**good, "typo": 0.82, "no_diacritics": 0.93}))
    assert {f.name for f in bad if not f.passed} == {
        "accuracy, with typos: this project vs the best alternative",
        "accuracy lost without diacritics (with − without)",
    }
    assert "TF-IDF" in next(f.note for f in bad if "typos" in f.name)


def test_sklearn_baseline_trains_and_predicts() -> None:
    texts = ["cat castiga un operator", "ce salariu are un operator", "cat e salariul", "cat platesc pe luna",
             "ce face un operator", "ce sarcini are un operator", "cu ce se ocupa", "ce face zi de zi"]  # fmt: skip
    intents = ["ask_salary"] * 4 + ["ask_duties"] * 4
    predict = baseline_predictor(texts, intents)
    assert predict(["cat castiga pe luna un operator", "ce sarcini are zi de zi"]) == ["ask_salary", "ask_duties"]


def test_plan_sends_whole_conversations() -> None:
    turns = plan(50)
    assert len(turns) >= 50
    assert {t.kind for t in turns} <= set(KINDS)
    by_conversation: dict[int, list[str]] = {}
    for turn in turns:
        by_conversation.setdefault(turn.conversation, []).append(turn.text)
    assert all(texts in [[text for _, text in c] for c in CONVERSATIONS] for texts in by_conversation.values())
    assert plan(50) == turns  # reproducible
    assert all(c[0][0] != "follow_up" for c in CONVERSATIONS)  # a follow-up always follows a question


def test_edit_one_response_changes_only_one_text(tmp_path: Path) -> None:
    path = tmp_path / "responses.yml"
    original = {"version": "3.1", "responses": {"utter_a": [{"text": "Bună!"}], "utter_b": [{"text": "Pa"}]}}
    path.write_text(yaml.safe_dump(original, allow_unicode=True), encoding="utf-8")
    assert edit_one_response(path) == "utter_a"
    edited = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert edited["responses"]["utter_a"][0]["text"].startswith("Bună! ")
    assert edited["responses"]["utter_b"] == original["responses"]["utter_b"]


def test_profile_summary_skips_idle_samples() -> None:
    raw = "\n".join(
        [
            "serve (sanic/server/runners.py:37) 60",
            "serve (sanic/server/runners.py:37);handle_message (rasa/core/processor.py:152);"
            "parse_message (rasa/core/processor.py:700);call (tensorflow/python/x.py:1) 30",
            "serve (sanic/server/runners.py:37);save_tracker (rasa/core/processor.py:1089);"
            "commit (sqlalchemy/orm/session.py:1404) 10",
        ]
    )
    summary = summarize_profile(raw)
    assert (summary["samples"], summary["idle_samples"]) == (40, 60)
    assert summary["inclusive"]["NLU pipeline (parse_message)"] == 0.75
    assert summary["inclusive"]["  SQLite commit"] == 0.25
    assert summary["self"][0] == ("call (tensorflow/python/x.py:1)", 0.75)


def test_report_lists_every_figure_with_its_target_and_result() -> None:
    project = {"accuracy": 0.96, "typo": 0.7, "with_diacritics": 0.96, "no_diacritics": 0.95}
    quality = {
        "figures": figures_for(_quality_results(project)),
        "models": {"project": "this project", "rasa_default": "Rasa default config", "tfidf_lr": "TF-IDF + LR"},
        "measures": [["accuracy", "intent accuracy"], ["typo", "accuracy, with typos"]],
        "results": _quality_results(project),
    }
    speed = {
        "figures": [
            at_most("Latency", "p50 latency", 12.0, 25, "ms", 1),
            info("Latency", "p99 latency", 90.0, "ms", 1),
        ],
        "mix": {"action": 0.6, "fixed": 0.4},
        "profile": {"Rasa server": {"samples": 10, "inclusive": {"logging": 0.5}, "self": [("f (x.py:1)", 0.5)]}},
    }
    meta = {"date": "2026-01-01 00:00 UTC", "quick": False,
            "machine": {"cpu_count": 2, "cpu_model": "EPYC", "memory_gb": 24.0, "os": "Linux", "python": "3.10",
                        "rasa": "3.6.21", "load_average": [0.1, 0.1, 0.1]}}  # fmt: skip
    text = render(meta, quality, speed, findings="Rasa validates every action answer.", problems=["speed: failed"])
    assert "2026-01-01" in text and "| CPUs | 2 (EPYC) |" in text
    assert "| p50 latency | 12.0 ms | ≤ 25 ms | pass |" in text
    assert "| p99 latency | 90.0 ms | — | — |" in text
    assert "**FAIL**" in text and "Missed:" in text and "speed: failed" in text
    assert "| intent accuracy | **0.960** | 0.900 | 0.900 |" in text
    assert "## What we found" in text and "Rasa validates every action answer." in text
    assert "action 60%" in text and "| logging | 50% |" in text
    assert [f.name for f in failed_targets([quality, speed])] == [
        "accuracy, with typos: this project vs the best alternative"
    ]


async def test_load_client_counts_answers_and_errors() -> None:
    """The asyncio clients against a stub REST webhook in this process (no Rasa): every 5th request fails."""
    from aiohttp import web

    from bench.speed import many_users, one_user
    from tests.services.http_stub import serving

    calls = 0

    async def webhook(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        body = await request.json()
        if calls % 5 == 0:
            return web.json_response([], status=500)
        return web.json_response([{"recipient_id": body["sender"], "text": "ok"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    async with serving(app) as base:
        url = f"{base}/webhooks/rest/webhook"
        samples, elapsed = await many_users(url, users=5, seconds=0.3, prefix="t")
        single = await one_user(url, plan(10), prefix="s")
    assert samples and 0.3 <= elapsed < 5
    assert sum(not s.ok for s in samples + single) == calls // 5
    assert [s.kind for s in single] == [t.kind for t in plan(10)]


def test_long_conversation_windows_and_figures() -> None:
    from bench.long_conversations import BLOCK_SIZE, TurnSample, Window, figures, turn_text, windows

    assert [(w.label, w.first, w.last) for w in windows(1000)] == [
        ("turn 5", 1, 10), ("turn 20", 16, 25), ("turn 100", 96, 105), ("turn 500", 496, 505), ("turn 1000", 991, 1000)
    ]  # fmt: skip
    assert [w.label for w in windows(120)] == ["turn 5", "turn 20", "turn 100"]
    assert Window.around(5, 8) is None
    # every window holds each message of the block once
    assert sorted(turn_text(i - 1).text for i in range(96, 106)) == sorted(turn_text(i).text for i in range(BLOCK_SIZE))
    # latency grows by half from turn 5 to turn 100, and doubles and a bit at turn 1000
    samples = [
        TurnSample(turn, sender, 10.0 * (1 + (turn >= 96) * 0.5 + (turn >= 991) * 0.6), turn != 7 or sender)
        for turn in range(1, 1001)
        for sender in range(2)
    ]
    result, extra = figures(samples, 1000, 2, {"turn 5": 8.0})
    by_name = {f.name: f for f in result}
    assert by_name["median latency, turn 5"].value == 10.0
    ratio_100, ratio_1000 = by_name["median latency, turn 100 ÷ turn 5"], by_name["median latency, turn 1000 ÷ turn 5"]
    assert (ratio_100.value, ratio_100.passed, ratio_1000.value, ratio_1000.passed) == (1.5, False, 2.1, False)
    assert by_name["errors (no answer, HTTP error, timeout)"].value == 1
    assert by_name["CPU time per message, Rasa server, turn 5"].value == 8.0
    assert extra["by_block"][991] == 21.0 and len(extra["by_block"]) == 100
