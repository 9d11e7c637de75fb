"""Webhook authentication, with signatures computed the way each platform computes them."""

from __future__ import annotations

import hashlib
import hmac

from twilio.request_validator import RequestValidator

from bot.channels.signatures import facebook_signature_ok, telegram_secret_ok, twilio_signature_ok

BODY = b'{"object":"page","entry":[{"id":"1","messaging":[]}]}'


def test_telegram_secret_must_match_exactly() -> None:
    assert telegram_secret_ok("s3cret-token_value", "s3cret-token_value")
    assert not telegram_secret_ok("s3cret-token_value", "s3cret-token_valuE")
    assert not telegram_secret_ok("s3cret-token_value", None)
    assert not telegram_secret_ok("", "")


def test_facebook_signature_is_hmac_sha256_of_the_raw_body() -> None:
    header = "sha256=" + hmac.new(b"app-secret", BODY, hashlib.sha256).hexdigest()
    assert facebook_signature_ok("app-secret", BODY, header)
    assert facebook_signature_ok("app-secret", BODY, header.upper().replace("SHA256=", "sha256="))


def test_facebook_refuses_forged_missing_or_sha1_signatures() -> None:
    good = "sha256=" + hmac.new(b"app-secret", BODY, hashlib.sha256).hexdigest()
    assert not facebook_signature_ok("other-secret", BODY, good)
    assert not facebook_signature_ok("app-secret", BODY + b" ", good)
    assert not facebook_signature_ok("app-secret", BODY, None)
    assert not facebook_signature_ok("app-secret", BODY, "sha1=" + hmac.new(b"app-secret", BODY, "sha1").hexdigest())
    assert not facebook_signature_ok("", BODY, "sha256=" + hmac.new(b"", BODY, hashlib.sha256).hexdigest())


URL = "https://bot.example.ro/webhooks/twilio/webhook"
FORM = {"From": ["whatsapp:+40700000001"], "Body": ["Salut"], "MessageSid": ["SM1"], "MediaUrl0": []}


def twilio_sign(url: str, form: dict[str, list[str]], token: str = "auth-token") -> str:
    flat = {key: values[0] for key, values in form.items() if values}
    return RequestValidator(token).compute_signature(url, flat)


def test_twilio_signature_covers_url_and_every_field() -> None:
    form = {k: v for k, v in FORM.items() if v}
    signature = twilio_sign(URL, form)
    assert twilio_signature_ok("auth-token", URL, form, signature)
    assert not twilio_signature_ok("auth-token", URL, {**form, "Body": ["Altceva"]}, signature)
    assert not twilio_signature_ok("auth-token", URL.replace("bot.", "evil."), form, signature)
    assert not twilio_signature_ok("other-token", URL, form, signature)
    assert not twilio_signature_ok("auth-token", URL, form, None)


def test_twilio_signature_with_repeated_fields() -> None:
    form = {"From": ["+40700000001"], "Body": ["a"], "MessageSid": ["SM2"], "Tag": ["y", "x"]}
    data = URL + "Body" + "a" + "From" + "+40700000001" + "MessageSid" + "SM2" + "Tag" + "x" + "Tag" + "y"
    import base64

    signature = base64.b64encode(hmac.new(b"auth-token", data.encode(), hashlib.sha1).digest()).decode()
    assert twilio_signature_ok("auth-token", URL, form, signature)
