"""The confirm and unsubscribe links of the alert e-mails: signed tokens, no login.

A token names what it does (confirm or unsubscribe), the subscription and that subscription's random link key
(a subscription deleted and its id reused later is not reached by an old link), when it was issued, and an
HMAC-SHA256 of all that with ALERT_LINK_SECRET: changing any character makes it invalid. Confirmation links
expire after CONFIRM_DAYS; unsubscribe links never do (an old e-mail must still let the candidate stop).

    c.42.Zm9vYmFyYmF6cXV4cXV1dXg.m3k2p1.<signature>

Production (BOT_ENV=production): ALERT_LINK_SECRET must be set and strong (bot/production.py). Development:
generated once into var/alert-link.secret (mode 0600), shared by the servers and the command line.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot import PROJECT_ROOT
from bot.candidates.texts import CONFIRM_DAYS
from bot.production import ALERT_LINK_SECRET_VARIABLE, ProductionConfigError, is_production, weak_secret
from bot.security.action_token import development_token

SECRET_VARIABLE = ALERT_LINK_SECRET_VARIABLE
SECRET_FILE = PROJECT_ROOT / "var" / "alert-link.secret"
CONFIRM = "c"
UNSUBSCRIBE = "u"
PATHS = {CONFIRM: "confirm", UNSUBSCRIBE: "unsubscribe"}
ROUTE_PREFIX = "/webhooks/alerts"  # the Rasa server's channel bot/channels/alert_links.py
CONFIRM_SECONDS = CONFIRM_DAYS * 24 * 3600
_VERSION = b"alert-link-v1|"
_TOKEN = re.compile(r"^([cu])\.(\d{1,12})\.([A-Za-z0-9_-]{16,43})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$")


class InvalidLink(ValueError):
    """A link that cannot be used; `reason`: "invalid" (malformed, tampered, another purpose) or "expired"."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class LinkTarget:
    subscription_id: int
    link_key: str
    issued_at: int


def secret(env: Mapping[str, str] | None = None, development_file: Path | None = None) -> str:
    """ALERT_LINK_SECRET; in development the generated one. Raises ProductionConfigError for a missing or weak
    secret in production."""
    env = os.environ if env is None else env
    value = (env.get(SECRET_VARIABLE) or "").strip()
    if is_production(env):
        reason = weak_secret(value)
        if reason:
            raise ProductionConfigError([f"{SECRET_VARIABLE} {reason}"])
        return value
    return value or development_token(development_file or SECRET_FILE)


def _signature(key: str, body: str) -> str:
    digest = hmac.new(key.encode("utf-8"), _VERSION + body.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def sign(key: str, purpose: str, subscription_id: int, link_key: str, issued_at: float | None = None) -> str:
    if purpose not in PATHS:
        raise ValueError(purpose)
    issued = int(time.time() if issued_at is None else issued_at)
    body = f"{purpose}.{subscription_id}.{link_key}.{_base36(issued)}"
    return f"{body}.{_signature(key, body)}"


def verify(key: str, token: str, purpose: str, now: float | None = None) -> LinkTarget:
    """The subscription a token of this purpose names; raises InvalidLink."""
    match = _TOKEN.match(token or "")
    if not match:
        raise InvalidLink("invalid")
    kind, subscription_id, link_key, issued, signature = match.groups()
    body = token.rsplit(".", 1)[0]
    if not hmac.compare_digest(signature, _signature(key, body)) or kind != purpose:
        raise InvalidLink("invalid")
    issued_at = int(issued, 36)
    if purpose == CONFIRM and (time.time() if now is None else now) - issued_at > CONFIRM_SECONDS:
        raise InvalidLink("expired")
    return LinkTarget(int(subscription_id), link_key, issued_at)


def url(public_url: str, purpose: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{ROUTE_PREFIX}/{PATHS[purpose]}/{token}"
