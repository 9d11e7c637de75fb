"""The production stack for tests/prod, started once; only `make test-prod` (TEST_PROD=1) runs these tests:
they need Debian's postgresql, redis-server and nginx, and start two Rasa replicas."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from types import FrameType

import pytest

from tests.prod.stack import Stack, production_stack
from tests.services.assistant import MODEL
from tests.services.binaries import INSTALL_HINT, find

collect_ignore_glob = [] if os.environ.get("TEST_PROD") == "1" else ["test_*.py"]


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    # The servers run in their own sessions: a CI timeout's SIGTERM would leave them running. As an
    # interrupt, pytest still tears the stack down.
    if os.environ.get("TEST_PROD") == "1":
        signal.signal(signal.SIGTERM, _interrupt)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    missing = [name for name in ("initdb", "postgres", "redis-server", "nginx") if find(name) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: {INSTALL_HINT}")
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    with production_stack(tmp_path_factory.mktemp("prod-logs")) as running:
        yield running
