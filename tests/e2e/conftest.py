"""Start the real assistant (scripts/run.sh: action server + Rasa server) on free ports for the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot import PROJECT_ROOT
from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from tests.conftest import KNOWLEDGE_DIR

MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Assistant:
    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, message: object, sender: str | None = None) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender or "anon", "message": message}, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def text(self, message: str, sender: str) -> str:
        return "\n".join(m.get("text", "") for m in self.send(message, sender))

    @staticmethod
    def new_user() -> str:
        return f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    workdir: Path = tmp_path_factory.mktemp("assistant")
    database = Database(f"sqlite:///{workdir / 'knowledge.db'}")
    load_knowledge(database, KNOWLEDGE_DIR)
    database.dispose()
    rasa_port, action_port = free_port(), free_port()
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "ACTION_ENDPOINT_URL": f"http://localhost:{action_port}/webhook",
        "TRACKER_DIALECT": "sqlite",
        "TRACKER_DB": str(workdir / "tracker.db"),
        "DATABASE_URL": database.url,
        "LOG_DIR": str(workdir / "log"),
        "JOB_SEARCH_URL": "https://jobs.example/operator",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    process = subprocess.Popen(
        [str(PROJECT_ROOT / "scripts" / "run.sh")],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://localhost:{rasa_port}"
    deadline = time.monotonic() + 300
    try:
        while True:
            if process.poll() is not None:
                logs = "\n".join(p.read_text()[-3000:] for p in (workdir / "log").glob("*.log"))
                pytest.fail(f"the assistant did not start:\n{process.stdout.read()}\n{logs}")
            try:
                if (
                    requests.get(f"{url}/webhooks/rest/", timeout=2).ok
                    and requests.get(f"http://localhost:{action_port}/health", timeout=2).ok
                ):
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the assistant did not answer within 300 s")
            time.sleep(1)
        yield Assistant(url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
