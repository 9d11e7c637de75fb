"""nginx's limits (deploy/nginx/assistant.conf.template) and Rasa's own: request size and rate per client."""

from __future__ import annotations

import time

import requests

from bot.answers import messages
from bot.security import rest_tokens
from tests.prod.stack import Stack


def test_body_size_limit(stack: Stack) -> None:
    client = stack.client("127.0.0.20")
    sender = stack.new_sender()
    assert client.post(sender, "a" * 100_000).status_code == 413  # refused by nginx, never reaches Rasa
    # Over MAX_MESSAGE_CHARS but under nginx's limit, even as \\uXXXX escapes: Rasa explains in Romanian.
    assert client.say(sender, "ă" * 2001) == [messages.message_too_long(2000)]
    assert client.say(sender, "ă" * 2000)  # at the limit: processed
    assert "3000 RON net" in "\n".join(client.say(sender, "Cât câștigă un operator?"))


def test_rate_limit_per_client(stack: Stack) -> None:
    """One client sending as fast as it can gets 429 after the burst; another client is not affected; the
    first one gets through again a few seconds later."""
    flooder, other = stack.client("127.0.0.30"), stack.client("127.0.0.31")
    sender = stack.new_sender()
    statuses = [flooder.post(sender, "").status_code for _ in range(60)]  # empty: answered by Rasa at once
    assert statuses.count(429) >= 20 and statuses.count(200) >= 20, statuses
    assert set(statuses) == {200, 429}
    assert "3000 RON net" in "\n".join(other.say(stack.new_sender(), "Cât câștigă un operator?"))
    time.sleep(4)  # 5 requests/s refill the burst
    assert "3000 RON net" in "\n".join(flooder.say(sender, "Cât câștigă un operator?"))


def test_only_the_channels_are_public(stack: Stack) -> None:
    client = stack.client("127.0.0.40")

    def get(path: str) -> tuple[int, bool]:
        """Status, and whether nginx itself answered (its error pages name it; Rasa's do not)."""
        response = client.session.get(f"{stack.url}{path}", timeout=10)
        return response.status_code, "<center>nginx</center>" in response.text

    assert get("/") == (404, True)  # Rasa's root route would name its version
    assert get("/status") == (404, True)
    assert get("/conversations/x/tracker") == (404, True)
    assert get("/webhooks/rest/") == (200, False)
    # The messaging channels' webhooks go through to Rasa (off in this test: Rasa's own 404).
    assert get("/webhooks/telegram/webhook") == (404, False)
    # No HTTP API on the replicas themselves either (no --enable-api): conversations cannot be read.
    replica = stack.rasa[0]
    assert client.session.get(f"{replica.url}/conversations/x/tracker", timeout=10).status_code == 404
    assert "nginx/" not in client.session.get(f"{stack.url}/", timeout=10).headers.get("Server", "")


def test_the_action_servers_run_nothing_for_a_caller_without_the_token(stack: Stack) -> None:
    """Through nginx's internal actions port and on each action server: 401 without Rasa's token."""
    body = {"next_action": "action_show_my_data", "sender_id": "x", "tracker": {"sender_id": "x", "events": []},
            "domain": {}}  # fmt: skip
    for url in [stack.nginx.actions_url, *(server.url for server in stack.actions)]:
        assert requests.post(f"{url}/webhook", json=body, timeout=10).status_code == 401, url
        wrong = {"Authorization": "Bearer not-the-token"}
        assert requests.post(f"{url}/webhook", json=body, headers=wrong, timeout=10).status_code == 401, url
        assert requests.get(f"{url}/health", timeout=10).status_code == 200, url


def test_the_public_rest_webhook_needs_a_token_for_its_sender(stack: Stack) -> None:
    client = stack.client("127.0.0.41")
    sender = stack.new_sender()
    assert client.post(sender, "salut", token="").status_code == 401  # no token
    assert client.post(sender, "salut", token="not-a-jwt").status_code == 401
    other = rest_tokens.issue("someone-else", stack.env["REST_JWT_SECRET"])
    assert client.post(sender, "salut", token=other).status_code == 403
    assert stack.events(sender) == []  # nothing was processed
    assert "3000 RON net" in "\n".join(client.say(sender, "Cât câștigă un operator?"))  # with its own token
