"""The patches of bot/runtime on the pinned Rasa: they guard the places of Rasa 3.6.21 they change.

An upgrade of Rasa must fail here first: each patch wraps one function whose behaviour we rely on.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import time
from collections.abc import AsyncIterator

import pytest
import rasa
import rasa.core.run
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.engine.exceptions import GraphRunError
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import PROJECT_ROOT
from bot.answers import messages
from bot.runtime import action_schema, action_timeout, event_types, graph_runner, message_gate, request_checks, turns
from tests.services.http_stub import serving
from tests.services.processes import free_port

PINNED = "3.6.21"


def test_rasa_is_the_patched_version() -> None:
    assert rasa.__version__ == PINNED, "bot/runtime patches Rasa 3.6.21: re-check each patch before upgrading"


def test_patched_functions_have_the_expected_shape() -> None:
    """The signatures the wrappers pass through, and the calls Rasa makes into them."""
    parameters = ["self", "output_channel", "nlg", "tracker", "domain"]
    assert list(inspect.signature(RemoteAction.run).parameters) == parameters
    assert list(inspect.signature(Agent.handle_message).parameters) == ["self", "message"]
    # serve_application calls configure_app by its module-level name (so the wrapper is what it gets)...
    assert "app = configure_app(" in inspect.getsource(rasa.core.run.serve_application)
    # ...and the processor sends the BotUttered events an action returns.
    from rasa.core.processor import MessageProcessor

    assert "execute_side_effects(events" in inspect.getsource(MessageProcessor._run_action)
    # RemoteAction.run checks each answer through the method the schema patch replaces.
    assert list(inspect.signature(RemoteAction._validate_action_result).parameters) == ["self", "result"]
    assert "self._validate_action_result(response)" in inspect.getsource(RemoteAction.run)
    # bot/runtime/turns.py: the prediction loop, one action's run, and the circuit breaker.
    assert list(inspect.signature(MessageProcessor._run_prediction_loop).parameters) == [
        "self", "output_channel", "tracker"
    ]
    assert list(inspect.signature(MessageProcessor._run_action).parameters) == [
        "self", "action", "tracker", "output_channel", "nlg", "prediction"
    ]
    assert list(inspect.signature(MessageProcessor.is_action_limit_reached).parameters) == [
        "self", "tracker", "should_predict_another_action"
    ]
    loop = inspect.getsource(MessageProcessor._run_prediction_loop)
    assert "self.predict_next_with_tracker_if_should(tracker)" in loop and "except ActionLimitReached" in loop


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain"))


async def run_action(domain: Domain, url: str, timeout: float = 1.0, events: list | None = None) -> list:
    action = RemoteAction("action_answer_question", EndpointConfig(url))
    # Wrap Rasa's own run (not installed: other tests use Rasa in this process unpatched).
    run = action_timeout.guarded(getattr(RemoteAction.run, "__wrapped__", RemoteAction.run), timeout)
    tracker = DialogueStateTracker.from_events("u", events or [], domain.slots)
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    return await run(action, CollectingOutputChannel(), nlg, tracker, domain)


@pytest.fixture
async def action_server() -> AsyncIterator[tuple[str, dict]]:
    """A local HTTP server whose answer each test chooses: what a broken action server may do."""
    behaviour: dict = {"status": 200, "delay": 0.0, "body": {"events": [], "responses": [{"text": "ok"}]}}

    async def webhook(request: web.Request) -> web.Response:
        await asyncio.sleep(behaviour["delay"])
        return web.json_response(behaviour["body"], status=behaviour["status"])

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    async with serving(app) as base:
        yield f"{base}/webhook", behaviour


def is_apology(events: list) -> bool:
    return len(events) == 1 and isinstance(events[0], BotUttered) and events[0].text == messages.ACTION_UNAVAILABLE


async def test_answer_passes_through(domain: Domain, action_server: tuple[str, dict]) -> None:
    url, _ = action_server
    events = await run_action(domain, url)
    assert [e.text for e in events] == ["ok"]


async def test_server_down_gives_an_apology(domain: Domain) -> None:
    started = time.monotonic()
    assert is_apology(await run_action(domain, f"http://127.0.0.1:{free_port()}/webhook"))
    assert time.monotonic() - started < 1


async def test_slow_server_gives_an_apology_in_time(domain: Domain, action_server: tuple[str, dict]) -> None:
    url, behaviour = action_server
    behaviour["delay"] = 5
    started = time.monotonic()
    assert is_apology(await run_action(domain, url, timeout=0.5))
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("status, body", [(500, {"error": "boom"}), (200, {"events": "not a list"})])
async def test_errors_give_an_apology(domain: Domain, action_server: tuple[str, dict], status: int, body: dict) -> None:
    url, behaviour = action_server
    behaviour.update(status=status, body=body)
    assert is_apology(await run_action(domain, url))


async def test_one_apology_per_turn(domain: Domain) -> None:
    """A turn with several custom actions (a form and its validation) apologises once; the next turn again."""
    down = f"http://127.0.0.1:{free_port()}/webhook"
    this_turn = [UserUttered("salut"), action_timeout.apology_event()]
    assert await run_action(domain, down, events=this_turn) == []
    assert is_apology(await run_action(domain, down, events=[*this_turn, UserUttered("din nou")]))


async def test_a_deliberate_rejection_stays_a_rejection(domain: Domain, action_server: tuple[str, dict]) -> None:
    url, behaviour = action_server
    behaviour.update(status=400, body={"action_name": "action_answer_question", "error": "no"})
    with pytest.raises(ActionExecutionRejection):
        await run_action(domain, url)


def test_installs_are_idempotent(monkeypatch: pytest.MonkeyPatch) -> None:
    # monkeypatch restores Rasa's originals after the test: other tests use Rasa in-process.
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)
    monkeypatch.setattr(Agent, "handle_message", Agent.handle_message)
    monkeypatch.setattr(rasa.core.run, "configure_app", rasa.core.run.configure_app)
    original_run = RemoteAction.run
    action_timeout.install(3)
    action_timeout.install(7)
    assert action_timeout.installed_timeout() == 7
    assert RemoteAction.run.__wrapped__ is original_run
    original_handle = Agent.handle_message
    message_gate.install(10)
    message_gate.install(20)
    assert Agent.handle_message.__wrapped__ is original_handle
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    original_validate = RemoteAction._validate_action_result
    action_schema.install()
    action_schema.install()
    assert RemoteAction._validate_action_result.__wrapped__ is original_validate
    original_configure = rasa.core.run.configure_app
    request_checks.install(1000)
    request_checks.install(2000)
    assert rasa.core.run.configure_app.__wrapped__ is original_configure
    from rasa.core.processor import MessageProcessor
    from sanic.server.protocols.http_protocol import HttpProtocol

    from bot.runtime import slow_clients

    patched = [(MessageProcessor, "_run_prediction_loop"), (MessageProcessor, "_run_action"),
               (MessageProcessor, "is_action_limit_reached"), (HttpProtocol, "check_timeouts"),
               (HttpProtocol, "connection_lost")]  # fmt: skip
    originals = {}
    for owner, name in patched:
        monkeypatch.setattr(owner, name, getattr(owner, name))
        originals[name] = getattr(owner, name)
    for module in (turns, slow_clients, turns, slow_clients):
        module.install()
    for owner, name in patched:
        assert getattr(owner, name).__wrapped__ is originals[name], name


@pytest.mark.parametrize(
    "answer",
    [
        {"events": [], "responses": [{"text": "ok"}]},
        {"events": [{"event": "slot", "name": "industry", "value": "telecom"}], "responses": []},
        {"events": "not a list"},
        {"events": [{"event": "no such event"}]},
        {"responses": [{"text": 3}], "events": []},
        {},
        # what the actions answer: every event type, with and without the fields their alternative checks
        {"events": [{"event": "bot", "text": "Bună!", "data": {"buttons": []}, "metadata": {"facts": ["a"]}},
                    {"event": "slot", "name": "answer_facts", "value": ["salary.average"], "timestamp": None},
                    {"event": "active_loop", "name": "job_alert_form"}, {"event": "followup", "name": "x"},
                    {"event": "session_started"}, {"event": "rewind"}, {"event": "restart"},
                    {"event": "user", "text": "salut", "parse_data": {"intent": {"name": "greet", "confidence": 1},
                     "entities": [{"entity": "industry", "value": "telecom", "start": 0, "end": 3}]}},
                    {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0}],
         "responses": [{"text": "ok", "buttons": [{"title": "a", "payload": "/a"}]}]},
        {"events": [{"event": "slot", "name": "industry"}]},  # no value
        {"events": [{"event": "slot", "name": 3, "value": 1}]},
        {"events": [{"event": "user", "parse_data": {"entities": [{"entity": "x"}]}}]},  # an entity without value
        {"events": [{"event": "user", "parse_data": {"intent": {"name": 5}}}]},
        {"events": [{"event": "action", "confidence": "high"}]},
        {"events": [{"event": "bot", "timestamp": "yesterday"}]},
        {"events": [{"event": "bot", "metadata": []}]},
        {"events": [{"name": "industry"}]},  # no event type
        {"events": [{"event": ["slot"]}]},
        {"events": [["not", "an", "object"]]},
        {"responses": "ok"},
        {"responses": ["ok"]},
        ["not", "an", "object"],
    ],
)
def test_cached_schema_check_agrees_with_rasas(answer: dict) -> None:
    """The cached validator accepts and rejects exactly what Rasa's own check does, with the same message."""
    action = RemoteAction("action_answer_question", None)
    rasas = getattr(RemoteAction._validate_action_result, "__wrapped__", RemoteAction._validate_action_result)
    try:
        expected: str | None = None
        rasas(action, answer)
    except ValidationError as error:
        expected = error.message
    try:
        got: str | None = None
        assert action_schema.validate_action_result(action, answer) is True
    except ValidationError as error:
        got = error.message
    assert got == expected
    if expected is not None:
        assert not action_schema.quick_check(answer)  # an answer Rasa refuses is never taken by the quick check
    elif answer.get("events"):
        assert action_schema.quick_check(answer)  # the answers actions give take the quick way


