"""A tracker's dialogue states (what the policies match against), computed once per turn instead of once per call.

Rasa 3.6.21's DialogueStateTracker.past_states replays every applied event of the conversation into a new tracker
and builds a state at every action (Domain.states_for_tracker_history over generate_all_prior_trackers), for each
policy, twice per prediction for the RulePolicy, at every prediction: 40 % of the Rasa server's time at turn 1000.
A state depends only on the applied events before it, so the replay is kept on the tracker and continued with the
applied events added since the last call (bot/runtime/applied_events.py). When the applied events changed
behind the replay (a form's happy path, a reverted user message, a new session), the replay goes back to its
latest snapshot still valid, taken at each of the last SNAPSHOTS actions, or starts again.

`StatesFold.states` gives the same states as Rasa's function, given the same arguments
(tests/faults/test_patches.py compares them after every event of conversations and of random event sequences);
the loop body of `_fold` is Rasa's own, pinned by that test.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from dataclasses import dataclass
from typing import Any, cast

import rasa.shared.core.constants
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import ActionExecuted, Event, StoryExported
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime.applied_events import AppliedFold, fold_of

SNAPSHOTS = 16
KEPT_STATES = 64  # states kept in memory (twice as many at most): the policies need the last few
FOLDS = "_bot_states_folds"  # attribute of the tracker: {arguments: StatesFold}


class Unsupported(Exception):
    """An applied event the replay does not handle like Rasa's: the caller computes the states Rasa's way."""


@dataclass(frozen=True)
class _Snapshot:
    consumed: int  # applied events replayed
    anchor: Event | None  # the last of them, to tell whether they are still the applied prefix
    states: int
    last_ml_action_sub_state: Any
    turn_was_hidden: bool
    replayed: dict[str, Any]  # the replay tracker's state (_tracker_state)


def _tracker_state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Everything Event.apply_to can change on a tracker whose events list stays empty (the replay's), Rasa 3.6.21.
    The objects held (latest_action, latest_message, ...) are replaced by events, not changed, except the active
    loop (hence the copy) and the slots' values (copied out)."""
    return {
        "slots": {name: (slot._value, slot._has_been_set) for name, slot in tracker.slots.items()},
        "_paused": tracker._paused,
        "followup_action": tracker.followup_action,
        "latest_action": tracker.latest_action,
        "latest_message": tracker.latest_message,
        "latest_bot_utterance": tracker.latest_bot_utterance,
        "active_loop": dataclasses.replace(tracker.active_loop) if tracker.active_loop else None,
    }


def _restore(tracker: DialogueStateTracker, state: dict[str, Any]) -> None:
    for name, (value, has_been_set) in state["slots"].items():
        slot = tracker.slots[name]
        slot._value, slot._has_been_set = value, has_been_set
    for name in ("_paused", "followup_action", "latest_action", "latest_message", "latest_bot_utterance"):
        setattr(tracker, name, state[name])
    loop = state["active_loop"]
    tracker.active_loop = dataclasses.replace(loop) if loop else None


