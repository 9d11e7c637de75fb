"""The user messages in each platform's webhook payload, as plain data (no Rasa, no platform SDK)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Telegram sends "/start" when a user opens the bot; the assistant greets instead of guessing an intent.
TELEGRAM_START = "/start"
GREET_PAYLOAD = "/greet"


@dataclass(frozen=True)
class Incoming:
    sender_id: str
    message_id: str  # the platform's id, the same when the platform retries the webhook
    text: str
    callback_id: str | None = None  # Telegram: the button press to acknowledge


def telegram_update(update: Mapping[str, Any]) -> Incoming | None:
    """A Telegram Update: a text message or an inline-button press (callback_query); None for the rest."""
    update_id = update.get("update_id")
    if update_id is None:
        return None
    message_id = f"telegram:{update_id}"
    callback = update.get("callback_query")
    if isinstance(callback, Mapping):
        chat = (callback.get("message") or {}).get("chat") or callback.get("from") or {}
        data = callback.get("data")
        if chat.get("id") is None or not isinstance(data, str):
            return None
        return Incoming(str(chat["id"]), message_id, data, callback_id=str(callback.get("id", "")))
    message = update.get("message")
    if not isinstance(message, Mapping) or not isinstance(message.get("text"), str):
        return None
    chat_id = (message.get("chat") or {}).get("id")
    if chat_id is None:
        return None
    text = message["text"]
    if text.split("@")[0].strip() == TELEGRAM_START:
        text = GREET_PAYLOAD
    return Incoming(str(chat_id), message_id, text)


def facebook_events(payload: Mapping[str, Any]) -> list[Incoming]:
    """Every user message and postback in a Messenger webhook (one request can carry several)."""
    if payload.get("object") != "page":
        return []
    found = []
    for entry in payload.get("entry") or []:
        for event in entry.get("messaging") or []:
            incoming = _facebook_event(event)
            if incoming:
                found.append(incoming)
    return found


def _facebook_event(event: Mapping[str, Any]) -> Incoming | None:
    sender = (event.get("sender") or {}).get("id")
    if not sender:
        return None
    message, postback = event.get("message"), event.get("postback")
    if isinstance(message, Mapping) and not message.get("is_echo"):
        quick_reply = message.get("quick_reply") or {}
        text = quick_reply.get("payload") or message.get("text")
        mid = message.get("mid")
    elif isinstance(postback, Mapping):
        text, mid = postback.get("payload"), postback.get("mid")
    else:
        return None  # echoes, deliveries, reads
    if not isinstance(text, str) or not text:
        return None
    key = mid or f"{sender}:{event.get('timestamp')}"
    return Incoming(str(sender), f"facebook:{key}", text)


def twilio_message(form: Mapping[str, Sequence[str]]) -> Incoming | None:
    """A Twilio messaging webhook (SMS or WhatsApp), form-encoded; None without a sender, id or text."""

    def field(name: str) -> str:
        values = form.get(name) or [""]
        return values[0] or ""

    sender, sid, body = field("From"), field("MessageSid") or field("SmsMessageSid"), field("Body")
    if not sender or not sid or not body.strip():
        return None
    # "@" becomes "¡" on some SMS carriers (GSM 03.38).
    return Incoming(sender, f"twilio:{sid}", body.replace("¡", "@"))