def test_quick_check_knows_every_event_type_of_the_schema() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    validators = action_schema.event_validators()
    assert validators is not None, "Rasa's action answer schema changed shape: action_schema checks it whole"
    assert len(validators) == 23 and {"user", "bot", "slot", "action", "active_loop"} <= set(validators)
    assert set(validators) <= {cls.type_name for cls in all_subclasses(Event)}


@given(
    st.lists(
        st.fixed_dictionaries(
            {"event": st.sampled_from(["user", "bot", "slot", "action", "active_loop", "followup", "nope", 3])},
            optional={
                "name": st.one_of(st.none(), st.text(max_size=5), st.integers()),
                "value": st.one_of(st.none(), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=2)),
                "text": st.one_of(st.none(), st.text(max_size=5), st.integers()),
                "timestamp": st.one_of(st.none(), st.floats(allow_nan=False), st.text(max_size=2)),
                "metadata": st.one_of(st.none(), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
                "confidence": st.one_of(st.none(), st.floats(allow_nan=False), st.booleans()),
                "hide_rule_turn": st.one_of(st.booleans(), st.integers()),
                "parse_data": st.fixed_dictionaries(
                    {},
                    optional={
                        "intent": st.fixed_dictionaries({}, optional={"name": st.one_of(st.text(), st.integers())}),
                        "entities": st.lists(
                            st.fixed_dictionaries(
                                {"entity": st.text(max_size=3)},
                                optional={"value": st.integers(), "start": st.one_of(st.integers(), st.floats())},
                            ),
                            max_size=2,
                        ),
                    },
                ),
            },
        ),
        max_size=4,
    )
)
@settings(max_examples=300, deadline=None)
def test_quick_check_accepts_only_what_rasa_accepts(events: list) -> None:
    """Random events: whenever the quick check accepts an answer, Rasa's whole schema accepts it too."""
    from jsonschema import validate

    answer = {"events": events, "responses": []}
    if action_schema.quick_check(answer):
        validate(answer, RemoteAction.action_response_format_spec())


