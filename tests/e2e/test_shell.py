"""`make shell` (scripts/run.sh --shell): the terminal chat talks to the same patched Rasa server as `make run`,
and shows no wall of deprecation warnings. Run here with its input from a pipe, as a script would."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from bot import PROJECT_ROOT
from bot.answers import messages
from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from tests.conftest import KNOWLEDGE_DIR
from tests.e2e.conftest import MODEL
from tests.services.processes import free_port

MAX_CHARS = 300  # bot/runtime/message_gate.py answers longer messages itself: only the patched server does


def test_make_shell_chats_with_the_patched_server(tmp_path) -> None:  # noqa: ANN001
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    database = Database(f"sqlite:///{tmp_path / 'knowledge.db'}")
    load_knowledge(database, KNOWLEDGE_DIR)
    database.dispose()
    rasa_port, action_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("BOT_ENV", "ENDPOINTS_FILE", "PYTHONWARNINGS")},
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "ACTION_ENDPOINT_URL": f"http://localhost:{action_port}/webhook",
        "TRACKER_DIALECT": "sqlite",
        "TRACKER_DB": str(tmp_path / "tracker.db"),
        "DATABASE_URL": database.url,
        "LOG_DIR": str(tmp_path / "log"),
        "CREDENTIALS_FILE": str(tmp_path / "credentials.yml"),
        "MAX_MESSAGE_CHARS": str(MAX_CHARS),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    script = "\n".join(["Cât câștigă un operator?", "a" * (MAX_CHARS + 1), "/stop", "never sent"]) + "\n"
    process = subprocess.Popen(
        [str(PROJECT_ROOT / "scripts" / "run.sh"), "--shell"],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = process.communicate(script, timeout=600)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, output
    assert "> Cât câștigă un operator?" in output and "RON" in output.split("> a")[0]
    assert messages.message_too_long(MAX_CHARS) in output  # answered by bot/runtime/message_gate.py
    assert "never sent" not in output  # /stop ends the chat
    assert "Warning" not in output, output  # no DeprecationWarning (nor any other) in the terminal
    assert "Assistant stopped." in output  # and the servers are stopped with it
    assert "Rasa server is up and running" in (tmp_path / "log" / "rasa.log").read_text()  # its warnings: in the log
