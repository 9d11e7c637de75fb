"""The signed links of the e-mails: what they name, tampering, another secret or purpose, expiry, the secret."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.jobs import links
from bot.production import ProductionConfigError
from tests.jobs.conftest import KEY


def test_a_link_names_its_subscription_and_key() -> None:
    token = links.sign(KEY, links.UNSUBSCRIBE, 42, "k" * 22)
    target = links.verify(KEY, token, links.UNSUBSCRIBE)
    assert (target.subscription_id, target.link_key) == (42, "k" * 22)
    assert links.url("https://asistent.example.ro/", links.UNSUBSCRIBE, token) == (
        f"https://asistent.example.ro/webhooks/alerts/unsubscribe/{token}"
    )


def test_every_changed_character_breaks_the_signature() -> None:
    token = links.sign(KEY, links.CONFIRM, 7, "abcdefghijklmnopqrstuv")
    for position in range(len(token)):
        replacement = "A" if token[position] != "A" else "B"
        tampered = token[:position] + replacement + token[position + 1 :]
        with pytest.raises(links.InvalidLink) as error:
            links.verify(KEY, tampered, links.CONFIRM)
        assert error.value.reason == "invalid"


@pytest.mark.parametrize("token", ["", "x", "c.1.2.3.4", "../../etc/passwd", "c." * 200])
def test_malformed_tokens(token: str) -> None:
    with pytest.raises(links.InvalidLink):
        links.verify(KEY, token, links.CONFIRM)


def test_another_secret_or_purpose_is_refused() -> None:
    token = links.sign(KEY, links.UNSUBSCRIBE, 1, "abcdefghijklmnopqrstuv")
    with pytest.raises(links.InvalidLink):
        links.verify(KEY + "x", token, links.UNSUBSCRIBE)
    with pytest.raises(links.InvalidLink):
        links.verify(KEY, token, links.CONFIRM)  # an unsubscribe link cannot confirm


def test_confirmation_links_expire_unsubscribe_links_do_not() -> None:
    long_ago = time.time() - links.CONFIRM_SECONDS - 60
    confirm = links.sign(KEY, links.CONFIRM, 1, "abcdefghijklmnopqrstuv", issued_at=long_ago)
    with pytest.raises(links.InvalidLink) as error:
        links.verify(KEY, confirm, links.CONFIRM)
    assert error.value.reason == "expired"
    unsubscribe = links.sign(KEY, links.UNSUBSCRIBE, 1, "abcdefghijklmnopqrstuv", issued_at=long_ago - 10**8)
    assert links.verify(KEY, unsubscribe, links.UNSUBSCRIBE).subscription_id == 1


def test_the_secret_is_generated_in_development_and_required_in_production(tmp_path: Path) -> None:
    path = tmp_path / "alert-link.secret"
    first = links.secret({}, path)
    assert len(first) >= 32 and links.secret({}, path) == first and path.stat().st_mode & 0o077 == 0
    assert links.secret({"ALERT_LINK_SECRET": "set-in-the-environment"}, path) == "set-in-the-environment"
    with pytest.raises(ProductionConfigError, match="ALERT_LINK_SECRET is empty"):
        links.secret({"BOT_ENV": "production"}, path)
    with pytest.raises(ProductionConfigError, match="well-known default"):
        links.secret({"BOT_ENV": "production", "ALERT_LINK_SECRET": "changeme"}, path)
    assert links.secret({"BOT_ENV": "production", "ALERT_LINK_SECRET": KEY}, path) == KEY
