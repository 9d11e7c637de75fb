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


class MalformedPayload(ValueError):
    """A correctly signed webhook whose JSON does not have the platform's documented shape: answered 400."""


_ID = (str, int)  # platforms send ids as numbers (Telegram) or strings (Messenger); never bool, float, object


def _field(container: Mapping[str, Any], name: str, types: type | tuple[type, ...], where: str) -> Any:
    """container[name] if absent/None or of `types`; MalformedPayload otherwise (bool is not an int here)."""
    value = container.get(name)
    if value is None:
        return None
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise MalformedPayload(f"{where}.{name}")
    if not isinstance(value, types):
        raise MalformedPayload(f"{where}.{name}")
    return value


def telegram_update(update: object) -> Incoming | None:
    """A Telegram Update: a text message or an inline-button press (callback_query); None for other updates.
    Raises MalformedPayload when a field it reads has the wrong type."""
    if not isinstance(update, Mapping):
        raise MalformedPayload("update")
    update_id = _field(update, "update_id", int, "update")
    if update_id is None:
        return None
    message_id = f"telegram:{update_id}"
    callback = _field(update, "callback_query", Mapping, "update")
    if callback is not None:
        pressed_on = _field(callback, "message", Mapping, "callback_query") or {}
        chat = _field(pressed_on, "chat", Mapping, "callback_query.message") or _field(
            callback, "from", Mapping, "callback_query"
        )
        data = _field(callback, "data", str, "callback_query")
        chat_id = _field(chat or {}, "id", _ID, "callback_query.chat")
        callback_id = _field(callback, "id", _ID, "callback_query")
        if chat_id is None or data is None:
            return None
        return Incoming(str(chat_id), message_id, data, callback_id=str(callback_id or ""))
    message = _field(update, "message", Mapping, "update")
    if message is None:
        return None
    text = _field(message, "text", str, "message")
    chat = _field(message, "chat", Mapping, "message")
    chat_id = _field(chat or {}, "id", _ID, "message.chat")
    if text is None or chat_id is None:
        return None
    if text.split("@")[0].strip() == TELEGRAM_START:
        text = GREET_PAYLOAD
    return Incoming(str(chat_id), message_id, text)


def facebook_events(payload: object) -> list[Incoming]:
    """Every user message and postback in a Messenger webhook (one request can carry several). Raises
    MalformedPayload when a field it reads has the wrong type."""
    if not isinstance(payload, Mapping):
        raise MalformedPayload("payload")
    if payload.get("object") != "page":
        return []
    found = []
    for entry in _field(payload, "entry", list, "payload") or []:
        if not isinstance(entry, Mapping):
            raise MalformedPayload("entry[]")
        for event in _field(entry, "messaging", list, "entry") or []:
            if not isinstance(event, Mapping):
                raise MalformedPayload("messaging[]")
            incoming = _facebook_event(event)
            if incoming:
                found.append(incoming)
    return found


def _facebook_event(event: Mapping[str, Any]) -> Incoming | None:
    sender = _field(_field(event, "sender", Mapping, "messaging") or {}, "id", _ID, "sender")
    if sender is None or sender == "":
        return None
    message = _field(event, "message", Mapping, "messaging")
    postback = _field(event, "postback", Mapping, "messaging")
    if message is not None and not _field(message, "is_echo", (bool, int), "message"):
        quick_reply = _field(message, "quick_reply", Mapping, "message") or {}
        text = _field(quick_reply, "payload", str, "quick_reply") or _field(message, "text", str, "message")
        mid = _field(message, "mid", _ID, "message")
    elif postback is not None:
        text, mid = _field(postback, "payload", str, "postback"), _field(postback, "mid", _ID, "postback")
    else:
        return None  # echoes, deliveries, reads
    if not text:
        return None
    key = mid or f"{sender}:{_field(event, 'timestamp', (int, float), 'messaging')}"
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
