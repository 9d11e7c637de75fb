"""Fault handling and speed fixes inside the Rasa server process, installed by `python -m bot.server run`.

Rasa 3.6 offers no setting for these, so each module patches one documented place of Rasa 3.6.21 (the
version pinned in requirements/lock.txt). Every override of Rasa's internals (and of Sanic, python-socketio,
Typer and Click), here or in a subclass elsewhere, is listed with why in overrides.py (docs/rasa-patches.md);
tests/faults/test_patches.py fails when an upgrade changes the code one replaces, or when one is not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def unpatched(function: Any, mark: str) -> Any:
    """The function our wrapper (flagged by the attribute `mark`) replaced, or the function itself."""
    return function.__wrapped__ if getattr(function, mark, None) is not None else function


def replace(owner: Any, name: str, mark: str, wrap: Callable[[Any], Any]) -> None:
    """Set owner.name to wrap(the unpatched function): installing again re-wraps Rasa's own function (tests,
    reloads, a new setting) instead of wrapping our wrapper. wrap must set `mark` on what it returns."""
    setattr(owner, name, wrap(unpatched(getattr(owner, name), mark)))
