"""Terminal output: one rich Console per command, created when called so tests can capture stdout."""

from __future__ import annotations

import os
import sys

from rich.console import Console


def console(stderr: bool = False) -> Console:
    # Wide enough for the tables when output is piped (rich would fall back to 80 columns).
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 160)
    return Console(file=sys.stderr if stderr else sys.stdout, width=width, highlight=False, soft_wrap=False)
