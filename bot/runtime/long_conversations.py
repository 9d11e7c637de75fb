"""A turn costs the same at turn 1000 as at turn 5 (issue 11, item 7): the patches that remove the work Rasa 3.6.21
does in proportion to the length of the conversation, at every turn.

- applied_events: the tracker's applied events are folded once per event, not once per call;
- policy_history (with dialogue_states): the policies get the exact states of the last turns, built once per turn;
- tracker_copy: the processor's copy of the tracker before each action does not replay the conversation;
- action_history: the action server gets the events of the last turns (and the whole state), not every event.

Reading the conversation from the database is the tracker store's part (bot/tracker_store.py, which keeps the
conversations served lately in memory). Measured by `make bench` (latency by turn index, docs/benchmarks.md).
LONG_CONVERSATION_PATCHES (default `all`; `none`, or some of the names above, comma-separated) chooses them: to
measure one at a time, or to fall back to Rasa's own code without a new release.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from bot.runtime import action_history, applied_events, policy_history, tracker_copy

PATCHES: dict[str, Callable[[], None]] = {
    "applied_events": applied_events.install,
    "tracker_copy": tracker_copy.install,
    "policy_history": policy_history.install,
    "action_history": action_history.install,
}


def chosen(env: Mapping[str, str] | None = None) -> list[str]:
    value = (os.environ if env is None else env).get("LONG_CONVERSATION_PATCHES", "all").strip()
    if value == "all":
        return list(PATCHES)
    names = [name.strip() for name in value.split(",") if name.strip() and name.strip() != "none"]
    unknown = set(names) - set(PATCHES)
    if unknown:
        known = ", ".join(PATCHES)
        raise ValueError(f"LONG_CONVERSATION_PATCHES: unknown {', '.join(sorted(unknown))} (known: {known})")
    return names


def install(env: Mapping[str, str] | None = None) -> list[str]:
    """The chosen patches, for this process (idempotent); returns their names."""
    names = chosen(env)
    for name in names:
        PATCHES[name]()
    return names
