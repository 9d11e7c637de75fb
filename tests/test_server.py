"""bot.server: argument checks and production start-up, before Rasa's command line takes over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from bot.server import StartRefused, main, option_value, prepare_run, without_option
from tests.test_production import production_env


def test_option_helpers() -> None:
    args = ["--model", "models/a.tar.gz", "--endpoints=x.yml", "--port", "1"]
    assert option_value(args, ["--model", "-m"]) == "models/a.tar.gz"
    assert option_value(args, ["--endpoints"]) == "x.yml"
    assert option_value(args, ["--cors"]) is None
    assert without_option(args, ["--endpoints", "--model"]) == ["--port", "1"]


@pytest.mark.parametrize("flag", ["--enable-api", "--enable-api=true"])
def test_the_http_api_is_refused(flag: str) -> None:
    with pytest.raises(StartRefused, match="enable-api"):
        prepare_run(["--model", "models", flag])


def test_production_replaces_the_endpoints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in production_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ENDPOINTS_FILE", str(tmp_path / "endpoints.yml"))
    args = prepare_run(["--model", str(PROJECT_ROOT / "models"), "--endpoints", "endpoints.yml", "--port", "1"])
    assert args[-2:] == ["--endpoints", str(tmp_path / "endpoints.yml")]
    assert "endpoints.yml" not in args[:-2]
    assert "type: bot.runtime.locks.AtomicRedisLockStore" in (tmp_path / "endpoints.yml").read_text()


@pytest.mark.parametrize(
    "args",
    [["--model", "/tmp/other-model.tar.gz"], ["--model", "models", "--remote-storage", "aws"]],
)
def test_production_serves_only_models_from_models_dir(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in production_env().items():
        monkeypatch.setenv(name, value)
    with pytest.raises(StartRefused):
        prepare_run(args)


def test_development_keeps_the_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_ENV", raising=False)
    args = ["--model", "/anywhere/model.tar.gz", "--endpoints", "endpoints.yml"]
    assert prepare_run(args) == args


def test_check_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BOT_ENV", "production")
    monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
    assert main(["check"]) == 2
    assert "TRACKER_PASSWORD is empty" in capsys.readouterr().err
    for name, value in production_env().items():
        monkeypatch.setenv(name, value)
    assert main(["check"]) == 0
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.db")
    # The Rasa server serves the alert e-mails' link pages, which change subscriptions in the knowledge database.
    assert main(["check", "server"]) == 2
    assert main(["check", "actions"]) == 2
    assert main(["check", "knowledge"]) == 2
    assert main(["check", "alerts"]) == 2
    assert main(["check", "nothing"]) == 2  # an unknown role is not a pass
    monkeypatch.delenv("DATABASE_URL")
    for name, value in production_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ACTION_SERVER_TOKEN")
    assert main(["check", "knowledge"]) == 0  # the database load job needs no token
    assert main(["check", "alerts"]) == 0  # nor does the alert e-mails' CronJob
    assert main(["check", "actions"]) == 2 and main(["check", "server"]) == 2
    assert "ACTION_SERVER_TOKEN is empty" in capsys.readouterr().err
    monkeypatch.delenv("SMTP_URL")
    assert main(["check", "alerts"]) == 2 and main(["check", "actions"]) == 2
    assert main(["check", "knowledge"]) == 0


def test_unknown_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) == 2
    assert "python -m bot.server run" in capsys.readouterr().err


def test_production_refuses_to_start_with_default_secrets() -> None:
    """The real entry point, in a fresh process: exits 2 before loading anything."""
    env = {**production_env(TRACKER_PASSWORD="secret"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.server", "run", "--model", "models"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "TRACKER_PASSWORD is a well-known default" in result.stderr
    assert "secret" not in result.stderr.replace("TRACKER_PASSWORD", "")


def test_development_generates_the_action_server_token_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.security import action_token

    monkeypatch.delenv("BOT_ENV", raising=False)
    path = tmp_path / "var" / "action-server.token"
    monkeypatch.setattr(action_token, "TOKEN_FILE", path)
    env: dict[str, str] = {}
    token = action_token.ensure_token(env)
    assert env["ACTION_SERVER_TOKEN"] == token and len(token) >= 32
    assert path.stat().st_mode & 0o777 == 0o600  # only the user running the servers reads it
    assert action_token.ensure_token({}) == token  # the other server reads the same one
    assert action_token.ensure_token({"ACTION_SERVER_TOKEN": "given"}) == "given"


def test_production_has_no_generated_action_server_token() -> None:
    from bot.production import ProductionConfigError
    from bot.security.action_token import ensure_token

    with pytest.raises(ProductionConfigError, match="ACTION_SERVER_TOKEN is empty"):
        ensure_token({"BOT_ENV": "production"})


@pytest.mark.parametrize(
    "header, ok",
    [("Bearer right-token", True), ("bearer right-token", True), ("Bearer wrong-token", False),
     ("right-token", False), ("Basic right-token", False), ("", False), (None, False), ("Bearer ", False)],
)  # fmt: skip
def test_authorization_header(header: str | None, ok: bool) -> None:
    from bot.security.action_token import authorized

    assert authorized(header, "right-token") is ok


def test_development_endpoints_send_the_token_as_a_header(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.utils import AvailableEndpoints

    monkeypatch.setenv("ACTION_SERVER_TOKEN", "dev-token-for-this-test")
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://localhost:5055/webhook")
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_DB", "var/tracker.db")
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    assert endpoints.action.headers == {"Authorization": "Bearer dev-token-for-this-test"}
    assert endpoints.action.token is None  # never a URL parameter (access logs)
