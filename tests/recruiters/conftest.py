"""The recruiters' CLI on real components: the trained model, in-process actions, SQLite databases."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.recruiters.assistant import DEFAULT_MODEL, LocalAssistant


@pytest.fixture(scope="session")
def assistant() -> LocalAssistant:
    """Loaded once for the session (about 10-25 s); the CLI commands in the tests reuse it."""
    if not DEFAULT_MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    return LocalAssistant.shared(DEFAULT_MODEL)


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int = 0):  # noqa: ANN204 - click Result
        result = self.runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})
        assert "Traceback" not in result.output, result.output
        assert result.exit_code == code, f"exit {result.exit_code}: {result.output}"
        return result


@pytest.fixture
def cli() -> Cli:
    return Cli()
