"""The whole assistant in this process: the trained model, the dialogue rules and the real custom actions.

Rasa runs custom actions through an HTTP action server; here the action endpoint is replaced by one that
hands the same JSON request to rasa_sdk's ActionExecutor in-process. So every answer goes through exactly
the code the deployed assistant runs (NLU, rules, slots, actions reading the database), without servers.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import PROJECT_ROOT
from bot.recruiters.errors import ModelMissing, ToolError

DEFAULT_MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"


def model_path() -> Path:
    """The model to load: $MODEL (as in scripts/run.sh) or models/assistant.tar.gz."""
    configured = os.environ.get("MODEL")
    if not configured:
        return DEFAULT_MODEL
    path = Path(configured)
    return path if path.is_absolute() else PROJECT_ROOT / path


def silence_rasa() -> None:
    """Rasa, TensorFlow and structlog write debug lines and warnings a recruiter has no use for."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    # Libraries add their own "always" filters on import, so filters are not enough: drop the display.
    warnings.filterwarnings("ignore")
    warnings.showwarning = lambda *args, **kwargs: None
    for name in ("rasa", "rasa_sdk", "tensorflow", "absl", "matplotlib", "sanic", "apscheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))


@dataclass(frozen=True)
class Intent:
    name: str
    confidence: float


@dataclass
class Answer:
    """What the assistant said to one message, and how it understood the message."""

    question: str
    texts: list[str]
    buttons: list[str]
    intent: Intent
    runners_up: list[Intent]
    entities: list[tuple[str, str]]
    actions: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # the facts the replies said (their metadata)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def _in_process_endpoint(package: str = "actions") -> Any:
    from rasa.utils.endpoints import EndpointConfig
    from rasa_sdk.executor import ActionExecutor

    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))  # `actions` is a top-level package of the project, not installed

    class InProcessActionEndpoint(EndpointConfig):
        """An action endpoint that runs the action server's executor in this process instead of over HTTP."""

        def __init__(self) -> None:
            super().__init__(url="in-process://actions")
            self.executor = ActionExecutor()
            self.executor.register_package(package)
            if not self.executor.actions:
                raise ToolError(f"no custom actions found in the '{package}' package")

        async def request(self, method: str = "post", subpath: str | None = None, **kwargs: Any) -> Any:
            return await self.executor.run(kwargs["json"])

    return InProcessActionEndpoint()


_loaded: dict[Path, LocalAssistant] = {}


class LocalAssistant:
    """Load once (about 10 s), then `ask` answers in tens of milliseconds."""

    def __init__(self, agent: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.agent = agent
        self._loop = loop

    @classmethod
    def load(cls, path: Path | None = None, tracker_store: Any = None) -> LocalAssistant:
        path = path or model_path()
        if not path.is_file():
            raise ModelMissing(f"Modelul {path} nu există: rulează `make train` întâi (run `make train` first).")
        silence_rasa()
        from rasa.core.agent import Agent

        # One private event loop for the assistant's lifetime (Rasa's stores and locks are bound to the loop
        # that first uses them). Not set as the thread's current loop: test runners close that one.
        loop = asyncio.new_event_loop()
        try:
            agent = Agent.load(str(path), tracker_store=tracker_store, action_endpoint=_in_process_endpoint())
        except ToolError:
            raise
        except Exception as error:  # noqa: BLE001 - any unreadable archive gets the same advice
            raise ModelMissing(
                f"Modelul {path} nu poate fi încărcat ({error.__class__.__name__}: {error}); "
                "rulează `make train` (run `make train` first)."
            ) from error
        # The first prediction sets up what components prepare lazily: do it now, not on the first question.
        loop.run_until_complete(agent.parse_message("salut"))
        return cls(agent, loop)

    @classmethod
    def shared(cls, path: Path | None = None) -> LocalAssistant:
        """One loaded assistant per model and process: commands run after each other reuse it (tests do)."""
        path = path or model_path()
        if path not in _loaded:
            _loaded[path] = cls.load(path)
        return _loaded[path]

    def ask(self, question: str, sender: str | None = None) -> Answer:
        """The assistant's answer; pass the same `sender` to continue a conversation (follow-ups)."""
        return self._loop.run_until_complete(self._ask(question, sender or f"ask-{uuid.uuid4().hex[:12]}"))

    def parse(self, text: str) -> dict[str, Any]:
        """What NLU makes of a message alone (no conversation, no action run)."""
        return self._loop.run_until_complete(self.agent.parse_message(text))

    def tracker(self, sender: str) -> Any:
        return self._loop.run_until_complete(self.agent.tracker_store.retrieve(sender))

    async def _ask(self, question: str, sender: str) -> Answer:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
        from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

        output = CollectingOutputChannel()
        await self.agent.handle_message(UserMessage(question, output, sender))
        tracker = await self.agent.tracker_store.retrieve(sender)
        parse = tracker.latest_message.parse_data if tracker else {}
        ranking = [Intent(i["name"], float(i.get("confidence") or 0)) for i in parse.get("intent_ranking") or []]
        intent = parse.get("intent") or {}
        top = Intent(intent.get("name") or "", float(intent.get("confidence") or 0))
        # After this message: the actions the dialogue chose (action_listen only closes the turn).
        last_user = max((i for i, e in enumerate(tracker.events) if isinstance(e, UserUttered)), default=-1)
        turn = list(tracker.events)[last_user + 1 :]
        actions = [
            e.action_name
            for e in turn
            if isinstance(e, ActionExecuted) and e.action_name not in ("action_listen", None)
        ]
        facts = [f for e in turn if isinstance(e, BotUttered) for f in (e.metadata or {}).get("facts") or []]
        return Answer(
            question=question,
            texts=[m["text"] for m in output.messages if m.get("text")],
            buttons=[b.get("title", "") for m in output.messages for b in m.get("buttons") or []],
            intent=top,
            runners_up=[i for i in ranking if i.name != top.name][:2],
            entities=[(e["entity"], str(e["value"])) for e in parse.get("entities") or []],
            actions=actions,
            facts=facts,
        )

    def close(self) -> None:
        self._loop.close()
