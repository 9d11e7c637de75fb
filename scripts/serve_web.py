"""Serve web/ (the widget and its demo page) on 127.0.0.1 for `make run`.

A plain static server, with one addition: the demo pages' `data-server-url` is set to the running
assistant (RASA_URL), so the demo works whatever RASA_PORT is. en.html is the demo in English.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
DEMO_PAGES = {"/": "index.html", "/index.html": "index.html", "/en.html": "en.html"}
_SERVER_URL = re.compile(r'data-server-url="[^"]*"')


class WebHandler(http.server.SimpleHTTPRequestHandler):
    rasa_url = "http://localhost:5005"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        demo = DEMO_PAGES.get(self.path.split("?", 1)[0])
        if demo is None:
            return super().do_GET()
        page = (Path(self.directory) / demo).read_text(encoding="utf-8")
        body = _SERVER_URL.sub(f'data-server-url="{self.rasa_url}"', page, count=1).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet: `make run` prints the address once


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    args = parser.parse_args()
    if not re.fullmatch(r"https?://[A-Za-z0-9.:\[\]-]+/?", args.rasa_url):
        parser.error(f"not a server URL: {args.rasa_url}")
    handler = type("Handler", (WebHandler,), {"rasa_url": args.rasa_url.rstrip("/")})
    server = http.server.ThreadingHTTPServer((args.bind, args.port), functools.partial(handler, directory=str(WEB_DIR)))
    server.serve_forever()


if __name__ == "__main__":
    main()
