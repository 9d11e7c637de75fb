"""`report` on a real Rasa SQL tracker store: conversations written with Rasa's own SQLTrackerStore."""

from __future__ import annotations

import asyncio
import base64
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot.recruiters.assistant import LocalAssistant
from bot.recruiters.conversations import read_messages
from bot.recruiters.report import build_report

pytestmark = pytest.mark.usefixtures("env_database")
CHROMIUM = Path("/usr/bin/chromium")


def _at(day: int, hour: int) -> float:
    return datetime(2026, 1, day, hour, tzinfo=timezone.utc).timestamp()


def _user(text: str, intent: str, confidence: float, ranking: list[tuple[str, float]], timestamp: float):  # noqa: ANN202
    from rasa.shared.core.events import UserUttered

    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking or [(intent, confidence)]],
    }
    return UserUttered(text, parse["intent"], [], parse_data=parse, timestamp=timestamp)


def _session(timestamp: float) -> list:
    from rasa.shared.core.events import ActionExecuted, SessionStarted

    return [
        ActionExecuted("action_session_start", timestamp=timestamp),
        SessionStarted(timestamp=timestamp),
        ActionExecuted("action_listen", timestamp=timestamp),
    ]


NOT_COVERED = [("nlu_fallback", 0.45), ("ask_not_covered", 0.3), ("ask_work_environment", 0.2)]
# sender -> sessions -> (text, intent, confidence, ranking, day, hour)
HISTORY = {
    "ana": [
        [
            ("Cât câștigă un operator?", "ask_salary", 0.99, None, 10, 9),
            ("cat e pauza de masa", "nlu_fallback", 0.45, NOT_COVERED, 10, 9),
        ],
        [("și cu germană?", "inform", 0.3, [("inform", 0.3), ("ask_salary", 0.2)], 11, 15)],
    ],
    "bogdan": [
        [
            ("cât e pauza de masă?", "nlu_fallback", 0.45, NOT_COVERED, 10, 11),
            ("/ask_salary", "ask_salary", 1.0, None, 10, 11),
        ]
    ],
    "carmen": [
        [
            ("care e pauza de masa", "nlu_fallback", 0.45, NOT_COVERED, 11, 10),
            ("vreau o pizza", "out_of_scope", 0.9, None, 11, 10),
            ("ce face un operator", "ask_duties", 0.95, None, 11, 10),
        ]
    ],
    "dan": [[("salut", "greet", 0.99, None, 12, 8), ("vreau o pizza mare", "out_of_scope", 0.95, None, 12, 8)]],
}


def _save(store, tracker) -> None:  # noqa: ANN001
    asyncio.run(store.save(tracker))


