"""A socket.io conversation as the website widget has it: session_request, then user_uttered / bot_uttered.

Two transports: "polling" through python-socketio's own client, and "websocket" through a minimal
Engine.IO 4 / Socket.IO 5 client on the `websockets` library. python-engineio 4.15's websocket client needs
aiohttp>=3.10 (ClientWSTimeout), and Rasa 3.6 pins aiohttp 3.9.
"""

from __future__ import annotations

import asyncio
import functools
import json
import uuid
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import socketio
import websockets


class Chat:
    def __init__(self, url: str, transport: str = "polling", session_id: str | None = None) -> None:
        assert transport in ("polling", "websocket")
        self.url = url
        self.transport = transport
        self.session_id = session_id or uuid.uuid4().hex
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._confirmations: asyncio.Queue[Any] = asyncio.Queue()
        self._client: socketio.AsyncClient | None = None
        self._ws: websockets.WebSocketClientProtocol | None = None
        self._reader: asyncio.Task | None = None

    async def __aenter__(self) -> Chat:
        if self.transport == "polling":
            await self._connect_polling()
        else:
            await self._connect_websocket()
        await self.request_session({"session_id": self.session_id})
        return self

    async def request_session(self, data: Any) -> str:
        """Send a session_request; the session the server confirms is the one this chat uses from then on
        (the server may hand out a new one: one session per connection)."""
        await self.emit("session_request", data)
        self.session_id = await asyncio.wait_for(self._confirmations.get(), 15)
        return self.session_id

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
                        ) -> None:  # fmt: skip
        if self._client is not None:
            # Not client.disconnect(): over polling it waits for the pending long-poll (up to 25-30 s).
            eio = self._client.eio
            await eio.disconnect(abort=True)
            for task in (eio.read_loop_task, eio.write_loop_task):
                if task is not None:
                    task.cancel()
            if eio.http is not None and not eio.http.closed:
                await eio.http.close()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _received(self, event: str, data: Any) -> None:
        if event == "bot_uttered":
            await self.replies.put(data)
        elif event == "session_confirm":
            await self._confirmations.put(data)

    async def _connect_polling(self) -> None:
        self._client = socketio.AsyncClient(reconnection=False)
        for event in ("bot_uttered", "session_confirm"):
            self._client.on(event, functools.partial(self._received, event))  # a coroutine function
        await self._client.connect(self.url, transports=["polling"], wait_timeout=15)

    async def _connect_websocket(self) -> None:
        parts = urlsplit(self.url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self._ws = await websockets.connect(f"{scheme}://{parts.netloc}/socket.io/?EIO=4&transport=websocket",
                                            max_size=None, open_timeout=15)  # fmt: skip
        opening = await asyncio.wait_for(self._ws.recv(), 15)
        assert opening.startswith("0"), opening  # Engine.IO "open"
        await self._ws.send("40")  # Socket.IO "connect" to the default namespace
        connected = await asyncio.wait_for(self._ws.recv(), 15)
        assert connected.startswith("40"), connected
        self._reader = asyncio.create_task(self._read_websocket())

    async def _read_websocket(self) -> None:
        async for packet in self._ws:
            if packet == "2":  # Engine.IO ping from the server
                await self._ws.send("3")
            elif packet.startswith("42"):  # Socket.IO event
                event, *args = json.loads(packet[2:])
                await self._received(event, args[0] if args else None)

    async def emit(self, event: str, data: Any) -> None:
        if self._client is not None:
            await self._client.emit(event, data)
        else:
            await self._ws.send("42" + json.dumps([event, data]))

    async def send_raw(self, data: Any, first_within: float = 30, quiet: float = 0.4) -> list[dict[str, Any]]:
        """Emit user_uttered with any data; the replies: the first within `first_within` s, the rest until
        `quiet` s pass without one."""
        await self.emit("user_uttered", data)
        replies = []
        timeout = first_within
        while True:
            try:
                replies.append(await asyncio.wait_for(self.replies.get(), timeout))
            except asyncio.TimeoutError:
                return replies
            timeout = quiet

    async def send(self, message: str) -> list[str]:
        replies = await self.send_raw({"message": message, "session_id": self.session_id})
        return [r.get("text", "") for r in replies]

    async def text(self, message: str) -> str:
        return "\n".join(await self.send(message))
