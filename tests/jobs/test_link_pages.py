"""The pages behind the e-mails' links (bot/channels/alert_links.py), called as the Rasa server calls them: each
link works once and says so in Romanian; expired, tampered and unknown links and a database failure get a clear page.
tests/e2e/test_jobs.py follows the same links over HTTP on the running assistant."""

from __future__ import annotations

import time

import pytest
from sanic.response import HTTPResponse

from bot.candidates.store import CandidateDataUnavailable, CandidateStore
from bot.channels.alert_links import AlertLinks
from bot.jobs import links
from bot.jobs import texts as say
from tests.jobs.conftest import KEY, subscribe


def html(page: HTTPResponse) -> str:
    return page.body.decode("utf-8")


def says(page: HTTPResponse, title_and_message: tuple[str, str]) -> bool:
    title, message = title_and_message
    text = html(page).replace("&quot;", '"').replace("&#x27;", "'")
    return f"<h1>{title}</h1>" in text and message in text


@pytest.fixture
def pages(candidates: CandidateStore) -> AlertLinks:
    return AlertLinks(KEY, lambda: candidates)


def token(candidates: CandidateStore, purpose: str, **kwargs) -> str:
    subscription = subscribe(candidates)
    return links.sign(KEY, purpose, subscription.id, subscription.link_key or "", **kwargs)


async def test_confirming_asks_for_the_button_then_works_once(pages: AlertLinks, candidates: CandidateStore) -> None:
    confirm = token(candidates, links.CONFIRM)
    shown = await pages.show_confirm(confirm)
    assert shown.status == 200 and '<form method="post">' in html(shown)
    assert "în retail, în Cluj-Napoca" in html(shown) and 'lang="ro"' in html(shown)
    assert shown.headers["Cache-Control"] == "no-store" and shown.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in shown.headers["Content-Security-Policy"]
    [subscription] = candidates.stored_for("rest:ana").subscriptions
    assert subscription.confirmed_at is None  # opening the link (a mail scanner does) confirms nothing

    done = await pages.confirm(confirm)
    assert done.status == 200 and says(done, say.CONFIRMED)
    assert candidates.stored_for("rest:ana").subscriptions[0].confirmed
    again = await pages.confirm(confirm)
    assert again.status == 200 and says(again, say.ALREADY_CONFIRMED)
    assert says(await pages.show_confirm(confirm), say.ALREADY_CONFIRMED)


async def test_unsubscribing_works_at_once_and_once(pages: AlertLinks, candidates: CandidateStore) -> None:
    unsubscribe = token(candidates, links.UNSUBSCRIBE)
    done = await pages.unsubscribe(unsubscribe)
    assert done.status == 200 and says(done, say.UNSUBSCRIBED)
    assert not candidates.stored_for("rest:ana").subscriptions[0].active
    again = await pages.unsubscribe(unsubscribe)
    assert again.status == 200 and says(again, say.ALREADY_UNSUBSCRIBED)
    # Ended meanwhile: its confirmation link says so.
    [subscription] = candidates.stored_for("rest:ana").subscriptions
    confirm = links.sign(KEY, links.CONFIRM, subscription.id, subscription.link_key or "")
    assert says(await pages.show_confirm(confirm), say.CONFIRM_ENDED)
    assert (await pages.confirm(confirm)).status == 410


async def test_expired_tampered_and_unknown_links(pages: AlertLinks, candidates: CandidateStore) -> None:
    expired = token(candidates, links.CONFIRM, issued_at=time.time() - links.CONFIRM_SECONDS - 10)
    for page in (await pages.show_confirm(expired), await pages.confirm(expired)):
        assert page.status == 410 and says(page, say.CONFIRM_EXPIRED)

    good = token(candidates, links.UNSUBSCRIBE)
    tampered = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    for page in (await pages.unsubscribe(tampered), await pages.show_confirm(good), await pages.confirm("x")):
        assert page.status == 400 and says(page, say.LINK_INVALID)  # an unsubscribe token cannot confirm
    assert candidates.stored_for("rest:ana").subscriptions[-1].active

    candidates.delete_for("rest:ana")  # „șterge-mi datele”
    gone = await pages.unsubscribe(good)
    assert gone.status == 410 and says(gone, say.SUBSCRIPTION_GONE)


async def test_a_link_key_from_another_subscription_is_refused(pages: AlertLinks, candidates: CandidateStore) -> None:
    subscription = subscribe(candidates)
    forged = links.sign(KEY, links.UNSUBSCRIBE, subscription.id, "x" * 22)  # signed, but not its key
    assert (await pages.unsubscribe(forged)).status == 410
    assert candidates.subscription(subscription.id).active


async def test_a_database_failure_is_a_page_never_a_stack_trace(candidates: CandidateStore) -> None:
    def down() -> CandidateStore:
        raise CandidateDataUnavailable("OperationalError: could not connect")

    pages = AlertLinks(KEY, down)
    unsubscribe = token(candidates, links.UNSUBSCRIBE)
    blueprint = pages.blueprint()
    [route] = [r for r in blueprint._future_routes if r.name == "alert_links.unsubscribe"]
    page = await route.handler(None, unsubscribe)
    assert page.status == 503 and says(page, say.UNAVAILABLE) and "Traceback" not in html(page)
    assert "OperationalError" not in html(page)