@pytest.mark.parametrize(
    "text, answer",
    [
        ("", messages.EMPTY_MESSAGE),
        (None, messages.EMPTY_MESSAGE),
        ("   \n\t ", messages.EMPTY_MESSAGE),
        ("\x00\x01\u200b", messages.EMPTY_MESSAGE),
        ("<b></b>", messages.EMPTY_MESSAGE),
        (12, messages.UNREADABLE_MESSAGE),
        ({"a": 1}, messages.UNREADABLE_MESSAGE),
        ("a" * 2001, messages.message_too_long(2000)),
        ("a" * 2000, None),
        ("👍", None),
        ("مرحبا", None),
        ('/ask_duties{"industry": "asigurari"}', None),
    ],
)
def test_message_gate(text: object, answer: str | None) -> None:
    assert message_gate.refusal(text, 2000) == answer


def test_too_long_answer_is_good_romanian() -> None:
    assert "2000 de caractere" in messages.message_too_long(2000)
    assert "101 caractere" in messages.message_too_long(101)
    assert "15 caractere" in messages.message_too_long(15)


def test_lone_surrogates_are_replaced() -> None:
    assert message_gate.clean("a\ud800b") == "a\ufffdb"
    assert message_gate.clean("șî 👍") == "șî 👍"


async def test_gate_answers_without_processing() -> None:
    processed: list[str] = []

    async def handle(agent: Agent, message: UserMessage) -> None:
        processed.append(message.text)

    gated = message_gate.guarded(handle, 10)
    output = CollectingOutputChannel()
    await gated(Agent(), UserMessage("x" * 11, output, "u"))
    await gated(Agent(), UserMessage("salut\ud800", output, "u"))
    assert [m["text"] for m in output.messages] == [messages.message_too_long(10)]
    assert processed == ["salut\ufffd"]


@pytest.mark.parametrize(
    "body, ok",
    [
        (b'{"sender": "a", "message": "salut"}', True),
        (b'{"sender": "a", "message": "", "metadata": {"x": 1}}', True),
        (b'{"sender": "a", "message": "salut"', False),
        (b'{"sender": "a", "message": "\xff"}', False),
        (b"[1, 2]", False),
        (b'"text"', False),
        (b"", False),
        (b'{"message": "salut"}', False),
        (b'{"sender": "", "message": "salut"}', False),
        (b'{"sender": 5, "message": "salut"}', False),
        (b'{"sender": "a"}', False),
        (b'{"sender": "a", "message": 5}', False),
        (b'{"sender": "a", "message": ["x"]}', False),
        (b'{"sender": "a", "message": "x", "metadata": "m"}', False),
        (b'{"sender": "a", "message": "x", "input_channel": 1}', False),
        (b'{"sender": "' + b"s" * 256 + b'", "message": "x"}', False),
    ],
)
def test_rest_bodies(body: bytes, ok: bool) -> None:
    assert (request_checks.rest_problem(body) is None) == ok


