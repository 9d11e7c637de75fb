"""Production mode: `BOT_ENV=production` moves every store to shared services and refuses weak secrets.

In development (the default) nothing here applies: endpoints.yml keeps conversations in SQLite, locks in
memory and the knowledge in var/knowledge.db. Several Rasa replicas need what Rasa provides for that
instead: the SQL tracker store on PostgreSQL (each turn reads and appends the conversation, whichever replica
takes it) and the RedisLockStore (turns of one conversation are processed one at a time across replicas;
bot/runtime/locks.py makes its lock changes atomic).

Variables (see docs/production.md):

    BOT_ENV=production
    ACTION_ENDPOINT_URL                   http://actions:5055/webhook
    ACTION_SERVER_TOKEN                   the secret Rasa sends to the action servers (both need it)
    REST_JWT_SECRET (optional)            signs the public REST webhook's tokens; unset = REST webhook off
    TRACKER_HOST, TRACKER_PORT=5432, TRACKER_DB=rasa, TRACKER_USER, TRACKER_PASSWORD, TRACKER_SSLMODE (optional)
    REDIS_HOST, REDIS_PORT=6379, REDIS_PASSWORD, REDIS_LOCK_DB=1, REDIS_KEY_PREFIX=callcenter
    DATABASE_URL                          postgresql+psycopg2://user:password@host:5432/knowledge
    ALERT_LINK_SECRET                     signs the confirm / unsubscribe links of the alert e-mails
    SMTP_URL, MAIL_FROM, PUBLIC_URL       the e-mails (action servers, `python -m bot alerts send`)

Rasa expands ${VARIABLES} in an endpoints file but has no defaults, so the effective file is written at start
(`write_endpoints`) with the values above, except the secrets: they stay ${TRACKER_PASSWORD},
${REDIS_PASSWORD} and ${ACTION_SERVER_TOKEN}, expanded by Rasa from the environment, so no secret is ever
written to disk.
"""

from __future__ import annotations

import atexit
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.conversation_store import DEFAULT_DB, DEFAULT_PORT, TrackerServer

PRODUCTION = "production"

# Secrets that appear in examples and tutorials (ours included: .env.example says "secret").
KNOWN_DEFAULTS = frozenset(
    {
        "",
        "admin",
        "bot",
        "change-me",
        "changeme",
        "default",
        "pass",
        "password",
        "postgres",
        "rasa",
        "redis",
        "root",
        "secret",
        "test",
        "12345678",
        "123456",
    }
)
MIN_SECRET_CHARS = 16
ACTION_TOKEN_VARIABLE = "ACTION_SERVER_TOKEN"
REST_SECRET_VARIABLE = "REST_JWT_SECRET"  # bot/security/rest_tokens.py
ALERT_LINK_SECRET_VARIABLE = "ALERT_LINK_SECRET"  # bot/jobs/links.py


