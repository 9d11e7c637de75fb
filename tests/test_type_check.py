"""make lint's type check (mypy, configured in pyproject.toml) sees the actions' classes through Rasa SDK's hints:
the crash issue 13 found (ActionDeleteMyData calling a self._forget_slots() that did not exist) is a lint error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot import PROJECT_ROOT

ACTION = """
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionForget(Action):
    def name(self) -> str:
        return "action_forget"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return self._forget_slots()
"""


def test_a_method_an_action_does_not_have_is_a_type_error(tmp_path: Path) -> None:
    module = tmp_path / "forgetful_action.py"
    module.write_text(ACTION, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(PROJECT_ROOT / "pyproject.toml"), str(module)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"ActionForget" has no attribute "_forget_slots"  [attr-defined]' in result.stdout
