"""Knowledge database unreachable: a clear apology and an error in the log, no crash; answers again when it is
back. The database is a real PostgreSQL server, stopped (fast shutdown) and started again."""

from __future__ import annotations

import time

from bot.answers import messages
from tests.prod.stack import Stack

QUESTION = "Cât câștigă un operator?"
ANSWER = "3000 RON net pe lună"


def test_knowledge_database_down_and_back(stack: Stack) -> None:
    client = stack.client("127.0.0.6")
    sender = stack.new_sender()
    assert ANSWER in "\n".join(client.say(sender, QUESTION))
    stack.knowledge_db.stop()
    try:
        started = time.monotonic()
        assert client.say(sender, QUESTION) == [messages.KNOWLEDGE_UNAVAILABLE]
        assert time.monotonic() - started < 5
        # Answers that need no database still work meanwhile.
        assert messages.KNOWLEDGE_UNAVAILABLE not in "\n".join(client.say(sender, "ce poți face?"))
    finally:
        stack.knowledge_db.start()
    # Back: the pooled connections were closed by the restart; pool_pre_ping replaces them.
    assert ANSWER in "\n".join(client.say(sender, QUESTION))
    assert "peste 6000 RON net" in "\n".join(client.say(sender, "și dacă știu germană?"))
    logs = "".join(server.log_tail(200_000) for server in stack.actions)
    assert "knowledge database unavailable" in logs
    assert all(server.running for server in stack.actions)  # no crash
