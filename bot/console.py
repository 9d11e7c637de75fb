"""Chat with the running assistant in the terminal: `make shell` (scripts/run.sh --shell).

    python -m bot.console [--url http://localhost:5005] [--sender ID]

The assistant is the one `make run` starts: the Rasa server of `python -m bot.server run`, with every patch of
bot/runtime, and the action server. This is only its client, on the REST channel (/webhooks/rest/webhook), so
recruiters try exactly what visitors talk to (`rasa shell` ran an unpatched Rasa in its own process).

In a terminal it is Rasa's own console (rasa.core.channels.console: buttons to choose with the arrow keys); with
stdin from a pipe or a file it reads one message per line and prints the answers, buttons as numbered lines. Ends
at `/stop` or at the end of the input. Deprecation warnings of the libraries are not shown: they say nothing to
the person chatting (the servers' own go to var/log/).
"""

from __future__ import annotations

import warnings

# Before anything imports Rasa, TensorFlow, Typer...: their import-time warnings would fill the screen.
for _category in (DeprecationWarning, PendingDeprecationWarning):
    warnings.filterwarnings("ignore", category=_category)

import argparse  # noqa: E402 - after the filters, on purpose
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterable  # noqa: E402
from typing import Any, TextIO  # noqa: E402

STOP = "/stop"
WEBHOOK = "/webhooks/rest/webhook"


def ask(url: str, sender: str, message: str, timeout: float = 60) -> list[dict[str, Any]]:
    """The assistant's answers to one message, as the REST channel returns them."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url + WEBHOOK, body, {"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our own server's URL
        answers: list[dict[str, Any]] = json.loads(response.read().decode("utf-8"))
        return answers


def render(answer: dict[str, Any]) -> list[str]:
    lines = [str(answer["text"])] if answer.get("text") else []
    for number, button in enumerate(answer.get("buttons") or [], start=1):
        lines.append(f"  {number}: {button.get('title', '')} ({button.get('payload', '')})")
    if answer.get("image"):
        lines.append(f"Image: {answer['image']}")
    if answer.get("custom"):
        lines.append(f"Custom json: {json.dumps(answer['custom'], ensure_ascii=False)}")
    return lines


def chat_lines(url: str, sender: str, lines: Iterable[str], out: TextIO) -> int:
    """One message per line (empty lines skipped) until /stop or the end; returns the number sent."""
    sent = 0
    for line in lines:
        message = line.strip()
        if not message:
            continue
        if message == STOP:
            break
        print(f"> {message}", file=out)
        for answer in ask(url, sender, message):
            for text in render(answer):
                print(text, file=out)
        out.flush()
        sent += 1
    return sent


def chat_terminal(url: str, sender: str) -> int:
    from rasa.core.channels.console import record_messages

    # Our REST channel answers in one JSON list (no ?stream=true).
    count: int = asyncio.run(record_messages(sender, server_url=url, use_response_stream=False))
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.console", description=__doc__.split("\n\n")[0])
    default_url = f"http://localhost:{os.environ.get('RASA_PORT', '5005')}"
    parser.add_argument("--url", default=default_url, help=f"the Rasa server (default {default_url})")
    parser.add_argument("--sender", default=None, help="the conversation's id (default: a new one)")
    args = parser.parse_args(argv)
    url, sender = args.url.rstrip("/"), args.sender or uuid.uuid4().hex
    try:
        if sys.stdin.isatty() and sys.stdout.isatty():
            chat_terminal(url, sender)
        else:
            chat_lines(url, sender, sys.stdin, sys.stdout)
    except (urllib.error.URLError, OSError) as error:
        print(f"bot.console: the assistant at {url} does not answer ({error})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
