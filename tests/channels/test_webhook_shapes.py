"""Correctly signed webhooks of any JSON shape get 200 or 400, never 500 (issue 12, reproduction 6).

Hypothesis takes the platforms' documented payloads and puts an arbitrary JSON value at an arbitrary place in
them: the readers (bot/channels/incoming.py) return messages or raise MalformedPayload, nothing else; the
running assistant answers 400 to what it cannot read and 200 to the rest, and keeps answering.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.incoming import Incoming, MalformedPayload, facebook_events, telegram_update
from tests.channels import test_facebook_webhook as facebook
from tests.channels import test_telegram_webhook as telegram
from tests.channels.helpers import unique_number
from tests.channels.test_incoming import QUICK_REPLY, TELEGRAM_MESSAGE, fb_event
from tests.e2e.conftest import Assistant

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
TELEGRAM_BUTTON = {
    "update_id": 815000002,
    "callback_query": {"id": "9001", "from": {"id": 4242}, "data": "/ask_salary",
                       "message": {"message_id": 13, "chat": {"id": 4242, "type": "private"}, "date": 1}},
}  # fmt: skip
FACEBOOK = {
    "object": "page",
    "entry": [{"id": "PAGE", "time": 1, "messaging": [
        fb_event("u1", message={"mid": "m_1", "text": "Salut", "quick_reply": QUICK_REPLY}),
        fb_event("u2", postback={"mid": "m_2", "payload": "/greet"})]}],
}  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, valid: Any) -> Any:
    """`valid` with one value (anywhere, the whole payload included) replaced by arbitrary JSON."""
    payload = copy.deepcopy(valid)
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON)
    parent: Any = payload
    while True:
        keys = list(parent.keys()) if isinstance(parent, dict) else list(range(len(parent)))
        key = draw(st.sampled_from(keys))
        child = parent[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            parent = child
            continue
        parent[key] = draw(JSON)
        return payload


def read_or_refuse(reader: Any, payload: Any) -> list[Incoming]:
    try:
        result = reader(payload)
    except MalformedPayload:
        return []
    found = result if isinstance(result, list) else [result] if result else []
    for incoming in found:
        assert isinstance(incoming, Incoming)
        assert all(isinstance(v, str) for v in (incoming.sender_id, incoming.message_id, incoming.text))
    return found


@settings(max_examples=400, deadline=None)
@given(st.one_of(mutated(TELEGRAM_MESSAGE), mutated(TELEGRAM_BUTTON)))
def test_telegram_reader_reads_or_refuses(update: Any) -> None:
    read_or_refuse(telegram_update, update)


@settings(max_examples=400, deadline=None)
@given(mutated(FACEBOOK))
def test_facebook_reader_reads_or_refuses(payload: Any) -> None:
    read_or_refuse(facebook_events, payload)


# ------------------------------------------------------------------ the running assistant (signed requests)

ISSUE_CASES = [
    ("facebook", {"object": "page", "entry": ["x"]}),
    ("facebook", {"object": "page", "entry": [{"messaging": "str"}]}),
    ("facebook", {"object": "page", "entry": [{"messaging": [{"sender": "str", "message": {"text": "hi"}}]}]}),
    ("facebook", ["not", "an", "object"]),
    ("telegram", {"update_id": 5, "callback_query": {"id": "1", "data": "/greet", "message": "str"}}),
    ("telegram", {"update_id": 6, "message": "str"}),
    ("telegram", {"update_id": "7", "message": {"chat": {"id": 1}, "text": "hi"}}),
    ("telegram", "just a string"),
]


def post_signed(assistant: Assistant, platform: str, payload: Any) -> int:
    if platform == "facebook":
        return facebook.post(assistant, payload).status_code
    return telegram.post(assistant, payload).status_code


@pytest.mark.e2e
@pytest.mark.parametrize("platform, payload", ISSUE_CASES, ids=[json.dumps(p)[:40] for _, p in ISSUE_CASES])
def test_the_issues_payloads_get_400(assistant: Assistant, platform: str, payload: Any) -> None:
    assert post_signed(assistant, platform, payload) == 400


@pytest.mark.e2e
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_signed_payload_gets_200_or_400(assistant: Assistant, data: st.DataObject) -> None:
    platform = data.draw(st.sampled_from(["telegram", "facebook"]))
    if platform == "telegram":
        valid = copy.deepcopy(data.draw(st.sampled_from([TELEGRAM_MESSAGE, TELEGRAM_BUTTON])))
        valid["update_id"] = unique_number(12)  # not a retry of an earlier example
    else:
        valid = copy.deepcopy(FACEBOOK)
    assert post_signed(assistant, platform, data.draw(mutated(valid))) in (200, 400)


@pytest.mark.e2e
def test_the_channels_still_answer(assistant: Assistant) -> None:
    chat = unique_number()
    assert telegram.post(assistant, telegram.message_update(chat, "Cât câștigă un operator?")).status_code == 200
    assert "3000 RON net" in telegram.answer_text(assistant.platforms.wait_for(telegram.sent_to(chat)))
