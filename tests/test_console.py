"""bot/console.py, `make shell`'s chat: one message per line to the REST webhook, the answers printed
(tests/e2e/test_shell.py runs it against the real servers)."""

from __future__ import annotations

import asyncio
import io

import pytest
from aiohttp import web

from tests.services.http_stub import serving
from tests.services.processes import free_port


async def test_each_line_is_a_message_until_stop() -> None:
    from bot import console  # imported here: it filters deprecation warnings when imported

    received: list[dict] = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        received.append(body)
        answer = {"recipient_id": body["sender"], "text": f"ai scris {body['message']}"}
        return web.json_response([{**answer, "buttons": [{"title": "Da", "payload": "/affirm"}]}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    out = io.StringIO()
    async with serving(app) as url:
        lines = ["salut\n", "\n", "/stop\n", "nu se trimite\n"]
        sent = await asyncio.to_thread(console.chat_lines, url, "ana", lines, out)
    assert sent == 1 and received == [{"sender": "ana", "message": "salut"}]
    assert out.getvalue() == "> salut\nai scris salut\n  1: Da (/affirm)\n"


def test_an_assistant_that_does_not_answer_is_said_plainly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import console

    monkeypatch.setattr("sys.stdin", io.StringIO("salut\n"))
    assert console.main(["--url", f"http://127.0.0.1:{free_port()}"]) == 1
    assert "does not answer" in capsys.readouterr().err
