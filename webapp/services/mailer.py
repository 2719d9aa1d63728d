"""Outgoing email over SMTP: safe UTF-8 messages, sent in batches over one connection."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

# Something wrong with one message (its address or content): the others can still go. Any
# other OSError (SMTPException is one) means the server or our settings failed, not the message.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
    ValueError,
)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "noreply@localhost"
    timeout: float = 10.0

    @classmethod
    def from_config(cls, config: Mapping) -> SmtpSettings | None:
        """None when SMTP_HOST is unset: email is switched off."""
        if not config.get("SMTP_HOST"):
            return None
        return cls(
            host=config["SMTP_HOST"],
            port=int(config.get("SMTP_PORT") or 25),
            user=config.get("SMTP_USER") or None,
            password=config.get("SMTP_PASSWORD") or None,
            starttls=bool(config.get("SMTP_STARTTLS")),
            sender=config.get("MAIL_FROM") or cls.sender,
            timeout=float(config.get("SMTP_TIMEOUT") or cls.timeout),
        )

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"


def one_line(text: str) -> str:
    """Header text with line breaks and control characters turned into spaces (no injection)."""
    cleaned = "".join(" " if ord(char) < 32 or char == "\x7f" else char for char in text)
    return " ".join(cleaned.split())


def recipient(name: str, email: str) -> Address:
    """The To address; ValueError for anything that is not one plain address."""
    problem = ValueError(f"邮箱地址无效：{email!r}")
    if one_line(email) != email or email.count("@") != 1:
        raise problem
    try:
        return Address(display_name=one_line(name), addr_spec=email)
    except (MessageError, ValueError, IndexError) as error:  # the parser's ways of saying "no"
        raise problem from error


def build_message(
    settings: SmtpSettings,
    to: Address,
    subject: str,
    body: str,
    sent_at: datetime,
    message_id: str,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = f"<{message_id}@{settings.domain}>"
    message.set_content(body, charset="utf-8")
    return message


@contextmanager
def connection(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """An open, logged-in SMTP session; OSError (SMTPException included) when that fails."""
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        smtp.ehlo()
        if settings.starttls:
            smtp.starttls()
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        yield smtp
    finally:
        try:
            smtp.quit()
        except OSError:
            smtp.close()
