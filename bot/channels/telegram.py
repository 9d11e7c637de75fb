"""Telegram, with the webhook secret token checked on every update.

Rasa 3.6's TelegramInput calls Telegram's getMe on every update and never checks who sent the request. This
channel registers the webhook with a `secret_token` (at server start) and refuses any update without that
token in the `X-Telegram-Bot-Api-Secret-Token` header.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.choices import PayloadStore
from bot.channels.common import OnNewMessage, api_url, deliver_once
from bot.channels.dedupe import SeenMessages, TtlSeenMessages
from bot.channels.incoming import telegram_update
from bot.channels.signatures import telegram_secret_ok
from bot.security.senders import TELEGRAM, sender_id

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
API_URL_VARIABLE = "TELEGRAM_API_URL"
DEFAULT_API_URL = "https://api.telegram.org"
_SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
UPDATES = ["message", "callback_query"]
EXPIRED_BUTTON = "Varianta aceasta nu mai este disponibilă. Scrie-mi, te rog, întrebarea."


class TelegramAnswers(TelegramOutput):
    """Sends answers through the Bot API; buttons become an inline keyboard, one button per row."""

    def __init__(self, access_token: str, server: TelegramAPIServer, payloads: PayloadStore) -> None:
        Bot.__init__(self, access_token, server=server)
        self.payloads = payloads

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        button_type: str | None = "vertical",
        **kwargs: Any,
    ) -> None:
        # callback_data holds at most 64 bytes: longer payloads travel as a short key.
        short = [{**b, "payload": self.payloads.short(str(b["payload"]))} for b in buttons if b.get("payload")]
        await super().send_text_with_buttons(recipient_id, text, short, button_type=button_type, **kwargs)


class TelegramChannel(TelegramInput):
    """credentials.yml: access_token, secret_token, webhook_url (the public URL of /webhooks/telegram/webhook)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None  # Rasa's method above raises (its NoReturn is not seen: Rasa is untyped here)
        return cls(credentials.get("access_token"), credentials.get("secret_token"), credentials.get("webhook_url"))

    def __init__(
        self,
        access_token: str | None,
        secret_token: str | None,
        webhook_url: str | None,
        seen: SeenMessages | None = None,
    ) -> None:
        super().__init__(access_token, verify=None, webhook_url=webhook_url, debug_mode=False)
        if not access_token or not webhook_url:
            raise RasaException("Telegram needs access_token and webhook_url")
        if not secret_token or not _SECRET_FORMAT.match(secret_token):
            raise RasaException("Telegram needs a secret_token of 16-256 characters A-Z, a-z, 0-9, _ or -")
        self.secret_token = secret_token
        self.server = TelegramAPIServer.from_base(api_url(API_URL_VARIABLE, DEFAULT_API_URL))
        self.seen = seen or TtlSeenMessages()
        self.payloads = PayloadStore()

    def get_output_channel(self) -> TelegramAnswers:
        return TelegramAnswers(self.access_token, self.server, self.payloads)

    async def register_webhook(self, bot: TelegramAnswers) -> None:
        """Tell Telegram where to send updates, and the secret it must send with them."""
        try:
            await bot.request(
                "setWebhook",
                {"url": self.webhook_url, "secret_token": self.secret_token, "allowed_updates": json.dumps(UPDATES)},
            )
            logger.info("Telegram webhook set to %s", self.webhook_url)
        except Exception as error:  # the server keeps running for the other channels
            logger.error("Telegram: could not set the webhook to %s: %s", self.webhook_url, error)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("telegram_webhook", __name__)
        bot = self.get_output_channel()

        @webhook.listener("after_server_start")
        async def register(*_: Any) -> None:
            await self.register_webhook(bot)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not telegram_secret_ok(self.secret_token, request.headers.get(SECRET_HEADER)):
                logger.warning("Telegram: refused an update without the right secret token")
                return response.text("forbidden", status=403)
            try:
                incoming = telegram_update(json.loads(request.body or b""))
            except (ValueError, RecursionError) as error:  # not JSON or not an Update (MalformedPayload): 400
                logger.warning("Telegram: malformed update refused (400): %s", error.__class__.__name__)
                return response.text("bad request", status=400)
            if incoming is None:
                return response.text("ok")
            text: str | None = incoming.text
            if incoming.callback_id:
                text = self.payloads.full(incoming.text)
            if text is None:  # a button whose long payload was forgotten (server restart)
                await _acknowledge(bot, incoming.callback_id or "", EXPIRED_BUTTON)
                return response.text("ok")
            callback_id = incoming.callback_id
            await deliver_once(
                self.seen,
                incoming,
                text,
                bot,
                self.name(),
                on_new_message,
                self.get_metadata(request),
                sender=sender_id(TELEGRAM, incoming.sender_id),
                before=(lambda: _acknowledge(bot, callback_id)) if callback_id else None,
            )
            return response.text("ok")

        return webhook


async def _acknowledge(bot: Bot, callback_id: str, text: str | None = None) -> None:
    """Stop the spinner on the pressed button (and show `text`, if any)."""
    try:
        await bot.answer_callback_query(callback_id, text=text)
    except Exception as error:
        logger.warning("Telegram: could not acknowledge button press: %s", error)
