"""The conversations Rasa keeps in its SQL tracker store (table `events`): one candidate's, and old ones.

Rasa appends a turn's events when the turn ends, after the rows already stored for the current session
(bot/tracker_store.py, LeanSQLTrackerStore.save). Two consequences shape this module:

- deleting a conversation from a custom action is not enough: when the action returns, Rasa writes the whole
  session it holds in memory again. `TrackerEvents.delete_conversation` therefore deletes what is stored now,
  and `finish_erasure` deletes the rewritten rows once that turn is saved (the action starts it in a thread);
- retention must not delete part of a session that is still going on (Rasa would write it again): it deletes
  whole conversations whose last event is older than the limit, and, for conversations still active, only the
  rows of their earlier sessions (TrackerEvents.delete_older_than).

Where the tracker store is, and the queries on `events`, are bot/conversation_store.py's.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.conversation_store import TrackerEvents

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErasureResult:
    finished: bool
    rows: int


def finish_erasure(
    sender_id: str,
    action_name: str,
    since: float,
    events: TrackerEvents | None = None,
    timeout: float = 60.0,
    interval: float = 0.2,
) -> ErasureResult:
    """Wait until Rasa has saved the turn in which `action_name` deleted the conversation, then delete the
    rows it wrote again (the session it held in memory, and the turn itself)."""
    events = events or TrackerEvents()
    deadline = time.monotonic() + timeout
    while True:
        try:
            last_id = events.saved_turn(sender_id, action_name, since)
            if last_id is not None:
                return ErasureResult(True, events.delete_conversation(sender_id, up_to_id=last_id))
        except Exception as error:  # noqa: BLE001 - a background thread: log, retry, give up at the deadline
            logger.warning("erasure of a conversation: tracker store unavailable (%s)", error.__class__.__name__)
        if time.monotonic() >= deadline:
            return ErasureResult(False, 0)
        time.sleep(interval)


def finish_in_background(
    sender_id: str,
    action_name: str,
    since: float,
    on_done: Callable[[ErasureResult], None],
    events: TrackerEvents | None = None,
) -> threading.Thread:
    """finish_erasure in a daemon thread (it never keeps a process from exiting); `on_done(result)` after."""

    def run() -> None:
        result = finish_erasure(sender_id, action_name, since, events)
        try:
            on_done(result)
        except Exception as error:  # noqa: BLE001 - the pending erasure stays for `bot retention`
            logger.warning("erasure of a conversation: could not record the result (%s)", error.__class__.__name__)

    thread = threading.Thread(target=run, name="erasure", daemon=True)
    thread.start()
    return thread