@pytest.mark.parametrize(
    "data, ok",
    [
        ({"session_id": "s", "message": "salut"}, True),
        ({"session_id": "s"}, True),
        ({"session_id": "s", "message": "x", "metadata": '{"a": 1}'}, True),
        ("salut", False),
        (None, False),
        ({"message": "salut"}, False),
        ({"session_id": 3, "message": "salut"}, False),
        ({"session_id": "s", "message": 3}, False),
        ({"session_id": "s", "message": "x", "metadata": "{oops"}, False),
        ({"session_id": "s", "message": "x", "metadata": [1]}, False),
    ],
)
def test_socketio_events(data: object, ok: bool) -> None:
    assert (request_checks.socketio_problem(data, session_persistence=True) is None) == ok


# --- speed patches: same results as Rasa's own code ----------------------------------------------------------


def test_event_classes_are_found_as_rasa_finds_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    monkeypatch.setattr(Event, "resolve_by_type", Event.resolve_by_type)
    rasas = Event.resolve_by_type
    names = sorted({cls.type_name for cls in all_subclasses(Event) if getattr(cls, "type_name", None)})
    expected = {name: rasas(name) for name in names}
    event_types.install()
    event_types.install()
    assert Event.resolve_by_type.__wrapped__ is rasas
    for _ in range(2):  # the second time from the cache
        assert {name: Event.resolve_by_type(name) for name in names} == expected
    assert Event.resolve_by_type("no such event", UserUttered) is UserUttered
    with pytest.raises(ValueError):
        Event.resolve_by_type("no such event")
    stored = UserUttered("salut", {"name": "greet", "confidence": 0.9}).as_dict()
    assert Event.from_parameters(stored) == UserUttered.from_parameters(stored)


@pytest.fixture(scope="module")
def agent() -> Agent:
    return Agent.load(str(PROJECT_ROOT / "models" / "assistant.tar.gz"))


async def test_plain_graph_runner_gives_what_dask_gives(agent: Agent, domain: Domain) -> None:
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import ActionExecuted

    texts = ["Cât câștigă un operator?", "si cu germana?", "asdkjh qwpoe", "vreau alerte de joburi", "salut"]
    trackers = []
    for text in texts:
        parse = await agent.parse_message(text)
        events = [ActionExecuted("action_listen"), UserUttered(text, parse["intent"], parse["entities"], parse)]
        trackers.append(DialogueStateTracker.from_events("u", events, domain.slots))

    async def outputs() -> list:
        parses = [await agent.parse_message(t) for t in texts]
        predictions = [agent.processor.predict_next_with_tracker(t) for t in trackers]
        return [parses, predictions]

    runner = agent.processor.graph_runner
    assert isinstance(runner, DaskGraphRunner)
    dask_outputs = await outputs()
    plain = graph_runner._wrap(DaskGraphRunner.run).__get__(runner)
    original = runner.run
    runner.run = plain  # this agent only: other tests use Rasa unpatched
    try:
        assert await outputs() == dask_outputs
        with pytest.raises(GraphRunError):
            runner.run(inputs={"__message__": "run_RegexMessageHandler"})  # an input named like a node
    finally:
        runner.run = original
    assert dask_outputs[0][0]["intent"]["name"] == "ask_salary"


# --- no lock-out: one apology per turn, the tracker always listens (bot/runtime/turns.py) ---------------------


