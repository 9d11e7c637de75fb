"""The platforms' webhook payloads (as documented by Telegram, Meta and Twilio) read as user messages."""

from __future__ import annotations

from bot.channels.incoming import Incoming, facebook_events, telegram_update, twilio_message

TELEGRAM_MESSAGE = {
    "update_id": 815000001,
    "message": {
        "message_id": 12,
        "from": {"id": 4242, "is_bot": False, "first_name": "Ana", "language_code": "ro"},
        "chat": {"id": 4242, "first_name": "Ana", "type": "private"},
        "date": 1700000000,
        "text": "Cât câștigă un operator?",
    },
}


def test_telegram_text_message() -> None:
    assert telegram_update(TELEGRAM_MESSAGE) == Incoming("4242", "telegram:815000001", "Cât câștigă un operator?")


def test_telegram_start_greets() -> None:
    update = {**TELEGRAM_MESSAGE, "message": {**TELEGRAM_MESSAGE["message"], "text": "/start"}}
    assert telegram_update(update).text == "/greet"


def test_telegram_button_press() -> None:
    update = {
        "update_id": 815000002,
        "callback_query": {
            "id": "9001",
            "from": {"id": 4242, "is_bot": False, "first_name": "Ana"},
            "message": {"message_id": 13, "chat": {"id": 4242, "type": "private"}, "date": 1, "text": "Alege"},
            "chat_instance": "-1",
            "data": "/ask_salary",
        },
    }
    assert telegram_update(update) == Incoming("4242", "telegram:815000002", "/ask_salary", callback_id="9001")


def test_telegram_without_text_is_ignored() -> None:
    sticker = {"update_id": 3, "message": {"message_id": 1, "chat": {"id": 1}, "date": 1, "sticker": {}}}
    assert telegram_update(sticker) is None
    assert telegram_update({"update_id": 4, "edited_message": TELEGRAM_MESSAGE["message"]}) is None


def fb_event(sender: str, **event: object) -> dict:
    return {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, "timestamp": 1700000000000, **event}


QUICK_REPLY = {"payload": "/ask_salary"}


def test_facebook_batch_with_messages_quick_replies_and_postbacks() -> None:
    payload = {
        "object": "page",
        "entry": [
            {"id": "PAGE", "time": 1, "messaging": [fb_event("u1", message={"mid": "m_1", "text": "Salut"})]},
            {
                "id": "PAGE",
                "time": 2,
                "messaging": [
                    fb_event("u2", message={"mid": "m_2", "text": "Salariul", "quick_reply": QUICK_REPLY}),
                    fb_event("u3", postback={"mid": "m_3", "title": "Start", "payload": "/greet"}),
                    fb_event("u4", message={"mid": "m_4", "text": "ecou", "is_echo": True}),
                    fb_event("u5", delivery={"mids": ["m_1"], "watermark": 1}),
                ],
            },
        ],
    }
    assert facebook_events(payload) == [
        Incoming("u1", "facebook:m_1", "Salut"),
        Incoming("u2", "facebook:m_2", "/ask_salary"),
        Incoming("u3", "facebook:m_3", "/greet"),
    ]
    assert facebook_events({**payload, "object": "instagram"}) == []


def test_twilio_whatsapp_message() -> None:
    form = {
        "MessageSid": ["SM0123"],
        "SmsMessageSid": ["SM0123"],
        "AccountSid": ["AC1"],
        "From": ["whatsapp:+40700000001"],
        "To": ["whatsapp:+14155238886"],
        "Body": ["scrie-mi la ana¡exemplu.ro"],
        "NumMedia": ["0"],
        "ProfileName": ["Ana"],
    }
    assert twilio_message(form) == Incoming("whatsapp:+40700000001", "twilio:SM0123", "scrie-mi la ana@exemplu.ro")
    assert twilio_message({**form, "Body": ["  "]}) is None
    assert twilio_message({**form, "MessageSid": [], "SmsMessageSid": []}) is None
