"""Custom actions time out after ACTION_TIMEOUT seconds, and a failed one costs the user one apology, not silence
nor ten apologies.

Rasa 3.6.21's RemoteAction.run calls the action server with `timeout=DEFAULT_REQUEST_TIMEOUT` (300 s, a
constant, not a setting); when the server is down, slow or answers with an error, run() raises and the
processor drops the action's events. We wrap RemoteAction.run: the call is cancelled after `timeout` seconds,
and a failure (except a deliberate rejection, HTTP 400) is handled in three ways:

- a few actions have a local stand-in (bot/runtime/local_actions.py): „renunț” still stops a form, „șterge-mi
  datele” is still carried out (queued), a form's validator lets „renunț” through to the rules;
- otherwise, inside a turn (bot/runtime/turns.py), the turn is marked failed: the processor sends one apology
  and listens, and later custom actions of the same turn are not even tried (one time-out per turn at most);
- outside a turn (a bare call), the apology is the action's answer, once per turn.

The next message calls the action server again, so it works as soon as the server is back.
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
from bot.english import SLOT, reply_language
from bot.runtime import local_actions, replace, turns

logger = logging.getLogger(__name__)

# Marks the wrapper so installing twice (tests, reloads) does not wrap the wrapper.
_MARK = "_bot_action_timeout"

RunMethod = Callable[..., Awaitable[list[Event]]]


FALLBACK = {"fallback": "action_unavailable"}
VALIDATION_PREFIX = "validate_"  # a form's validation action (Rasa calls it from inside the form)


class ActionServerUnavailable(RuntimeError):
    """The action server could not run this action (down, too slow, or an error): the turn ends with an apology."""

    def __init__(self, action: str) -> None:
        super().__init__(f"the action server could not run {action}; the turn ends with an apology")


def apology_event(language: str = "ro") -> BotUttered:
    # metadata tells a log or tracker reader this answer is the fallback, not the action's own.
    return BotUttered(text=messages.in_language("ACTION_UNAVAILABLE", language), metadata=dict(FALLBACK))


def apologised_this_turn(tracker: DialogueStateTracker) -> bool:
    """Whether the apology was already sent since the user's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and event.metadata == FALLBACK:
            return True
    return False


async def _call(run: RunMethod, action: RemoteAction, args: tuple[Any, ...], timeout: float) -> list[Event] | None:
    """The action's events, or None when the action server failed (logged)."""
    turn = turns.current()
    if turn is not None and turn.server_down:
        logger.info("action %s: not called, the action server failed earlier in this turn", action.name())
        return None
    try:
        return await asyncio.wait_for(run(action, *args), timeout)
    except ActionExecutionRejection:
        raise  # the action declined on purpose (HTTP 400): Rasa lets another policy choose
    except asyncio.TimeoutError:
        logger.error("action %s: no answer from the action server within %.1f s", action.name(), timeout)
    except Exception as error:  # any failure must reach the user as an apology
        logger.error("action %s failed: %s", action.name(), error)
    if turn is not None:
        turn.server_down = True
    return None


def guarded(run: RunMethod, timeout: float) -> RunMethod:
    """RemoteAction.run with a time limit, a local stand-in for some actions, and an apology for the rest."""

    @functools.wraps(run)
    async def run_with_timeout(
        self: RemoteAction, output_channel: Any, nlg: Any, tracker: DialogueStateTracker, domain: Any
    ) -> list[Event]:
        events = await _call(run, self, (output_channel, nlg, tracker, domain), timeout)
        if events is not None:
            return events
        local = local_actions.run(self.name(), tracker)
        if local is not None:
            logger.info("action %s: answered by the Rasa server's stand-in", self.name())
            return local
        turn = turns.current()
        if turn is not None:
            turn.failed = True  # the processor apologises once and ends the turn (bot/runtime/turns.py)
            if self.name().startswith(VALIDATION_PREFIX):
                # A form whose validation answered nothing would reject the message, and Rasa's rules would
                # then treat the next message as off the form's path ("nu am înțeles" once the server is
                # back). Failing instead leaves the form where it was, its question still open.
                raise ActionServerUnavailable(self.name())
            return []
        return [] if apologised_this_turn(tracker) else [apology_event(reply_language(tracker.get_slot(SLOT)))]

    setattr(run_with_timeout, _MARK, timeout)
    return run_with_timeout


def install(timeout: float) -> None:
    """Patch RemoteAction.run for this process (idempotent; the latest timeout wins)."""
    replace(RemoteAction, "run", _MARK, lambda original: guarded(original, timeout))


def installed_timeout() -> float | None:
    """The timeout in force, or None when the patch is not installed."""
    return getattr(RemoteAction.run, _MARK, None)
