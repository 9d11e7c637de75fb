"""The dialogue policies see the states of the last turns only: the ones that decide what they predict.

Each prediction, Rasa 3.6.21 hands the tracker to every policy, which builds the states of the whole conversation
and goes over all of them (the RulePolicy matches its rules on them, formats them for a debug line and turns them
into JSON when no rule applies; the featurizer walks them): work in proportion to the conversation, twice per
prediction. What they predict depends on the last few states only:
- RulePolicy: a rule of n states is matched against the last n states (`_is_rule_applicable` accepts any state
  further back); when no rule applies, the JSON of all states is only looked up among the rules' keys (to mark a
  turn hidden) and cannot be one of them once it holds more states than the longest rule;
- MemoizationPolicy: looks up its last `max_history` states (after dropping action_unlikely_intent states).

So MessageProcessor._predict_next_with_tracker gets a view of the tracker: the same object state (it shares the
tracker's attributes: anything a policy reads or sets is the tracker's), whose past_states() gives the last
`history_states` states only, the exact ones (bot/runtime/dialogue_states.py), instead of all. history_states is
derived from the loaded policies; with any policy this module does not know, or an unbounded max_history, the
policies get the tracker itself. tests/faults/test_patches.py runs both ways on long conversations and compares
every prediction.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
from typing import Any

import rasa.shared.core.constants
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime import replace
from bot.runtime.applied_events import supported as applied_fold_supported
from bot.runtime.dialogue_states import Unsupported, states_fold

logger = logging.getLogger(__name__)

_MARK = "_bot_policy_history"
MARGIN = 2  # states more than the policies need
_UNLIKELY = rasa.shared.core.constants.ACTION_UNLIKELY_INTENT_NAME


class HistoryView(DialogueStateTracker):
    """A tracker whose past_states() are the last `history_states` states of `tracker`'s; everything else is the
    tracker's own (the view shares its attribute dictionary)."""

    history_states = 0  # set by the subclass `view_class` makes

    @classmethod
    def of(cls, tracker: DialogueStateTracker, history_states: int) -> HistoryView:
        view = view_class(history_states).__new__(view_class(history_states))
        view.__dict__ = tracker.__dict__  # the same dict: no copy, and writes reach the tracker
        return view

    def past_states(
        self,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        keep = self.history_states
        tracker = self._tracker()
        arguments = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        try:
            fold = states_fold(tracker, domain, *arguments)
            tail = fold.states_of(tracker, keep)
            if any(_is_unlikely_intent(state) for state in tail):
                tail = fold.states_of(tracker)  # the featurizer drops these before taking max_history: give all
        except Unsupported:
            states: list[State] = DialogueStateTracker.past_states(self, domain, *arguments)
            return states
        return copy.deepcopy(tail)  # callers change the states they get

    def _tracker(self) -> DialogueStateTracker:
        """A plain tracker over the same attributes (the folds are kept on them, shared with later turns)."""
        tracker = DialogueStateTracker.__new__(DialogueStateTracker)
        tracker.__dict__ = self.__dict__
        return tracker


@functools.lru_cache(maxsize=8)
def view_class(history_states: int) -> type[HistoryView]:
    return type(f"HistoryView{history_states}", (HistoryView,), {"history_states": history_states})


def _is_unlikely_intent(state: State) -> bool:
    return bool(state.get(rasa.shared.core.constants.PREVIOUS_ACTION, {}).get("action_name") == _UNLIKELY)


def _policies(processor: MessageProcessor) -> list[Any] | None:
    """The policy components of the prediction graph, or None when it has a component we cannot bound."""
    runner = processor.graph_runner
    nodes = getattr(runner, "_instantiated_nodes", None)
    schema = getattr(runner, "_graph_schema", None)
    if nodes is None or schema is None:
        return None
    policies = []
    known = {"DomainProvider", "RuleOnlyDataProvider", "DefaultPolicyPredictionEnsemble"}
    for name, node in schema.nodes.items():
        if "__tracker__" not in node.needs.values():
            continue  # NLU components (they get a message) and providers
        component = getattr(nodes.get(name), "_component", None)
        cls = node.uses
        if cls.__name__ in known:
            continue
        if cls not in (RulePolicy, MemoizationPolicy) or component is None:
            return None
        policies.append(component)
    return policies


def needed_states(processor: MessageProcessor) -> int | None:
    """How many of the last states decide the loaded policies' predictions, or None (all of them)."""
    policies = _policies(processor)
    if not policies:
        return None
    needed = 1
    for policy in policies:
        if type(policy) is RulePolicy:
            keys = [*policy.lookup.get(RULES, {}), *policy.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})]
            longest = max((len(json.loads(key)) for key in keys), default=0)
            # one more: the JSON of all states, looked up among the rules' keys, is then none of them
            needed = max(needed, longest + 1)
        elif type(policy) is MemoizationPolicy:
            max_history = getattr(policy.featurizer, "max_history", None)
            if not max_history:
                return None
            needed = max(needed, max_history)
        else:
            return None
    return needed + MARGIN


def history_states(processor: MessageProcessor) -> int | None:
    """needed_states, worked out once per processor (a processor holds one model)."""
    cache: dict[str, int | None] = processor.__dict__.setdefault("_bot_history_states", {})
    if "value" not in cache:
        cache["value"] = needed_states(processor)
        logger.debug("policies get the last %s dialogue states", cache["value"] or "all")
    return cache["value"]


def _wrap(original: Any) -> Any:
    @functools.wraps(original)
    def predict(self: MessageProcessor, tracker: DialogueStateTracker) -> Any:
        keep = history_states(self)
        if keep is None or not applied_fold_supported(tracker):
            return original(self, tracker)
        return original(self, HistoryView.of(tracker, keep))

    setattr(predict, _MARK, True)
    return predict


def install() -> None:
    """Patch MessageProcessor._predict_next_with_tracker for this process (idempotent)."""
    replace(MessageProcessor, "_predict_next_with_tracker", _MARK, _wrap)
