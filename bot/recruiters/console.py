"""Terminal output: one rich Console per command, created when called so tests can capture stdout."""

from __future__ import annotations

import os
import re
import sys

from rich.console import Console
from rich.markup import escape

# Characters a terminal acts on instead of printing: C0/C1 controls (ESC starts colour codes and OSC 8
# hyperlinks, so a stored "\x1b]8;;javascript:..." would become a clickable link), and the bidirectional and
# zero-width format characters that make text read differently from what it is.
_NOT_PRINTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def console(stderr: bool = False) -> Console:
    # Wide enough for the tables when output is piped (rich would fall back to 80 columns).
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS") or 160)
    return Console(file=sys.stderr if stderr else sys.stdout, width=width, highlight=False, soft_wrap=False)


def plain(value: object) -> str:
    """A stored value as inert text for a rich console: no control sequences, no rich markup."""
    return escape(_NOT_PRINTED.sub("", str(value)))
