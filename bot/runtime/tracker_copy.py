"""DialogueStateTracker.copy without replaying every event of the conversation.

Rasa 3.6.21's MessageProcessor._run_action copies the tracker before each action it runs (tracker.copy(), so that a
rejected action leaves no trace), and copy() builds a new tracker by replaying every event
(travel_back_in_time(inf)): a cost in proportion to the conversation, several times per turn. The copy is the
state the events give; the tracker being copied is in that state already, apart from one field the processor
changes without an event (followup_action, cleared before the follow-up action runs). So the copy here takes a
new tracker as Rasa's does (init_copy), the same events, and the tracker's state, with followup_action as the
events give it (bot/conversation_cache.replayed_followup_action); when that cannot be read from the last events,
or the tracker is not Rasa's own class, Rasa's replay runs. tests/faults/test_patches.py compares both copies
after every event of long conversations.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections import deque
from typing import Any

from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation_cache import replayed_followup_action
from bot.runtime import replace
from bot.runtime.applied_events import fold_of

_MARK = "_bot_tracker_copy"
# Attributes Rasa's copy() leaves to init_copy's defaults: the processor sets them on the trackers it reads; the
# folds of bot/runtime are the original tracker's (a copy starts its own).
_NOT_COPIED = {"model_id", "assistant_id", "sender_source"}


def quick_copy(tracker: DialogueStateTracker) -> DialogueStateTracker | None:
    """What tracker.copy() returns, or None when this cannot tell (then Rasa's copy must run)."""
    fold = fold_of(tracker)
    fold.update(tracker)
    if fold.story_exported:
        return None  # replaying one writes a file (interactive learning): Rasa's copy does that
    followup = replayed_followup_action(tracker)
    if not isinstance(followup, (str, type(None))):
        return None
    duplicate = tracker.init_copy()
    duplicate.events = deque(tracker.events, tracker._max_event_history)
    for name, slot in tracker.slots.items():
        copied = duplicate.slots[name]
        copied._value, copied._has_been_set = slot._value, slot._has_been_set
    duplicate._paused = tracker._paused
    duplicate.followup_action = followup
    duplicate.latest_action = copy.copy(tracker.latest_action) if tracker.latest_action is not None else None
    duplicate.latest_message = tracker.latest_message
    # (When no bot utterance was applied since the last reset this is the placeholder the reset made, where Rasa's
    # replay makes a new one: they differ in their timestamp, as two copies made by Rasa do.)
    duplicate.latest_bot_utterance = tracker.latest_bot_utterance
    duplicate.active_loop = dataclasses.replace(tracker.active_loop) if tracker.active_loop else None
    return duplicate


def supported(tracker: DialogueStateTracker) -> bool:
    return type(tracker) is DialogueStateTracker and tracker._max_event_history is None


def _wrap(original: Any) -> Any:
    @functools.wraps(original)
    def copy_tracker(self: DialogueStateTracker) -> DialogueStateTracker:
        duplicate = quick_copy(self) if supported(self) else None
        return duplicate if duplicate is not None else original(self)

    setattr(copy_tracker, _MARK, True)
    return copy_tracker


def install() -> None:
    """Patch DialogueStateTracker.copy for this process (idempotent)."""
    replace(DialogueStateTracker, "copy", _MARK, _wrap)
