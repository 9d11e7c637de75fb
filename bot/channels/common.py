"""What the three webhooks share: hand a verified, not yet seen message to the assistant."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.dedupe import SeenMessages
from bot.channels.incoming import Incoming

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def api_url(variable: str, default: str) -> str:
    """A platform API's base URL; an environment variable can point it elsewhere (a proxy, a test server)."""
    return (os.environ.get(variable) or default).rstrip("/")


async def deliver_once(
    seen: SeenMessages,
    incoming: Incoming,
    text: str,
    output: OutputChannel,
    channel: str,
    on_new_message: OnNewMessage,
    metadata: dict[str, Any] | None = None,
    before: Callable[[], Awaitable[Any]] | None = None,
) -> bool:
    """Pass the message to the assistant unless this platform message id was already handled.

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
        await on_new_message(UserMessage(text, output, incoming.sender_id, input_channel=channel, metadata=metadata))
    except Exception:
        logger.exception("%s: could not answer message %s", channel, incoming.message_id)
    return True
