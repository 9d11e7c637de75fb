"""The website widget's channel: Rasa 3.6's socket.io channel, with its session handling fixed.

- Rasa 3.6 calls `sio.enter_room()` without awaiting it, and with python-socketio >= 5.10 that is a
  coroutine: the browser never joins its session's room, so with `session_persistence` it receives no answer.
- A message is accepted only for the session this connection was confirmed in (Rasa takes any session id
  the browser sends), and session ids must look like the ones the server hands out.
- Browsers from origins not in CORS_ORIGINS cannot connect (CORS does not cover websockets).
- Conversations are "web:<session id>" (bot/security/senders.py): no other channel can address them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from typing import Any

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.common import OnNewMessage, PlatformRecipient
from bot.security.senders import WEB
from bot.security.senders import sender_id as namespaced

logger = logging.getLogger(__name__)

_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
ORIGINS_VARIABLE = "CORS_ORIGINS"


def allowed_origins(value: str | None) -> set[str] | None:
    """The origins in CORS_ORIGINS (space- or comma-separated); None = no restriction (unset, or "*")."""
    origins = {o.strip().rstrip("/").lower() for o in re.split(r"[\s,]+", value or "") if o.strip()}
    return None if not origins or "*" in origins else origins


def origin_ok(origin: str | None, allowed: set[str] | None) -> bool:
    """Browsers send Origin; clients that send none (servers, scripts) are not a cross-site risk."""
    return allowed is None or not origin or origin.rstrip("/").lower() in allowed


def session_id_or_new(requested: Any) -> str:
    return requested if isinstance(requested, str) and _SESSION_ID.match(requested) else uuid.uuid4().hex


class SocketIOChannel(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint: Blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        sessions: dict[str, str] = {}  # socket id -> confirmed session id
        origins = allowed_origins(os.environ.get(ORIGINS_VARIABLE))
        namespace = self.namespace

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: dict[str, Any] | None = None) -> bool:
            if not origin_ok(environ.get("HTTP_ORIGIN"), origins):
                logger.warning("socket.io: refused a connection from origin %s", environ.get("HTTP_ORIGIN"))
                return False
            if self.jwt_key:  # as Rasa's channel: a valid bearer token in the auth data
                token = (auth or {}).get("token")
                return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str, *_: Any) -> None:
            sessions.pop(sid, None)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            session_id = session_id_or_new((data or {}).get("session_id"))
            previous = sessions.get(sid)
            if previous and previous != session_id:
                await sio.leave_room(sid, previous, namespace=namespace)
            sessions[sid] = session_id
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: dict[str, Any]) -> None:
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                sender_id = sessions.get(sid)
                if sender_id is None or data.get("session_id") != sender_id:
                    logger.info("socket.io: message without this connection's session id, ignored")
                    return
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            message = str(data.get("message") or "")
            # The conversation is "web:<session>"; answers go to the session's room (PlatformRecipient).
            output = PlatformRecipient(SocketIOOutput(sio, self.bot_message_evt))
            conversation = namespaced(WEB, sender_id)
            await on_new_message(
                UserMessage(message, output, conversation, input_channel=self.name(), metadata=metadata)
            )

        return blueprint
