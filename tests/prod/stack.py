"""The production stack, started from scratch on loopback and stopped again whatever happens.

    client ─▶ nginx (deploy/nginx/assistant.conf.template) ─▶ Rasa replica 1 | Rasa replica 2
                                                              │ BOT_ENV=production (bot/production.py)
              PostgreSQL "tracker" ◀── SQL tracker store ─────┤
              Redis (lock DB 1)    ◀── RedisLockStore ────────┤
                                                              ▼
                         nginx (actions port) ─▶ action server 1 | action server 2 ─▶ PostgreSQL "knowledge"

The knowledge database has its own PostgreSQL server so that a test can stop it alone. The e-mails (the alerts'
confirmations from the action servers, `python -m bot alerts send`) go to a real SMTP server on loopback, their
links to nginx.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from bot.knowledge.db import Database
from bot.knowledge.loader import load_knowledge
from bot.security import rest_tokens
from tests.conftest import KNOWLEDGE_DIR
from tests.services.assistant import action_server, credentials_file, rasa_server
from tests.services.nginx import Nginx, running_nginx
from tests.services.postgres import Postgres, running_postgres
from tests.services.processes import Server, free_port
from tests.services.redis_server import Redis, running_redis
from tests.services.smtp import Mailbox, smtp_server

REDIS_LOCK_DB = 1


class SourceAddress(HTTPAdapter):
    """Connections from one loopback address (127.0.0.x): to nginx, each address is another client."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Client:
    """One person talking to the assistant over REST through nginx, from their own address, with a token for
    each sender signed by REST_JWT_SECRET (as the site embedding the assistant would issue it)."""

    def __init__(self, url: str, address: str, rest_secret: str | None = None) -> None:
        self.url = url
        self.rest_secret = rest_secret
        self.session = requests.Session()
        self.session.mount("http://", SourceAddress(address))
        self.turns: dict[str, int] = {}

    def post(self, sender: str, message: object, request_id: str = "", token: str | None = None) -> requests.Response:
        headers = {"X-Request-ID": request_id} if request_id else {}
        if token is None and self.rest_secret:
            token = rest_tokens.issue(sender, self.rest_secret, lifetime_seconds=600)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = {"sender": sender, "message": message}
        return self.session.post(f"{self.url}/webhooks/rest/webhook", json=body, headers=headers, timeout=60)

    def say(self, sender: str, message: str) -> list[str]:
        """One turn; its request id `<sender>.<n>` marks it in nginx's access log."""
        number = self.turns.get(sender, 0) + 1
        self.turns[sender] = number
        response = self.post(sender, message, f"{sender}.{number}")
        assert response.status_code == 200, f"{message!r}: {response.status_code} {response.text[:300]}"
        return [m.get("text", "") for m in response.json()]


@dataclass
class Stack:
    nginx: Nginx
    rasa: list[Server]
    actions: list[Server]
    tracker_db: Postgres
    knowledge_db: Postgres
    redis: Redis
    logs: Path
    env: dict[str, str] = field(repr=False)
    mail: Mailbox | None = None

    @property
    def url(self) -> str:
        return self.nginx.url

    def client(self, address: str = "127.0.0.1") -> Client:
        return Client(self.url, address, self.env.get("REST_JWT_SECRET"))

    @staticmethod
    def new_sender(prefix: str = "prod") -> str:
        return f"{prefix}-{secrets.token_hex(4)}"

    def events(self, sender: str, namespace: str = "rest") -> list[tuple[int, str, float, dict]]:
        """The conversation as stored by the replicas: (id, type, timestamp, event), in insertion order."""
        rows = self.tracker_db.query(
            "rasa",
            "SELECT id, type_name, timestamp, data FROM events WHERE sender_id = %s ORDER BY id",
            (f"{namespace}:{sender}",),  # each channel's conversations are namespaced (bot/security/senders.py)
        )
        return [(i, kind, stamp, json.loads(data)) for i, kind, stamp, data in rows]

    def replica_of(self, upstream: str) -> str:
        """`127.0.0.1:port` -> the replica's name."""
        by_address = {f"127.0.0.1:{s.port}": s.name for s in [*self.rasa, *self.actions]}
        return by_address.get(upstream, upstream)

    def turn_upstreams(self, sender: str) -> dict[int, list[str]]:
        """Turn number -> the replicas nginx tried for it, in order (the last one answered)."""
        turns = {}
        for hit in self.nginx.hits():
            if hit.request_id.startswith(f"{sender}."):
                turns[int(hit.request_id.rsplit(".", 1)[1])] = [self.replica_of(u) for u in hit.upstreams]
        return turns

    def restart(self, server: Server, health_path: str, seconds: float = 300) -> None:
        server.stop()
        server.start().wait_http(f"{server.url}{health_path}", seconds)