@pytest.fixture
def patched_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The patches of `python -m bot.server run`, undone after the test (other tests use Rasa unpatched)."""
    from rasa.core.processor import MessageProcessor

    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)
    for name in ("_run_prediction_loop", "_run_action", "is_action_limit_reached"):
        monkeypatch.setattr(MessageProcessor, name, getattr(MessageProcessor, name))
    action_timeout.install(1.0)
    turns.install()


@pytest.mark.parametrize("failure", ["500", "invalid answer", "down", "slow"])
async def test_a_failing_action_server_costs_one_apology_and_the_form_waits(
    agent: Agent, action_server: tuple[str, dict], patched_turns: None, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    url, behaviour = action_server
    behaviour.update(
        {"500": {"status": 500, "body": {"error": "boom"}}, "invalid answer": {"body": {"events": "x"}},
         "down": {}, "slow": {"delay": 3}}[failure]
    )  # fmt: skip
    if failure == "down":
        url = f"http://127.0.0.1:{free_port()}/webhook"
    monkeypatch.setattr(agent.processor, "action_endpoint", EndpointConfig(url))
    sender = f"turns-{failure}"

    async def say(text: str) -> list[str]:
        output = CollectingOutputChannel()
        await agent.handle_message(UserMessage(text, output, sender))
        return [m.get("text", "") for m in output.messages]

    assert "Pe ce adresă de e-mail" in " ".join(await say("vreau alerte de joburi"))  # started without the server
    for _ in range(3):
        started = time.monotonic()
        assert await say("ana@example.com") == [messages.ACTION_UNAVAILABLE]
        assert time.monotonic() - started < 2.5  # one time-out at most
    tracker = await agent.tracker_store.retrieve(sender)
    assert tracker.latest_action_name == "action_listen" and tracker.active_loop_name == "job_alert_form"
    assert tracker.get_slot("requested_slot") == "alert_email"  # the question is still open


def test_the_circuit_breaker_counts_this_turn_only(agent: Agent, patched_turns: None) -> None:
    from rasa.shared.core.events import ActionExecuted

    fallbacks = [ActionExecuted("action_core_fallback") for _ in range(10)]
    locked = DialogueStateTracker.from_events("u", [UserUttered("da"), *fallbacks, UserUttered("salut")])
    assert not agent.processor.is_action_limit_reached(locked, True)
    looping = DialogueStateTracker.from_events("u", [UserUttered("salut"), *fallbacks])
    assert agent.processor.is_action_limit_reached(looping, True)
    assert turns.cut_off(locked) and not turns.cut_off(DialogueStateTracker.from_events(
        "u", [ActionExecuted("action_listen"), UserUttered("salut")]))  # fmt: skip


# --- long conversations (bot/runtime/long_conversations.py): the same results as Rasa's own code ----------------

# The Rasa 3.6.21 functions the long-conversation patches reproduce or rely on (sha256 of their source, first 16
# hex digits). A change means: read the new code, redo the patch, update the hash.
PINNED_SOURCES = {
    "DialogueStateTracker.applied_events": "764d5065ea9997d6",  # applied_events._fold_one
    "DialogueStateTracker.generate_all_prior_trackers": "a1f6954347b52649",  # dialogue_states.StatesFold._fold
    "DialogueStateTracker.past_states": "5463eefb5c69d27f",  # policy_history.HistoryView
    "Domain.states_for_tracker_history": "035111ce73ac90ba",  # dialogue_states.StatesFold._state
    "Domain.get_active_state": "5a4a505743120441",  # (reads latest_message, slots, latest_action, active_loop)
    "DialogueStateTracker.init_copy": "429fcd2243b9e0e1",  # tracker_copy.quick_copy
    "DialogueStateTracker.copy": "dfa48dca9f355ad1",
    "DialogueStateTracker.travel_back_in_time": "09d16f28f007492f",
    "DialogueStateTracker._reset": "190858eaf560a0c0",  # the fields a replay sets (dialogue_states._tracker_state)
    "DialogueStateTracker.update": "b55e6b1c724fa6e9",
    "DialogueStateTracker.change_loop_to": "d7ad788e9750bae4",
    "DialogueStateTracker.set_latest_action": "1d9d538f40ff5cc0",
    "Slot.reset": "d07c43c6ea6539e1",  # slots are (_value, _has_been_set)
    "DialogueStateTracker.current_state": "a9f1526ceddf7a28",  # action_history
    "DialogueStateTracker._events_for_verbosity": "29302d57e28afac9",
    "RemoteAction._action_call_format": "428795b944f22edb",
    "MessageProcessor._predict_next_with_tracker": "111a9023a5bcb32d",  # policy_history: gets the view
    "MessageProcessor._run_action": "6d383d0179ef1187",  # copies the tracker before each action
    # What the policies read of the states (policy_history.needed_states)
    "RulePolicy._find_action_from_rules": "be6da6ee0f5429bd",
    "RulePolicy._is_rule_applicable": "64a108b016b46e57",
    "RulePolicy._get_possible_keys": "2915fd81711e194c",
    "RulePolicy._create_feature_key": "641eda8d019918ce",
    "RulePolicy._predict": "f5182d8a10639e14",
    "RulePolicy._rule_prediction": "90316ddf7eb4b314",
    "RulePolicy.predict_action_probabilities": "301c6695cd5011b4",
    "MemoizationPolicy.predict_action_probabilities": "19903a81bee56ca9",
    "MemoizationPolicy.recall": "4b540d022e9cab44",
    "MemoizationPolicy._recall_states": "549ef85ae8f5cd8c",
    "MemoizationPolicy._create_feature_key": "b5ee001376844f10",
    "Policy._prediction_states": "ed9b82bed2f26ad7",
    "MaxHistoryTrackerFeaturizer.prediction_states": "451caf09a389e871",
    "MaxHistoryTrackerFeaturizer.slice_state_history": "f90eb9f4789d2c10",
    "TrackerFeaturizer._create_states": "2fed265eee3bfa38",
    "DefaultPolicyPredictionEnsemble.combine_predictions": "dbfce6c0ae310dbd",
    "DefaultPolicyPredictionEnsemble._best_policy_prediction": "2abb246155670b85",
    # The tracker store's queries and writes (bot/tracker_store.py)
    "SQLTrackerStore._retrieve": "c8adbf6f4b61ddd1",
    "SQLTrackerStore._event_query": "cd44f7901b860bfd",
    "SQLTrackerStore.save": "57165e46eab3de08",
}
# Event.apply_to of every event class: which tracker fields each event changes (conversation_cache, tracker_copy).
PINNED_APPLY_TO = "87b3cec6d3e58d5b"


def _source_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_rasa_code_the_long_conversation_patches_rely_on_is_unchanged() -> None:
    from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer, TrackerFeaturizer
    from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
    from rasa.core.policies.memoization import MemoizationPolicy
    from rasa.core.policies.policy import Policy
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import Event
    from rasa.shared.core.slots import Slot
    from rasa.shared.utils.common import all_subclasses

    from bot.runtime import unpatched

    owners = {cls.__name__: cls for cls in (DialogueStateTracker, Domain, Slot, RemoteAction, MessageProcessor,
              RulePolicy, MemoizationPolicy, Policy, MaxHistoryTrackerFeaturizer, TrackerFeaturizer,
              DefaultPolicyPredictionEnsemble, SQLTrackerStore)}  # fmt: skip
    found = {}
    for name in PINNED_SOURCES:
        owner, attribute = name.split(".")
        function = unpatched(getattr(owners[owner], attribute), "__wrapped__")
        found[name] = _source_hash(inspect.getsource(function))
    assert found == PINNED_SOURCES
    parts = [
        f"{cls.__qualname__}:{inspect.getsource(cls.apply_to)}"
        for cls in sorted(all_subclasses(Event), key=lambda c: (c.__module__, c.__qualname__))
        if cls.__module__.startswith("rasa.shared.core.events") and "apply_to" in vars(cls)
    ]
    assert _source_hash("\n".join(parts)) == PINNED_APPLY_TO


def _rasas(name: str):  # noqa: ANN202 - Rasa's own method, whether or not a test installed the patch
    return getattr(getattr(DialogueStateTracker, name), "__wrapped__", getattr(DialogueStateTracker, name))


def _check_applied_states_and_copy(tracker: DialogueStateTracker, domain: Domain, states: bool = True) -> None:
    """The folds and the quick copy on `tracker` (kept on it: this checks them continued) against Rasa's code."""
    from bot.runtime.applied_events import applied_events
    from bot.runtime.dialogue_states import states_fold
    from bot.runtime.tracker_copy import quick_copy
    from tests.faults.long_conversations import observable

    rasas_applied = _rasas("applied_events")(tracker)
    assert [id(e) for e in applied_events(tracker)] == [id(e) for e in rasas_applied]
    if states:
        for arguments in ((False, False, None), (False, True, {"rule_only_loops": ["job_alert_form"]})):
            ours = states_fold(tracker, domain, *arguments).states_of(tracker)
            assert ours == tracker.past_states(domain, *arguments)
    duplicate = quick_copy(tracker)
    if duplicate is not None:
        expected = _rasas("copy")(tracker)
        assert observable(duplicate) == observable(expected)
        assert [id(e) for e in duplicate.events] == [id(e) for e in expected.events]


