"""The conversations a Rasa process served lately, kept in memory between turns (bot/tracker_store.py).

Reading a conversation from the SQL tracker store costs in proportion to its length: every event of the session
is read, parsed from JSON and replayed into a new tracker. After a turn the process still holds that tracker, so
the tracker store keeps it here and, at the next turn, reads from the database only what is newer (another
replica may have served turns in between) after checking that none of the rows it holds was deleted meanwhile
("șterge-mi datele", retention). The database stays the reference: what the store returns is what Rasa's own
SQLTrackerStore would build from the database at that moment (tests/test_conversation_cache.py checks it turn by
turn), and anything unexpected means a full read.

A tracker is handed out to one turn at a time: `take` removes it, the end of the turn (`save`) puts it back.
A turn that fails before saving leaves nothing here; the next turn reads the database.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass

from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    Event,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_CONVERSATIONS = 500
DEFAULT_EVENTS = 200_000  # about 1 GB at worst (a user message with its NLU ranking is the largest event)


@dataclass(frozen=True)
class StorePosition:
    """Where a tracker stands in the database: the rows of its session up to `last_id`.

    database: the store's database (a tracker saved into another store is read again);
    rows: how many rows of the sender have an id in [first_id, last_id] (all of them are the tracker's, unless
        a clock running behind wrote some before the session start; they are counted both times);
    session_start: the timestamp of the session_started row Rasa's query starts the session at, None when the
        conversation has no session_started row (then the tracker holds all its rows).
    """

    database: str
    first_id: int
    last_id: int
    rows: int
    session_start: float | None


@dataclass
class Cached:
    tracker: DialogueStateTracker
    position: StorePosition
    events: int  # len(tracker.events) when it was put back: more means a turn added events it did not save


class ConversationCache:
    """Least recently used trackers, bounded by their number and by their events in total."""

    def __init__(self, conversations: int, events: int) -> None:
        self.max_conversations = conversations
        self.max_events = events
        self._entries: OrderedDict[str, Cached] = OrderedDict()
        self._events = 0

    @classmethod
    def from_env(cls) -> ConversationCache:
        """TRACKER_CACHE_CONVERSATIONS (0 turns the cache off) and TRACKER_CACHE_EVENTS."""
        return cls(
            int(os.environ.get("TRACKER_CACHE_CONVERSATIONS", DEFAULT_CONVERSATIONS)),
            int(os.environ.get("TRACKER_CACHE_EVENTS", DEFAULT_EVENTS)),
        )

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def events(self) -> int:
        return self._events

    def take(self, sender_id: str) -> Cached | None:
        entry = self._entries.pop(sender_id, None)
        if entry is not None:
            self._events -= entry.events
            if len(entry.tracker.events) != entry.events:  # changed without a save: not what the database holds
                return None
        return entry

    def put(self, sender_id: str, tracker: DialogueStateTracker, position: StorePosition) -> None:
        self.drop(sender_id)
        size = len(tracker.events)
        if self.max_conversations <= 0 or size > self.max_events:
            return
        self._entries[sender_id] = Cached(tracker, position, size)
        self._events += size
        while len(self._entries) > self.max_conversations or self._events > self.max_events:
            _, oldest = self._entries.popitem(last=False)
            self._events -= oldest.events

    def drop(self, sender_id: str) -> None:
        entry = self._entries.pop(sender_id, None)
        if entry is not None:
            self._events -= entry.events


# --- is the tracker in memory the one the database would give? -------------------------------------------------

_UNKNOWN = object()
# Events whose apply_to sets tracker.followup_action to a value that depends on the event only.
_CLEARS_FOLLOWUP = (UserUttered, ActionExecuted)
# Events whose apply_to leaves followup_action as it is (rasa/shared/core/events.py, Rasa 3.6.21).
_KEEPS_FOLLOWUP = (
    SlotSet,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    AllSlotsReset,
    ActiveLoop,
    LoopInterrupted,
    ActionExecutionRejected,
    ConversationPaused,
    ConversationResumed,
)
# Events that reset the tracker and replay its applied events: the field then depends on more than one event.
_REPLAYS = (UserUtteranceReverted, ActionReverted)


def replayed_followup_action(tracker: DialogueStateTracker) -> object:
    """The followup_action a replay of the tracker's events would give, or _UNKNOWN.

    Replaying is how Rasa builds a tracker from the database (and how DialogueStateTracker.copy works); the tracker
    Rasa worked on can differ in this one field, which the processor clears without an event before running the
    follow-up action. Read from the end: the last event that sets the field decides."""
    for event in reversed(tracker.events):
        if isinstance(event, _CLEARS_FOLLOWUP):
            return None
        if isinstance(event, FollowupAction):
            return event.action_name
        if isinstance(event, Restarted):
            return ACTION_SESSION_START_NAME
        if isinstance(event, SessionStarted):
            return ACTION_LISTEN_NAME  # tracker._reset()
        if isinstance(event, _REPLAYS):
            return _UNKNOWN
        if not isinstance(event, _KEEPS_FOLLOWUP) and type(event).apply_to is not Event.apply_to:
            return _UNKNOWN  # an event we do not know the effect of
    return ACTION_LISTEN_NAME  # a new tracker's value


def same_as_replayed(tracker: DialogueStateTracker) -> bool:
    """Whether the tracker's state is the one a replay of its events gives, as far as Rasa's processor can have
    changed it outside events (it only clears followup_action; model_id and assistant_id are not replayed)."""
    replayed = replayed_followup_action(tracker)
    return replayed is not _UNKNOWN and replayed == tracker.followup_action
