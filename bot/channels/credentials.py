"""The effective credentials file: only the channels whose environment variables are all set.

Rasa refuses to start when a `${VARIABLE}` in credentials.yml is unset, so `scripts/run.sh` runs
`python -m bot.channels.credentials credentials.yml var/credentials.yml` first. The output keeps the
`${VARIABLE}` references (Rasa fills them in): no secret is written to disk.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
HEADER = "# Generated from credentials.yml by bot/channels/credentials.py: only channels whose variables are set.\n"


@dataclass(frozen=True)
class ChannelStatus:
    name: str
    required: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def on(self) -> bool:
        return not self.missing

    def describe(self) -> str:
        short = self.name.rsplit(".", 1)[-1]
        if self.on:
            return f"channel on:  {short}"
        if len(self.missing) < len(self.required):  # partly configured: probably a mistake
            return f"warning: channel {short} stays OFF, not set: {', '.join(self.missing)}"
        return f"channel off: {short} (needs {', '.join(self.missing)})"


def variables(value: Any) -> tuple[str, ...]:
    """The ${VARIABLES} a channel's settings refer to, in order, without repeats."""
    if isinstance(value, str):
        found = _VARIABLE.findall(value)
    elif isinstance(value, Mapping):
        found = [name for item in value.values() for name in variables(item)]
    elif isinstance(value, list):
        found = [name for item in value for name in variables(item)]
    else:
        found = []
    return tuple(dict.fromkeys(found))


def channel_status(channels: Mapping[str, Any], environ: Mapping[str, str]) -> list[ChannelStatus]:
    statuses = []
    for name, settings in channels.items():
        required = variables(settings)
        statuses.append(ChannelStatus(name, required, tuple(v for v in required if not environ.get(v))))
    return statuses


def write_effective(source: Path, target: Path, environ: Mapping[str, str]) -> list[ChannelStatus]:
    channels = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    statuses = channel_status(channels, environ)
    enabled = {s.name: channels[s.name] for s in statuses if s.on}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(HEADER + yaml.safe_dump(enabled, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return statuses


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m bot.channels.credentials credentials.yml var/credentials.yml", file=sys.stderr)
        return 2
    for status in write_effective(Path(args[0]), Path(args[1]), os.environ):
        print(status.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
