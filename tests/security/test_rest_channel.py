"""The REST channel in production: a signed token naming the sender, or no REST at all.

The channel's own Sanic routes are served on a loopback port in this process; what Rasa would do with a message
is replaced by a recorder (the running assistant's REST channel, without a secret, is tested in
test_sender_namespaces.py; tests/prod runs it with REST_JWT_SECRET behind nginx).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.rest import RestChannel
from bot.security import rest_tokens
from tests.services.processes import free_port

SECRET = "rest-secret-for-these-tests-0123456789"
# Sanic 21.12 recompiles its request handling methods for the first app it starts; without test mode a second app
# in the same process fails (its TouchUp finds no source for the recompiled methods).
Sanic.test_mode = True


class Served:
    def __init__(self, url: str, received: list[UserMessage]) -> None:
        self.url = url
        self.received = received

    async def post(self, sender: str, token: str | None = None, **extra: object) -> tuple[int, object]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = {"sender": sender, "message": "salut", **extra}
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{self.url}/webhooks/rest/webhook", json=body, headers=headers) as response:
                return response.status, await response.json()


async def serve(channel: RestChannel) -> AsyncIterator[Served]:
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        await message.output_channel.send_text_message(message.sender_id, "bună")

    app = Sanic(f"rest-test-{uuid.uuid4().hex}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/rest")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        yield Served(f"http://127.0.0.1:{port}", received)
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
async def signed() -> AsyncIterator[Served]:
    async for served in serve(RestChannel(SECRET, production=True)):
        yield served


@pytest.fixture
async def off() -> AsyncIterator[Served]:
    async for served in serve(RestChannel(None, production=True)):
        yield served


async def test_a_token_for_the_sender_is_answered(signed: Served) -> None:
    status, answer = await signed.post("ana", rest_tokens.issue("ana", SECRET), input_channel="twilio")
    assert status == 200 and answer == [{"recipient_id": "ana", "text": "bună"}]
    [message] = signed.received
    assert (message.sender_id, message.input_channel) == ("rest:ana", "rest")  # never another channel


@pytest.mark.parametrize(
    "token, status",
    [(None, 401), ("garbage", 401), (rest_tokens.issue("ana", "not-the-secret-but-long-enough"), 401),
     (rest_tokens.issue("ana", SECRET, lifetime_seconds=10, now=0), 401),
     (rest_tokens.issue("whatsapp:+40722000111", SECRET), 403)],
    ids=["none", "garbage", "other-secret", "expired", "other-sender"],
)  # fmt: skip
async def test_without_a_valid_token_for_the_sender_nothing_is_processed(
    signed: Served, token: str | None, status: int
) -> None:
    got, _ = await signed.post("ana", token)
    assert got == status and signed.received == []


async def test_production_without_a_secret_has_no_rest(off: Served) -> None:
    status, _ = await off.post("ana")
    assert status == 404 and off.received == []
    async with aiohttp.ClientSession() as session:  # probes still get the health route
        async with session.get(f"{off.url}/webhooks/rest/") as response:
            assert response.status == 200