class StatesFold:
    """Domain.states_for_tracker_history(tracker, ...) for one set of arguments, continued turn after turn."""

    def __init__(
        self,
        domain: Domain,
        omit_unset_slots: bool,
        ignore_rule_only_turns: bool,
        rule_only_data: dict[str, Any] | None,
    ) -> None:
        self.domain = domain
        self.omit_unset_slots = omit_unset_slots
        self.ignore_rule_only_turns = ignore_rule_only_turns
        self.rule_only_data = rule_only_data
        self.replay: DialogueStateTracker | None = None
        self.generation = -1
        self.consumed = 0
        self.anchor: Event | None = None
        self.states: list[State] = []  # the states from number `dropped` on
        self.dropped = 0
        self.last_ml: Any = None
        self.turn_was_hidden = False
        self.snapshots: deque[_Snapshot] = deque(maxlen=SNAPSHOTS)

    def states_of(self, tracker: DialogueStateTracker, last: int | None = None) -> list[State]:
        """The states Rasa's function gives for the tracker now (the last `last` of them, at most KEPT_STATES).
        The list and its dicts belong to the fold (some dicts are shared between states, as in Rasa's):
        deep-copy what is handed out."""
        if last is None or last > KEPT_STATES:
            last = None
            if self.dropped:
                self.replay = None  # all of them were asked for: build them again
        fold = fold_of(tracker)
        applied = fold.update(tracker)
        if fold.story_exported:
            raise Unsupported(StoryExported.type_name)  # Rasa's replay writes a file of the replayed events
        self._catch_up(tracker, fold, applied)
        for event in applied[self.consumed :]:
            self._fold(event)
            self.consumed += 1
        self.anchor = applied[self.consumed - 1] if self.consumed else None
        if last is not None and len(self.states) > 2 * KEPT_STATES:
            self.dropped += len(self.states) - KEPT_STATES
            del self.states[: len(self.states) - KEPT_STATES]
        states = self._with_current_state()
        return states if last is None else states[-last:]

    def _catch_up(self, tracker: DialogueStateTracker, fold: AppliedFold, applied: list[Event]) -> None:
        """Make the replay a replay of a prefix of `applied`: as it is, from a snapshot, or from the start."""
        same_fold = self.replay is not None and fold.generation == self.generation
        if same_fold and self._prefix(applied, self.consumed, self.anchor):
            return
        if same_fold:
            while self.snapshots:
                snapshot = self.snapshots[-1]
                if snapshot.states >= self.dropped and self._prefix(applied, snapshot.consumed, snapshot.anchor):
                    self._back_to(snapshot)
                    return
                self.snapshots.pop()
        self.replay = tracker.init_copy()  # as generate_all_prior_trackers starts
        self.generation = fold.generation
        self.consumed, self.anchor, self.states, self.dropped = 0, None, [], 0
        self.last_ml, self.turn_was_hidden = None, False
        self.snapshots.clear()

    @staticmethod
    def _prefix(applied: list[Event], consumed: int, anchor: Event | None) -> bool:
        if consumed == 0:
            return True
        return len(applied) >= consumed and applied[consumed - 1] is anchor

    def _back_to(self, snapshot: _Snapshot) -> None:
        assert self.replay is not None
        _restore(self.replay, snapshot.replayed)
        self.consumed, self.anchor = snapshot.consumed, snapshot.anchor
        del self.states[snapshot.states - self.dropped :]
        self.last_ml, self.turn_was_hidden = snapshot.last_ml_action_sub_state, snapshot.turn_was_hidden

    def _fold(self, event: Event) -> None:
        """One event of generate_all_prior_trackers: at an action, the state before it; then the event applied."""
        assert self.replay is not None
        if isinstance(event, ActionExecuted):
            self.snapshots.append(
                _Snapshot(
                    self.consumed,
                    self.anchor if self.consumed else None,
                    self.dropped + len(self.states),
                    self.last_ml,
                    self.turn_was_hidden,
                    _tracker_state(self.replay),
                )
            )
            self.last_ml, self.turn_was_hidden, state = self._state(self.replay, event.hide_rule_turn)
            if state is not None:
                self.states.append(state)
        # tracker.update without appending to its events: no applied event reads them (StoryExported is refused)
        event.apply_to(self.replay)
        self.anchor = event

    def _with_current_state(self) -> list[State]:
        """The states, and the one after the last applied event (generate_all_prior_trackers' last yield): not
        kept, the next event changes it."""
        assert self.replay is not None
        _, _, state = self._state(self.replay, False)
        return self.states if state is None else [*self.states, state]

    def _state(self, tr: DialogueStateTracker, hide_rule_turn: bool) -> tuple[Any, bool, State | None]:
        """One iteration of the loop of Rasa 3.6.21's Domain.states_for_tracker_history:
        (last_ml_action_sub_state, turn_was_hidden, the state appended or None)."""
        domain, last_ml_action_sub_state, turn_was_hidden = self.domain, self.last_ml, self.turn_was_hidden
        states = self.states
        if self.ignore_rule_only_turns:
            # remember previous ml action based on the last non hidden turn
            # we need this to override previous action in the ml state
            if not turn_was_hidden:
                last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)

            # followup action or happy path loop prediction
            # don't change the fact whether dialogue turn should be hidden
            if not tr.followup_action and not tr.latest_action_name == tr.active_loop_name:
                turn_was_hidden = hide_rule_turn

            if turn_was_hidden:
                return last_ml_action_sub_state, turn_was_hidden, None

        state = domain.get_active_state(tr, omit_unset_slots=self.omit_unset_slots)

        if self.ignore_rule_only_turns:
            # clean state from only rule features
            domain._remove_rule_only_features(state, self.rule_only_data)
            # make sure user input is the same as for previous state
            # for non action_listen turns
            if states:
                domain._substitute_rule_only_user_input(state, states[-1])
            # substitute previous rule action with last_ml_action_sub_state
            if last_ml_action_sub_state:
                state[rasa.shared.core.constants.PREVIOUS_ACTION] = cast(SubState, last_ml_action_sub_state)

        return last_ml_action_sub_state, turn_was_hidden, domain._clean_state(state)


def states_fold(
    tracker: DialogueStateTracker,
    domain: Domain,
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    rule_only_data: dict[str, Any] | None,
) -> StatesFold:
    """The tracker's fold for these arguments (made on first use)."""
    folds: dict[tuple[Any, ...], StatesFold] = tracker.__dict__.setdefault(FOLDS, {})
    key = (id(domain), omit_unset_slots, ignore_rule_only_turns, repr(rule_only_data))
    fold = folds.get(key)
    if fold is None or fold.domain is not domain:
        if len(folds) > 8:  # other domains or arguments: a model was reloaded
            folds.clear()
        fold = folds[key] = StatesFold(domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    return fold
