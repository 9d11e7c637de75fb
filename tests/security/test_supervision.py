"""`make run` keeps the Rasa server up when the action server crashes, and starts the action server again
(issue 12, reproduction 7: a crashed action server took the Rasa server down with it)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
import requests

from bot.answers import messages
from tests.e2e.conftest import Assistant
from tests.services.processes import wait_for

pytestmark = pytest.mark.e2e


def action_server_pid(assistant: Assistant) -> int:
    return int((Path(assistant.tracker_db).parent / "log" / "actions.pid").read_text())


def healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/health", timeout=2).ok
    except requests.RequestException:
        return False


def test_a_crashed_action_server_is_started_again_and_rasa_stays_up(assistant: Assistant) -> None:
    user = assistant.new_user()
    assert "3000 RON net" in assistant.text("Cât câștigă un operator?", user)
    crashed = action_server_pid(assistant)
    os.kill(crashed, signal.SIGKILL)  # the process scripts/run.sh started (its pid file), nothing else
    assert wait_for(lambda: not healthy(assistant.actions_url), 10)
    # Meanwhile the Rasa server answers: an apology, not a refused connection.
    assert assistant.text("și dacă știu germană?", user) == messages.ACTION_UNAVAILABLE
    assert wait_for(lambda: healthy(assistant.actions_url), 60)
    assert action_server_pid(assistant) != crashed
    assert "peste 6000 RON net" in assistant.text("și dacă știu germană?", user)
    log = (Path(assistant.tracker_db).parent / "log" / "actions.log").read_text(errors="replace")
    assert "action server stopped (exit 137); starting it again" in log
