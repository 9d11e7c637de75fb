"""A server process for the tests: own process group, log in a file, stop/kill/pause by its id only."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import requests

from bot import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll `condition` 5 times a second until it holds or `seconds` pass; its last value."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


class ServerFailed(RuntimeError):
    """A server did not start; the message ends with its log."""


class Server:
    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path = PROJECT_ROOT,
        port: int | None = None,
    ) -> None:
        self.name = name
        self.port = port  # the HTTP port, for servers that have one
        self.argv = list(argv)
        self.log = log
        self.env = dict(os.environ if env is None else env)
        self.cwd = cwd
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            # A new session: stop() and kill() reach the server's children too, and nothing else.
            self.process = subprocess.Popen(
                self.argv, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} was not started"
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def wait_until(self, ready: Callable[[], bool], seconds: float) -> Server:
        deadline = time.monotonic() + seconds
        while True:
            if not self.running:
                raise ServerFailed(f"{self.name} stopped during start-up:\n{self.log_tail()}")
            try:
                if ready():
                    return self
            except Exception:  # not ready yet, whatever the probe says (refused, reset, auth not set up...)
                pass
            if time.monotonic() > deadline:
                raise ServerFailed(f"{self.name} not ready within {seconds} s:\n{self.log_tail()}")
            time.sleep(0.5)

    def wait_http(self, url: str, seconds: float) -> Server:
        return self.wait_until(lambda: requests.get(url, timeout=2).ok, seconds)

    def _signal(self, sig: int) -> None:
        if self.running:
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, seconds: float = 20) -> None:
        """SIGTERM, then SIGKILL after `seconds`; a paused server is resumed so it can stop."""
        if self.process is None:
            return
        self._signal(signal.SIGCONT)
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL: a crash, without any chance to clean up."""
        self._signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def pause(self) -> None:
        """SIGSTOP: the server keeps its port (connections are accepted by the kernel) but never answers."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        self._signal(signal.SIGCONT)
