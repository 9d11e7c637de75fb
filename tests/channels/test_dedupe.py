from __future__ import annotations

from bot.channels.dedupe import TtlSeenMessages


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_id_is_new_once() -> None:
    seen = TtlSeenMessages()
    assert seen.first_time("telegram:1")
    assert not seen.first_time("telegram:1")
    assert seen.first_time("telegram:2")


def test_ids_expire_after_the_ttl() -> None:
    clock = Clock()
    seen = TtlSeenMessages(ttl_seconds=60, clock=clock)
    assert seen.first_time("a")
    clock.now += 59
    assert not seen.first_time("a")
    clock.now += 61
    assert seen.first_time("a")


def test_memory_is_bounded() -> None:
    seen = TtlSeenMessages(max_size=3)
    for key in "abcd":
        assert seen.first_time(key)
    assert len(seen) == 3
    assert seen.first_time("a")  # the oldest was forgotten
    assert not seen.first_time("d")
