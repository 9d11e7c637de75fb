"""The widget's socket.io channel on the running assistant, driven by a socket.io client (as a browser would)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests

from tests.channels.helpers import user_messages
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e


class Visitor:
    """A socket.io client speaking Engine.IO 4 long-polling over plain HTTP, as a browser does before upgrading."""

    def __init__(self, assistant: Assistant, origin: str | None) -> None:
        self.url = f"{assistant.url}/socket.io/"
        self.http = requests.Session()
        if origin:
            self.http.headers["Origin"] = origin
        self.sid = ""
        self.events: list[tuple[str, Any]] = []

    def connect(self) -> bool:
        """Open the transport and join the default namespace; False when the server refuses (connect_error)."""
        handshake = self.http.get(self.url, params={"EIO": "4", "transport": "polling"}, timeout=10)
        handshake.raise_for_status()
        self.sid = json.loads(handshake.text[1:])["sid"]
        self._post("40")
        packets = self.poll(10)
        if any(p.startswith("44") for p in packets):
            return False
        assert any(p.startswith("40") for p in packets), packets
        return True

    def emit(self, event: str, data: Any) -> None:
        self._post("42" + json.dumps([event, data]))

    def start_session(self, session_id: str | None = None) -> str:
        self.emit("session_request", {"session_id": session_id})
        return self.wait_for("session_confirm")

    def say(self, message: str, session_id: str) -> None:
        self.emit("user_uttered", {"message": message, "session_id": session_id})

    def wait_for(self, event: str, seconds: float = 30) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name, data in self.events:
                if name == event:
                    return data
            self.poll(min(5.0, max(0.5, deadline - time.monotonic())))
        raise AssertionError(f"no {event} within {seconds} s: {self.events}")

    def _post(self, packet: str) -> None:
        params = {"EIO": "4", "transport": "polling", "sid": self.sid}
        self.http.post(self.url, params=params, data=packet.encode(), timeout=10).raise_for_status()

    def poll(self, seconds: float) -> list[str]:
        params = {"EIO": "4", "transport": "polling", "sid": self.sid}
        try:
            response = self.http.get(self.url, params=params, timeout=seconds)
        except requests.ReadTimeout:
            return []
        packets = response.text.split("\x1e") if response.ok else []
        for packet in packets:
            if packet == "2":  # ping
                self._post("3")
            elif packet.startswith("42"):
                name, *data = json.loads(packet[2:])
                self.events.append((name, data[0] if data else None))
        return packets


def allowed_origin(assistant: Assistant) -> str:
    return assistant.web_url


def test_a_visitor_from_the_site_is_answered_in_its_session(assistant: Assistant) -> None:
    visitor = Visitor(assistant, allowed_origin(assistant))
    assert visitor.connect()
    session = visitor.start_session()
    assert len(session) == 32
    visitor.say("Cât câștigă un operator?", session)
    assert "3000 RON net" in visitor.wait_for("bot_uttered")["text"]
    assert user_messages(assistant, f"web:{session}") == ["Cât câștigă un operator?"]


def test_another_origin_cannot_connect(assistant: Assistant) -> None:
    assert not Visitor(assistant, "https://evil.example").connect()


def test_a_message_for_someone_elses_session_is_ignored(assistant: Assistant) -> None:
    owner, intruder = Visitor(assistant, allowed_origin(assistant)), Visitor(assistant, None)
    assert owner.connect() and intruder.connect()
    session = owner.start_session()
    intruder.start_session()
    intruder.say("Cât câștigă un operator?", session)  # not the intruder's session
    time.sleep(3)
    owner.poll(1)
    intruder.poll(1)
    assert [e for e in owner.events + intruder.events if e[0] == "bot_uttered"] == []
    assert user_messages(assistant, f"web:{session}") == []


def test_a_forged_session_id_gets_a_new_session(assistant: Assistant) -> None:
    visitor = Visitor(assistant, allowed_origin(assistant))
    assert visitor.connect()
    session = visitor.start_session("room-of-another-socket")
    assert session != "room-of-another-socket" and len(session) == 32
