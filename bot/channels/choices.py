"""Buttons on channels that have none (SMS, WhatsApp): numbered options, and a reply "2" picks option 2."""

from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

CHOICE_HINT = "Răspunde cu numărul variantei alese."
_CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


@dataclass(frozen=True)
class Option:
    title: str
    payload: str


def options_from_buttons(buttons: Iterable[Mapping[str, object]]) -> list[Option]:
    """Rasa buttons ({title, payload}) as options; buttons without a payload (e.g. links) are left out."""
    options = []
    for button in buttons:
        title, payload = str(button.get("title") or "").strip(), button.get("payload")
        if title and isinstance(payload, str) and payload:
            options.append(Option(title, payload))
    return options


def numbered_text(text: str, options: list[Option]) -> str:
    """The message followed by its options, one per line: "1. Salariul"."""
    if not options:
        return text
    lines = [f"{number}. {option.title}" for number, option in enumerate(options, start=1)]
    return "\n".join([text.rstrip(), "", *lines, "", CHOICE_HINT]).strip()


def chosen_payload(reply: str, options: list[Option]) -> str | None:
    """The payload of the option a reply such as "2", " 2. " or "2)" picks; None when it picks none."""
    match = _CHOICE.match(reply or "")
    if not match:
        return None
    number = int(match.group(1))
    return options[number - 1].payload if 1 <= number <= len(options) else None


class OptionMemory:
    """The options last offered to each sender, so that their next reply can be a number.

    Offered options are valid for the sender's next message only (`take` forgets them), and expire after
    `ttl_seconds`. In memory: one process.
    """

    def __init__(
        self, ttl_seconds: float = 24 * 3600, max_senders: int = 50_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_senders = max_senders
        self._clock = clock
        self._offered: OrderedDict[str, tuple[float, list[Option]]] = OrderedDict()

    def offer(self, sender_id: str, options: list[Option]) -> None:
        self._offered.pop(sender_id, None)
        self._offered[sender_id] = (self._clock(), list(options))
        while len(self._offered) > self.max_senders:
            self._offered.popitem(last=False)

    def take(self, sender_id: str) -> list[Option]:
        offered_at, options = self._offered.pop(sender_id, (0.0, []))
        return options if self._clock() - offered_at < self.ttl_seconds else []

    def resolve(self, sender_id: str, reply: str) -> str:
        """What to pass to the assistant for this reply: the chosen option's payload, or the reply itself."""
        return chosen_payload(reply, self.take(sender_id)) or reply


class PayloadStore:
    """Short stand-ins for long button payloads (Telegram's callback_data holds at most 64 bytes)."""

    PREFIX = "p:"
    LIMIT = 64

    def __init__(self, max_size: int = 50_000) -> None:
        self.max_size = max_size
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def short(self, payload: str) -> str:
        if len(payload.encode()) <= self.LIMIT and not payload.startswith(self.PREFIX):
            return payload
        key = self.PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._payloads.pop(key, None)
        self._payloads[key] = payload
        while len(self._payloads) > self.max_size:
            self._payloads.popitem(last=False)
        return key

    def full(self, data: str) -> str | None:
        """The payload behind callback data; None for an unknown (expired) stand-in."""
        if not data.startswith(self.PREFIX):
            return data
        return self._payloads.get(data)
