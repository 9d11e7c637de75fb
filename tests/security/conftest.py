"""The security tests that talk to the running assistant use the shared fixture from tests/e2e."""

from tests.e2e.conftest import assistant  # noqa: F401
