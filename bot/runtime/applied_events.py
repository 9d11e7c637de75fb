"""A tracker's applied events, computed once per event instead of once per call.

Rasa 3.6.21's DialogueStateTracker.applied_events walks every event of the tracker at every call, and a turn calls
it several times (the session check, each next-action prediction): at turn 1000 of a conversation that was a
tenth of the Rasa server's time. It is a left fold over the events (append, pop from the end, restart), so the
fold is kept on the tracker and continued with the events added since the last call. Its loop body is Rasa's own
(`_fold_one` below, pinned by tests/faults/test_patches.py); the undo helpers it calls are Rasa's. The one input
that is not a prefix of the events, the names of the loops activated anywhere in the tracker, is checked at each
call: a new loop name means the fold starts again from the first event.

The fold also tells the dialogue states (bot/runtime/dialogue_states.py) which of the applied events it consumed
are still applied: `generation` changes when it starts again; otherwise an applied event once removed never
comes back (each event is folded once and undo only pops from the end), so a prefix is unchanged iff its last
event is still at its place.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Any

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    StoryExported,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime import replace

_MARK = "_bot_incremental_applied_events"
FOLD = "_bot_applied_fold"  # attribute of the tracker holding its AppliedFold


class AppliedFold:
    """DialogueStateTracker.applied_events, continued event by event."""

    def __init__(self) -> None:
        self.applied: list[Event] = []
        self.loop_names: set[str] = set()
        self.folded = 0  # events of the tracker folded so far
        self.first: Event | None = None  # the tracker's first and last folded events: the fold is theirs
        self.last: Event | None = None
        self.generation = 0
        # Whether the tracker holds a StoryExported event (interactive learning only): replaying one writes a
        # file, which tracker.copy() and past_states() do: bot/runtime leaves those trackers to Rasa's code.
        self.story_exported = False

    def update(self, tracker: DialogueStateTracker) -> list[Event]:
        """The applied events of the tracker (this fold's list: copy it before handing it out)."""
        events = tracker.events
        count = len(events)
        if not self._continues(events, count):
            self._restart()
        new = _last(events, count - self.folded)
        names = {e.name for e in new if isinstance(e, ActiveLoop) and e.name}
        if not names <= self.loop_names:  # Rasa reads the loop names of all events before folding any
            self._restart()
            new = list(events)
            self.loop_names = {e.name for e in new if isinstance(e, ActiveLoop) and e.name}
        for event in new:
            self.applied = _fold_one(tracker, self.applied, event, self.loop_names)
            self.story_exported = self.story_exported or isinstance(event, StoryExported)
        if count:
            self.first, self.last = events[0], events[-1]
        self.folded = count
        return self.applied

    def _continues(self, events: Any, count: int) -> bool:
        if self.folded == 0:
            return True
        return count >= self.folded and events[0] is self.first and events[self.folded - 1] is self.last

    def _restart(self) -> None:
        self.applied, self.loop_names, self.folded, self.story_exported = [], set(), 0, False
        self.first = self.last = None
        self.generation += 1


def _last(events: Any, count: int) -> list[Event]:
    """The last `count` events of a deque, without walking the others."""
    if count <= 0:
        return []
    return list(itertools.islice(reversed(events), count))[::-1]


def _fold_one(tracker: DialogueStateTracker, applied: list[Event], event: Event, loop_names: Any) -> list[Event]:
    """One iteration of the loop of Rasa 3.6.21's DialogueStateTracker.applied_events."""
    if isinstance(event, (Restarted, SessionStarted)):
        applied = []
    elif isinstance(event, ActionReverted):
        tracker._undo_till_previous(ActionExecuted, applied)
    elif isinstance(event, UserUtteranceReverted):
        # Seeing a user uttered event automatically implies there was
        # a listen event right before it, so we'll first rewind the
        # user utterance, then get the action right before it (also removes
        # the `action_listen` action right before it).
        tracker._undo_till_previous(UserUttered, applied)
        tracker._undo_till_previous(ActionExecuted, applied)
    elif (
        isinstance(event, ActionExecuted)
        and event.action_name in loop_names
        and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
    ):
        tracker._undo_till_previous_loop_execution(event.action_name, applied)
    else:
        applied.append(event)
    return applied


def supported(tracker: DialogueStateTracker) -> bool:
    """Trackers whose events only grow at the end: Rasa's own class, without a cap on its events."""
    return type(tracker) is DialogueStateTracker and tracker._max_event_history is None


def fold_of(tracker: DialogueStateTracker) -> AppliedFold:
    fold: AppliedFold | None = tracker.__dict__.get(FOLD)
    if fold is None:
        fold = tracker.__dict__[FOLD] = AppliedFold()
    return fold


def applied_events(tracker: DialogueStateTracker) -> list[Event]:
    """What DialogueStateTracker.applied_events returns, from the tracker's fold."""
    return list(fold_of(tracker).update(tracker))


def _wrap(original: Callable[[DialogueStateTracker], list[Event]]) -> Any:
    @functools.wraps(original)
    def wrapped(self: DialogueStateTracker) -> list[Event]:
        if not supported(self):
            return original(self)
        return applied_events(self)

    setattr(wrapped, _MARK, True)
    return wrapped


def install() -> None:
    """Patch DialogueStateTracker.applied_events for this process (idempotent)."""
    replace(DialogueStateTracker, "applied_events", _MARK, _wrap)
