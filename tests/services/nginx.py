"""nginx from deploy/nginx/assistant.conf.template, rendered for servers on loopback."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot import PROJECT_ROOT
from tests.services.binaries import require
from tests.services.processes import Server, free_port

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "assistant.conf.template"
_LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ upstream=(?P<upstream>\S*(?:, \S+)*) '
                       r"upstream_status=(?P<upstream_status>\S*(?:, \S+)*) rid=(?P<rid>\S*)")


def render(
    runtime_dir: Path, listen: str, actions_listen: str, rasa: Sequence[str], actions: Sequence[str]
) -> str:
    def servers(addresses: Sequence[str]) -> str:
        return "\n".join(f"        server {a} max_fails=1 fail_timeout=10s;" for a in addresses)

    text = TEMPLATE.read_text()
    for name, value in {
        "RUNTIME_DIR": str(runtime_dir),
        "LISTEN": listen,
        "ACTIONS_LISTEN": actions_listen,
        "RASA_SERVERS": servers(rasa),
        "ACTION_SERVERS": servers(actions),
    }.items():
        text = text.replace(f"@{name}@", value)
    unfilled = [line for line in text.splitlines() if not line.lstrip().startswith("#") and "@" in line]
    assert not unfilled, f"unfilled placeholders: {unfilled}"
    return text


@dataclass(frozen=True)
class Hit:
    request: str
    status: int
    upstreams: list[str]  # every server tried, in order ("a, b": a failed, b answered)
    request_id: str


class Nginx:
    def __init__(self, root: Path, rasa: Sequence[str], actions: Sequence[str]) -> None:
        self.root = root
        self.port, self.actions_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.actions_url = f"http://127.0.0.1:{self.actions_port}"
        self.config = root / "nginx.conf"
        self.config.write_text(
            render(root, f"127.0.0.1:{self.port}", f"127.0.0.1:{self.actions_port}", rasa, actions)
        )
        self.server: Server | None = None

    def start(self) -> Nginx:
        nginx = str(require("nginx"))
        command = [nginx, "-p", str(self.root), "-e", str(self.root / "error.log"), "-c", str(self.config)]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        if check.returncode:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        self.server = Server("nginx", [*command, "-g", "daemon off;"], self.root / "nginx.out")
        self.server.start().wait_until(lambda: (self.root / "nginx.pid").exists(), 30)
        return self

    def hits(self) -> list[Hit]:
        log = self.root / "access.log"
        hits = []
        for line in log.read_text().splitlines() if log.exists() else []:
            match = _LOG_LINE.search(line)
            if match:
                upstreams = [u for u in re.split(r"\s*,\s*|\s+:\s+", match["upstream"]) if u and u != "-"]
                hits.append(Hit(match["request"], int(match["status"]), upstreams, match["rid"]))
        return hits


@contextmanager
def running_nginx(rasa: Sequence[str], actions: Sequence[str], keep_logs: Path | None = None) -> Iterator[Nginx]:
    """keep_logs: a directory that gets nginx's configuration and logs when it stops (its own is removed)."""
    root = Path(tempfile.mkdtemp(prefix="test-nginx-"))
    root.chmod(0o755)  # the workers (nobody, when started as root) write the temporary files below
    nginx = Nginx(root, rasa, actions)
    try:
        yield nginx.start()
    finally:
        if nginx.server is not None:
            nginx.server.stop()
        if keep_logs is not None:
            for name in ("nginx.conf", "access.log", "error.log"):
                if (root / name).exists():
                    shutil.copy(root / name, keep_logs / f"nginx-{name}")
        shutil.rmtree(root, ignore_errors=True)
