"""bot/security/log_masking.py: what is masked, and that nothing personal reaches a server's output, whichever way
it is written (standard logging, Rasa's structlog JSON lines with tracebacks and locals, print, a thread's
uncaught exception)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from bot import PROJECT_ROOT
from bot.security.log_masking import mask


@pytest.mark.parametrize(
    "text, masked",
    [("user ana@example.com said", "user <e-mail> said"), ("typo ana@gmail", "typo <e-mail>"),
     ("rest:+40722123456 x", "rest:<telefon> x"), ("whatsapp:+40722123456", "whatsapp:<telefon>"),
     ("0722 123 456", "<telefon>"), ("0722-123-45", "<telefon>"), ("+40 722 123 456", "<telefon>"),
     ("0040722123456", "<telefon>"), ('{"text": "vlad@example.com"}', '{"text": "<e-mail>"}')],
)  # fmt: skip
def test_masked(text: str, masked: str) -> None:
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    ["2026-11-29 16:02:17 INFO rasa.core.processor", "confidence 0.723456789", "rasa 3.6.21", "ts 1700000000.123",
     "telegram:123456789", "127.0.0.1:5055", "took 12345 ms", "sender rest:ana"],
)  # fmt: skip
def test_kept(text: str) -> None:
    assert mask(text) == text


SCRIPT = textwrap.dedent(
    """
    import logging, sys, threading
    from bot.security import log_masking
    log_masking.install()
    log_masking.mask_streams()
    from rasa.utils.log_utils import configure_structlog
    import structlog
    configure_structlog(logging.INFO)
    slots = {"alert_email": "victim@example.com", "contact_details": "+40722123456"}
    logging.getLogger("plain").error("message from %s: %s", "whatsapp:+40733111222", "ana@example.com")
    try:
        raise KeyError("contact 0744 555 666")
    except KeyError:
        logging.getLogger("plain").exception("failed for %s", slots)
        structlog.get_logger().exception("interpolator.interpolate.text", response="x", values=slots)
    print("printed ion@example.com")
    thread = threading.Thread(target=lambda: 1 / int("0745666777" * 0 + "0") if slots else None)
    thread.start(); thread.join()
    sys.stderr.write("partial eve@exa"); sys.stderr.write("mple.com end\\n")
    sys.stdout.flush(); sys.stderr.flush()
    """
)
SECRETS = ["victim@example.com", "+40722123456", "+40733111222", "ana@example.com", "0744 555 666", "ion@example.com",
           "eve@example.com"]  # fmt: skip


def test_nothing_personal_reaches_a_server_output() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    assert "Traceback" in output and "KeyError" in output and "ZeroDivisionError" in output  # all of it was written
    for secret in SECRETS:
        assert secret not in output, secret
    assert output.count("<e-mail>") >= 5 and "<telefon>" in output
