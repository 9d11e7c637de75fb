"""The widget's socket.io channel on the running assistant, driven by a socket.io client (as a browser would)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import socketio

from tests.channels.helpers import user_messages
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e


class Visitor:
    """A socket.io client (long-polling: python-engineio's websocket client needs a newer aiohttp)."""

    def __init__(self, assistant: Assistant, origin: str | None) -> None:
        self.assistant = assistant
        self.origin = origin
        self.client = socketio.AsyncClient(reconnection=False)
        self.session: asyncio.Future[str] | None = None
        self.answers: list[dict[str, Any]] = []
        self.client.on("session_confirm", self._confirmed)
        self.client.on("bot_uttered", self.answers.append)

    async def _confirmed(self, session_id: str) -> None:
        if self.session and not self.session.done():
            self.session.set_result(session_id)

    async def connect(self) -> None:
        headers = {"Origin": self.origin} if self.origin else {}
        await self.client.connect(self.assistant.url, headers=headers, transports=["polling"], wait_timeout=10)

    async def start_session(self, session_id: str | None = None) -> str:
        self.session = asyncio.get_running_loop().create_future()
        await self.client.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.session, 10)

    async def say(self, message: str, session_id: str) -> None:
        await self.client.emit("user_uttered", {"message": message, "session_id": session_id})

    async def wait_for_answer(self, text: str, seconds: float = 30) -> str:
        for _ in range(int(seconds * 10)):
            found = [a.get("text", "") for a in self.answers if text in a.get("text", "")]
            if found:
                return found[0]
            await asyncio.sleep(0.1)
        raise AssertionError(f"no answer containing {text!r}: {self.answers}")


def allowed_origin(assistant: Assistant) -> str:
    return assistant.web_url


async def test_a_visitor_from_the_site_is_answered_in_its_session(assistant: Assistant) -> None:
    visitor = Visitor(assistant, allowed_origin(assistant))
    await visitor.connect()
    try:
        session = await visitor.start_session()
        assert len(session) == 32
        await visitor.say("Cât câștigă un operator?", session)
        assert "3000 RON net" in await visitor.wait_for_answer("RON net")
        assert user_messages(assistant, session) == ["Cât câștigă un operator?"]
    finally:
        await visitor.client.disconnect()


async def test_another_origin_cannot_connect(assistant: Assistant) -> None:
    visitor = Visitor(assistant, "https://evil.example")
    with pytest.raises(socketio.exceptions.ConnectionError):
        await visitor.connect()


async def test_a_message_for_someone_elses_session_is_ignored(assistant: Assistant) -> None:
    owner, intruder = Visitor(assistant, allowed_origin(assistant)), Visitor(assistant, None)
    await owner.connect()
    await intruder.connect()
    try:
        session = await owner.start_session()
        await intruder.start_session()
        await intruder.say("Cât câștigă un operator?", session)  # not the intruder's session
        await asyncio.sleep(3)
        assert owner.answers == [] and intruder.answers == []
        assert user_messages(assistant, session) == []
    finally:
        await owner.client.disconnect()
        await intruder.client.disconnect()


async def test_a_forged_session_id_gets_a_new_session(assistant: Assistant) -> None:
    visitor = Visitor(assistant, allowed_origin(assistant))
    await visitor.connect()
    try:
        session = await visitor.start_session("room-of-another-socket")
        assert session != "room-of-another-socket" and len(session) == 32
    finally:
        await visitor.client.disconnect()
