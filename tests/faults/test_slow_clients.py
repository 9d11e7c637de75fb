"""Slow and idle connections are closed within the limits (issue 12, reproduction 7: slow-header and slow-body
connections stayed open past 75 s on the Rasa port).

Raw sockets against the real servers of tests/faults (HTTP_REQUEST_TIMEOUT=3, HTTP_KEEP_ALIVE_TIMEOUT=2): a
client that sends its headers or its body one byte every half second, and one that sends nothing.
"""

from __future__ import annotations

import os
import select
import socket
import time
from collections.abc import Iterator

import pytest

from bot.security.action_token import development_token
from tests.faults.conftest import KEEP_ALIVE_TIMEOUT, REQUEST_TIMEOUT, Assistant

pytestmark = pytest.mark.e2e

MARGIN = 2.5  # Sanic checks its connections every half of its smallest timeout


def trickle(data: bytes) -> Iterator[bytes]:
    for i in range(len(data)):
        yield data[i : i + 1]
    while True:
        yield b"a"


def seconds_until_closed(
    port: int, first: bytes, then: Iterator[bytes] | None, give_up: float = 30
) -> tuple[float, bytes]:
    """Send `first`, then one piece of `then` every 0.5 s; the seconds until the server closed, and its answer."""
    started = time.monotonic()
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(first)
        while time.monotonic() - started < give_up:
            readable, _, _ = select.select([sock], [], [], 0.5)
            if readable:
                try:
                    chunk = sock.recv(65536)
                except ConnectionResetError:
                    return time.monotonic() - started, answer
                if not chunk:
                    return time.monotonic() - started, answer
                answer += chunk
                continue
            if then is not None:
                try:
                    sock.sendall(next(then))
                except (BrokenPipeError, ConnectionResetError):
                    return time.monotonic() - started, answer
    raise AssertionError(f"still open after {give_up} s")


HEADERS = b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: localhost\r\n"
BODY_HEADERS = HEADERS + b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"


def ports(assistant: Assistant) -> list[tuple[str, int]]:
    return [("rasa", assistant.rasa.port), ("actions", assistant.actions.port)]


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_slow_headers_are_cut_off(fault_assistant: Assistant, server: str) -> None:
    port = dict(ports(fault_assistant))[server]
    elapsed, answer = seconds_until_closed(port, HEADERS[:10], trickle(HEADERS[10:] + b"X-Slow: "))
    assert elapsed < REQUEST_TIMEOUT + MARGIN
    assert answer.startswith(b"HTTP/1.1 408")


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_a_slow_body_is_cut_off(fault_assistant: Assistant, server: str) -> None:
    port = dict(ports(fault_assistant))[server]
    first = BODY_HEADERS
    if server == "actions":  # with the Rasa server's token, or it answers 401 at once
        token = (os.environ.get("ACTION_SERVER_TOKEN") or development_token()).encode()
        first = first.replace(b"/webhooks/rest/webhook", b"/webhook").replace(
            b"Host: localhost\r\n", b"Host: localhost\r\nAuthorization: Bearer " + token + b"\r\n"
        )
    first += b'{"sender": "slow", "message": "'
    elapsed, answer = seconds_until_closed(port, first, trickle(b""))
    assert elapsed < REQUEST_TIMEOUT + MARGIN
    assert answer.startswith(b"HTTP/1.1 408")


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_idle_connections_are_closed(fault_assistant: Assistant, server: str) -> None:
    port = dict(ports(fault_assistant))[server]
    elapsed, _ = seconds_until_closed(port, b"", None)
    assert elapsed < KEEP_ALIVE_TIMEOUT + MARGIN
    request = (
        b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        if server == "actions"
        else b"GET /webhooks/rest/ HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    elapsed, answer = seconds_until_closed(port, request, None)  # answered, then idle on keep-alive
    assert answer.startswith(b"HTTP/1.1 200") and elapsed < KEEP_ALIVE_TIMEOUT + MARGIN


def test_a_normal_client_is_not_affected(fault_assistant: Assistant) -> None:
    assert "3000 RON net" in fault_assistant.text("Cât câștigă un operator?", fault_assistant.new_user())
