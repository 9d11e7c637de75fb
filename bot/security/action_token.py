"""The shared secret the Rasa server sends with every call to the action server.

The action server runs whatever action a caller names, for whatever sender_id and slots the caller sends (show
someone's data, subscribe or delete them): only the Rasa server may call it. Rasa sends
`Authorization: Bearer ${ACTION_SERVER_TOKEN}` (endpoints.yml, bot/production.py) and bot/action_server.py
compares it in constant time.

Production: ACTION_SERVER_TOKEN must be set and strong (bot/production.py refuses to start otherwise).
Development: generated once into var/action-server.token (mode 0600) and read by both servers, so `make run`,
the tests and a hand-started server agree without configuration.
"""

from __future__ import annotations

import hmac
import os
import secrets
import sys
from collections.abc import MutableMapping
from pathlib import Path

from bot import PROJECT_ROOT
from bot.production import ACTION_TOKEN_VARIABLE, ProductionConfigError, is_production, weak_secret

TOKEN_VARIABLE = ACTION_TOKEN_VARIABLE
TOKEN_FILE = PROJECT_ROOT / "var" / "action-server.token"
HEADER = "Authorization"


def development_token(path: Path | None = None) -> str:
    """The token in `path` (TOKEN_FILE), created (0600, atomically: two servers may start at once) if missing."""
    path = path or TOKEN_FILE
    if not path.is_file() or not path.read_text(encoding="ascii").strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
        try:
            os.link(temporary, path)  # fails if another process created it first: then theirs is used
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def ensure_token(env: MutableMapping[str, str] | None = None) -> str:
    """ACTION_SERVER_TOKEN from the environment; in development the generated one, put in the environment (Rasa
    expands ${ACTION_SERVER_TOKEN} in endpoints.yml). Raises ProductionConfigError in production without one."""
    env = os.environ if env is None else env
    token = (env.get(TOKEN_VARIABLE) or "").strip()
    if is_production(env):
        reason = weak_secret(token)
        if reason:
            raise ProductionConfigError([f"{TOKEN_VARIABLE} {reason}"])
        return token
    if not token:
        token = development_token()
        env[TOKEN_VARIABLE] = token
    return token


def authorized(header: str | None, token: str) -> bool:
    """Whether an Authorization header carries `token` (compared in constant time)."""
    if not token or not header:
        return False
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())


if __name__ == "__main__":  # scripts/run.sh: create var/action-server.token if needed (never printed)
    ensure_token({k: v for k, v in os.environ.items() if k != TOKEN_VARIABLE})
    sys.exit(0)
