"""Each channel's conversations live in their own namespace of sender ids.

A conversation is its sender id: the tracker store, the subscriptions and the callback requests are keyed by it.
Before namespaces a REST client could send `"sender": "whatsapp:+40722..."` (or a Telegram chat id, a Messenger
PSID) and read or unsubscribe that person's data, bypassing the platform's webhook signature. Now every channel
prefixes the id it vouches for:

    telegram:<chat id>      facebook:<PSID>      whatsapp:+40...  (Twilio's own WhatsApp address, unchanged)
    sms:+40...              web:<socket.io session>              rest:<whatever the REST client sent>

so a REST "whatsapp:+40..." becomes "rest:whatsapp:+40..." and stays a conversation of its own. The platforms'
APIs get the id without the prefix (bot/channels/common.py, PlatformRecipient).
"""

from __future__ import annotations

TELEGRAM, FACEBOOK, WHATSAPP, SMS, REST, WEB = "telegram", "facebook", "whatsapp", "sms", "rest", "web"
NAMESPACES = (TELEGRAM, FACEBOOK, WHATSAPP, SMS, REST, WEB)
# Twilio's WhatsApp addresses already carry their namespace ("whatsapp:+40..."): they are kept as they are.
_KEPT_AS_IS = (WHATSAPP,)


def sender_id(namespace: str, platform_id: str) -> str:
    """The conversation id for a platform's id: "telegram:123", "rest:ana", "whatsapp:+40722..." (as is)."""
    if namespace not in NAMESPACES:
        raise ValueError(f"unknown sender namespace {namespace!r}")
    if namespace in _KEPT_AS_IS and platform_id.startswith(namespace + ":"):
        return platform_id
    return f"{namespace}:{platform_id}"


def twilio_sender_id(address: str) -> str:
    """Twilio's From: "whatsapp:+40..." for WhatsApp (its own namespace), "+40..." for SMS."""
    return address if address.startswith(WHATSAPP + ":") else sender_id(SMS, address)


def namespace_of(sender: str) -> str | None:
    prefix, separator, _ = sender.partition(":")
    return prefix if separator and prefix in NAMESPACES else None


def platform_id(sender: str) -> str:
    """What the platform's API needs: the id without our prefix ("whatsapp:+40..." stays whole)."""
    namespace = namespace_of(sender)
    if namespace is None or namespace in _KEPT_AS_IS:
        return sender
    return sender[len(namespace) + 1 :]


# The input channel Rasa records for each message (UserMessage.input_channel) -> the namespace of its senders.
CHANNEL_NAMESPACES = {"telegram": TELEGRAM, "facebook": FACEBOOK, "rest": REST, "socketio": WEB}


def namespaced_for_channel(sender: str, channel: str | None) -> str | None:
    """The namespaced id of a conversation stored before namespaces existed, from the channel it came through;
    None when it already has that channel's namespace, or the channel is unknown. Idempotent: a REST sender
    "telegram:123" stored before becomes "rest:telegram:123", and stays that."""
    if channel == "twilio":
        return None if namespace_of(sender) in (WHATSAPP, SMS) else twilio_sender_id(sender)
    namespace = CHANNEL_NAMESPACES.get(channel or "")
    if namespace is None or sender.startswith(namespace + ":"):
        return None
    return sender_id(namespace, sender)
