"""Idle and slow connections are closed: a whole request must arrive within HTTP_REQUEST_TIMEOUT seconds.

Sanic 21.12 (under Rasa 3.6 and rasa-sdk) measures its request timeout from the last byte received: a client
sending its headers or its body one byte every few seconds (slowloris) keeps a connection, a task and a buffer
forever (issue 12 saw them open past 75 s). HttpProtocol.check_timeouts, which Sanic runs on every connection
every few tenths of a second, is wrapped to also enforce a deadline from the request's first byte until its body
is complete; past it, the client gets 408 and the connection is closed. Idle keep-alive connections close after
HTTP_KEEP_ALIVE_TIMEOUT (Sanic's own setting, set in `configure`). Websockets (socket.io) are not affected: their
request is complete once upgraded.
"""

from __future__ import annotations

import functools
import logging
from time import monotonic
from typing import Any

from sanic import Sanic
from sanic.exceptions import RequestTimeout
from sanic.http import Stage
from sanic.server.protocols.http_protocol import HttpProtocol

from bot.runtime import replace

logger = logging.getLogger(__name__)

_MARK = "_bot_slow_clients"
# When each connection (by id: HttpProtocol has __slots__) began receiving its current request.
_started: dict[int, float] = {}


def receiving(protocol: HttpProtocol) -> bool:
    """Whether the connection is receiving a request: its headers, or the body of one whose handler waits."""
    http = getattr(protocol, "_http", None)
    if http is None or getattr(http, "upgrade_websocket", False):  # attributes set per request (__slots__)
        return False
    stage = getattr(http, "stage", None)
    return stage is Stage.REQUEST or (stage is Stage.HANDLER and bool(getattr(http, "request_body", None)))


def _wrap(original: Any) -> Any:
    @functools.wraps(original)
    def check_timeouts(self: HttpProtocol) -> None:
        if self._task and receiving(self):
            started = _started.setdefault(id(self), monotonic())
            if monotonic() - started > self.request_timeout:
                logger.info("closing a connection whose request did not arrive within %.0f s", self.request_timeout)
                http = self._http
                http.exception = RequestTimeout("Request Timeout")
                http.keep_alive = False
                http.request_body = None  # nothing more is read: the 408 is sent and the connection closed
                _started.pop(id(self), None)
                self._task.cancel()
                self.loop.call_later(1.0, self.check_timeouts)  # a second cancel ends a stuck connection
                return
        else:
            _started.pop(id(self), None)
        original(self)

    setattr(check_timeouts, _MARK, True)
    return check_timeouts


def _wrap_lost(original: Any) -> Any:
    @functools.wraps(original)
    def connection_lost(self: HttpProtocol, exc: Any) -> None:
        _started.pop(id(self), None)
        original(self, exc)

    setattr(connection_lost, _MARK, True)
    return connection_lost


def install() -> None:
    """Patch HttpProtocol.check_timeouts for this process (idempotent)."""
    replace(HttpProtocol, "check_timeouts", _MARK, _wrap)
    replace(HttpProtocol, "connection_lost", _MARK, _wrap_lost)


def configure(app: Sanic, request_timeout: float, keep_alive_timeout: float) -> None:
    # Sanic's config annotates these as int; it takes any number of seconds (the tests use fractions).
    app.config.REQUEST_TIMEOUT = request_timeout  # type: ignore[assignment]
    app.config.KEEP_ALIVE_TIMEOUT = keep_alive_timeout  # type: ignore[assignment]
    install()