@pytest.fixture
def tracker_db(tmp_path: Path, assistant: LocalAssistant) -> str:
    """Three days of conversations in a tracker store written by Rasa's SQLTrackerStore."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(assistant.agent.domain, dialect="sqlite", db=str(path))
    for sender, sessions in HISTORY.items():
        events = []
        for session in sessions:
            events += _session(_at(session[0][4], session[0][5]))
            for offset, (text, intent, confidence, ranking, day, hour) in enumerate(session):
                events.append(_user(text, intent, confidence, ranking, _at(day, hour) + offset + 1))
        _save(store, DialogueStateTracker.from_events(sender, events, slots=assistant.agent.domain.slots))
    store.engine.dispose()
    return f"sqlite:///{path}"


def test_counts_topics_fallbacks_and_groups(tracker_db: str) -> None:
    report = build_report(read_messages(tracker_db))
    assert report.messages == 10 and report.conversations == 5  # ana has two sessions
    assert [str(d) for d in report.days] == ["2026-01-10", "2026-01-11", "2026-01-12"]
    assert report.conversations_by_day == [2, 2, 1] and report.messages_by_day == [4, 4, 2]
    assert report.fallback_rate == pytest.approx(0.3)
    assert report.not_understood == 6  # 3 fallbacks, 2 out of scope, 1 low confidence; not the button click
    assert report.topics.most_common(1) == [("nlu_fallback", 3)]
    first, second, third = report.groups
    assert (first.count, first.guess) == (3, "ask_not_covered")
    assert set(first.texts) == {"cat e pauza de masa", "cât e pauza de masă?", "care e pauza de masa"}
    assert (second.count, set(second.texts)) == (2, {"vreau o pizza", "vreau o pizza mare"})
    assert (third.count, third.representative) == (1, "și cu germană?")


def test_terminal_report_with_a_date_range(cli, tracker_db: str) -> None:
    out = cli("report", "--db-url", tracker_db, "--since", "2026-01-11", "--until", "2026-01-11").stdout
    assert "2026-01-11 – 2026-01-11" in out
    assert "2 conversații, 4 mesaje; fallback 25.0%" in out
    assert "cât e pauza" not in out and "care e pauza de masa" in out


def test_reads_the_tracker_store_of_endpoints_yml(cli, tracker_db: str, monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_DB", tracker_db.removeprefix("sqlite:///"))
    out = cli("report").stdout
    assert "5 conversații, 10 mesaje; fallback 30.0%" in out
    assert out.index("cat e pauza de masa") < out.index("vreau o pizza")  # most frequent first


def test_conversations_run_through_the_assistant_are_reported(cli, assistant: LocalAssistant, tmp_path: Path) -> None:
    from rasa.core.tracker_store import SQLTrackerStore

    store = SQLTrackerStore(assistant.agent.domain, dialect="sqlite", db=str(tmp_path / "live.db"))
    for sender, questions in {
        "r1": ["Cât câștigă un operator?", "și cu germană?"],
        "r2": ["care e capitala frantei?"],
    }.items():
        for question in questions:
            assistant.ask(question, sender)
        _save(store, assistant.tracker(sender))
    store.engine.dispose()
    today = datetime.now(timezone.utc).date().isoformat()
    out = cli("report", "--db-url", f"sqlite:///{tmp_path / 'live.db'}", "--since", today).stdout
    assert "2 conversații, 3 mesaje" in out
    assert "capitala frantei" in out  # out of scope: listed among the not understood


def test_examples_file_is_rasa_training_data(cli, tracker_db: str, tmp_path: Path) -> None:
    examples = tmp_path / "exemple.yml"
    cli("report", "--db-url", tracker_db, "--examples", str(examples))
    data = yaml.safe_load(examples.read_text(encoding="utf-8"))
    by_intent = {item["intent"]: item["examples"] for item in data["nlu"]}
    assert "- cat e pauza de masa" in by_intent["ask_not_covered"]
    assert "- vreau o pizza mare" in by_intent["out_of_scope"]


def test_html_report_is_one_self_contained_page_with_charts(cli, tracker_db: str, tmp_path: Path) -> None:
    page = tmp_path / "raport.html"
    cli("report", "--db-url", tracker_db, "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(?!data:)', html)  # nothing loaded from elsewhere
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2 and all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert "pauza de masa" in html and "30.0%" in html


def test_html_charts_render_in_headless_chromium(cli, tracker_db: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed in .venv")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run `make browser` (apt-get install chromium)")
    page_file = tmp_path / "raport.html"
    cli("report", "--db-url", tracker_db, "--html", str(page_file))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            widths = page.eval_on_selector_all("img", "images => images.map(i => i.complete && i.naturalWidth)")
        finally:
            browser.close()
    assert len(widths) == 2 and all(w and w > 0 for w in widths), widths


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--db-url", "sqlite:////nu/exista/tracker.db"], 3, "Nu există conversații"),
        (["--db-url", "postgresql+psycopg2://bot:secret@127.0.0.1:1/rasa"], 3, "nu poate fi accesată"),
        (["--db-url", "nu e o adresa"], 3, "nu e validă"),
        (["--since", "2026-02-01", "--until", "2026-01-01"], 4, "--since"),
    ],
)
def test_bad_input_is_a_clear_error(cli, tracker_db: str, args: list[str], code: int, message: str) -> None:
    if "--db-url" not in args:
        args = [*args, "--db-url", tracker_db]
    result = cli("report", *args, code=code)
    assert message in result.stderr and "secret" not in result.stderr


def test_a_database_that_is_not_a_tracker_store(cli, env_database) -> None:
    assert "events" in cli("report", "--db-url", env_database.url, code=3).stderr
