"""Every place where the project replaces or wraps code of Rasa 3.6.21 or of the libraries under it (Sanic,
python-socketio, Typer, Click), with why, in one list; docs/rasa-patches.md is written from it
(`python -m bot.runtime.overrides > docs/rasa-patches.md`).

An override is one of:
- a monkeypatch: bot/runtime's `replace(Owner, "name", ...)` (installed by `python -m bot.server run`), or an
  assignment to an attribute of a library's class (bot/runtime/typer_compat.py);
- a method of a subclass that replaces a method a library class implements (not one of the extension points
  Rasa documents for custom channels and components: InputChannel, OutputChannel, GraphComponent);
- handlers registered in the place of Rasa's own (the socket.io events).

For each, `replaces` names the library function it replaces, re-implements or wraps, and `source` is the
sha256 (first 16 hex digits) of that function's source as installed (requirements/lock.txt).
tests/faults/test_patches.py recomputes them: an upgrade that changes any of these functions fails there, and
the override must be re-read against the new code before the hash is updated. The same test scans bot/ for
overrides missing from this list.

Why each exists: `kind` says what it buys. "speed": measured by `make bench` (docs/benchmarks.md, the section
named in `evidence`); the others are behaviour the project needs and Rasa 3.6 lacks ("faults", "security",
"correctness", "compatibility"), each shown by the tests named in `evidence`.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Override:
    replaces: str  # "module:Class.function" where the library defines the function
    source: str  # sha256[:16] of that function's source, as installed
    by: str  # "module:name" of our code that replaces or wraps it
    kind: str  # speed | faults | security | correctness | compatibility
    why: str
    evidence: str  # docs/benchmarks.md section (speed) or the tests that show the behaviour
    patched: str = ""  # monkeypatches: the attribute our code sets ("Owner.name"), as the code writes it


SPEED = "speed"
KINDS = (SPEED, "faults", "security", "correctness", "compatibility")
BENCH = "docs/benchmarks.md"

OVERRIDES: tuple[Override, ...] = (
    # --- speed: the same results with less work per message ---------------------------------------------------
    Override(
        "rasa.core.actions.action:RemoteAction._validate_action_result", "24da0f6bdeb2d44f",
        "bot.runtime.action_schema:install", SPEED,
        "the action answers' JSON schema checked and its validator built once, not per answer",
        f"{BENCH}: What was missed (2, Action answers' schema: 36 % of the server's time)",
        "RemoteAction._validate_action_result",
    ),
    Override(
        "rasa.shared.core.events:Event.resolve_by_type", "ffabe9999fc8f7f3",
        "bot.runtime.event_types:install", SPEED,
        "an event's class found by its name once, not by walking every Event subclass per stored event",
        f"{BENCH}: What was missed (5, Per-message overhead: 4 %)",
        "Event.resolve_by_type",
    ),
    Override(
        "rasa.engine.runner.dask:DaskGraphRunner.run", "ce0438b9b8e79330",
        "bot.runtime.graph_runner:install", SPEED,
        "the prediction graph run by plain recursion, without dask's scheduler",
        f"{BENCH}: What was missed (5, Per-message overhead: about a tenth)",
        "DaskGraphRunner.run",
    ),
    Override(
        "rasa.core.tracker_store:SQLTrackerStore._retrieve", "78c7e08ac30924b6",
        "bot.tracker_store:LeanSQLTrackerStore._retrieve", SPEED,
        "Core statements built once; the conversations served lately kept in memory, only newer rows read",
        f"{BENCH}: What was missed (3, Tracker store) and Long conversations (1)",
    ),
    Override(
        "rasa.core.tracker_store:SQLTrackerStore.save", "ded301e08f4c708e",
        "bot.tracker_store:LeanSQLTrackerStore.save", SPEED,
        "no count query per save, one executemany; a form ended without consent is redacted in the store",
        f"{BENCH}: What was missed (3, Tracker store)",
    ),
    Override(
        "rasa.core.tracker_store:TrackerStore.init_tracker", "4d19cdab15323906",
        "bot.tracker_store:LeanSQLTrackerStore.init_tracker", SPEED,
        "a new conversation's tracker knows it has nothing stored: its first turns are served from memory",
        f"{BENCH}: Long conversations (1)",
    ),
    Override(
        "rasa.shared.core.trackers:DialogueStateTracker.applied_events", "78464fb46cdecd20",
        "bot.runtime.applied_events:install", SPEED,
        "the applied events folded once per event and kept on the tracker, not recomputed per call",
        f"{BENCH}: Long conversations (2, Applied events)",
        "DialogueStateTracker.applied_events",
    ),
    Override(
        "rasa.shared.core.trackers:DialogueStateTracker.copy", "ee85e538659b5a76",
        "bot.runtime.tracker_copy:install", SPEED,
        "the processor's copy before each action without replaying the conversation",
        f"{BENCH}: Long conversations (3, Tracker copy)",
        "DialogueStateTracker.copy",
    ),
    Override(
        "rasa.core.processor:MessageProcessor._predict_next_with_tracker", "fd0f1c54fde6185f",
        "bot.runtime.policy_history:install", SPEED,
        "the policies get a view of the tracker whose states are built once per turn",
        f"{BENCH}: Long conversations (4, Policies)",
        "MessageProcessor._predict_next_with_tracker",
    ),
    Override(
        "rasa.shared.core.trackers:DialogueStateTracker.past_states", "650a32ec25de85ba",
        "bot.runtime.policy_history:HistoryView.past_states", SPEED,
        "the view's states: the last turns' exact states, folded once (bot/runtime/dialogue_states.py)",
        f"{BENCH}: Long conversations (4, Policies)",
    ),
    Override(
        "rasa.core.actions.action:RemoteAction._action_call_format", "b8da18ca9f78d3ae",
        "bot.runtime.action_history:install", SPEED,
        "the action server gets the events of the last turns and the whole state, not every event",
        f"{BENCH}: Long conversations (5, Action server)",
        "RemoteAction._action_call_format",
    ),
    Override(
        "rasa.shared.core.trackers:DialogueStateTracker._events_for_verbosity", "4bf8836c3bfb7315",
        "bot.runtime.action_history:_RecentEvents._events_for_verbosity", SPEED,
        "the events sent with an action call: the last turns only",
        f"{BENCH}: Long conversations (5, Action server)",
    ),
    # --- faults: a failing action server, bad input or slow clients cost one answer, never the conversation ----
    Override(
        "rasa.core.actions.action:RemoteAction.run", "b530fc5a6789c82f",
        "bot.runtime.action_timeout:install", "faults",
        "custom actions time out after ACTION_TIMEOUT s (Rasa: 300 s, a constant) with one apology; some have a "
        "stand-in in the Rasa server (bot/runtime/local_actions.py)",
        "tests/faults/test_action_server.py, tests/faults/test_patches.py",
        "RemoteAction.run",
    ),
    Override(
        "rasa.core.processor:MessageProcessor._run_prediction_loop", "008710b6abefaadf",
        "bot.runtime.turns:install", "faults",
        "every turn ends listening, whatever stopped it (a conversation is never locked)",
        "tests/faults/test_no_lockout.py, tests/faults/test_patches.py",
        "MessageProcessor._run_prediction_loop",
    ),
    Override(
        "rasa.core.processor:MessageProcessor._run_action", "787be209d2dd5571",
        "bot.runtime.turns:install", "faults",
        "after a failed custom action: one apology, no further action in the turn",
        "tests/faults/test_no_lockout.py, tests/faults/test_patches.py",
        "MessageProcessor._run_action",
    ),
    Override(
        "rasa.core.processor:MessageProcessor.is_action_limit_reached", "ffd7ddbf2eaae5b2",
        "bot.runtime.turns:install", "faults",
        "the circuit breaker counts the current turn's actions only",
        "tests/faults/test_no_lockout.py, tests/faults/test_patches.py",
        "MessageProcessor.is_action_limit_reached",
    ),
    Override(
        "rasa.core.agent:Agent.handle_message", "05c7d977a721e664",
        "bot.runtime.message_gate:install", "faults",
        "empty, unreadable and over-long (MAX_MESSAGE_CHARS) messages answered without being processed or stored",
        "tests/faults/test_bad_input.py, tests/e2e/test_shell.py",
        "Agent.handle_message",
    ),
    Override(
        "rasa.core.run:configure_app", "0b28ea3f4b4ae50b",
        "bot.runtime.request_checks:install", "faults",
        "malformed REST requests get a 4xx (Rasa: 500, or the shared conversation 'default'); request size and "
        "time limits; socket.io events checked",
        "tests/faults/test_bad_input.py",
        "rasa.core.run.configure_app",
    ),
    Override(
        "sanic.server.protocols.http_protocol:HttpProtocol.check_timeouts", "62f688392f8eea35",
        "bot.runtime.slow_clients:install", "faults",
        "a whole request must arrive within HTTP_REQUEST_TIMEOUT (slowloris)",
        "tests/faults/test_slow_clients.py",
        "HttpProtocol.check_timeouts",
    ),
    Override(
        "sanic.server.protocols.base_protocol:SanicProtocol.connection_lost", "470a0a2bb0d0b62d",
        "bot.runtime.slow_clients:install", "faults",
        "the deadline's bookkeeping of a connection dropped",
        "tests/faults/test_slow_clients.py",
        "HttpProtocol.connection_lost",
    ),
    Override(
        "socketio.base_server:BaseServer.on", "9e53fc9d24f9d98e",
        "bot.runtime.request_checks:guard_socketio", "faults",
        "the socket.io handlers are read from the server's handler table and re-registered behind a check",
        "tests/faults/test_bad_input.py",
    ),
    # --- correctness -----------------------------------------------------------------------------------------
    Override(
        "rasa.core.channels.socketio:SocketIOInput.blueprint", "0f82ad048885a668",
        "bot.channels.socketio:SocketIOChannel.blueprint", "correctness",
        "Rasa's handlers replaced: enter_room awaited (with python-socketio >= 5.10 the widget got no answer), "
        "a message only for the session its connection was confirmed in, CORS_ORIGINS for websockets",
        "tests/web/test_socketio_channel.py, tests/channels/test_socketio_rules.py",
    ),
    Override(
        "rasa.core.lock_store:LockStore.issue_ticket", "16ce1d1044597b30",
        "bot.runtime.locks:AtomicRedisLockStore.issue_ticket", "correctness",
        "lock changes as Redis transactions: two replicas never serve one conversation at once",
        "tests/prod/test_locks.py, tests/prod/test_conversations.py",
    ),
    Override(
        "rasa.core.lock_store:LockStore.update_lock", "880a0a56041ca863",
        "bot.runtime.locks:AtomicRedisLockStore.update_lock", "correctness",
        "as issue_ticket", "tests/prod/test_locks.py",
    ),
    Override(
        "rasa.core.lock_store:LockStore.finish_serving", "49614b76874e12db",
        "bot.runtime.locks:AtomicRedisLockStore.finish_serving", "correctness",
        "as issue_ticket", "tests/prod/test_locks.py",
    ),
    Override(
        "rasa.core.lock_store:LockStore.cleanup", "e4fc14dd71900ad7",
        "bot.runtime.locks:AtomicRedisLockStore.cleanup", "correctness",
        "finish a ticket and delete the lock if no one waits in one step (Rasa checks, then deletes)",
        "tests/prod/test_locks.py",
    ),
    # --- security: the messaging channels check who is calling ----------------------------------------------
    Override(
        "rasa.core.channels.telegram:TelegramInput.blueprint", "01602bf8b5dc9042",
        "bot.channels.telegram:TelegramChannel.blueprint", "security",
        "updates without the webhook's secret token refused (Rasa checks nothing, calls getMe per update)",
        "tests/channels/test_telegram_webhook.py",
    ),
    Override(
        "rasa.core.channels.telegram:TelegramOutput.send_text_with_buttons", "5e0264a42efbecf4",
        "bot.channels.telegram:TelegramAnswers.send_text_with_buttons", "correctness",
        "button payloads over Telegram's 64 bytes of callback_data sent as a short key",
        "tests/channels/test_telegram_webhook.py",
    ),
    Override(
        "rasa.core.channels.facebook:FacebookInput.blueprint", "b8066e3ad260b30b",
        "bot.channels.facebook:FacebookChannel.blueprint", "security",
        "X-Hub-Signature-256 checked, 403 on a bad one (Rasa: SHA-1 only, 200), every event of a batch answered",
        "tests/channels/test_facebook_webhook.py",
    ),
    Override(
        "rasa.core.channels.twilio:TwilioInput.blueprint", "e63b4a33fc968295",
        "bot.channels.twilio:TwilioChannel.blueprint", "security",
        "X-Twilio-Signature checked (Rasa checks none: anyone could post as any number), each MessageSid once",
        "tests/channels/test_twilio_webhook.py",
    ),
    # --- compatibility: the pinned Typer 0.7 with the pinned Click 8.5 -----------------------------------------
    Override(
        "click.core:Parameter.make_metavar", "80b97c1122722830",
        "bot.runtime.typer_compat:apply", "compatibility",
        "Typer 0.7 calls make_metavar() without the ctx Click 8.2+ requires: every --help crashed",
        "tests/recruiters/test_knowledge_admin.py, tests/recruiters/test_review.py (--help, --amount 3200)",
        "click.Option.make_metavar",
    ),
    Override(
        "click.core:Argument.make_metavar", "1a97bc923df291de",
        "bot.runtime.typer_compat:apply", "compatibility",
        "as Parameter.make_metavar",
        "tests/recruiters/test_knowledge_admin.py",
        "click.Argument.make_metavar",
    ),
    Override(
        "typer.core:TyperArgument.make_metavar", "5a3038bb6ea3d44c",
        "bot.runtime.typer_compat:apply", "compatibility",
        "Typer's own metavar, with the context passed on",
        "tests/recruiters/test_knowledge_admin.py",
        "typer.core.TyperArgument.make_metavar",
    ),
    Override(
        "typer.core:TyperOption.__init__", "561f4df29722bf81",
        "bot.runtime.typer_compat:apply", "compatibility",
        "Typer 0.7 passes flag_value=None to every option, which Click 8.2+ reads as a flag: `--amount 3200` "
        "took no value",
        "tests/recruiters/test_knowledge_admin.py",
        "typer.core.TyperOption.__init__",
    ),
)


# --- the library code each override replaces -------------------------------------------------------------------


def library_source(location: str) -> str:
    """The source of `module:Qual.name` as the installed file defines it (read from the file, so a monkeypatch in
    this process does not hide it; decorators excluded)."""
    module, qualname = location.split(":")
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise LookupError(f"{module} is not installed")
    text = Path(spec.origin).read_text(encoding="utf-8")
    node: ast.AST = ast.parse(text)
    for part in qualname.split("."):
        found = [
            child
            for child in getattr(node, "body", [])
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and child.name == part
        ]
        if not found:
            raise LookupError(f"{location}: {part} not found in {spec.origin}")
        node = found[0]
    segment = ast.get_source_segment(text, node)
    assert segment is not None
    return segment


def source_hash(location: str) -> str:
    return hashlib.sha256(library_source(location).encode("utf-8")).hexdigest()[:16]


def ours(location: str) -> object:
    """Our code named by `module:name[.attribute]`."""
    module, qualname = location.split(":")
    found: object = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


# --- docs/rasa-patches.md ---------------------------------------------------------------------------------------

INTRO = """# Overrides of Rasa's internals

