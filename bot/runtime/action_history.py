"""The action server gets the events of the last turns, not of the whole conversation, with every call.

Rasa 3.6.21's RemoteAction._action_call_format puts tracker.current_state(EventVerbosity.ALL) in each request to
the action server: every event of the session, serialised by Rasa and parsed by rasa-sdk at every custom action.
At turn 1000 that was 4 MB per call (json encoding 14 % of the Rasa server's time, parsing two thirds of the
action server's). The actions read the conversation's state (slots, latest message, active loop: all still sent)
and, of its events, those of the latest turn (the text as typed, the input channel, the slots a form is
validating): sending the events of the last ACTION_HISTORY_TURNS user turns (default 10) changes nothing they
do. An action that reads further back is listed in ACTION_HISTORY_WHOLE (default: action_request_callback, which
stores the topics the candidate asked about in the whole conversation) and gets every event, as with Rasa.
ACTION_HISTORY_TURNS=0 sends every event to every action.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.runtime import replace

_MARK = "_bot_action_history"
DEFAULT_TURNS = 10
DEFAULT_WHOLE = ("action_request_callback",)


def last_turns(events: Any, turns: int) -> list[Event]:
    """The events from the `turns`-th last user message on (all of them when there are fewer)."""
    kept: list[Event] = []
    seen = 0
    for event in reversed(events):
        kept.append(event)
        if isinstance(event, UserUttered):
            seen += 1
            if seen == turns:
                break
    kept.reverse()
    return kept


class _RecentEvents(DialogueStateTracker):
    """The tracker (sharing its attributes) whose current_state(EventVerbosity.ALL) holds the last turns only."""

    turns = DEFAULT_TURNS

    def _events_for_verbosity(self, event_verbosity: EventVerbosity) -> list[Event] | None:
        if event_verbosity == EventVerbosity.ALL:
            return last_turns(self.events, self.turns)
        events: list[Event] | None = super()._events_for_verbosity(event_verbosity)
        return events


@functools.lru_cache(maxsize=8)
def _view_class(turns: int) -> type[_RecentEvents]:
    return type(f"RecentEvents{turns}", (_RecentEvents,), {"turns": turns})


def recent(tracker: DialogueStateTracker, turns: int) -> DialogueStateTracker:
    view = _view_class(turns).__new__(_view_class(turns))
    view.__dict__ = tracker.__dict__
    return view


def settings(env: Mapping[str, str] | None = None) -> tuple[int, frozenset[str]]:
    """(turns, actions that get every event) from ACTION_HISTORY_TURNS and ACTION_HISTORY_WHOLE."""
    env = os.environ if env is None else env
    turns = int(env.get("ACTION_HISTORY_TURNS", DEFAULT_TURNS))
    if turns < 0:
        raise ValueError("ACTION_HISTORY_TURNS must be 0 (every event) or more")
    whole = env.get("ACTION_HISTORY_WHOLE")
    names = DEFAULT_WHOLE if whole is None else [name.strip() for name in whole.split(",")]
    return turns, frozenset(name for name in names if name)


def _wrap(original: Callable[..., dict[str, Any]], turns: int, whole: frozenset[str]) -> Any:
    @functools.wraps(original)
    def action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Any) -> dict[str, Any]:
        if turns == 0 or self.name() in whole:
            return original(self, tracker, domain)
        return original(self, recent(tracker, turns), domain)

    setattr(action_call_format, _MARK, (turns, whole))
    return action_call_format


def install(env: dict[str, str] | None = None) -> None:
    """Patch RemoteAction._action_call_format for this process (idempotent; the latest settings win)."""
    turns, whole = settings(env)
    replace(RemoteAction, "_action_call_format", _MARK, lambda original: _wrap(original, turns, whole))
