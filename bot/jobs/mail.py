"""Sending the e-mails: through an SMTP server (SMTP_URL), or in development into a folder (var/outbox/*.eml).

    SMTP_URL=smtps://user:password@smtp.example.ro:465          TLS from the start (port 465 by default)
    SMTP_URL=smtp+starttls://user:password@smtp.example.ro:587  STARTTLS (port 587 by default)
    SMTP_URL=smtp://127.0.0.1:25                                plain: a relay on this machine or the cluster
    MAIL_FROM="Asistent carieră <alerte@example.ro>"           the sender
    PUBLIC_URL=https://asistent.example.ro                      where the links in the e-mails point (Rasa server)

Unset SMTP_URL (development only; production refuses, bot/production.py): each e-mail is written to MAIL_OUTBOX
(var/outbox) as a .eml file, so nothing needs a mail server. A message counts as sent when the SMTP server has
accepted it (its reply to DATA); anything else (refused, disconnected, timed out) raises MailError and the
caller keeps it pending. No address is ever logged.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot import PROJECT_ROOT
from bot.settings import get_settings

logger = logging.getLogger(__name__)

SMTP_VARIABLE = "SMTP_URL"
FROM_VARIABLE = "MAIL_FROM"
OUTBOX_VARIABLE = "MAIL_OUTBOX"
PUBLIC_URL_VARIABLE = "PUBLIC_URL"
DEFAULT_FROM = "Asistent carieră <alerte@localhost>"
DEFAULT_OUTBOX = PROJECT_ROOT / "var" / "outbox"
SMTP_TIMEOUT = 30  # seconds for each SMTP step
PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class MailConfigError(ValueError):
    pass


class MailError(RuntimeError):
    """The e-mail was not accepted by the SMTP server (or could not be written): it stays pending."""


@dataclass(frozen=True)
class SmtpServer:
    scheme: str  # smtp | smtp+starttls | smtps
    host: str
    port: int
    username: str | None
    password: str | None = None

    @property
    def encrypted(self) -> bool:
        return self.scheme != "smtp"

    def describe(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"  # never the credentials


def parse_smtp_url(raw: str) -> SmtpServer:
    parts = urlsplit(raw.strip())
    if parts.scheme not in PORTS:
        raise MailConfigError(f"{SMTP_VARIABLE} must start with smtp://, smtp+starttls:// or smtps://")
    if not parts.hostname:
        raise MailConfigError(f"{SMTP_VARIABLE} has no host")
    try:
        port = parts.port or PORTS[parts.scheme]
    except ValueError:
        raise MailConfigError(f"{SMTP_VARIABLE} has an invalid port") from None
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return SmtpServer(parts.scheme, parts.hostname, port, username, password)


def parse_sender(raw: str) -> str:
    name, address = parseaddr(raw)
    if "@" not in address or " " in address or not address.split("@")[1]:
        raise MailConfigError(f"{FROM_VARIABLE} must be an e-mail address, e.g. Asistent <alerte@example.ro>")
    return raw.strip()


def parse_public_url(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise MailConfigError(f"{PUBLIC_URL_VARIABLE} must be the assistant's address, e.g. https://asistent.example.ro")
    return raw.strip().rstrip("/")


@dataclass(frozen=True)
class MailSettings:
    smtp: SmtpServer | None  # None: write to the outbox folder
    sender: str
    outbox: Path
    public_url: str
    job_search_url: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> MailSettings:
        env = os.environ if env is None else env
        raw_smtp = (env.get(SMTP_VARIABLE) or "").strip()
        port = (env.get("RASA_PORT") or "5005").strip()
        return cls(
            smtp=parse_smtp_url(raw_smtp) if raw_smtp else None,
            sender=parse_sender(env.get(FROM_VARIABLE) or DEFAULT_FROM),
            outbox=Path(env.get(OUTBOX_VARIABLE) or DEFAULT_OUTBOX),
            public_url=parse_public_url(env.get(PUBLIC_URL_VARIABLE) or f"http://localhost:{port}"),
            job_search_url=get_settings().job_search_url,
        )


def message(
    settings: MailSettings,
    to: str,
    subject: str,
    text: str,
    html: str,
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    """A Romanian plain-text + HTML e-mail; with unsubscribe_url, the one-click unsubscribe headers (RFC 8058)."""
    mail = EmailMessage(policy=SMTP_POLICY)
    mail["From"] = settings.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(datetime.now(timezone.utc))
    sender_domain = parseaddr(settings.sender)[1].rpartition("@")[2] or "localhost"
    mail["Message-ID"] = make_msgid(domain=sender_domain)
    mail["Content-Language"] = "ro"
    mail["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        mail["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(text, subtype="plain", charset="utf-8")
    mail.add_alternative(html, subtype="html", charset="utf-8")
    return mail


class Mailer:
    """Sends messages one by one over one connection (or into the outbox); use as a context manager."""

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, mail: EmailMessage) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SmtpMailer(Mailer):
    def __init__(self, server: SmtpServer, timeout: float = SMTP_TIMEOUT) -> None:
        self.server = server
        self.timeout = timeout
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        context = ssl.create_default_context()
        if server.scheme == "smtps":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
        try:
            connection.ehlo()
            if server.scheme == "smtp+starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if server.username:
                connection.login(server.username, server.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, mail: EmailMessage) -> None:
        try:
            if self._connection is None:
                self._connection = self._connect()
            refused = self._connection.send_message(mail)
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            # The reason without the addresses smtplib puts in some of its errors.
            raise MailError(f"{self.server.describe()}: {error.__class__.__name__}") from error
        if refused:
            raise MailError(f"{self.server.describe()}: recipient refused")

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except OSError:
                pass
            self._connection = None

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.quit()  # the messages were accepted already; a failing QUIT changes nothing
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()


class OutboxMailer(Mailer):
    """Development: every message as a .eml file in the outbox folder (written whole, then renamed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, mail: EmailMessage) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
            temporary = self.folder / f".{name}.tmp"
            temporary.write_bytes(mail.as_bytes())
            temporary.replace(self.folder / name)
        except OSError as error:
            raise MailError(f"outbox {self.folder}: {error.__class__.__name__}") from error


def mailer(settings: MailSettings) -> Mailer:
    if settings.smtp is None:
        return OutboxMailer(settings.outbox)
    return SmtpMailer(settings.smtp)