Rasa 3.6 has no setting for what these change, so the project replaces or wraps some of its code (and of Sanic,
python-socketio, Typer and Click under it). All of them are listed in `bot/runtime/overrides.py`, which this
page is written from (`python -m bot.runtime.overrides > docs/rasa-patches.md`; a test checks it is current).

- Where: the monkeypatches are in `bot/runtime/`, installed by `python -m bot.server run` (`make run`, `make
  shell`, production; `bot/server.py`), except `bot/runtime/typer_compat.py`, applied by the command line
  (`bot/cli.py`). The others are subclasses named in `endpoints.yml`, `credentials.yml` and `bot/production.py`:
  the tracker store (`bot/tracker_store.py`), the lock store (`bot/runtime/locks.py`), the channels
  (`bot/channels/`).
- Guarded: `tests/faults/test_patches.py` recomputes the hash of each replaced function's source and fails when
  an upgrade changes one (read the new code, redo the override, then update the hash), and fails when code in
  `bot/` overrides something missing from the list.
- Kept only where it buys something: a *speed* override is measured by `make bench`
  ([benchmarks.md](benchmarks.md)); every other one gives behaviour the project needs and Rasa 3.6 lacks, shown
  by the tests named. `LONG_CONVERSATION_PATCHES=none` turns the long-conversation ones off without a release.
"""


def markdown() -> str:
    lines = [INTRO]
    titles = {
        SPEED: "Speed (measured: docs/benchmarks.md)",
        "faults": "Faults: a failing action server, bad input or slow clients cost one answer",
        "security": "Security: the messaging channels check who is calling",
        "correctness": "Correctness",
        "compatibility": "Compatibility of the pinned libraries",
    }
    for kind in KINDS:
        lines += [f"## {titles[kind]}", "", "| replaces | by | why | shown by |", "|---|---|---|---|"]
        for o in (o for o in OVERRIDES if o.kind == kind):
            lines.append(f"| `{o.replaces}` | `{o.by}` | {o.why} | {o.evidence} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown())
