"""Malformed requests get a 4xx (REST) or a polite answer (socket.io) instead of a 500 or silence.

Rasa 3.6's REST channel reads `request.json.get(...)` unchecked: a body that is a JSON list, invalid UTF-8 or
broken JSON ends in a 500, a missing sender silently joins the shared conversation "default", and a message
that is not a string fails deep inside the processor. On socket.io (Rasa's channel or a subclass such as
bot/channels/socketio.py) an event that is not an object would be dropped without a word. We wrap
rasa.core.run.configure_app (which builds the Sanic app) to add a request middleware for the REST webhook, a
request size limit, request and keep-alive time limits (bot/runtime/slow_clients.py), and a check in front of
the socket.io handlers that answers a malformed event politely.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

import rasa.core.run
from rasa.core.channels.socketio import SocketIOInput
from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from bot.answers import messages
from bot.runtime import replace, slow_clients

logger = logging.getLogger(__name__)

_MARK = "_bot_request_checks"
REST_WEBHOOK_SUFFIX = "/rest/webhook"
MAX_SENDER_CHARS = 255  # the width of sender_id in Rasa's SQL tracker store


def rest_problem(body: bytes) -> str | None:
    """Why a REST webhook body cannot be a message (in Romanian, for whoever builds the client), or None."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "Corpul cererii trebuie să fie JSON valid, codat UTF-8."
    if not isinstance(data, dict):
        return "Corpul cererii trebuie să fie un obiect JSON cu câmpurile „sender” și „message”."
    sender = data.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        return "Câmpul „sender” (identificatorul conversației) lipsește sau nu este text."
    if len(sender) > MAX_SENDER_CHARS:
        return f"Câmpul „sender” are mai mult de {MAX_SENDER_CHARS} de caractere."
    if not isinstance(data.get("message"), str):
        return "Câmpul „message” lipsește sau nu este text."
    if data.get("metadata") is not None and not isinstance(data["metadata"], dict):
        return "Câmpul „metadata”, dacă există, trebuie să fie un obiect JSON."
    if data.get("input_channel") is not None and not isinstance(data["input_channel"], str):
        return "Câmpul „input_channel”, dacă există, trebuie să fie text."
    return None


def _incomplete(request: Request) -> bool:
    declared = request.headers.get("content-length") or ""
    return declared.isdigit() and int(declared) > len(request.body or b"")


async def check_rest_request(request: Request) -> HTTPResponse | None:
    """Sanic request middleware: answers 400 for a REST webhook body that is not a valid message."""
    if request.method != "POST" or not request.path.rstrip("/").endswith(REST_WEBHOOK_SUFFIX):
        return None
    if (request.stream is not None and request.stream.request_body) or _incomplete(request):
        # Body not fully read: Sanic is answering an error (413 over REQUEST_MAX_SIZE, 408 for a body too slow
        # to arrive) and runs the request middleware first; returning a response here would replace that answer.
        return None
    problem = rest_problem(request.body or b"")
    if problem is None:
        return None
    logger.info("REST request refused (400): %s", problem)
    return json_response({"error": "invalid_request", "detail": problem}, status=400)


def socketio_problem(data: Any, session_persistence: bool, metadata_key: str = "metadata") -> str | None:
    """Why a socket.io user message event cannot be processed, or None."""
    if not isinstance(data, dict):
        return "not an object"
    if session_persistence and not isinstance(data.get("session_id"), str):
        return "no session_id"
    if not isinstance(data.get("message", ""), str):
        return "message is not text"
    metadata = data.get(metadata_key)
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return "metadata is not JSON"
    if metadata is not None and not isinstance(metadata, dict):
        return "metadata is not an object"
    return None


def guard_socketio(channel: SocketIOInput) -> None:
    """Check events before Rasa's socket.io handlers, which index them without looking."""
    sio = channel.sio
    if sio is None:
        return
    handlers = sio.handlers.get(channel.namespace or "/", {})
    handle_message = handlers.get(channel.user_message_evt)
    session_request = handlers.get("session_request")

    async def checked_message(sid: str, data: Any = None) -> None:
        problem = socketio_problem(data, channel.session_persistence, channel.metadata_key or "metadata")
        if problem is None:
            await handle_message(sid, data)
            return
        logger.info("socket.io message refused (%s)", problem)
        # The client may not have joined its session's room yet: answer the socket itself.
        await sio.emit(channel.bot_message_evt, {"text": messages.UNREADABLE_MESSAGE}, room=sid)

    async def checked_session_request(sid: str, data: Any = None) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("session_id"), (str, type(None))):
            data = {}  # Rasa then starts a new session with a fresh id
        await session_request(sid, data)

    if handle_message is not None:
        sio.on(channel.user_message_evt, checked_message, namespace=channel.namespace)
    if session_request is not None:
        sio.on("session_request", checked_session_request, namespace=channel.namespace)


def guarded(
    configure_app: Callable[..., Sanic],
    max_request_bytes: int,
    request_timeout: float = 10.0,
    keep_alive_timeout: float = 5.0,
) -> Callable[..., Sanic]:
    @functools.wraps(configure_app)
    def configure_checked_app(*args: Any, **kwargs: Any) -> Sanic:
        app = configure_app(*args, **kwargs)
        app.config.REQUEST_MAX_SIZE = max_request_bytes  # Sanic answers 413 above it
        slow_clients.configure(app, request_timeout, keep_alive_timeout)
        app.register_middleware(check_rest_request, "request")
        for channel in getattr(app.ctx, "input_channels", []):
            if isinstance(channel, SocketIOInput):
                guard_socketio(channel)
        return app

    setattr(configure_checked_app, _MARK, max_request_bytes)
    return configure_checked_app


def install(max_request_bytes: int, request_timeout: float = 10.0, keep_alive_timeout: float = 5.0) -> None:
    """Patch rasa.core.run.configure_app, which serve_application calls by module name (idempotent)."""
    replace(
        rasa.core.run,
        "configure_app",
        _MARK,
        lambda original: guarded(original, max_request_bytes, request_timeout, keep_alive_timeout),
    )
