"""The channel webhook tests post to the running assistant (the shared fixture from tests/e2e)."""

from tests.e2e.conftest import assistant  # noqa: F401