class ProductionConfigError(ValueError):
    """The production environment is incomplete or uses weak secrets; lists every problem at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("production configuration refused:\n  - " + "\n  - ".join(problems))


def is_production(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return (env.get("BOT_ENV") or "").strip().lower() == PRODUCTION


def weak_secret(value: str | None) -> str | None:
    """Why a secret is not acceptable in production (never quoting it), or None."""
    if not value:
        return "is empty"
    if value.strip().lower() in KNOWN_DEFAULTS:
        return "is a well-known default"
    if len(value) < MIN_SECRET_CHARS:
        return f"is shorter than {MIN_SECRET_CHARS} characters"
    return None


@dataclass(frozen=True)
class LockStore:
    host: str
    port: int
    db: int
    key_prefix: str


@dataclass(frozen=True)
class ServerConfig:
    """What the Rasa server needs in production."""

    action_endpoint_url: str
    tracker: TrackerServer
    lock: LockStore


class _Reader:
    """Reads variables and collects every problem, so one failed start lists them all."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str, default: str | None = None) -> str:
        value = (self.env.get(name) or "").strip() or default
        if value is None:
            self.problems.append(f"{name} is not set")
            return ""
        return value

    def number(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.text(name, str(default))
        if not raw.isdigit() or not low <= int(raw) <= high:
            self.problems.append(f"{name} must be a whole number from {low} to {high}")
            return default
        return int(raw)

    def secret(self, name: str, user: str = "") -> None:
        reason = weak_secret(self.env.get(name))
        if reason is None and user and self.env.get(name) == user:
            reason = "equals the user name"
        if reason:
            self.problems.append(f"{name} {reason}")


def server_config(env: Mapping[str, str] | None = None) -> ServerConfig:
    """The Rasa server's production settings; raises ProductionConfigError listing every problem."""
    read = _Reader(os.environ if env is None else env)
    action_url = read.text("ACTION_ENDPOINT_URL")
    if action_url and urlsplit(action_url).scheme not in ("http", "https"):
        read.problems.append("ACTION_ENDPOINT_URL must be an http(s) URL")
    read.secret(ACTION_TOKEN_VARIABLE)  # the action servers refuse calls without it
    if (read.env.get(REST_SECRET_VARIABLE) or "").strip():  # unset: the public REST webhook is off
        read.secret(REST_SECRET_VARIABLE)
    tracker = TrackerServer(  # where `python -m bot report` and retention find it too (bot/conversation_store.py)
        host=read.text("TRACKER_HOST"),
        port=read.number("TRACKER_PORT", DEFAULT_PORT, 1, 65535),
        db=read.text("TRACKER_DB", DEFAULT_DB),
        user=read.text("TRACKER_USER"),
        sslmode=read.text("TRACKER_SSLMODE", ""),
    )
    read.secret("TRACKER_PASSWORD", tracker.user)
    lock = LockStore(
        host=read.text("REDIS_HOST"),
        port=read.number("REDIS_PORT", 6379, 1, 65535),
        # Not 0: the lock store gets a Redis database of its own, apart from whatever else uses that Redis.
        db=read.number("REDIS_LOCK_DB", 1, 1, 15),
        key_prefix=read.text("REDIS_KEY_PREFIX", "callcenter"),
    )
    if not lock.key_prefix.isalnum():
        read.problems.append("REDIS_KEY_PREFIX must be letters and digits only (Rasa ignores others)")
    read.secret("REDIS_PASSWORD")
    # The pages of the alert e-mails' links (bot/channels/alert_links.py) check the signature and change the
    # subscription in the knowledge database.
    read.problems += alert_link_problems(read.env) + knowledge_database_problems(read.env)
    if read.problems:
        raise ProductionConfigError(read.problems)
    return ServerConfig(action_url, tracker, lock)


def knowledge_database_problems(env: Mapping[str, str]) -> list[str]:
    raw = (env.get("DATABASE_URL") or "").strip()
    if not raw:
        return ["DATABASE_URL is not set (the knowledge database on PostgreSQL)"]
    try:
        url = make_url(raw)
    except ArgumentError:
        return ["DATABASE_URL is not a database URL"]
    problems = []
    if not url.drivername.startswith("postgresql"):
        problems.append("DATABASE_URL must point at PostgreSQL (postgresql+psycopg2://...)")
    if not url.host:
        problems.append("DATABASE_URL has no host")
    reason = weak_secret(url.password)
    if reason:
        problems.append(f"the password in DATABASE_URL {reason}")
    return problems


def check_knowledge_database(env: Mapping[str, str] | None = None) -> None:
    """The knowledge database's production setting: DATABASE_URL on PostgreSQL with a real password."""
    problems = knowledge_database_problems(os.environ if env is None else env)
    if problems:
        raise ProductionConfigError(problems)


def alert_link_problems(env: Mapping[str, str]) -> list[str]:
    """ALERT_LINK_SECRET signs the links that confirm and end subscriptions: a guessable one would let anyone
    confirm or end anyone's alerts."""
    reason = weak_secret(env.get(ALERT_LINK_SECRET_VARIABLE))
    return [f"{ALERT_LINK_SECRET_VARIABLE} {reason}"] if reason else []


def _loopback(host: str | None) -> bool:
    return (host or "").lower() in ("localhost", "127.0.0.1", "::1")


def mail_problems(env: Mapping[str, str]) -> list[str]:
    """The e-mails' settings (bot/jobs/mail.py): an SMTP server over TLS (or on this machine), a sender, the public
    address of the assistant for the links. In production nothing is written to an outbox folder."""
    from bot.jobs.mail import (
        FROM_VARIABLE,
        PUBLIC_URL_VARIABLE,
        SMTP_VARIABLE,
        MailConfigError,
        parse_public_url,
        parse_sender,
        parse_smtp_url,
    )

    problems = []
    raw = (env.get(SMTP_VARIABLE) or "").strip()
    if not raw:
        problems.append(f"{SMTP_VARIABLE} is not set (the SMTP server the alert e-mails go through)")
    else:
        try:
            server = parse_smtp_url(raw)
        except MailConfigError as error:
            problems.append(str(error))
        else:
            if not server.encrypted and not _loopback(server.host):
                problems.append(f"{SMTP_VARIABLE} must use smtps:// or smtp+starttls:// unless the server is local")
            reason = weak_secret(server.password) if server.password is not None else None
            if reason:
                problems.append(f"the password in {SMTP_VARIABLE} {reason}")
    for name, parse in ((FROM_VARIABLE, parse_sender), (PUBLIC_URL_VARIABLE, parse_public_url)):
        value = (env.get(name) or "").strip()
        if not value:
            problems.append(f"{name} is not set")
            continue
        try:
            parse(value)
        except MailConfigError as error:
            problems.append(str(error))
            continue
        parts = urlsplit(value)
        if name == PUBLIC_URL_VARIABLE and parts.scheme != "https" and not _loopback(parts.hostname):
            problems.append(f"{PUBLIC_URL_VARIABLE} must be https:// (the links carry the right to end a subscription)")
    return problems


def check_action_server(env: Mapping[str, str] | None = None) -> None:
    """The action server's production settings: the knowledge database, the token Rasa must send, and the
    e-mails (it sends the confirmation e-mail of a new subscription at once)."""
    env = os.environ if env is None else env
    reason = weak_secret(env.get(ACTION_TOKEN_VARIABLE))
    problems = [f"{ACTION_TOKEN_VARIABLE} {reason}"] if reason else []
    problems += knowledge_database_problems(env) + alert_link_problems(env) + mail_problems(env)
    if problems:
        raise ProductionConfigError(problems)


def check_alerts(env: Mapping[str, str] | None = None) -> None:
    """`python -m bot alerts send` (the CronJob): the knowledge database, the links' secret, the e-mails."""
    env = os.environ if env is None else env
    problems = knowledge_database_problems(env) + alert_link_problems(env) + mail_problems(env)
    if problems:
        raise ProductionConfigError(problems)


def endpoints_yaml(config: ServerConfig) -> str:
    """The endpoints file for `config`. Values are JSON strings (valid YAML, never expanded by Rasa);
    only the passwords are plain ${VARIABLES}, which Rasa expands from the environment."""
    tracker, lock = config.tracker, config.lock
    lines = [
        "# Written by bot/production.py at start (BOT_ENV=production); edit the environment, not this file.",
        "action_endpoint:",
        f"  url: {json.dumps(config.action_endpoint_url)}",
        "  headers:",
        f"    Authorization: Bearer ${{{ACTION_TOKEN_VARIABLE}}}",
        "tracker_store:",
        # Rasa's SQLTrackerStore without a count query per save (bot/tracker_store.py).
        "  type: bot.tracker_store.LeanSQLTrackerStore",
        "  dialect: postgresql",
        f"  url: {json.dumps(tracker.host)}",
        f"  port: {tracker.port}",
        f"  db: {json.dumps(tracker.db)}",
        f"  username: {json.dumps(tracker.user)}",
        "  password: ${TRACKER_PASSWORD}",
    ]
    if tracker.sslmode:
        lines += ["  query:", f"    sslmode: {json.dumps(tracker.sslmode)}"]
    lines += [
        "lock_store:",
        # Rasa's RedisLockStore with atomic changes (bot/runtime/locks.py): replicas never share a ticket.
        "  type: bot.runtime.locks.AtomicRedisLockStore",
        f"  url: {json.dumps(lock.host)}",
        f"  port: {lock.port}",
        f"  db: {lock.db}",
        "  password: ${REDIS_PASSWORD}",
        f"  key_prefix: {json.dumps(lock.key_prefix)}",
    ]
    return "\n".join(lines) + "\n"


def write_endpoints(config: ServerConfig, path: Path | None = None) -> Path:
    """Write the endpoints file (ENDPOINTS_FILE, else a new temporary file: each process writes its own and
    the root file system may be read-only) and return its path."""
    if path is None:
        configured = os.environ.get("ENDPOINTS_FILE")
        if configured:
            path = Path(configured)
        else:
            handle, name = tempfile.mkstemp(prefix="endpoints-", suffix=".yml")
            os.close(handle)
            path = Path(name)
            atexit.register(path.unlink, missing_ok=True)  # Rasa reads it at start; nothing left behind
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(endpoints_yaml(config), encoding="utf-8")
    temporary.replace(path)  # atomic: a replica starting at the same moment never reads half a file
    return path


def describe(config: ServerConfig) -> str:
    """One log line about where things are stored, without secrets."""
    t, lock = config.tracker, config.lock
    return (
        f"production: tracker store {t.url().render_as_string()}, "
        f"lock store redis://{lock.host}:{lock.port}/{lock.db}, actions {config.action_endpoint_url}"
    )
