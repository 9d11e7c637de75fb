"""Bad input over REST and socket.io: a 4xx or a polite answer, never a 500 or a stack trace, and the
conversation goes on afterwards. Real Rasa (`python -m bot.server run`), real action server."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest
import requests

from bot.answers import messages
from tests.faults.conftest import Assistant
from tests.services.socketio_chat import Chat

pytestmark = pytest.mark.e2e

QUESTION = "cat castiga un operator?"
ANSWER = "3000 RON net pe lună"

ODD_TEXTS = {
    "empty": "",
    "whitespace": "  \n\t  ",
    "100 000 characters": "a" * 100_000,
    "emoji only": "👍🎉😀",
    "arabic (right to left)": "كم يكسب موظف مركز الاتصال؟",
    "hebrew (right to left)": "כמה מרוויח נציג מוקד?",
    "bidi overrides": "\u202ecât câștigă\u202c \u2066operator\u2069",
    "control characters": "\x00\x07\x1b[31mcât\x08\x7f",
    "lone surrogate": "salut \ud800 \udfff",
    "zero width": "\u200b\u200c\u200d\ufeff",
    "markup": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "intent payload with junk": '/ask_salary{"industry": {"$ne": 1}, "language": ["x"], "experience": 1e308}',
    "sql": "'; DROP TABLE events; --",
}


def no_stack_trace(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


@pytest.mark.parametrize("text", list(ODD_TEXTS.values()), ids=list(ODD_TEXTS))
def test_rest_odd_messages_get_a_polite_answer(fault_assistant: Assistant, text: str) -> None:
    user = fault_assistant.new_user()
    response = fault_assistant.post({"sender": user, "message": text})
    assert response.status_code == 200
    no_stack_trace(response.text)
    replies = response.json()
    assert replies and all(isinstance(r.get("text"), str) and r["text"].strip() for r in replies)
    assert ANSWER in fault_assistant.text(QUESTION, user)  # the conversation goes on


def test_rest_limits_answer_in_romanian(fault_assistant: Assistant) -> None:
    user = fault_assistant.new_user()
    assert fault_assistant.texts("a" * 100_000, user) == [messages.message_too_long(2000)]
    assert fault_assistant.texts("   ", user) == [messages.EMPTY_MESSAGE]


BAD_BODIES = {
    "broken JSON": b'{"sender": "x", "message": "salut"',
    "invalid UTF-8": b'{"sender": "x", "message": "\xff\xfe\xc3("}',
    "not JSON": b"sender=x&message=salut",
    "empty body": b"",
    "JSON list": b'[{"sender": "x", "message": "salut"}]',
    "JSON string": b'"salut"',
    "JSON null": b"null",
    "missing sender": b'{"message": "salut"}',
    "empty sender": b'{"sender": "  ", "message": "salut"}',
    "sender is a number": b'{"sender": 42, "message": "salut"}',
    "sender is an object": b'{"sender": {"id": 1}, "message": "salut"}',
    "missing message": b'{"sender": "x"}',
    "message is null": b'{"sender": "x", "message": null}',
    "message is a number": b'{"sender": "x", "message": 123}',
    "message is a list": b'{"sender": "x", "message": ["salut"]}',
    "metadata is a string": b'{"sender": "x", "message": "salut", "metadata": "m"}',
    "huge body": json.dumps({"sender": "x", "message": "ș" * 300_000}).encode(),
}


@pytest.mark.parametrize("body", list(BAD_BODIES.values()), ids=list(BAD_BODIES))
def test_rest_malformed_requests_get_a_4xx(fault_assistant: Assistant, body: bytes) -> None:
    response = fault_assistant.post(data=body)
    assert 400 <= response.status_code < 500, response.text
    no_stack_trace(response.text)
    assert ANSWER in fault_assistant.text(QUESTION, fault_assistant.new_user())


def test_missing_sender_does_not_join_a_shared_conversation(fault_assistant: Assistant) -> None:
    """Rasa would file every sender-less message under "default", mixing strangers' conversations."""
    body = json.dumps({"message": "Cât câștigă un operator?"}).encode()
    assert fault_assistant.post(data=body).status_code == 400
    with sqlite3.connect(fault_assistant.tracker_db) as db:
        shared = "SELECT COUNT(*) FROM events WHERE sender_id IN ('default', 'rest:default')"
        assert db.execute(shared).fetchone() == (0,)


