"""Notification fixtures: look users up by name, and a real SMTP sink on a free local port."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User


def user(username: str) -> User:
    """A demo user (call inside an app context)."""
    return db.session.scalar(select(User).where(User.username == username))


class Sink:
    """Keeps every message it accepts; refuses recipients whose address starts with "refuse"."""

    def __init__(self) -> None:
        self.envelopes = []
        self.port = _free_port()
        self._controller: Controller | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = Sink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_config(app, smtp_sink) -> dict:
    """The app's settings with email switched on and pointed at the sink."""
    return {
        **app.config,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_sink.port,
        "MAIL_FROM": "noreply@zhongzhi.example",
        "BASE_URL": "https://zz.example.gov.cn/",
    }
