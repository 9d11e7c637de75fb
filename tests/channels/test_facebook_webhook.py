"""Facebook Messenger: signed `entry` payloads posted to the running assistant; answers go to a fake Graph API."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from typing import Any

import pytest
import requests

from tests.channels.helpers import unique_number, user_messages
from tests.channels.platforms import FACEBOOK_PAGE_TOKEN, FACEBOOK_SECRET, FACEBOOK_VERIFY, ApiCall
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e

PAGE_ID = "1122334455"


def messaging(sender: str, text: str, **extra: Any) -> dict[str, Any]:
    message = {"mid": f"m_{unique_number(12)}", "text": text, **extra}
    return {"sender": {"id": sender}, "recipient": {"id": PAGE_ID}, "timestamp": int(time.time() * 1000),
            "message": message}


def entry(*events: dict[str, Any]) -> dict[str, Any]:
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000), "messaging": list(events)}]}


def sign(body: bytes, secret: str = FACEBOOK_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(assistant: Assistant, payload: dict[str, Any], signature: str | None = "valid") -> requests.Response:
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = sign(body) if signature == "valid" else signature
    return requests.post(f"{assistant.url}/webhooks/facebook/webhook", data=body, headers=headers, timeout=60)


def sent_to(sender: str):  # noqa: ANN201
    def matches(call: ApiCall) -> bool:
        body = call.json or {}
        return call.platform == "facebook" and body.get("recipient", {}).get("id") == sender and "message" in body

    return matches


def answer_text(calls: list[ApiCall]) -> str:
    return "\n".join(call.json["message"].get("text", "") for call in calls)


def new_sender() -> str:
    return str(unique_number(16))


def test_subscription_check_needs_the_verify_token(assistant: Assistant) -> None:
    url = f"{assistant.url}/webhooks/facebook/webhook"
    ok = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": FACEBOOK_VERIFY,
                                   "hub.challenge": "1158201444"}, timeout=10)
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
                         timeout=10)
    assert wrong.status_code == 403


def test_a_signed_message_is_answered_through_the_send_api(assistant: Assistant) -> None:
    sender = new_sender()
    response = post(assistant, entry(messaging(sender, "Cât câștigă un operator?")))
    assert response.status_code == 200
    calls = assistant.platforms.wait_for(sent_to(sender))
    assert "3000 RON net" in answer_text(calls)
    call = calls[0]
    assert call.path == "/facebook/me/messages"
    assert call.json["messaging_type"] == "RESPONSE"
    assert call.query["access_token"] == [FACEBOOK_PAGE_TOKEN]
    proof = hmac.new(FACEBOOK_SECRET.encode(), FACEBOOK_PAGE_TOKEN.encode(), hashlib.sha256).hexdigest()
    assert call.query["appsecret_proof"] == [proof]


def test_every_event_of_a_batched_webhook_is_answered(assistant: Assistant) -> None:
    ana, ion = new_sender(), new_sender()
    payload = entry(messaging(ana, "Cât câștigă un operator?"), messaging(ion, "cat dureaza trainingul"))
    assert post(assistant, payload).status_code == 200
    assert "3000 RON net" in answer_text(assistant.platforms.wait_for(sent_to(ana)))
    assert "între două și patru săptămâni" in answer_text(assistant.platforms.wait_for(sent_to(ion)))


@pytest.mark.parametrize(
    "signature",
    [None, "sha256=" + "0" * 64, sign(b"another body"), sign(b"{}", "wrong-secret"), "sha1=abcdef", "garbage"],
)
def test_a_forged_or_unsigned_webhook_is_refused(assistant: Assistant, signature: str | None) -> None:
    sender = new_sender()
    response = post(assistant, entry(messaging(sender, "Cât câștigă un operator?")), signature=signature)
    assert response.status_code == 403
    time.sleep(0.5)
    assert assistant.platforms.find(sent_to(sender)) == []
    assert user_messages(assistant, f"facebook:{sender}") == []


def test_a_retried_message_is_answered_once_even_while_the_first_is_in_progress(assistant: Assistant) -> None:
    sender = new_sender()
    payload = entry(messaging(sender, "Ce face un operator?"))
    statuses: list[int] = []
    posts = [threading.Thread(target=lambda: statuses.append(post(assistant, payload).status_code)) for _ in range(3)]
    for thread in posts:
        thread.start()
    for thread in posts:
        thread.join()
    assert statuses == [200, 200, 200]
    calls = assistant.platforms.wait_for(sent_to(sender), settle=3)
    assert answer_text(calls).count("reclamațiile") == 1
    assert user_messages(assistant, f"facebook:{sender}") == ["Ce face un operator?"]


def test_buttons_are_quick_replies_and_a_quick_reply_answers(assistant: Assistant) -> None:
    sender = new_sender()
    assert post(assistant, entry(messaging(sender, "ce poti face?"))).status_code == 200
    calls = assistant.platforms.wait_for(lambda c: sent_to(sender)(c) and "quick_replies" in c.json["message"])
    quick_replies = {q["title"]: q["payload"] for q in calls[-1].json["message"]["quick_replies"]}
    assert quick_replies["Salariul"] == "/ask_salary"
    assert all(len(title) <= 20 for title in quick_replies)

    before = len(assistant.platforms.find(sent_to(sender)))
    chosen = messaging(sender, "Salariul", quick_reply={"payload": quick_replies["Salariul"]})
    assert post(assistant, entry(chosen)).status_code == 200
    calls = assistant.platforms.wait_for(sent_to(sender), count=before + 1)
    assert "3000 RON net" in answer_text(calls[before:])
