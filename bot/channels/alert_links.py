"""The pages behind the links of the alert e-mails, served by the Rasa server under /webhooks/alerts/.

Not a messaging channel: a Rasa input channel is how a blueprint is added to Rasa's Sanic app (credentials.yml
lists it; it needs no variable, so it is always on). Routes, each with a signed token (bot/jobs/links.py):

    GET  /webhooks/alerts/confirm/<token>      a page with the "Confirmă abonarea" button (a mail scanner that
                                               opens every link must not confirm on the candidate's behalf)
    POST /webhooks/alerts/confirm/<token>      confirms: alerts may be sent from now on
    GET  /webhooks/alerts/unsubscribe/<token>  unsubscribes at once (one click), and says so
    POST /webhooks/alerts/unsubscribe/<token>  the same, for mail programs' one-click button (RFC 8058,
                                               List-Unsubscribe-Post)

Each link works once and then says it was used; an expired, tampered or unknown link gets a clear Romanian page
with a 4xx status, a database failure a 503 page: never a stack trace. The database work runs in a thread so the
chat's event loop never waits for it. Nothing about the candidate is logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.candidates.store import CandidateDataUnavailable, CandidateStore, LinkOutcome, default_store
from bot.channels.common import OnNewMessage
from bot.jobs import links
from bot.jobs import texts as say

logger = logging.getLogger(__name__)

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token never leaves in a Referer header
    "X-Robots-Tag": "noindex",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'",
}


def page(status: int, title_and_message: tuple[str, str], form: str = "") -> HTTPResponse:
    title, text = title_and_message
    return response.html(say.page(title, text, form), status=status, headers=HEADERS)


class AlertLinks:
    """What each link does; the store is looked up on first use (DATABASE_URL of this process)."""

    def __init__(self, secret: str, store: Callable[[], CandidateStore] = default_store) -> None:
        self.secret = secret
        self.store = store

    async def _db(self, work: Callable[[CandidateStore], Any]) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, lambda: work(self.store()))

    def _target(self, token: str, purpose: str) -> links.LinkTarget | HTTPResponse:
        try:
            return links.verify(self.secret, token, purpose)
        except links.InvalidLink as error:
            logger.info("alert link refused: %s %s", links.PATHS[purpose], error.reason)
            if error.reason == "expired":
                return page(410, say.CONFIRM_EXPIRED)
            return page(400, say.LINK_INVALID)

    async def show_confirm(self, token: str) -> HTTPResponse:
        target = self._target(token, links.CONFIRM)
        if isinstance(target, HTTPResponse):
            return target
        subscription = await self._db(lambda store: store.subscription(target.subscription_id))
        if subscription is None or subscription.link_key != target.link_key:
            return page(410, say.SUBSCRIPTION_GONE)
        if not subscription.active:
            return page(410, say.CONFIRM_ENDED)
        if subscription.confirmed_at is not None:
            return page(200, say.ALREADY_CONFIRMED)
        what = say.asked_for(subscription.industry, subscription.city, subscription.languages)
        return page(200, (say.CONFIRM_TITLE, say.confirm_question(what)), say.confirm_form())

    async def confirm(self, token: str) -> HTTPResponse:
        target = self._target(token, links.CONFIRM)
        if isinstance(target, HTTPResponse):
            return target
        outcome = await self._db(lambda store: store.confirm(target.subscription_id, target.link_key))
        logger.info("alert subscription #%s confirmation: %s", target.subscription_id, outcome.value)
        return {
            LinkOutcome.DONE: lambda: page(200, say.CONFIRMED),
            LinkOutcome.ALREADY: lambda: page(200, say.ALREADY_CONFIRMED),
            LinkOutcome.ENDED: lambda: page(410, say.CONFIRM_ENDED),
            LinkOutcome.GONE: lambda: page(410, say.SUBSCRIPTION_GONE),
        }[outcome]()

    async def unsubscribe(self, token: str) -> HTTPResponse:
        target = self._target(token, links.UNSUBSCRIBE)
        if isinstance(target, HTTPResponse):
            return target
        outcome = await self._db(lambda store: store.unsubscribe_by_link(target.subscription_id, target.link_key))
        logger.info("alert subscription #%s unsubscribe link: %s", target.subscription_id, outcome.value)
        return {
            LinkOutcome.DONE: lambda: page(200, say.UNSUBSCRIBED),
            LinkOutcome.ALREADY: lambda: page(200, say.ALREADY_UNSUBSCRIBED),
            LinkOutcome.GONE: lambda: page(410, say.SUBSCRIPTION_GONE),
        }[outcome]()

    def blueprint(self) -> Blueprint:
        pages = Blueprint("alert_links", __name__)

        def guarded(handler: Callable[[str], Awaitable[HTTPResponse]]) -> Callable[[Request, str], Any]:
            async def route(request: Request, token: str) -> HTTPResponse:
                try:
                    return await handler(token)
                except CandidateDataUnavailable:
                    return page(503, say.UNAVAILABLE)
                except Exception:  # noqa: BLE001 - a page, never a stack trace; the log has the details
                    logger.exception("alert link page failed")
                    return page(503, say.UNAVAILABLE)

            return route

        pages.add_route(guarded(self.show_confirm), "/confirm/<token:str>", methods=["GET"], name="confirm_page")
        pages.add_route(guarded(self.confirm), "/confirm/<token:str>", methods=["POST"], name="confirm")
        pages.add_route(
            guarded(self.unsubscribe), "/unsubscribe/<token:str>", methods=["GET", "POST"], name="unsubscribe"
        )
        return pages


class AlertLinksChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "alerts"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> AlertLinksChannel:
        return cls(links.secret())

    def __init__(self, secret: str) -> None:
        self.links = AlertLinks(secret)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return self.links.blueprint()
