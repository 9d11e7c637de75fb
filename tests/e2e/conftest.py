"""Start the real assistant (scripts/run.sh: action server, Rasa server, demo page) on free ports for the tests.

The same running assistant serves tests/e2e, tests/web and tests/channels (their conftests import the
`assistant` fixture; it is started once and stopped after the last of them). Its messaging channels are on,
talking to a fake of the platforms' API servers (tests/channels/platforms.py), and its e-mails (the alerts'
confirmations) go to a real SMTP server on loopback (tests/services/smtp.py).
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from bot import PROJECT_ROOT
from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from tests.channels.platforms import PlatformApis, channel_environment, platform_apis
from tests.conftest import KNOWLEDGE_DIR
from tests.services.processes import free_port
from tests.services.smtp import Mailbox, smtp_server

MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"


class Assistant:
    def __init__(
        self,
        url: str,
        web_url: str = "",
        platforms: PlatformApis | None = None,
        tracker_db: Path | None = None,
        actions_url: str = "",
        mail: Mailbox | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.url = url
        self.actions_url = actions_url  # the action server (loopback; Rasa's token needed for /webhook)
        self.web_url = web_url  # the demo page with the widget
        self.platforms = platforms  # the fake Telegram / Facebook / Twilio APIs the channels answer through
        self.tracker_db = tracker_db  # the SQL tracker store: every conversation's events
        self.mail = mail  # the SMTP server the e-mails go to
        self.env = env or {}  # the servers' environment (the command line's, for `python -m bot jobs|alerts`)

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


_shared: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """One running assistant for the whole test session, whichever test folders ask for it."""
    if _shared["users"] == 0:
        stack = ExitStack()
        _shared["assistant"] = stack.enter_context(_running_assistant(tmp_path_factory))
        _shared["stack"] = stack
    _shared["users"] += 1
    try:
        yield _shared["assistant"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _shared.pop("stack").close()


@contextmanager
def _running_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    with platform_apis() as platforms, smtp_server() as mail:
        yield from _start(tmp_path_factory, platforms, mail)


def _start(tmp_path_factory: pytest.TempPathFactory, platforms: PlatformApis, mail: Mailbox) -> Iterator[Assistant]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    workdir: Path = tmp_path_factory.mktemp("assistant")
    database = Database(f"sqlite:///{workdir / 'knowledge.db'}")
    load_knowledge(database, KNOWLEDGE_DIR)
    database.dispose()
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    url = f"http://localhost:{rasa_port}"
    web_url = f"http://localhost:{web_port}"
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
        "PRIVACY_URL": "https://jobs.example/confidentialitate",
        "RASA_TELEMETRY_ENABLED": "false",
        "WEB_PORT": str(web_port),
        "CORS_ORIGINS": f"{web_url} http://127.0.0.1:{web_port}",
        "CREDENTIALS_FILE": str(workdir / "credentials.yml"),
        # The alerts' e-mails: to the test SMTP server, with links to this Rasa server, signed with this secret.
        "SMTP_URL": mail.url,
        "MAIL_FROM": "Asistent carieră <alerte@example.ro>",
        "PUBLIC_URL": url,
        "ALERT_LINK_SECRET": secrets.token_urlsafe(32),
        **channel_environment(url, platforms.url),
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
                    and requests.get(f"http://127.0.0.1:{web_port}/", timeout=2).ok
                ):
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the assistant did not answer within 300 s")
            time.sleep(1)
        yield Assistant(url, web_url, platforms, workdir / "tracker.db", f"http://localhost:{action_port}", mail, env)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