def test_rest_get_and_wrong_content_type(fault_assistant: Assistant) -> None:
    url = f"{fault_assistant.url}/webhooks/rest/webhook"
    assert requests.get(url, timeout=10).status_code == 405
    response = requests.post(url, data='{"sender": "x", "message": "salut"}', headers={"Content-Type": "text/plain"},
                             timeout=30)  # fmt: skip
    assert response.status_code == 200 and response.json()  # the body is what counts, as for Rasa itself


# The website widget starts with long polling and upgrades to a websocket: both transports.
@pytest.mark.parametrize("transport", ["polling", "websocket"])
async def test_socketio_odd_messages(fault_assistant: Assistant, transport: str) -> None:
    async with Chat(fault_assistant.url, transport) as chat:
        for name, text in ODD_TEXTS.items():
            replies = await chat.send(text)
            assert replies and all(r.strip() for r in replies), name
        assert ANSWER in await chat.text(QUESTION)
        assert "peste 6000 RON" in await chat.text("și cu germană?")


BAD_EVENTS = {
    "string": "salut",
    "list": ["salut"],
    "null": None,
    "number": 7,
    "message is a number": {"message": 5, "session_id": "SESSION"},
    "message is an object": {"message": {"text": "salut"}, "session_id": "SESSION"},
    "no session_id": {"message": "salut"},
    "session_id is a number": {"message": "salut", "session_id": 5},
    "metadata is broken JSON": {"message": "salut", "session_id": "SESSION", "metadata": "{oops"},
    "metadata is a list": {"message": "salut", "session_id": "SESSION", "metadata": [1]},
}


@pytest.mark.parametrize("transport", ["polling", "websocket"])
async def test_socketio_malformed_events_get_a_polite_answer(fault_assistant: Assistant, transport: str) -> None:
    async with Chat(fault_assistant.url, transport) as chat:
        for name, data in BAD_EVENTS.items():
            if isinstance(data, dict) and data.get("session_id") == "SESSION":
                data = {**data, "session_id": chat.session_id}
            replies = await chat.send_raw(data)
            assert [r.get("text") for r in replies] == [messages.UNREADABLE_MESSAGE], name
        assert ANSWER in await chat.text(QUESTION)


async def test_socketio_malformed_session_requests(fault_assistant: Assistant) -> None:
    async with Chat(fault_assistant.url, "websocket") as chat:
        for data in ("x", 5, None, [], {"session_id": {"a": 1}}, {"session_id": 7}):
            session_id = await chat.request_session(data)  # a fresh session instead of an error
            assert isinstance(session_id, str) and session_id
        assert ANSWER in await chat.text(QUESTION)


def test_socketio_invalid_utf8_over_polling(fault_assistant: Assistant) -> None:
    """Raw engine.io polling with bytes that are not UTF-8: refused, and the server carries on."""
    base = f"{fault_assistant.url}/socket.io/?EIO=4&transport=polling"
    handshake = requests.get(base, timeout=10)
    assert handshake.status_code == 200
    sid = json.loads(handshake.text[1:])["sid"]
    url = f"{base}&sid={sid}"
    assert requests.post(url, data=b"40", timeout=10).status_code == 200
    requests.get(url, timeout=10)  # the namespace's connect answer
    event = b'42["user_uttered",{"message":"\xff\xfe\xc3(","session_id":"' + uuid.uuid4().hex.encode() + b'"}]'
    response = requests.post(url, data=event, timeout=10)
    assert response.status_code < 500
    no_stack_trace(response.text)
    assert ANSWER in fault_assistant.text(QUESTION, fault_assistant.new_user())
