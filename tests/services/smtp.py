"""A real SMTP server on loopback (aiosmtpd) that receives the assistant's e-mails, or refuses them, or hangs up.

    with smtp_server() as mail:
        ... SMTP_URL=mail.url ...
        [message] = mail.wait_for(1)
        mail.mode = "refuse"      # 451 to every message: the sender must keep it pending
        mail.mode = "disconnect"  # the connection is cut after the message's data, before the reply

Messages are parsed (email.message.EmailMessage); `links(message)` finds the URLs of its plain-text part.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from tests.services.processes import free_port

URL = re.compile(r"https?://\S+")


class Mailbox:
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.url = f"smtp://127.0.0.1:{port}"  # SMTP_URL
        self.messages: list[EmailMessage] = []
        self.mode = "accept"  # accept | refuse | disconnect
        self.refused = 0
        self.cut = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd's hook
        if self.mode == "refuse":
            self.refused += 1
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        if self.mode == "disconnect":
            self.cut += 1
            server.transport.abort()  # the client never hears whether its message was accepted
            return "421 4.3.0 Closing"
        message = message_from_bytes(envelope.original_content or envelope.content, policy=default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._lock:
            self.messages.append(message)
        return "250 2.0.0 OK"

    def received(self, to: str | None = None) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if to is None or m["To"] == to]

    def wait_for(self, count: int, to: str | None = None, seconds: float = 20) -> list[EmailMessage]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.received(to)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"expected {count} e-mails to {to or 'anyone'}, got {len(self.received(to))}")

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()


def text_part(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html_part(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content().replace("\r\n", "\n")


def links(message: EmailMessage) -> list[str]:
    return URL.findall(text_part(message))


def link(message: EmailMessage, kind: str) -> str:
    """The message's confirm or unsubscribe link."""
    [found] = {u for u in links(message) if f"/webhooks/alerts/{kind}/" in u}
    return found


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox(free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
