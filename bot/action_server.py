"""The action server: rasa_sdk's own app, accepting calls from the Rasa server only.

`python -m bot.server actions --actions actions --port 5055` starts it (scripts/run.sh, deploy/). Same
arguments as `rasa run actions`. What is added to rasa_sdk's `endpoint.run`:
- every route but /health needs `Authorization: Bearer <ACTION_SERVER_TOKEN>` (bot/security/action_token.py):
  without it the answer is 401 and no action runs, so nobody but Rasa can run an action for a chosen sender;
- it listens on 127.0.0.1 in development (ACTION_SERVER_HOST overrides; production: 0.0.0.0, reachable from
  the Rasa pods only through the NetworkPolicy);
- no CORS unless --cors is given (rasa_sdk allows every origin by default), one worker, the same request and
  keep-alive time limits as the Rasa server (bot/runtime/slow_clients.py);
- at start, conversations stored before sender namespaces get theirs (bot/candidates/namespaces.py);
- deletions requested while it was down are carried out at start and then every few seconds
  (bot/candidates/erasure_queue.py).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from sanic import Sanic
from sanic.exceptions import RequestTimeout
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from bot.production import is_production
from bot.security.action_token import HEADER, authorized, ensure_token

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})  # probes (Kubernetes, nginx, scripts/run.sh) need no secret
HOST_VARIABLE = "ACTION_SERVER_HOST"

Middleware = Callable[[Request], Coroutine[Any, Any, HTTPResponse | None]]


def require_token(token: str) -> Middleware:
    async def check(request: Request) -> HTTPResponse | None:
        if request.route is None:
            # No route: a 404, or Sanic's error path (it runs request middleware for errors too, e.g. on a
            # request that did not arrive in time): no action can run, let Sanic give its own answer.
            return None
        if request.path in OPEN_PATHS or authorized(request.headers.get(HEADER), token):
            return None
        logger.warning("action server: refused %s %s without the Rasa server's token", request.method, request.path)
        return json_response(
            {"error": "unauthorized"}, status=401, headers={"WWW-Authenticate": 'Bearer realm="actions"'}
        )

    return check


def create_app(package: str, token: str, cors_origins: Sequence[str] | None = None) -> Sanic:
    from rasa_sdk.endpoint import create_app as rasa_sdk_app

    app = rasa_sdk_app(package, cors_origins=list(cors_origins or []) or None)
    app.register_middleware(require_token(token), "request")

    @app.exception(RequestTimeout)
    async def too_slow(request: Request, exception: RequestTimeout) -> HTTPResponse:
        # rasa_sdk answers every exception with a 500 and the request body; a client too slow to send its
        # request gets 408 (bot/runtime/slow_clients.py closes the connection).
        return json_response({"error": "request_timeout"}, status=408)

    return app


def listen_host() -> str:
    return os.environ.get(HOST_VARIABLE) or ("0.0.0.0" if is_production() else "127.0.0.1")


def migrate_sender_ids() -> None:
    """Before the first action call: a candidate's data must be found under the namespaced id."""
    from bot.candidates.namespaces import migrate
    from bot.candidates.store import default_store
    from bot.conversation_store import TrackerEvents

    try:
        migrate(default_store(), TrackerEvents())
    except Exception as error:  # noqa: BLE001 - the server must start; the next start tries again
        logger.error("sender namespaces: stored conversations not renamed (%s: %s)", error.__class__.__name__, error)


def drain_erasure_queue() -> None:
    from bot.candidates import erasure_queue
    from bot.candidates.store import default_store
    from bot.conversation_store import TrackerEvents

    store, events = default_store(), TrackerEvents()
    try:
        erasure_queue.drain(store, events)  # before the first call: "ce date aveți despre mine?" must not show them
    except Exception as error:  # noqa: BLE001 - the loop below retries
        logger.error("erasure queue: not drained at start (%s)", error.__class__.__name__)
    erasure_queue.drain_in_background(store, events)


def serve(argv: Sequence[str]) -> int:
    """Parse `rasa run actions`-style arguments, set up logging, run the server until stopped."""
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_argument_parser, create_ssl_context

    from bot.runtime import slow_clients
    from bot.settings import ServerSettings

    args = create_argument_parser().parse_args(list(argv))
    token = ensure_token()
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel, args.logging_config_file
    )
    utils.update_sanic_log_level()
    migrate_sender_ids()
    drain_erasure_queue()
    app = create_app(args.actions, token, args.cors)
    settings = ServerSettings.from_env()
    slow_clients.configure(app, settings.request_timeout, settings.keep_alive_timeout)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = listen_host()
    scheme = "https" if ssl_context else "http"
    logger.info("Action server on %s://%s:%s (Rasa's token required)", scheme, host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=1, access_log=False)
    return 0
