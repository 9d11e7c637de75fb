"""bot.runtime.locks.AtomicRedisLockStore on a real Redis, used as several replicas use it at the same time.

Rasa's own RedisLockStore reads, changes and writes a lock in three steps, so two replicas can hold the same
ticket; test_conversations.py caught a turn lost that way before this store replaced it."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from bot.runtime.locks import AtomicRedisLockStore
from tests.prod.stack import REDIS_LOCK_DB, Stack

REPLICAS = 6


def stores(stack: Stack) -> list[AtomicRedisLockStore]:
    """One store (own connection pool) per simulated replica."""
    return [
        AtomicRedisLockStore(
            host="127.0.0.1", port=stack.redis.port, db=REDIS_LOCK_DB, password=stack.redis.password,
            key_prefix="locktest",
        )  # fmt: skip
        for _ in range(REPLICAS)
    ]


def test_every_ticket_is_issued_once(stack: Stack) -> None:
    start = threading.Barrier(REPLICAS)

    def issue(store: AtomicRedisLockStore) -> list[int]:
        start.wait()
        return [store.issue_ticket("same-conversation", lock_lifetime=60) for _ in range(30)]

    with ThreadPoolExecutor(REPLICAS) as pool:
        tickets = [t for batch in pool.map(issue, stores(stack)) for t in batch]
    assert sorted(tickets) == list(range(REPLICAS * 30))  # Rasa numbers tickets from 0
    stack.redis.client(REDIS_LOCK_DB).delete("locktest:lock:same-conversation")


def test_one_turn_at_a_time(stack: Stack) -> None:
    """Each worker increments a counter by read-sleep-write inside the lock: only mutual exclusion keeps
    every increment."""
    counter = stack.redis.client(REDIS_LOCK_DB)
    counter.set("locktest:counter", 0)
    rounds = 8

    async def work(store: AtomicRedisLockStore) -> None:
        for _ in range(rounds):
            async with store.lock("busy-conversation", lock_lifetime=30, wait_time_in_seconds=0.01):
                value = int(counter.get("locktest:counter"))
                await asyncio.sleep(0.005)
                counter.set("locktest:counter", value + 1)

    with ThreadPoolExecutor(REPLICAS) as pool:
        list(pool.map(lambda store: asyncio.run(work(store)), stores(stack)))
    assert int(counter.get("locktest:counter")) == REPLICAS * rounds
    assert counter.get("locktest:lock:busy-conversation") is None  # the last one out deleted the lock
    counter.delete("locktest:counter")
