"""No personal data in the logs (issue 12, reproduction 4): the assistant's own log files after an end-to-end
run that typed e-mail addresses and phone numbers, then asked to delete them.

Before: every question with the industry buttons logged 9 `ERROR rasa.core.nlg.interpolator` lines whose
traceback held the slots (the e-mail), still in var/log/rasa.log after „șterge-mi datele”.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from bot.candidates import texts
from tests.channels import test_twilio_webhook as twilio
from tests.channels.helpers import unique_number
from tests.e2e.conftest import Assistant

pytestmark = pytest.mark.e2e


def log_text(assistant: Assistant) -> str:
    logs = Path(assistant.tracker_db).parent / "log"  # LOG_DIR of the running assistant (tests/e2e/conftest.py)
    files = sorted(logs.glob("*.log"))
    assert {f.name for f in files} >= {"rasa.log", "actions.log"}
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)


def test_the_logs_hold_no_email_or_phone_of_a_conversation(assistant: Assistant) -> None:
    n = unique_number(6)
    email, typo_email = f"log.test.{n}@example.com", f"log.typo.{n}@gmail"
    phone = f"0733 {n // 1000:03d} {n % 1000:03d}"
    whatsapp = f"whatsapp:+4072{unique_number(7)}"
    user = assistant.new_user()

    def say(message: str) -> str:
        return assistant.text(message, user)

    say("vreau alerte de joburi")
    assert "nu pare o adresă de e-mail corectă" in say(typo_email)
    say(email)
    say("retail")  # the industry buttons: the answer Rasa interpolated
    for message in ("Cluj", "engleză", "da"):
        say(message)
    for message in ("vreau să vorbesc cu un recrutor", "Ion Popescu", "0733 12", phone, "da"):
        say(message)
    assert email in say("ce date aveți despre mine?")
    # A REST client using a phone number as its sender, an empty message (logged with its sender id), and a
    # WhatsApp user whose sender id is a phone number.
    body = {"sender": phone, "message": " "}
    response = requests.post(f"{assistant.url}/webhooks/rest/webhook", json=body, timeout=30)
    assert response.status_code == 200
    assert twilio.post(assistant, twilio.whatsapp_form(whatsapp, "Cât câștigă un operator?")).status_code == 200
    assert say("șterge-mi datele") == texts.deleted(1, 1)

    logs = log_text(assistant)
    assert "rasa.core.nlg.interpolator" not in logs
    digits = re.sub(r"\D", "", phone)
    for secret in (email, typo_email, phone, digits, digits[1:], whatsapp, whatsapp.removeprefix("whatsapp:")):
        assert secret not in logs, secret
    assert "<telefon>" in logs  # the sender ids were logged, masked