def production_env(tracker: Postgres, knowledge_url: str, redis: Redis, actions_url: str, tracker_user: str,
                   tracker_password: str, mail: Mailbox, public_url: str) -> dict[str, str]:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "REDIS_", "TELEGRAM_", "FACEBOOK_"))}
    env.update(
        BOT_ENV="production",
        RASA_TELEMETRY_ENABLED="false",
        ACTION_ENDPOINT_URL=f"{actions_url}/webhook",
        TRACKER_HOST="127.0.0.1",
        TRACKER_PORT=str(tracker.port),
        TRACKER_DB="rasa",
        TRACKER_USER=tracker_user,
        TRACKER_PASSWORD=tracker_password,
        REDIS_HOST="127.0.0.1",
        REDIS_PORT=str(redis.port),
        REDIS_PASSWORD=redis.password,
        REDIS_LOCK_DB=str(REDIS_LOCK_DB),
        DATABASE_URL=knowledge_url,
        ACTION_SERVER_TOKEN=secrets.token_urlsafe(32),
        REST_JWT_SECRET=secrets.token_urlsafe(32),  # the public REST webhook needs a signed token in production
        ACTION_SERVER_HOST="127.0.0.1",  # production binds every interface; this test machine's loopback is enough
        # The alerts' e-mails: a local SMTP server (plain SMTP is allowed on loopback only), links to nginx.
        ALERT_LINK_SECRET=secrets.token_urlsafe(32),
        SMTP_URL=mail.url,
        MAIL_FROM="Asistent carieră <alerte@example.ro>",
        PUBLIC_URL=public_url,
    )
    env.pop("ENDPOINTS_FILE", None)  # each replica writes its own
    return env


@contextmanager
def production_stack(logs: Path, replicas: int = 2, action_servers: int = 2) -> Iterator[Stack]:
    with ExitStack() as stack:
        tracker_db = stack.enter_context(running_postgres("tracker"))
        knowledge_db = stack.enter_context(running_postgres("knowledge"))
        redis = stack.enter_context(running_redis())
        mail = stack.enter_context(smtp_server())

        tracker_password, knowledge_password = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        tracker_db.create_database("rasa", "rasa_app", tracker_password)
        knowledge_db.create_database("knowledge", "bot", knowledge_password)
        knowledge_url = knowledge_db.url("bot", knowledge_password, "knowledge")
        database = Database(knowledge_url)
        load_knowledge(database, KNOWLEDGE_DIR)  # what `python -m bot db load` does, on PostgreSQL
        database.dispose()

        rasa_ports = [free_port() for _ in range(replicas)]
        action_ports = [free_port() for _ in range(action_servers)]
        nginx = stack.enter_context(
            running_nginx([f"127.0.0.1:{p}" for p in rasa_ports], [f"127.0.0.1:{p}" for p in action_ports], logs)
        )
        env = production_env(
            tracker_db, knowledge_url, redis, nginx.actions_url, "rasa_app", tracker_password, mail, nginx.url
        )
        credentials = credentials_file(logs / "credentials.yml")

        actions = [action_server(f"actions-{i + 1}", env, logs, port) for i, port in enumerate(action_ports)]
        rasa = [rasa_server(f"rasa-{i + 1}", env, logs, credentials, None, port) for i, port in enumerate(rasa_ports)]
        for server in [*actions, *rasa]:
            stack.callback(server.stop)
            server.start()
        started = time.monotonic()
        for server in actions:
            server.wait_http(f"{server.url}/health", 120)
        for server in rasa:
            server.wait_http(f"{server.url}/webhooks/rest/", 600)
        print(f"\nproduction stack up in {time.monotonic() - started:.0f} s; logs in {logs}")
        yield Stack(nginx, rasa, actions, tracker_db, knowledge_db, redis, logs, env, mail)
