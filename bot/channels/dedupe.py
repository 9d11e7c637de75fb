"""Platforms retry a webhook when the answer is slow or lost: remember which message ids were handled."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol


class SeenMessages(Protocol):
    """Where handled platform message ids are remembered (one process: memory; several: a shared store)."""

    def first_time(self, message_id: str) -> bool:
        """True the first time an id is seen (and remembers it), False for a repeat."""


class TtlSeenMessages:
    """In-memory, for one process: ids expire after `ttl_seconds`, and at most `max_size` are kept."""

    def __init__(
        self, ttl_seconds: float = 24 * 3600, max_size: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_size = max_size
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, message_id: str) -> bool:
        now = self._clock()
        self._expire(now)
        if message_id in self._seen:
            return False
        self._seen[message_id] = now
        while len(self._seen) > self.max_size:
            self._seen.popitem(last=False)
        return True

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self.ttl_seconds:
                break
            del self._seen[oldest]

    def __len__(self) -> int:
        return len(self._seen)
