"""A real SMTP server (aiosmtpd) on a loopback port, keeping what it receives, and a data
folder whose site.toml sends mail to it."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"


class Inbox:
    """What the server received, parsed back; ``refuse`` makes it answer 554 to every message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        if self.refuse:
            return "554 5.7.1 refused by the test"
        parsed = email.message_from_bytes(envelope.original_content, policy=default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """Messages addressed to ``address``."""
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    """An aiosmtpd server that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = _free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A running SMTP server on 127.0.0.1 (a free port)."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def write_site_toml(home: Path, port: int, **extra: object) -> None:
    """Mail settings for the test server (and a fixed signing key, a site address)."""
    lines = [
        'MAIL_SERVER = "127.0.0.1"',
        f"MAIL_PORT = {port}",
        'MAIL_FROM = "คลังข้อมูล <archive@example.org>"',
        'SITE_URL = "http://archive.test"',
        f'SECRET_KEY = "{SECRET}"',
        *(f"{key} = {value!r}" if isinstance(value, str) else f"{key} = {value}"
          for key, value in extra.items()),
    ]
    (home / "site.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
