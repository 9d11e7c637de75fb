"""One turn of a conversation cannot lock it: a failed action ends the turn with one apology, and Rasa's circuit
breaker counts the actions of the current turn only.

Seen in issue 12: with the action server down at the job alerts' consent question, one "da" produced 10
apologies (the form's validation failed, the rules chose action_core_fallback, which failed, ten times), and
from then on every message of that conversation got `[]` for an hour. Rasa 3.6.21's
MessageProcessor.is_action_limit_reached counts the actions since the last action_listen; a turn stopped by the
breaker never logs action_listen, so every later turn starts over the limit, until the session expires.

Patched here (MessageProcessor, Rasa 3.6.21):
- `_run_prediction_loop` runs each turn with a Turn in a context variable (what action_timeout marks) and,
  whatever stopped the loop, leaves the tracker listening (ActionExecuted(action_listen));
- `_run_action`: once a custom action failed in this turn, the apology is sent and stored once, the tracker
  listens, and no further action is predicted;
- `is_action_limit_reached` counts from the user's latest message as well, and a conversation stored in the
  locked state before this fix (a turn cut off by the breaker, never listening) goes on in a new session, with
  the user's latest message: it is usable again at once.
"""

from __future__ import annotations

import contextvars
import copy
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime import replace

logger = logging.getLogger(__name__)

_MARK = "_bot_turns"


@dataclass
class Turn:
    server_down: bool = False  # a call to the action server failed: do not call it again in this turn
    failed: bool = False  # an action without a local stand-in failed: apologise and listen
    ended: bool = False


_current: contextvars.ContextVar[Turn | None] = contextvars.ContextVar("bot_turn", default=None)


def current() -> Turn | None:
    return _current.get()


def _listening(tracker: DialogueStateTracker) -> bool:
    return tracker.latest_action_name in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME)


def cut_off(tracker: DialogueStateTracker) -> bool:
    """Whether the turn before the user's latest message never ended (no action_listen before the message)."""
    seen_latest_message = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_latest_message:
                return True  # two messages in a row: the earlier one was never answered to the end
            seen_latest_message = True
        elif seen_latest_message and isinstance(event, ActionExecuted):
            return event.action_name not in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME)
    return False


def _restart_session(tracker: DialogueStateTracker) -> None:
    """A new session (what Rasa does after a session expired), holding the user's latest message."""
    latest = copy.deepcopy(tracker.latest_message)
    for event in (ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)):
        tracker.update(event)
    if latest is not None:
        tracker.update(latest)
    logger.info("conversation %s had a turn cut off: it goes on in a new session", tracker.sender_id)


def _wrap_loop(original: Any) -> Any:
    @functools.wraps(original)
    async def run_prediction_loop(self: MessageProcessor, output_channel: Any, tracker: DialogueStateTracker) -> None:
        if cut_off(tracker):
            _restart_session(tracker)
        token = _current.set(Turn())
        try:
            await original(self, output_channel, tracker)
        finally:
            _current.reset(token)
        if not _listening(tracker) and not tracker.is_paused():
            # Stopped by the circuit breaker (or anything else but a prediction of action_listen): the next
            # message must start a turn of its own.
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))

    setattr(run_prediction_loop, _MARK, True)
    return run_prediction_loop


def _wrap_run_action(original: Callable[..., Awaitable[bool]]) -> Any:
    @functools.wraps(original)
    async def run_action(
        self: MessageProcessor, action: Any, tracker: DialogueStateTracker, output_channel: Any, nlg: Any,
        prediction: Any,
    ) -> bool:  # fmt: skip
        from bot.english import SLOT, reply_language
        from bot.runtime.action_timeout import apologised_this_turn, apology_event

        predict_another = await original(self, action, tracker, output_channel, nlg, prediction)
        turn = current()
        if turn is None or not turn.failed or turn.ended:
            return predict_another
        turn.ended = True
        if not apologised_this_turn(tracker):
            apology = apology_event(reply_language(tracker.get_slot(SLOT)))
            tracker.update(apology)
            await self.execute_side_effects([apology], tracker, output_channel)
        tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        logger.info("turn of %s ended after action %s failed", tracker.sender_id, action.name())
        return False

    setattr(run_action, _MARK, True)
    return run_action


def _wrap_limit(original: Any) -> Any:
    @functools.wraps(original)
    def is_action_limit_reached(
        self: MessageProcessor, tracker: DialogueStateTracker, should_predict_another_action: bool
    ) -> bool:
        actions = 0
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                break
            if isinstance(event, ActionExecuted):
                if event.action_name in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
                    break
                actions += 1
        return actions >= self.max_number_of_predictions and should_predict_another_action

    setattr(is_action_limit_reached, _MARK, True)
    return is_action_limit_reached


def install() -> None:
    """Patch MessageProcessor for this process (idempotent)."""
    replace(MessageProcessor, "_run_prediction_loop", _MARK, _wrap_loop)
    replace(MessageProcessor, "_run_action", _MARK, _wrap_run_action)
    replace(MessageProcessor, "is_action_limit_reached", _MARK, _wrap_limit)
