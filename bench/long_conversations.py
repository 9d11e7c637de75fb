"""Latency by turn index: does a turn cost more when the conversation is long? (issue 11, item 7)

A few senders each hold one long conversation, turn by turn and interleaved (sender 1 turn 1, sender 2 turn 1, ...,
sender 1 turn 2, ...), so that a slow moment of a shared machine hits every conversation alike. Every sender repeats
the same block of BLOCK_SIZE messages, a mix of the kinds of bench/conversations.py; a window of BLOCK_SIZE
consecutive turns therefore holds each message of the block once, whatever the turn it starts at, and the medians
of two windows compare the same messages at two lengths of conversation.

"Turn 5" is the window of turns 1-10, "turn 100" the turns 96-105, "turn 1000" the turns 991-1000.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from bench.common import Figure, at_most, info
from bench.conversations import Turn

SECTION = "Latency by turn index: one conversation per sender, turn after turn"
# One of each kind, questions before their follow-ups; answered as in the short conversations of the other parts.
BLOCK: tuple[tuple[str, str], ...] = (
    ("action", "Cât câștigă un operator call center?"),
    ("follow_up", "și dacă știu germană?"),
    ("fixed", "mulțumesc"),
    ("action", "ce face un operator de call center?"),
    ("follow_up", "si in retail?"),
    ("fixed", "salut"),
    ("out_of_scope", "care e capitala frantei?"),
    ("fallback", "asdkjh qwpoe zmxn"),
    ("action", "Cât durează trainingul?"),
    ("fixed", "ce abilitati imi trebuie"),
)
BLOCK_SIZE = len(BLOCK)
TARGET_RATIO_100 = 1.3  # turn 100 within 1.3x of turn 5
TARGET_RATIO_1000 = 2.0  # turn 1000 within 2x of turn 5


@dataclass(frozen=True)
class Window:
    label: str  # "turn 100"
    first: int  # 1-based, inclusive
    last: int

    @classmethod
    def around(cls, turn: int, turns: int) -> Window | None:
        """BLOCK_SIZE turns from turn - 4 (turn 5: turns 1-10, turn 100: 96-105), ending at the last turn if they
        would go past it (turn 1000 of 1000: 991-1000); None when the conversation is shorter."""
        first = max(1, turn - BLOCK_SIZE // 2 + 1)
        last = min(first + BLOCK_SIZE - 1, turns)
        first = last - BLOCK_SIZE + 1
        return cls(f"turn {turn}", first, last) if first >= 1 and turn <= turns else None


def windows(turns: int) -> list[Window]:
    """The windows a conversation of `turns` turns reaches: turn 5, 20, 100, 500, 1000 ..."""
    marks = [5, 20, 100, 500, 1000, 2000, 5000]
    return [w for w in (Window.around(t, turns) for t in marks) if w is not None]


def turn_text(index: int) -> Turn:
    """The message of turn `index` (0-based) of every long conversation."""
    kind, text = BLOCK[index % BLOCK_SIZE]
    return Turn(0, kind, text)


@dataclass(frozen=True)
class TurnSample:
    turn: int  # 1-based
    sender: int
    ms: float
    ok: bool


async def talk(
    url: str,
    turns: int,
    senders: int,
    prefix: str,
    send: Callable,  # bench.speed.send(session, url, sender, turn) -> Sample
    session_factory: Callable,  # bench.speed._session(connections)
    on_turn: Callable[[int], None] | None = None,  # called before each turn index (1-based), e.g. to read CPU
) -> list[TurnSample]:
    samples: list[TurnSample] = []
    async with session_factory(1) as session:
        for index in range(turns):
            if on_turn is not None:
                on_turn(index + 1)
            for sender in range(senders):
                sample = await send(session, url, f"{prefix}-{sender}", turn_text(index))
                samples.append(TurnSample(index + 1, sender, sample.ms, sample.ok))
    if on_turn is not None:
        on_turn(turns + 1)
    return samples


def median_in(samples: list[TurnSample], window: Window) -> float | None:
    values = [s.ms for s in samples if s.ok and window.first <= s.turn <= window.last]
    return statistics.median(values) if values else None


def figures(
    samples: list[TurnSample], turns: int, senders: int, cpu_per_turn: dict[str, float] | None = None
) -> tuple[list[Figure], dict]:
    """Median latency of each window, the targets on its ratio to turn 5's, the errors; `cpu_per_turn` maps a
    window's label to the Rasa server's CPU time per message in it."""
    section = SECTION
    found = windows(turns)
    medians = {w.label: median_in(samples, w) for w in found}
    cpu_per_turn = cpu_per_turn or {}
    result: list[Figure] = []
    for window in found:
        note = f"turns {window.first}-{window.last}, {senders} conversations"
        result.append(info(section, f"median latency, {window.label}", medians[window.label], "ms", 1, note))
    base = medians.get("turn 5")
    for label, limit in (("turn 100", TARGET_RATIO_100), ("turn 1000", TARGET_RATIO_1000)):
        if label in medians:
            ratio = medians[label] / base if base and medians[label] is not None else None
            result.append(at_most(section, f"median latency, {label} ÷ turn 5", ratio, limit, "×", 2))
    for label, value in cpu_per_turn.items():
        result.append(info(section, f"CPU time per message, Rasa server, {label}", value, "ms", 1))
    errors = sum(not s.ok for s in samples)
    result.append(at_most(section, "errors (no answer, HTTP error, timeout)", errors, 0, digits=0))
    extra = {
        "turns": turns,
        "senders": senders,
        "medians": medians,
        "cpu_per_turn": cpu_per_turn,
        "errors": errors,
        # Median of each block of turns, to plot or compare runs: {first turn of the block: ms}.
        "by_block": {
            first: median_in(samples, Window("", first, first + BLOCK_SIZE - 1))
            for first in range(1, turns + 1, BLOCK_SIZE)
        },
    }
    return result, extra


def run_sync(
    url: str,
    turns: int,
    senders: int,
    send: Callable,
    session_factory: Callable,
    rasa_cpu: Callable[[], float] | None = None,
) -> tuple[list[Figure], dict]:
    """Hold the conversations; measure the Rasa server's CPU over each window when `rasa_cpu` reads it (seconds)."""
    found = {w.first: w for w in windows(turns)}
    ends = {w.last + 1: w for w in found.values()}
    started: dict[str, float] = {}
    cpu_per_turn: dict[str, float] = {}

    def on_turn(turn: int) -> None:
        if rasa_cpu is None:
            return
        if turn in ends:
            window = ends[turn]
            spent = rasa_cpu() - started[window.label]
            cpu_per_turn[window.label] = spent / (senders * (window.last - window.first + 1)) * 1000
        if turn in found:
            started[found[turn].label] = rasa_cpu()

    samples = asyncio.run(talk(url, turns, senders, "bench-long", send, session_factory, on_turn))
    return figures(samples, turns, senders, cpu_per_turn)
