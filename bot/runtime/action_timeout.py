"""Custom actions time out after ACTION_TIMEOUT seconds and a failure becomes an apology, not silence.

Rasa 3.6.21's RemoteAction.run calls the action server with `timeout=DEFAULT_REQUEST_TIMEOUT` (300 s, a
constant, not a setting). When the server is down, slow or answers with an error, run() raises and
MessageProcessor._run_action logs the exception and drops the action's events: the user gets nothing.
We wrap RemoteAction.run: the call is cancelled after `timeout` seconds and any failure except a deliberate
rejection returns a BotUttered with a short Romanian apology, which the processor sends and stores like any
answer, once per turn (a turn that runs several custom actions, e.g. a form, apologises once). The next message
calls the action server again, so it works as soon as the server is back.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.answers import messages
from bot.runtime import replace

logger = logging.getLogger(__name__)

# Marks the wrapper so installing twice (tests, reloads) does not wrap the wrapper.
_MARK = "_bot_action_timeout"

RunMethod = Callable[..., Awaitable[list[Event]]]


FALLBACK = {"fallback": "action_unavailable"}


def apology_event() -> BotUttered:
    # metadata tells a log or tracker reader this answer is the fallback, not the action's own.
    return BotUttered(text=messages.ACTION_UNAVAILABLE, metadata=dict(FALLBACK))


def apologised_this_turn(tracker: DialogueStateTracker) -> bool:
    """Whether the apology was already sent since the user's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and event.metadata == FALLBACK:
            return True
    return False


def guarded(run: RunMethod, timeout: float) -> RunMethod:
    """RemoteAction.run with a time limit, turning failures into an apology."""

    @functools.wraps(run)
    async def run_with_timeout(
        self: RemoteAction, output_channel: Any, nlg: Any, tracker: DialogueStateTracker, domain: Any
    ) -> list[Event]:
        try:
            return await asyncio.wait_for(run(self, output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise  # the action declined on purpose (HTTP 400): Rasa lets another policy choose
        except asyncio.TimeoutError:
            logger.error("action %s: no answer from the action server within %.1f s", self.name(), timeout)
        except Exception as error:  # any failure must reach the user as an apology
            logger.error("action %s failed: %s", self.name(), error)
        return [] if apologised_this_turn(tracker) else [apology_event()]

    setattr(run_with_timeout, _MARK, timeout)
    return run_with_timeout


def install(timeout: float) -> None:
    """Patch RemoteAction.run for this process (idempotent; the latest timeout wins)."""
    replace(RemoteAction, "run", _MARK, lambda original: guarded(original, timeout))


def installed_timeout() -> float | None:
    """The timeout in force, or None when the patch is not installed."""
    return getattr(RemoteAction.run, _MARK, None)
