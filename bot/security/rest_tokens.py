"""Signed tokens for the public REST webhook: a JWT (HS256) naming the sender, with an expiry.

The REST channel's `sender` is whatever the client writes, so in production a public REST webhook would let
anyone continue anyone's REST conversation. With REST_JWT_SECRET set, each request must carry
`Authorization: Bearer <jwt>` whose `sub` is the request's sender and whose `exp` has not passed: whoever runs
the site that talks to the assistant issues them (`issue`) after identifying its user. In production without
REST_JWT_SECRET the REST webhook is off (the widget uses socket.io). Rasa's own `jwt_secret` protects only its
HTTP API, which is off here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass

import jwt

from bot.production import REST_SECRET_VARIABLE

SECRET_VARIABLE = REST_SECRET_VARIABLE
ALGORITHM = "HS256"
MAX_LIFETIME_SECONDS = 24 * 3600  # a token valid for longer is refused: a leaked one must expire soon
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class Refusal:
    status: int  # 401: no valid token; 403: a valid token for another sender
    reason: str


def secret_from_env(env: Mapping[str, str] | None = None) -> str | None:
    value = ((os.environ if env is None else env).get(SECRET_VARIABLE) or "").strip()
    return value or None


def issue(sender: str, secret: str, lifetime_seconds: int = 3600, now: float | None = None) -> str:
    """A token for `sender` (what the site's backend gives its page, for the page's REST calls)."""
    issued = int(now if now is not None else time.time())
    return jwt.encode({"sub": sender, "iat": issued, "exp": issued + lifetime_seconds}, secret, algorithm=ALGORITHM)


def check(authorization: str | None, sender: str, secret: str, now: float | None = None) -> Refusal | None:
    """Why this request may not speak as `sender`, or None when its token allows it."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return Refusal(401, "no bearer token")
    try:
        claims = jwt.decode(
            token.strip(),
            secret,
            algorithms=[ALGORITHM],  # never "none" nor an algorithm the token picks
            options={"require": ["exp", "sub"]},
            leeway=LEEWAY_SECONDS,
        )
    except jwt.ExpiredSignatureError:
        return Refusal(401, "expired token")
    except jwt.InvalidTokenError as error:
        return Refusal(401, f"invalid token ({error.__class__.__name__})")
    if claims["exp"] - (time.time() if now is None else now) > MAX_LIFETIME_SECONDS:
        return Refusal(401, "token valid for too long")
    if claims["sub"] != sender:
        return Refusal(403, "token for another sender")
    return None
