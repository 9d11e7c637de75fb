"""Twilio (SMS and WhatsApp), with the `X-Twilio-Signature` of every webhook checked.

Rasa 3.6's TwilioInput checks no signature at all: anyone could post as any phone number. This channel
refuses requests whose signature does not match the auth token and the public webhook URL, answers each
MessageSid once, sends buttons as numbered options and maps a reply such as "2" to the second option.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.twilio import TwilioInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.channels.choices import OptionMemory, numbered_text, options_from_buttons
from bot.channels.common import OnNewMessage, api_url, deliver_once
from bot.channels.dedupe import SeenMessages, TtlSeenMessages
from bot.channels.incoming import twilio_message
from bot.channels.signatures import twilio_signature_ok
from bot.security.senders import twilio_sender_id

logger = logging.getLogger(__name__)
# Twilio's client logs every request's headers at INFO; errors are enough here.
logging.getLogger("twilio.async_http_client").setLevel(logging.WARNING)

SIGNATURE_HEADER = "X-Twilio-Signature"
API_URL_VARIABLE = "TWILIO_API_URL"
DEFAULT_API_URL = "https://api.twilio.com"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class TwilioAnswers(OutputChannel):
    """Sends answers with Twilio's Messages API; buttons become numbered options."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(self, client: Client, twilio_number: str, memory: OptionMemory) -> None:
        self.client = client
        self.twilio_number = twilio_number
        self.memory = memory

    async def _send(self, recipient_id: str, **message: Any) -> None:
        try:
            await self.client.messages.create_async(to=recipient_id, from_=self.twilio_number, **message)
        except (TwilioException, aiohttp.ClientError, TimeoutError) as error:
            logger.error("Twilio: could not send a message: %s", error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self._send(recipient_id, body=part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        options = options_from_buttons(buttons)
        self.memory.offer(recipient_id, options)
        *before, last = text.strip().split("\n\n") or [""]
        for part in before:
            await self._send(recipient_id, body=part)
        await self._send(recipient_id, body=numbered_text(last, options))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(recipient_id, media_url=[image])

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        message = {k: v for k, v in json_message.items() if k in ("body", "media_url", "content_sid")}
        if message:
            await self._send(recipient_id, **message)


class TwilioChannel(TwilioInput):
    """credentials.yml: account_sid, auth_token, twilio_number ("whatsapp:+1..." for WhatsApp) and webhook_url,
    the public URL configured in Twilio for /webhooks/twilio/webhook (the signature covers it)."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None  # Rasa's method above raises (its NoReturn is not seen: Rasa is untyped here)
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            credentials.get("webhook_url"),
        )

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        webhook_url: str | None,
        seen: SeenMessages | None = None,
    ) -> None:
        if not account_sid or not auth_token or not twilio_number or not webhook_url:
            raise RasaException("Twilio needs account_sid, auth_token, twilio_number and webhook_url")
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url
        self.seen = seen or TtlSeenMessages()
        self.memory = OptionMemory()
        self.api_url = api_url(API_URL_VARIABLE, DEFAULT_API_URL)

    def get_output_channel(self) -> TwilioAnswers:
        client = Client(self.account_sid, self.auth_token, http_client=AsyncTwilioHttpClient(pool_connections=False))
        client.api.base_url = self.api_url
        return TwilioAnswers(client, self.twilio_number, self.memory)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("twilio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            # Sanic's form: a dict of lists whose .get() returns only the first value; keep the lists.
            form: dict[str, list[str]] = {key: list(values) for key, values in dict(request.form or {}).items()}
            if not twilio_signature_ok(self.auth_token, self.webhook_url, form, request.headers.get(SIGNATURE_HEADER)):
                logger.warning("Twilio: refused a webhook without a valid %s", SIGNATURE_HEADER)
                return response.text("forbidden", status=403)
            incoming = twilio_message(form)
            if incoming is not None:
                text = self.memory.resolve(incoming.sender_id, incoming.text)
                await deliver_once(
                    self.seen,
                    incoming,
                    text,
                    self.get_output_channel(),
                    self.name(),
                    on_new_message,
                    self.get_metadata(request),
                    sender=twilio_sender_id(incoming.sender_id),
                )
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook
