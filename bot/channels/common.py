"""What the channels share: hand a verified, not yet seen message to the assistant, in the channel's own namespace of
sender ids (bot/security/senders.py), and answer through the platform with the platform's own id."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.dedupe import SeenMessages
from bot.channels.incoming import Incoming
from bot.security.senders import platform_id

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def api_url(variable: str, default: str) -> str:
    """A platform API's base URL; an environment variable can point it elsewhere (a proxy, a test server)."""
    return (os.environ.get(variable) or default).rstrip("/")


class PlatformRecipient(OutputChannel):
    """An output channel that hands the wrapped one the platform's id ("123"), not the conversation's
    ("telegram:123"): Rasa answers `tracker.sender_id`, the platform knows only its own ids."""

    def __init__(self, platform: OutputChannel) -> None:
        self.platform = platform

    def name(self) -> str:  # Rasa's is a classmethod; this one answers for the wrapped
        name: str = self.platform.name()
        return name

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.platform.send_response(platform_id(recipient_id), message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.platform.send_text_message(platform_id(recipient_id), text, **kwargs)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.platform.send_image_url(platform_id(recipient_id), image, **kwargs)

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.platform.send_attachment(platform_id(recipient_id), attachment, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.platform.send_text_with_buttons(platform_id(recipient_id), text, buttons, **kwargs)

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.platform.send_quick_replies(platform_id(recipient_id), text, quick_replies, **kwargs)

    async def send_elements(self, recipient_id: str, elements: Iterable[dict[str, Any]], **kwargs: Any) -> None:
        await self.platform.send_elements(platform_id(recipient_id), elements, **kwargs)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.platform.send_custom_json(platform_id(recipient_id), json_message, **kwargs)


async def deliver_once(
    seen: SeenMessages,
    incoming: Incoming,
    text: str,
    output: OutputChannel,
    channel: str,
    on_new_message: OnNewMessage,
    metadata: dict[str, Any] | None = None,
    *,
    sender: str,
    before: Callable[[], Awaitable[Any]] | None = None,
) -> bool:
    """Pass the message to the assistant as conversation `sender` (the namespaced id of incoming.sender_id)
    unless this platform message id was already handled.

    Returns False for a repeat. An error while answering is logged, not raised: the webhook still answers
    200, so the platform does not retry a message that was (perhaps partly) answered. `before` runs first
    for a new message (acknowledge a button, show "typing").
    """
    if not seen.first_time(incoming.message_id):
        logger.info("%s: message %s already handled, ignoring the retry", channel, incoming.message_id)
        return False
    try:
        if before is not None:
            await before()
        await on_new_message(
            UserMessage(text, PlatformRecipient(output), sender, input_channel=channel, metadata=metadata)
        )
    except Exception:
        logger.exception("%s: could not answer message %s", channel, incoming.message_id)
    return True
