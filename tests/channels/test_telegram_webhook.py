"""Telegram: real Update JSON posted to the running assistant; answers go to a fake Bot API server."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from tests.channels.helpers import unique_number, user_messages
from tests.channels.platforms import TELEGRAM_SECRET, TELEGRAM_TOKEN, ApiCall
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def message_update(chat_id: int, text: str) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Ana", "language_code": "ro"}
    return {
        "update_id": unique_number(),
        "message": {
            "message_id": unique_number(4),
            "from": user,
            "chat": {"id": chat_id, "first_name": "Ana", "type": "private"},
            "date": 1700000000,
            "text": text,
        },
    }


def post(assistant: Assistant, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET) -> requests.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return requests.post(f"{assistant.url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=60)


def sent_to(chat_id: int):  # noqa: ANN201
    def matches(call: ApiCall) -> bool:
        return call.platform == "telegram" and call.method == "sendMessage" and call.value("chat_id") == str(chat_id)

    return matches


def answer_text(calls: list[ApiCall]) -> str:
    return "\n".join(call.value("text") or "" for call in calls)


def test_webhook_is_registered_with_the_secret_token(assistant: Assistant) -> None:
    [call] = assistant.platforms.wait_for(lambda c: c.platform == "telegram" and c.method == "setWebhook")
    assert call.path == f"/telegram/bot{TELEGRAM_TOKEN}/setWebhook"
    assert call.value("url") == f"{assistant.url}/webhooks/telegram/webhook"
    assert call.value("secret_token") == TELEGRAM_SECRET


def test_a_question_is_answered_through_the_bot_api(assistant: Assistant) -> None:
    chat = unique_number()
    response = post(assistant, message_update(chat, "Cât câștigă un operator?"))
    assert response.status_code == 200
    calls = assistant.platforms.wait_for(sent_to(chat))
    assert "3000 RON net" in answer_text(calls)
    assert all(c.path == f"/telegram/bot{TELEGRAM_TOKEN}/sendMessage" for c in calls)


def test_a_retried_update_is_answered_once(assistant: Assistant) -> None:
    chat = unique_number()
    update = message_update(chat, "cat dureaza trainingul")
    assert post(assistant, update).status_code == 200
    first = assistant.platforms.wait_for(sent_to(chat))
    assert "între două și patru săptămâni" in answer_text(first)
    assert post(assistant, update).status_code == 200  # Telegram retries with the same update_id
    assert len(assistant.platforms.wait_for(sent_to(chat), settle=3)) == len(first)
    assert user_messages(assistant, f"telegram:{chat}") == ["cat dureaza trainingul"]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-token-0000", TELEGRAM_SECRET + "x"])
def test_an_update_without_the_secret_is_refused(assistant: Assistant, secret: str | None) -> None:
    chat = unique_number()
    response = post(assistant, message_update(chat, "Cât câștigă un operator?"), secret=secret)
    assert response.status_code == 403
    assert assistant.platforms.find(sent_to(chat)) == []
    assert user_messages(assistant, f"telegram:{chat}") == []


def test_buttons_are_an_inline_keyboard_and_a_press_answers(assistant: Assistant) -> None:
    chat = unique_number()
    assert post(assistant, message_update(chat, "ce poti face?")).status_code == 200
    calls = assistant.platforms.wait_for(lambda c: sent_to(chat)(c) and c.value("reply_markup") is not None)
    keyboard = json.loads(calls[-1].value("reply_markup"))["inline_keyboard"]
    buttons = {row[0]["text"]: row[0]["callback_data"] for row in keyboard}  # one button per row
    assert all(len(row) == 1 for row in keyboard)
    assert buttons["Salariul"] == "/ask_salary"

    before = len(assistant.platforms.find(sent_to(chat)))
    press = {
        "update_id": unique_number(),
        "callback_query": {
            "id": str(unique_number()),
            "from": {"id": chat, "is_bot": False, "first_name": "Ana"},
            "message": {"message_id": 1, "chat": {"id": chat, "type": "private"}, "date": 1700000000, "text": "x"},
            "chat_instance": "1",
            "data": buttons["Salariul"],
        },
    }
    assert post(assistant, press).status_code == 200
    calls = assistant.platforms.wait_for(sent_to(chat), count=before + 1)
    assert "3000 RON net" in answer_text(calls[before:])
    acknowledged = assistant.platforms.find(
        lambda c: c.method == "answerCallbackQuery" and c.value("callback_query_id") == press["callback_query"]["id"]
    )
    assert len(acknowledged) == 1
