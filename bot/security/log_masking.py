"""No e-mail address or phone number in the logs of any process (Rasa server, action server, command line).

Candidates type their e-mail and phone into the chat, and sender ids are phone numbers on WhatsApp and SMS; any
log line can end up holding one (an exception's message, a library's debug line, a traceback with locals), and
logs outlive „șterge-mi datele” and retention. `install()` masks them in every log record of the process, at
creation (a LogRecord factory: whatever the logger, handler or formatter, structlog's JSON lines included, since
Rasa renders them through the standard library), tracebacks included. `mask_streams()` also wraps stdout and
stderr of the servers, whose output is their log file (scripts/run.sh), for what bypasses logging (print, an
uncaught exception in a thread).
"""

from __future__ import annotations

import io
import logging
import re
import sys
import traceback
from typing import Any, TextIO

EMAIL_MASK = "<e-mail>"
PHONE_MASK = "<telefon>"
# Anything around an @ that could be an address, valid or not ("ana@gmail" typed by mistake is still hers).
_EMAIL = re.compile(r"[^\s\"'<>()\[\]{},;:=`|\\]+@[^\s\"'<>()\[\]{},;:`|\\]+")
# "+40 722 123 456", "0040722123456", "whatsapp:+40722123456", "0722 123 456", "0722-123-45" (a typo is
# still a phone number); not dates, times, versions or decimals ("2026-11-29", "0.72345", "3.6.21").
_PHONE = re.compile(
    r"(?<![\w.+\-/])(?:\+|00)[1-9](?:[ \-]?\d){7,14}(?!\w)"
    r"|(?<![\w.+\-/])0[1-9]\d(?:[ \-.]?\d){6,8}(?!\w)"
)
_MARK = "_bot_masking"


def mask(text: str) -> str:
    """The text with every e-mail address and phone number replaced."""
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(PHONE_MASK, text)


def _masked_record(factory: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logging's own error to report
            return record
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Formatted now, masked, and cached where every Formatter looks for it first.
            record.exc_text = mask("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return record

    setattr(make_record, _MARK, factory)
    return make_record


def install() -> None:
    """Mask every log record created in this process from now on (idempotent)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, _MARK, None) is None:
        logging.setLogRecordFactory(_masked_record(factory))


class MaskingStream(io.TextIOBase):
    """A text stream that masks whole lines before writing them to the wrapped one."""

    MAX_PENDING = 65536  # a line longer than this is masked and written in pieces

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        data = self._pending + text
        complete, newline, rest = data.rpartition("\n")
        if newline:
            self.stream.write(mask(complete + newline))
        self._pending = rest
        if len(self._pending) > self.MAX_PENDING:
            self.stream.write(mask(self._pending))
            self._pending = ""
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self.stream.write(mask(self._pending))
            self._pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)


def mask_streams() -> None:
    """Wrap sys.stdout and sys.stderr (servers only: a recruiter's command prints the data it is asked for)."""
    if not isinstance(sys.stdout, MaskingStream):
        sys.stdout = MaskingStream(sys.stdout)
    if not isinstance(sys.stderr, MaskingStream):
        sys.stderr = MaskingStream(sys.stderr)
