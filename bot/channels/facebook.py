"""Facebook Messenger, with the `X-Hub-Signature-256` of every webhook checked.

Rasa 3.6's FacebookInput checks only the older SHA-1 header, answers a bad signature with 200, handles only
the first event of a batched webhook and sends through a blocking HTTP client. This channel refuses unsigned
or forged requests with 403, answers every event once, and sends through the Graph API asynchronously.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.facebook import FacebookInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.choices import OptionMemory, numbered_text, options_from_buttons
from bot.channels.common import OnNewMessage, api_url, deliver_once
from bot.channels.dedupe import SeenMessages, TtlSeenMessages
from bot.channels.incoming import facebook_events
from bot.channels.signatures import facebook_signature_ok
from bot.security.senders import FACEBOOK, sender_id

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature-256"
API_URL_VARIABLE = "FACEBOOK_GRAPH_URL"
DEFAULT_API_URL = "https://graph.facebook.com/v19.0"
MAX_QUICK_REPLIES = 13
QUICK_REPLY_TITLE = 20  # characters Messenger shows on a quick reply


class GraphApi:
    """The Send API (POST /me/messages), authenticated with the page token and its appsecret_proof."""

    def __init__(self, page_access_token: str, app_secret: str, base_url: str, timeout: float = 10) -> None:
        self.base_url = base_url
        proof = hmac.new(app_secret.encode(), page_access_token.encode(), hashlib.sha256).hexdigest()
        self.params = {"access_token": page_access_token, "appsecret_proof": proof}
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    async def post(self, body: dict[str, Any]) -> bool:
        try:
            async with aiohttp.ClientSession(timeout=self.timeout) as session:
                async with session.post(f"{self.base_url}/me/messages", params=self.params, json=body) as reply:
                    if reply.status < 400:
                        return True
                    logger.error("Facebook refused a message (%s): %s", reply.status, (await reply.text())[:500])
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.error("Facebook: could not send a message: %s", error)
        return False

    async def send(self, recipient_id: str, message: dict[str, Any]) -> bool:
        return await self.post({"messaging_type": "RESPONSE", "recipient": {"id": recipient_id}, "message": message})

    async def action(self, recipient_id: str, action: str) -> bool:
        return await self.post({"recipient": {"id": recipient_id}, "sender_action": action})


def _title(title: str) -> str:
    return title if len(title) <= QUICK_REPLY_TITLE else title[: QUICK_REPLY_TITLE - 1].rstrip() + "…"


class FacebookAnswers(OutputChannel):
    """Buttons become quick replies (up to 13); more than that become numbered options."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(self, graph: GraphApi, memory: OptionMemory) -> None:
        self.graph = graph
        self.memory = memory

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self.graph.send(recipient_id, {"text": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        options = options_from_buttons(buttons)
        if len(options) > MAX_QUICK_REPLIES:
            self.memory.offer(recipient_id, options)
            await self.graph.send(recipient_id, {"text": numbered_text(text, options)})
            return
        quick_replies = [{"content_type": "text", "title": _title(o.title), "payload": o.payload} for o in options]
        await self.graph.send(recipient_id, {"text": text, "quick_replies": quick_replies})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.graph.send(recipient_id, {"attachment": {"type": "image", "payload": {"url": image}}})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.graph.send(recipient_id, json_message)


class FacebookChannel(FacebookInput):
    """credentials.yml: verify (the verify token chosen in the app), secret (app secret), page-access-token."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> FacebookChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None  # Rasa's method above raises (its NoReturn is not seen: Rasa is untyped here)
        return cls(credentials.get("verify"), credentials.get("secret"), credentials.get("page-access-token"))

    def __init__(
        self,
        fb_verify: str | None,
        fb_secret: str | None,
        fb_access_token: str | None,
        seen: SeenMessages | None = None,
    ) -> None:
        if not fb_verify or not fb_secret or not fb_access_token:
            raise RasaException("Facebook needs verify, secret and page-access-token")
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.seen = seen or TtlSeenMessages()
        self.memory = OptionMemory()
        self.graph = GraphApi(fb_access_token, fb_secret, api_url(API_URL_VARIABLE, DEFAULT_API_URL))

    def get_output_channel(self) -> FacebookAnswers:
        return FacebookAnswers(self.graph, self.memory)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("fb_webhook", __name__)
        output = self.get_output_channel()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify_subscription(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(token, self.fb_verify):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("Facebook: wrong verify token in a subscription request")
            return response.text("forbidden", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not facebook_signature_ok(self.fb_secret, request.body, request.headers.get(SIGNATURE_HEADER)):
                logger.warning("Facebook: refused a webhook without a valid %s", SIGNATURE_HEADER)
                return response.text("forbidden", status=403)
            try:
                events = facebook_events(json.loads(request.body or b""))
            except (ValueError, RecursionError) as error:  # not JSON or not a webhook (MalformedPayload): 400
                logger.warning("Facebook: malformed webhook refused (400): %s", error.__class__.__name__)
                return response.text("bad request", status=400)
            for incoming in events:
                text = self.memory.resolve(incoming.sender_id, incoming.text)
                await deliver_once(
                    self.seen,
                    incoming,
                    text,
                    output,
                    self.name(),
                    on_new_message,
                    self.get_metadata(request),
                    sender=sender_id(FACEBOOK, incoming.sender_id),
                    before=functools.partial(self.graph.action, incoming.sender_id, "typing_on"),
                )
            return response.text("EVENT_RECEIVED")

        return webhook
