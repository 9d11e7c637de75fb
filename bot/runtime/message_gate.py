"""What the Rasa server answers without processing: empty, unreadable and over-long messages.

Every channel (REST, socket.io, Telegram, ...) hands its messages to Agent.handle_message, so the gate sits
there, before the lock store, the tracker store and NLU: a refused message costs nothing and is not stored.
Messages that pass have lone UTF-16 surrogates (JSON "\\ud800", which no UTF-8 encoder accepts) replaced, so
they cannot break the tracker store or the logs later.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage

from bot.answers import messages
from bot.english import SLOT, reply_language
from bot.runtime import replace
from bot.text.normalize import normalize_message

logger = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")

_MARK = "_bot_message_gate"

HandleMethod = Callable[[Agent, UserMessage], Awaitable[Any]]


def refusal(text: object, max_chars: int, language: str = "ro") -> str | None:
    """The answer to a message that is not processed, or None when the message goes on to the assistant.
    Nothing of the conversation is read here: `language` is the one the channel says (the widget's
    data-language, sent as the messages' metadata `reply_language`)."""
    if text is None:
        return messages.in_language("EMPTY_MESSAGE", language)
    if not isinstance(text, str):
        return messages.in_language("UNREADABLE_MESSAGE", language)
    if len(text) > max_chars:
        return messages.message_too_long(max_chars, language)
    # What NLU would see: only spaces, control characters or markup means there is nothing to answer.
    if not normalize_message(text[: max_chars + 1]):
        return messages.in_language("EMPTY_MESSAGE", language)
    return None


def clean(text: str) -> str:
    """Text safe to encode as UTF-8 (lone surrogates become U+FFFD)."""
    return _SURROGATE.sub("\ufffd", text)


def guarded(handle: HandleMethod, max_chars: int) -> HandleMethod:
    @functools.wraps(handle)
    async def handle_message(self: Agent, message: UserMessage) -> Any:
        metadata = message.metadata if isinstance(message.metadata, dict) else {}
        reply = refusal(message.text, max_chars, reply_language(metadata.get(SLOT)))
        if reply is not None:
            size = len(message.text) if isinstance(message.text, str) else type(message.text).__name__
            logger.info("message from %s not processed (%s): answered %r", message.sender_id, size, reply[:40])
            if message.output_channel is not None:
                await message.output_channel.send_text_message(message.sender_id, reply)
            return None
        message.text = clean(message.text)
        return await handle(self, message)

    setattr(handle_message, _MARK, max_chars)
    return handle_message


def install(max_chars: int) -> None:
    """Patch Agent.handle_message for this process (idempotent; the latest limit wins)."""
    replace(Agent, "handle_message", _MARK, lambda original: guarded(original, max_chars))
