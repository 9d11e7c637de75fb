"""A throwaway Redis on loopback: no persistence, a password, its configuration in a private file."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.services.binaries import require
from tests.services.processes import Server, free_port


class Redis:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.password = secrets.token_urlsafe(24)
        self.server: Server | None = None

    def start(self) -> Redis:
        config = self.root / "redis.conf"
        # In a file, not on the command line: `ps` would show the password.
        config.write_text(
            f"bind 127.0.0.1\nport {self.port}\nrequirepass {self.password}\ndir {self.root}\n"
            'save ""\nappendonly no\nprotected-mode yes\n'
        )
        config.chmod(0o600)
        self.server = Server("redis", [str(require("redis-server")), str(config)], self.root / "redis.log")
        self.server.start().wait_until(lambda: self.client(0).ping(), 30)
        return self

    def client(self, db: int) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, password=self.password, db=db, socket_timeout=2)


@contextmanager
def running_redis() -> Iterator[Redis]:
    root = Path(tempfile.mkdtemp(prefix="test-redis-"))
    server = Redis(root)
    try:
        yield server.start()
    finally:
        if server.server is not None:
            server.server.stop()
        shutil.rmtree(root, ignore_errors=True)