@pytest.mark.parametrize("seed", range(40))
def test_folds_and_copy_follow_random_events(domain: Domain, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """After every event of random sequences (forms, reverts, follow-ups, restarts, new sessions), the applied
    events, the states (both ways the policies ask for them) and the copy are Rasa's."""
    import random

    from tests.faults.long_conversations import random_events

    # Rasa's past_states must run Rasa's applied_events even if another test installed the patch.
    monkeypatch.setattr(DialogueStateTracker, "applied_events", _rasas("applied_events"))
    rng = random.Random(seed)
    tracker = DialogueStateTracker("random", domain.slots)
    for event in random_events(rng, 90):
        if rng.random() < 0.3:
            tracker.followup_action = None  # as the processor does before a follow-up action
        tracker.update(event)
        _check_applied_states_and_copy(tracker, domain)


def test_applied_events_patch_installs_and_skips_other_trackers(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.core.generator import TrackerWithCachedStates

    from bot.runtime import applied_events, tracker_copy

    monkeypatch.setattr(DialogueStateTracker, "applied_events", DialogueStateTracker.applied_events)
    monkeypatch.setattr(DialogueStateTracker, "copy", DialogueStateTracker.copy)
    rasas_applied, rasas_copy = DialogueStateTracker.applied_events, DialogueStateTracker.copy
    for _ in range(2):
        applied_events.install()
        tracker_copy.install()
    assert DialogueStateTracker.applied_events.__wrapped__ is rasas_applied
    assert DialogueStateTracker.copy.__wrapped__ is rasas_copy
    events = [ActionExecuted("action_listen"), UserUttered("salut", {"name": "greet"})]
    capped = DialogueStateTracker.from_events("capped", events, max_event_history=1)
    assert applied_events.FOLD not in capped.__dict__ and capped.applied_events() == events[-1:]
    cached = TrackerWithCachedStates.from_events("story", events)
    assert cached.applied_events() == events and applied_events.FOLD not in cached.__dict__
    plain = DialogueStateTracker.from_events("plain", events)
    assert plain.applied_events() == events and applied_events.FOLD in plain.__dict__


@pytest.fixture(scope="module")
def long_conversation(domain: Domain) -> list:
    from tests.faults.long_conversations import long_story, session_start

    return session_start() + long_story(domain, turns=300, seed=11)


async def test_policies_predict_the_same_with_the_last_states(
    agent: Agent, domain: Domain, long_conversation: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test stories and journeys one after the other, 300 user turns: at every action, the policies given the
    view (the last states) predict exactly what they predict with the whole tracker, and the states, applied
    events and copies stay Rasa's."""
    from rasa.core.processor import MessageProcessor

    from bot.runtime import policy_history, unpatched
    from tests.faults.long_conversations import log_conversation

    monkeypatch.setattr(DialogueStateTracker, "applied_events", _rasas("applied_events"))
    processor = agent.processor
    assert policy_history.history_states(processor) == 4 + policy_history.MARGIN  # rules of 3 states; max_history 4
    rasas = unpatched(MessageProcessor._predict_next_with_tracker, "__wrapped__")
    with_view = policy_history._wrap(rasas)
    predictions = {"same": 0, "hidden": 0}

    graph = processor.graph_runner
    nodes = [name for name, node in graph._graph_schema.nodes.items() if "Policy" in node.uses.__name__]
    assert len(nodes) == 3  # RulePolicy, MemoizationPolicy and the ensemble that picks one

    def predict(tracker: DialogueStateTracker):  # noqa: ANN202
        followup = tracker.followup_action
        # each policy on its own, then the whole prediction (which clears a follow-up action)
        each = graph.run(inputs={"__tracker__": tracker}, targets=nodes)
        view = policy_history.HistoryView.of(tracker, policy_history.history_states(processor))
        each_with_view = graph.run(inputs={"__tracker__": view}, targets=nodes)
        assert {k: vars(v) for k, v in each_with_view.items()} == {k: vars(v) for k, v in each.items()}
        ours = with_view(processor, tracker)
        tracker.followup_action = followup
        theirs = rasas(processor, tracker)
        assert vars(ours) == vars(theirs)
        predictions["same"] += 1
        predictions["hidden"] += theirs.hide_rule_turn
        return theirs

    tracker = DialogueStateTracker("long", domain.slots)
    tracker.model_id = "model"
    for step, _ in enumerate(log_conversation(tracker, long_conversation, predict)):
        if step % 97 == 0:
            _check_applied_states_and_copy(tracker, domain)
    assert predictions["same"] > 600 and predictions["hidden"] > 300  # hidden turns: the memoization's hard case
    assert policy_history.HistoryView.of(tracker, 6).past_states(domain) == tracker.past_states(domain)[-6:]


def test_unknown_policies_get_the_whole_tracker(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.policies.memoization import MemoizationPolicy

    from bot.runtime import policy_history

    processor = agent.processor
    monkeypatch.setattr(processor, "__dict__", {**processor.__dict__})  # a fresh cache of history_states
    processor.__dict__.pop("_bot_history_states", None)
    memo = next(p for p in policy_history._policies(processor) if type(p) is MemoizationPolicy)
    monkeypatch.setattr(memo.featurizer, "max_history", None)
    assert policy_history.needed_states(processor) is None
    monkeypatch.setattr(memo.featurizer, "max_history", 4)
    assert policy_history.needed_states(processor) == 6
    monkeypatch.setattr(policy_history, "_policies", lambda _: None)
    assert policy_history.needed_states(processor) is None


def test_actions_get_the_last_turns(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.runtime import action_history

    events = [ActionExecuted("action_session_start")]
    for number in range(30):
        events += [ActionExecuted("action_listen"), UserUttered(f"m{number}", {"name": "greet"}), BotUttered("b")]
    tracker = DialogueStateTracker.from_events("u", events, domain.slots)
    tracker.update(SlotSet("industry", "telecom"))
    rasas = getattr(RemoteAction._action_call_format, "__wrapped__", RemoteAction._action_call_format)
    full = rasas(RemoteAction("action_answer_question", None), tracker, domain)
    monkeypatch.setattr(RemoteAction, "_action_call_format", RemoteAction._action_call_format)
    action_history.install({"ACTION_HISTORY_TURNS": "10"})
    action_history.install({"ACTION_HISTORY_TURNS": "10"})
    assert RemoteAction._action_call_format.__wrapped__ is rasas
    short = RemoteAction("action_answer_question", None)._action_call_format(tracker, domain)
    assert short["tracker"]["events"] == full["tracker"]["events"][-(3 * 10 - 1) - 1 :]
    assert short["tracker"]["events"][0]["text"] == "m20"
    assert {k: v for k, v in short["tracker"].items() if k != "events"} == {
        k: v for k, v in full["tracker"].items() if k != "events"
    }
    assert {k: v for k, v in short.items() if k != "tracker"} == {k: v for k, v in full.items() if k != "tracker"}
    whole = RemoteAction("action_request_callback", None)._action_call_format(tracker, domain)
    assert whole == {**full, "next_action": "action_request_callback"}
    action_history.install({"ACTION_HISTORY_TURNS": "0"})
    assert RemoteAction("action_answer_question", None)._action_call_format(tracker, domain) == full
    assert action_history.settings({"ACTION_HISTORY_WHOLE": "a, b,"}) == (10, frozenset({"a", "b"}))
    with pytest.raises(ValueError):
        action_history.settings({"ACTION_HISTORY_TURNS": "-1"})
    assert action_history.last_turns(tracker.events, 100) == list(tracker.events)


def test_long_conversation_patches_are_chosen_by_name() -> None:
    from bot.runtime import long_conversations

    assert long_conversations.chosen({}) == list(long_conversations.PATCHES)
    assert long_conversations.chosen({"LONG_CONVERSATION_PATCHES": "none"}) == []
    assert long_conversations.chosen({"LONG_CONVERSATION_PATCHES": "tracker_copy, action_history"}) == [
        "tracker_copy",
        "action_history",
    ]
    with pytest.raises(ValueError):
        long_conversations.chosen({"LONG_CONVERSATION_PATCHES": "everything"})


# --- every override, in one list (bot/runtime/overrides.py) ------------------------------------------------------

LIBRARIES = ("rasa.", "sanic", "socketio", "typer", "click")
# What Rasa documents for custom channels and components: implementing these is using Rasa, not patching it.
EXTENSION_POINTS = {
    "rasa.core.channels.channel:InputChannel",
    "rasa.core.channels.channel:OutputChannel",
    "rasa.engine.graph:GraphComponent",
}
# A subclass's identity and construction (they call the library's own constructor).
CONSTRUCTION = {"__init__", "name", "from_credentials", "get_output_channel"}


def test_every_override_replaces_the_library_code_it_was_written_for() -> None:
    """An upgrade of Rasa (or Sanic, python-socketio, Typer, Click) that changes a function we replace or wrap
    fails here: read the new code, redo the override (bot/runtime/overrides.py says where), update the hash."""
    from bot.runtime.overrides import KINDS, OVERRIDES, library_source, ours, source_hash

    changed = {o.replaces: source_hash(o.replaces) for o in OVERRIDES if source_hash(o.replaces) != o.source}
    assert changed == {}, "changed since the override was written (new hashes)"
    for override in OVERRIDES:
        assert override.kind in KINDS
        assert ours(override.by) is not None
        assert library_source(override.replaces).lstrip().startswith(("def ", "async def "))
        for path in re.findall(r"(?:tests|docs)/[\w/.-]+\.(?:py|md)", override.evidence):
            assert (PROJECT_ROOT / path).exists(), f"{override.replaces}: {path} does not exist"


def _bot_modules() -> list:
    import importlib
    import pkgutil

    import bot

    skipped = {"bot.__main__", "bot.console"}  # the command lines: bot.console filters warnings when imported
    return [
        importlib.import_module(m.name) for m in pkgutil.walk_packages(bot.__path__, "bot.") if m.name not in skipped
    ]


def _subclass_overrides() -> set[tuple[str, str]]:
    """(library function, our method) for each method of a class in bot/ that replaces one a library implements."""
    found = set()
    for module in _bot_modules():
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            for name, value in vars(cls).items():
                method = inspect.isfunction(value) or isinstance(value, (classmethod, staticmethod, property))
                if not method or name in CONSTRUCTION or (name.startswith("__") and name.endswith("__")):
                    continue
                base = next((b for b in cls.__mro__[1:] if name in vars(b)), None)
                if base is None or not base.__module__.startswith(LIBRARIES):
                    continue
                owner = f"{base.__module__}:{base.__qualname__}"
                if owner not in EXTENSION_POINTS:
                    found.add((f"{owner}.{name}", f"{module.__name__}:{cls.__qualname__}.{name}"))
    return found


def _library_names(tree: ast.Module) -> set[str]:
    """Names a module binds to library modules or to names imported from them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith(LIBRARIES)}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(LIBRARIES):
            names |= {a.asname or a.name for a in node.names}
    return names


def _root(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def _monkeypatches() -> tuple[set[str], set[str]]:
    """The library attributes code in bot/ sets (`replace(Owner, "name", ...)`, `setattr(Owner, "name", ...)`,
    `Owner.name = ...`), and the modules that register socket.io handlers in the place of Rasa's."""
    patched, socketio_modules = set(), set()
    for path in sorted((PROJECT_ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        libraries = _library_names(tree)
        uses_replace = any(
            isinstance(n, ast.ImportFrom) and n.module == "bot.runtime" and any(a.name == "replace" for a in n.names)
            for n in ast.walk(tree)
        )
        module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) >= 2:
                owner, name = node.args[0], node.args[1]
                by_name = (node.func.id == "replace" and uses_replace) or node.func.id == "setattr"
                if by_name and isinstance(name, ast.Constant) and _root(owner) in libraries:
                    patched.add(f"{ast.unparse(owner)}.{name.value}")
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and _root(target) in libraries:
                        patched.add(ast.unparse(target))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "on":
                if _root(node.func) == "sio":
                    socketio_modules.add(module)
    return patched, socketio_modules


def test_every_override_in_bot_is_listed() -> None:
    """Code in bot/ that replaces library code is in bot/runtime/overrides.py, so it is guarded and documented."""
    from bot.runtime.overrides import OVERRIDES

    listed = {(o.replaces, o.by) for o in OVERRIDES}
    assert _subclass_overrides() - listed == set()
    patched, socketio_modules = _monkeypatches()
    assert patched == {o.patched for o in OVERRIDES if o.patched}
    by_modules = {o.by.split(":")[0] for o in OVERRIDES}
    assert socketio_modules and socketio_modules <= by_modules


def test_the_overrides_page_is_current() -> None:
    from bot.runtime.overrides import markdown

    page = PROJECT_ROOT / "docs" / "rasa-patches.md"
    assert page.read_text(encoding="utf-8") == markdown(), "run: python -m bot.runtime.overrides > docs/rasa-patches.md"
