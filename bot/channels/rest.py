"""The REST channel (/webhooks/rest/webhook) in its own namespace of senders, signed in production.

Rasa 3.6's RestInput uses the body's `sender` as the conversation id and its `input_channel` as the channel, so a
REST client could address any channel's conversation ("sender": "whatsapp:+40...") and pass as another channel.
Here the conversation is always "rest:<sender>" (bot/security/senders.py) and the channel always "rest".
With REST_JWT_SECRET set (bot/security/rest_tokens.py) every message needs a token naming its sender; in
production (BOT_ENV=production) without it the webhook answers 404: REST is off and the widget uses socket.io.
The health route (GET /webhooks/rest/) stays open: probes use it. Malformed bodies were answered 400 before
this handler runs (bot/runtime/request_checks.py).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import OnNewMessage, PlatformRecipient
from bot.production import is_production
from bot.security import rest_tokens
from bot.security.senders import REST, sender_id

logger = logging.getLogger(__name__)


class RestChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestChannel:
        return cls(rest_tokens.secret_from_env(), is_production())

    def __init__(self, jwt_secret: str | None = None, production: bool = False) -> None:
        self.jwt_secret = jwt_secret
        self.enabled = bool(jwt_secret) or not production
        if not self.enabled:
            logger.warning("REST channel off: production without %s", rest_tokens.SECRET_VARIABLE)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.json({"error": "not_found"}, status=404)
            body = request.json  # checked by request_checks: an object with a text sender and message
            claimed = body["sender"]
            if self.jwt_secret:
                refusal = rest_tokens.check(request.headers.get("Authorization"), claimed, self.jwt_secret)
                if refusal is not None:
                    logger.info("REST request refused (%s): %s", refusal.status, refusal.reason)
                    return response.json({"error": "unauthorized", "detail": refusal.reason}, status=refusal.status)
            collector = CollectingOutputChannel()
            message = UserMessage(
                body["message"],
                PlatformRecipient(collector),  # answers name the sender as the client sent it
                sender_id(REST, claimed),
                input_channel=self.name(),  # never the body's "input_channel": REST cannot pass as another channel
                metadata=body.get("metadata"),
            )
            try:
                await on_new_message(message)
            except Exception:  # as Rasa's RestInput: the messages collected so far are still answered
                logger.exception("REST: could not answer a message")
            return response.json(collector.messages)

        return webhook
