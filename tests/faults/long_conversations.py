"""Long conversations for the tests of bot/runtime's long-conversation patches: the test stories and journeys
(tests/stories, data/stories) one after the other, as Rasa's processor logs them, and random event sequences."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

from bot import PROJECT_ROOT

STORY_FILES = sorted((PROJECT_ROOT / "tests" / "stories").glob("*.yml")) + sorted(
    (PROJECT_ROOT / "data" / "stories").glob("*.yml")
)


def story_events(domain: Domain, files: list[Path] = STORY_FILES) -> list[list[Event]]:
    """The events of each story (with the listens Rasa adds between turns)."""
    stories = []
    reader = YAMLStoryReader(domain)
    for path in files:
        for step in reader.read_from_file(str(path)):
            stories.append(step.explicit_events(domain))
    return stories


def session_start() -> list[Event]:
    return [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]


def long_story(domain: Domain, turns: int, seed: int = 0) -> list[Event]:
    """The stories in random order, again and again, until `turns` user messages: one long conversation."""
    stories = story_events(domain)
    rng = random.Random(seed)
    events: list[Event] = []
    users = 0
    while users < turns:
        story = rng.choice(stories)
        for event in story:
            if isinstance(event, ActionExecuted) and event.action_name == "action_listen" and _listening(events):
                continue  # a story starts with the listen the previous one ended with
            events.append(_fresh(event))
            users += isinstance(event, UserUttered)
    return events


def _listening(events: list[Event]) -> bool:
    last = next((e for e in reversed(events) if isinstance(e, ActionExecuted)), None)
    return last is not None and last.action_name == "action_listen" and not isinstance(events[-1], UserUttered)


def _fresh(event: Event) -> Event:
    """A new event object (the same story is used many times; the processor mutates user messages)."""
    return Event.from_parameters(event.as_dict()) or event


def log_conversation(
    tracker: DialogueStateTracker, events: list[Event], predict: Callable[[DialogueStateTracker], Any]
) -> Iterator[DialogueStateTracker]:
    """Log the events on the tracker as Rasa's processor does: before each action, a prediction (`predict`), then
    its events and the action with the prediction's policy and hide_rule_turn. Yields after every event."""
    for event in events:
        if isinstance(event, ActionExecuted):
            prediction = predict(tracker)
            for predicted in prediction.events:
                tracker.update(predicted)
                yield tracker
            event = ActionExecuted(
                event.action_name,
                prediction.policy_name,
                prediction.max_confidence,
                hide_rule_turn=prediction.hide_rule_turn,
            )
        tracker.update(event)
        yield tracker


# --- random event sequences -----------------------------------------------------------------------------------

INTENTS = ["greet", "ask_salary", "inform", "subscribe_alerts", "talk_to_human", "stop", "deny", "nlu_fallback"]
ACTIONS = ["action_answer_question", "action_greet", "utter_goodbye", "action_core_fallback", "action_listen"]
FORMS = ["job_alert_form", "recruiter_form"]
SLOTS = ["requested_slot", "industry", "alert_email", "answer_facts"]


def random_events(rng: random.Random, count: int) -> list[Event]:
    """Events of every kind the applied events and the dialogue states treat differently, in a plausible order
    (mostly listen, message, actions) with forms, reverts, follow-ups, restarts and new sessions mixed in."""
    events: list[Event] = session_start()
    while len(events) < count:
        roll = rng.random()
        if roll < 0.35:
            intent = rng.choice(INTENTS)
            entities = [{"entity": "industry", "value": "telecom"}] if rng.random() < 0.3 else []
            text = rng.choice(["salut", "cat castig", "ana@example.com", None])
            parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities, "text": text}
            events += [UserUttered(text, parse["intent"], entities, parse)]
            if rng.random() < 0.7:
                events.append(DefinePrevUserUtteredFeaturization(rng.random() < 0.2))
        elif roll < 0.6:
            name = rng.choice(ACTIONS + FORMS)
            events.append(ActionExecuted(name, "RulePolicy", 1.0, hide_rule_turn=rng.random() < 0.5))
            if name in FORMS and rng.random() < 0.5:
                events.append(ActiveLoop(name))
        elif roll < 0.72:
            events.append(SlotSet(rng.choice(SLOTS), rng.choice(["telecom", None, "a@b.ro", ["f1", "f2"]])))
        elif roll < 0.78:
            events.append(BotUttered(rng.choice(["Bună!", "Salariul este..."])))
        elif roll < 0.83:
            events.append(ActiveLoop(rng.choice(FORMS + [None])))
        elif roll < 0.86:
            events.append(UserUtteranceReverted())
        elif roll < 0.88:
            events.append(ActionReverted())
        elif roll < 0.9:
            events.append(FollowupAction(rng.choice(ACTIONS)))
        elif roll < 0.92:
            events.append(ActionExecutionRejected(rng.choice(FORMS + ACTIONS)))
        elif roll < 0.94:
            events.append(LoopInterrupted(rng.random() < 0.5))
        elif roll < 0.95:
            events.append(AllSlotsReset())
        elif roll < 0.96:
            events.append(Restarted())
        elif roll < 0.97:
            events += session_start()
        else:
            events.append(ActionExecuted("action_listen", "RulePolicy", 1.0))
    return events


# --- comparing trackers ---------------------------------------------------------------------------------------


def _bot_utterance(tracker: DialogueStateTracker) -> dict[str, Any] | None:
    """The latest bot utterance; when none was sent since the last reset, the empty placeholder Rasa makes then
    carries the time it was made (two copies made by Rasa differ there): left out."""
    utterance = tracker.latest_bot_utterance
    if utterance is None:
        return None
    data = utterance.as_dict()
    if utterance.text is None and not utterance.data and not utterance.metadata:
        data.pop("timestamp")
    return data


def observable(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Everything a turn can see of a tracker's state (its events compared by identity elsewhere)."""
    return {
        **{k: v for k, v in tracker.current_state(EventVerbosity.ALL).items() if k != "events"},
        "events": [e.as_dict() for e in tracker.events],
        "active_loop_state": dataclasses.asdict(tracker.active_loop) if tracker.active_loop else None,
        "bot_utterance": _bot_utterance(tracker),
        "slots_set": {name: slot.has_been_set for name, slot in tracker.slots.items()},
        "ids": (tracker.sender_id, tracker.model_id, tracker.assistant_id, tracker.is_rule_tracker),
        "max_events": tracker._max_event_history,
    }
