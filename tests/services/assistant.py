"""The assistant's own servers as `make run` and deploy/ start them: `python -m bot.server run|actions`."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from bot import PROJECT_ROOT
from tests.services.processes import Server, free_port

MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"


def credentials_file(path: Path) -> Path:
    """REST and socket.io only, generated the way scripts/run.sh does it (messaging channels stay off)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "FACEBOOK_", "TWILIO_"))}
    subprocess.run(
        [sys.executable, "-m", "bot.channels.credentials", "credentials.yml", str(path)],
        cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return path


def action_server(name: str, env: Mapping[str, str], logs: Path, port: int | None = None) -> Server:
    port = port or free_port()
    argv = [sys.executable, "-m", "bot.server", "actions", "--actions", "actions", "--port", str(port)]
    return Server(name, argv, logs / f"{name}.log", env, port=port)


def rasa_server(
    name: str, env: Mapping[str, str], logs: Path, credentials: Path, endpoints: Path | None, port: int | None = None
) -> Server:
    """In production (BOT_ENV=production) bot.server writes the endpoints itself: pass endpoints=None."""
    port = port or free_port()
    argv = [sys.executable, "-m", "bot.server", "run", "--model", str(MODEL), "--port", str(port),
            "--interface", "127.0.0.1", "--credentials", str(credentials)]  # fmt: skip
    if endpoints is not None:
        argv += ["--endpoints", str(endpoints)]
    return Server(name, argv, logs / f"{name}.log", env, port=port)
