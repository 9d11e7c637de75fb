"""Webhook authentication: is this request really from Telegram, Facebook or Twilio?"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence

from twilio.request_validator import RequestValidator


def telegram_secret_ok(expected: str, header: str | None) -> bool:
    """Telegram sends the secret given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`."""
    if not expected or not header:
        return False
    return hmac.compare_digest(expected.encode(), header.encode())


def facebook_signature(app_secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` value Facebook computes: HMAC-SHA256 of the raw body with the app secret."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def facebook_signature_ok(app_secret: str, body: bytes, header: str | None) -> bool:
    if not app_secret or not header:
        return False
    return hmac.compare_digest(facebook_signature(app_secret, body).encode(), header.strip().lower().encode())


class _FormParams(dict[str, list[str]]):
    """Form fields with repeated values, in the shape Twilio's validator reads (`getlist`)."""

    def getlist(self, key: str) -> list[str]:
        return list(self[key])


def twilio_signature_ok(auth_token: str, url: str, form: Mapping[str, Sequence[str]], header: str | None) -> bool:
    """`X-Twilio-Signature`: HMAC-SHA1 of the URL Twilio called plus the sorted form fields, with the auth token.

    `url` must be the public URL configured in Twilio (behind a proxy it differs from what the server sees).
    """
    if not auth_token or not header:
        return False
    params = _FormParams({key: list(values) for key, values in form.items()})
    valid: bool = RequestValidator(auth_token).validate(url, params, header)
    return valid
