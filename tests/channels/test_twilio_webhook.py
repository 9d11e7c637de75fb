"""Twilio (WhatsApp): form-encoded, signed webhooks posted to the running assistant; answers go to a fake
Twilio REST API."""

from __future__ import annotations

import base64
import time

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.channels.helpers import unique_number, user_messages
from tests.channels.platforms import TWILIO_NUMBER, TWILIO_SID, TWILIO_TOKEN, ApiCall
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e


def webhook_url(assistant: Assistant) -> str:
    return f"{assistant.url}/webhooks/twilio/webhook"


def whatsapp_form(sender: str, body: str) -> dict[str, str]:
    sid = f"SM{unique_number(16):032x}"
    return {
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ProfileName": "Ana",
        "SmsSid": sid,
        "WaId": sender.removeprefix("whatsapp:+"),
        "SmsStatus": "received",
        "Body": body,
        "To": TWILIO_NUMBER,
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": sid,
        "AccountSid": TWILIO_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def post(
    assistant: Assistant, form: dict[str, str], token: str = TWILIO_TOKEN, signed_url: str | None = None
) -> requests.Response:
    signature = RequestValidator(token).compute_signature(signed_url or webhook_url(assistant), form)
    return requests.post(webhook_url(assistant), data=form, headers={"X-Twilio-Signature": signature}, timeout=60)


def sent_to(sender: str):  # noqa: ANN201
    def matches(call: ApiCall) -> bool:
        return call.platform == "twilio" and call.value("To") == sender

    return matches


def answer_text(calls: list[ApiCall]) -> str:
    return "\n".join(call.value("Body") or "" for call in calls)


def new_sender() -> str:
    return f"whatsapp:+407{unique_number(8)}"


def test_a_signed_message_is_answered_through_the_messages_api(assistant: Assistant) -> None:
    sender = new_sender()
    response = post(assistant, whatsapp_form(sender, "Cât câștigă un operator?"))
    assert response.status_code == 200
    assert "<Response>" in response.text
    calls = assistant.platforms.wait_for(sent_to(sender))
    assert "3000 RON net" in answer_text(calls)
    call = calls[0]
    assert call.path == f"/twilio/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert call.value("From") == TWILIO_NUMBER
    credentials = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
    assert call.headers["Authorization"] == f"Basic {credentials}"


@pytest.mark.parametrize("forgery", ["no signature", "wrong token", "other url", "changed body"])
def test_a_forged_webhook_is_refused(assistant: Assistant, forgery: str) -> None:
    sender = new_sender()
    form = whatsapp_form(sender, "Cât câștigă un operator?")
    if forgery == "no signature":
        response = requests.post(webhook_url(assistant), data=form, timeout=30)
    elif forgery == "wrong token":
        response = post(assistant, form, token="not-the-auth-token")
    elif forgery == "other url":
        response = post(assistant, form, signed_url="https://evil.example/webhooks/twilio/webhook")
    else:
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(webhook_url(assistant), form)
        response = requests.post(
            webhook_url(assistant), data={**form, "Body": "altceva"}, headers={"X-Twilio-Signature": signature},
            timeout=30,
        )
    assert response.status_code == 403
    time.sleep(0.5)
    assert assistant.platforms.find(sent_to(sender)) == []
    assert user_messages(assistant, sender) == []


def test_a_retried_message_is_answered_once(assistant: Assistant) -> None:
    sender = new_sender()
    form = whatsapp_form(sender, "cat dureaza trainingul")
    assert post(assistant, form).status_code == 200
    first = assistant.platforms.wait_for(sent_to(sender))
    assert "între două și patru săptămâni" in answer_text(first)
    assert post(assistant, form).status_code == 200
    assert len(assistant.platforms.wait_for(sent_to(sender), settle=3)) == len(first)
    assert user_messages(assistant, sender) == ["cat dureaza trainingul"]


def test_buttons_become_numbered_options_and_a_number_picks_one(assistant: Assistant) -> None:
    sender = new_sender()
    assert post(assistant, whatsapp_form(sender, "ce poti face?")).status_code == 200
    calls = assistant.platforms.wait_for(lambda c: sent_to(sender)(c) and "1. " in (c.value("Body") or ""))
    menu = calls[-1].value("Body")
    assert "1. Ce face un operator" in menu and "2. Salariul" in menu
    assert "Răspunde cu numărul variantei alese." in menu

    before = len(assistant.platforms.find(sent_to(sender)))
    assert post(assistant, whatsapp_form(sender, "2")).status_code == 200
    calls = assistant.platforms.wait_for(sent_to(sender), count=before + 1)
    assert "3000 RON net" in answer_text(calls[before:])
    assert user_messages(assistant, sender)[-1] == "/ask_salary"
