"""The production stack for tests/prod, started once; only `make test-prod` (TEST_PROD=1) runs these tests:
they need Debian's postgresql, redis-server and nginx, and start two Rasa replicas."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.prod.stack import Stack, production_stack
from tests.services.assistant import MODEL
from tests.services.binaries import INSTALL_HINT, find

collect_ignore_glob = [] if os.environ.get("TEST_PROD") == "1" else ["test_*.py"]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    missing = [name for name in ("initdb", "postgres", "redis-server", "nginx") if find(name) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: {INSTALL_HINT}")
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    with production_stack(tmp_path_factory.mktemp("prod-logs")) as running:
        yield running
