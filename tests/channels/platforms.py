"""A stand-in for the platforms' own API servers (Telegram Bot API, Facebook Graph API, Twilio REST API).

The one thing mocked in the channel tests, at the HTTP level: the assistant's channels are pointed at it
(TELEGRAM_API_URL, FACEBOOK_GRAPH_URL, TWILIO_API_URL) and it records every call and answers as the real
APIs do, with the minimum of fields their clients read.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class ApiCall:
    platform: str  # telegram, facebook, twilio
    method: str  # Telegram method (sendMessage), or the path after the platform prefix
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, list[str]] = field(default_factory=dict)
    json: Any = None

    def value(self, name: str) -> str | None:
        """A form field (Telegram, Twilio send forms)."""
        values = self.form.get(name)
        return values[0] if values else None


class PlatformApis:
    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.url = ""

    def record(self, call: ApiCall) -> None:
        with self._lock:
            self.calls.append(call)

    def find(self, predicate: Callable[[ApiCall], bool]) -> list[ApiCall]:
        with self._lock:
            return [c for c in self.calls if predicate(c)]

    def wait_for(
        self, predicate: Callable[[ApiCall], bool], count: int = 1, timeout: float = 30, settle: float = 0.0
    ) -> list[ApiCall]:
        """The matching calls once there are at least `count`; after `settle` more seconds, to catch extras."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.find(predicate)) >= count:
                time.sleep(settle)
                return self.find(predicate)
            time.sleep(0.1)
        raise AssertionError(f"expected {count} matching API calls within {timeout} s, got: {self.find(predicate)}")

    def next_id(self) -> int:
        return next(self._ids)


def _handler(apis: PlatformApis) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            content_type = self.headers.get("Content-Type") or ""
            form, payload = {}, None
            if "json" in content_type:
                payload = json.loads(body or b"null")
            elif "multipart/form-data" in content_type:
                form = _multipart(body, content_type)
            else:
                form = parse_qs(body.decode(), keep_blank_values=True)
            platform, _, rest = parts.path.lstrip("/").partition("/")
            method = rest.rsplit("/", 1)[-1] if platform == "telegram" else rest
            call = ApiCall(platform, method, parts.path, parse_qs(parts.query), dict(self.headers), form, payload)
            apis.record(call)
            status, answer = self._answer(call)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _answer(self, call: ApiCall) -> tuple[int, Any]:
            if call.platform == "telegram":
                if call.method == "sendMessage":
                    chat = {"id": int(call.value("chat_id") or 0), "type": "private"}
                    message = {"message_id": apis.next_id(), "date": int(time.time()), "chat": chat}
                    return 200, {"ok": True, "result": {**message, "text": call.value("text")}}
                return 200, {"ok": True, "result": True}
            if call.platform == "facebook":
                recipient = (call.json or {}).get("recipient", {}).get("id")
                return 200, {"recipient_id": recipient, "message_id": f"m_{apis.next_id()}"}
            if call.platform == "twilio":
                sid = f"SM{apis.next_id():032d}"
                return 201, {
                    "sid": sid,
                    "to": call.value("To"),
                    "from": call.value("From"),
                    "body": call.value("Body"),
                    "status": "queued",
                }
            return 404, {"error": "unknown platform"}

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


def _multipart(body: bytes, content_type: str) -> dict[str, list[str]]:
    from email.parser import BytesParser
    from email.policy import default

    message = BytesParser(policy=default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    form: dict[str, list[str]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        form.setdefault(name, []).append(part.get_content())
    return form


@contextmanager
def platform_apis() -> Iterator[PlatformApis]:
    apis = PlatformApis()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(apis))
    apis.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield apis
    finally:
        server.shutdown()
        server.server_close()


# Fake credentials the assistant under test runs with (credentials.yml reads them from the environment).
TELEGRAM_TOKEN = "123456789:TEST-telegram-token"
TELEGRAM_SECRET = "test-secret_for-telegram-webhooks"
FACEBOOK_VERIFY = "test-verify-token"
FACEBOOK_SECRET = "test-facebook-app-secret"
FACEBOOK_PAGE_TOKEN = "test-page-access-token"
TWILIO_SID = "AC" + "0123456789abcdef" * 2
TWILIO_TOKEN = "test-twilio-auth-token"
TWILIO_NUMBER = "whatsapp:+14155238886"


def channel_environment(rasa_url: str, apis_url: str) -> dict[str, str]:
    """Every messaging channel on, talking to the fake platform APIs at `apis_url`."""
    return {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_WEBHOOK_URL": f"{rasa_url}/webhooks/telegram/webhook",
        "TELEGRAM_API_URL": f"{apis_url}/telegram",
        "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY,
        "FACEBOOK_APP_SECRET": FACEBOOK_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": FACEBOOK_PAGE_TOKEN,
        "FACEBOOK_GRAPH_URL": f"{apis_url}/facebook",
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_NUMBER": TWILIO_NUMBER,
        "TWILIO_WEBHOOK_URL": f"{rasa_url}/webhooks/twilio/webhook",
        "TWILIO_API_URL": f"{apis_url}/twilio",
    }
