"""One Rasa server and one action server for the fault tests, started the way scripts/run.sh starts them
(`python -m bot.server ...`), but separately so the tests can stop, pause and restart the action server."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests

from bot import PROJECT_ROOT
from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from tests.conftest import KNOWLEDGE_DIR
from tests.services.assistant import MODEL, action_server, credentials_file, rasa_server
from tests.services.processes import Server

ACTION_TIMEOUT = 2  # seconds; short so that the slow-server test stays quick
REQUEST_TIMEOUT = 3  # seconds for a whole request (bot/runtime/slow_clients.py); short for the slow-client tests
KEEP_ALIVE_TIMEOUT = 2


class Assistant:
    def __init__(self, rasa: Server, actions: Server, tracker_db: Path) -> None:
        self.rasa = rasa
        self.actions = actions
        self.tracker_db = tracker_db
        self.url = rasa.url

    def post(self, body: object = None, data: bytes | None = None) -> requests.Response:
        """POST to the REST webhook: `body` as JSON, or raw bytes."""
        url = f"{self.url}/webhooks/rest/webhook"
        if data is not None:
            return requests.post(url, data=data, headers={"Content-Type": "application/json"}, timeout=30)
        return requests.post(url, json=body, timeout=30)

    def texts(self, message: str, sender: str) -> list[str]:
        response = self.post({"sender": sender, "message": message})
        assert response.status_code == 200, response.text
        return [m.get("text", "") for m in response.json()]

    def text(self, message: str, sender: str) -> str:
        return "\n".join(self.texts(message, sender))

    @staticmethod
    def new_user() -> str:
        return f"fault-{uuid.uuid4().hex[:8]}"

    def restart_actions(self) -> None:
        """A new action server process on the same port (what an orchestrator does after a crash)."""
        self.actions.stop()
        self.actions.start().wait_http(f"{self.actions.url}/health", 60)


@pytest.fixture(scope="session")
def fault_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    workdir = tmp_path_factory.mktemp("faults")
    database = Database(f"sqlite:///{workdir / 'knowledge.db'}")
    load_knowledge(database, KNOWLEDGE_DIR)
    database.dispose()
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_ENV", "ENDPOINTS_FILE")}
    # Both servers use the same tracker store: the action server deletes conversations in it.
    env.update(
        TRACKER_DIALECT="sqlite",
        TRACKER_DB=str(workdir / "tracker.db"),
        HTTP_REQUEST_TIMEOUT=str(REQUEST_TIMEOUT),
        HTTP_KEEP_ALIVE_TIMEOUT=str(KEEP_ALIVE_TIMEOUT),
    )
    actions = action_server("actions", {**env, "DATABASE_URL": database.url}, workdir)
    env.update(
        ACTION_ENDPOINT_URL=f"{actions.url}/webhook",
        ACTION_TIMEOUT=str(ACTION_TIMEOUT),
        MAX_MESSAGE_CHARS="2000",
        RASA_TELEMETRY_ENABLED="false",
    )
    rasa = rasa_server(
        "rasa", env, workdir, credentials_file(workdir / "credentials.yml"), PROJECT_ROOT / "endpoints.yml"
    )
    with ExitStack() as stack:
        stack.callback(actions.stop)
        stack.callback(rasa.stop)
        actions.start()
        rasa.start()
        actions.wait_http(f"{actions.url}/health", 90)
        rasa.wait_http(f"{rasa.url}/webhooks/rest/", 300)
        yield Assistant(rasa, actions, workdir / "tracker.db")
    shutil.rmtree(workdir, ignore_errors=True)
