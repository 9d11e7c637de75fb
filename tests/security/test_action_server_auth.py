"""The action server runs actions for the Rasa server only (issue 12, reproduction 1).

A real action server (`python -m bot.server actions`, development mode) on a real SQLite database holding one
candidate's subscription. The attacks of the issue, posted straight to its /webhook: without the token they
get 401 and change nothing; the same calls with the token work, so the token is the only thing in the way.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.candidates import texts
from bot.candidates.store import CandidateStore
from bot.knowledge.db import Database
from tests.services.assistant import action_server
from tests.services.processes import Server

pytestmark = pytest.mark.e2e

VICTIM = "whatsapp:+40722000111"
EMAIL = "victima@example.com"
TOKEN = secrets.token_urlsafe(32)


class ActionServer:
    def __init__(self, server: Server, store: CandidateStore) -> None:
        self.server = server
        self.store = store

    def call(self, action: str, sender: str, slots: dict[str, Any] | None = None, headers: dict | None = None):  # noqa: ANN201
        tracker = {"sender_id": sender, "slots": slots or {}, "latest_message": {}, "events": []}
        body = {"next_action": action, "sender_id": sender, "tracker": tracker, "domain": {}, "version": "3.6.21"}
        return requests.post(f"{self.server.url}/webhook", json=body, headers=headers or {}, timeout=30)


@pytest.fixture(scope="module")
def actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    workdir: Path = tmp_path_factory.mktemp("action-auth")
    database = Database(f"sqlite:///{workdir / 'knowledge.db'}")
    store = CandidateStore(database)
    store.subscribe(VICTIM, EMAIL, "retail", "Cluj-Napoca", ["engleza"], "consimțământ", channel="twilio")
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_ENV", "ACTION_SERVER_HOST")}
    env.update(
        DATABASE_URL=database.url,
        TRACKER_DIALECT="sqlite",
        TRACKER_DB=str(workdir / "tracker.db"),
        ACTION_SERVER_TOKEN=TOKEN,
    )
    server = action_server("actions", env, workdir)
    try:
        server.start().wait_http(f"{server.url}/health", 90)
        yield ActionServer(server, store)
    finally:
        server.stop()
        database.dispose()


ATTACKS = [
    ("action_show_my_data", {}),
    ("action_delete_my_data", {}),
    ("action_unsubscribe", {}),
    (
        "action_subscribe_alerts",
        {"alert_email": "<script>alert(1)</script>@x.ro", "alert_industry": "retail", "alert_city": "Cluj",
         "alert_languages": "niciuna", "alert_consent": True},
    ),
    (
        "action_request_callback",
        {"contact_name": "Mallory", "contact_details": "javascript:alert(1)", "contact_consent": True},
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"},
     {"X-Token": TOKEN}],
    ids=["none", "wrong", "no-scheme", "basic", "other-header"],
)  # fmt: skip
@pytest.mark.parametrize("action, slots", ATTACKS, ids=[a for a, _ in ATTACKS])
def test_a_direct_call_without_the_token_runs_nothing(
    actions: ActionServer, action: str, slots: dict, headers: dict
) -> None:
    response = actions.call(action, VICTIM, slots, headers)
    assert response.status_code == 401
    assert EMAIL not in response.text and response.json() == {"error": "unauthorized"}
    stored = actions.store.stored_for(VICTIM)
    assert [(s.email, s.active) for s in stored.subscriptions] == [(EMAIL, True)]  # untouched
    assert stored.callbacks == ()
    assert not actions.store.callbacks(include_done=True)


def test_the_action_list_is_not_public_either(actions: ActionServer) -> None:
    assert requests.get(f"{actions.server.url}/actions", timeout=10).status_code == 401


def test_health_needs_no_token(actions: ActionServer) -> None:
    assert requests.get(f"{actions.server.url}/health", timeout=10).json() == {"status": "ok"}


def test_with_the_token_the_same_call_works(actions: ActionServer) -> None:
    """The token is what stops the calls above: with it, the action runs (here: shows the stored e-mail)."""
    response = actions.call("action_show_my_data", VICTIM, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert EMAIL in response.text


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_development_listens_on_loopback_only(actions: ActionServer) -> None:
    assert listening_addresses(actions.server.port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0 (00000000)


def test_even_with_the_token_the_store_refuses_forged_values(actions: ActionServer) -> None:
    """The issue's stored `<script>` e-mail and `javascript:` contact: refused where they are stored."""
    token = {"Authorization": f"Bearer {TOKEN}"}
    for action, slots in ATTACKS[3:]:
        response = actions.call(action, "rest:mallory", slots, token)
        assert response.status_code == 200
        assert [m["text"] for m in response.json()["responses"]] == [texts.DATA_REFUSED]
    assert actions.store.stored_for("rest:mallory").empty
    assert actions.store.callbacks(include_done=True) == []
