"""A real SMTP server (aiosmtpd) on a loopback port, keeping what it receives (optionally with
STARTTLS or TLS from the start, a certificate of a private CA and a login), and a data folder
whose site.toml sends mail to it."""

from __future__ import annotations

import email
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner, Result
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import select

from archive.cli import main
from archive.config import database_url
from archive.store.db import Database
from archive.store.models import FollowUp, User
from tests.conftest import SearchArchive, cli_run

SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"
TODAY = date(2026, 12, 7)  # a Monday
LOGIN = ("archive", "a-long-mail-password")  # what the test server's authenticator takes


class Inbox:
    """What the server received, parsed back (with the TLS version it came over, None for
    plain text); ``refuse`` makes it answer 451 (for now) to every message; an address in
    ``refused`` is answered that reply to RCPT TO; ``offered`` lists every RCPT TO seen."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.tls: list[str | None] = []
        self.refuse = False
        self.refused: dict[str, str] = {}
        self.offered: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # type: ignore[no-untyped-def]
        self.offered.append(address)
        if address in self.refused:
            return self.refused[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        if self.refuse:
            return "451 4.3.0 refused for now by the test"
        parsed = email.message_from_bytes(envelope.original_content, policy=default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        secured = server.transport.get_extra_info("ssl_object")
        self.tls.append(secured.version() if secured is not None else None)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """Messages addressed to ``address``."""
        return [m for m in self.messages if m["To"] == address]


class Login:
    """An authenticator taking ``LOGIN`` only; ``tries`` keeps each try's user name and
    whether it was taken."""

    def __init__(self) -> None:
        self.tries: list[tuple[str, bool]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        assert isinstance(auth_data, LoginPassword)
        given = (auth_data.login.decode(), auth_data.password.decode())
        self.tries.append((given[0], given == LOGIN))
        return AuthResult(success=given == LOGIN, handled=False)  # the server answers 235/535


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    """An aiosmtpd server that can be stopped and started again on the same port;
    ``options`` go to its ``Controller`` (TLS, login)."""

    def __init__(self, **options: Any) -> None:
        self.inbox = Inbox()
        self.port = _free_port()
        self.options = options
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, **self.options
        )
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


@dataclass(frozen=True)
class Certificates:
    """A private CA (its certificate in ``ca_file``, what a client is told to trust) and the
    mail server's certificate for 127.0.0.1 and localhost, signed by it."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        """The server side of TLS with the server's certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "กรุงเทพมหานคร (test)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _pem(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    """A CA and a server certificate made now (valid for a day), in PEM files."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Test mail CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder = tmp_path / "certificates"
    folder.mkdir()
    return Certificates(
        ca_file=_pem(folder / "ca.pem", ca_cert.public_bytes(serialization.Encoding.PEM)),
        cert_file=_pem(folder / "server.pem", cert.public_bytes(serialization.Encoding.PEM)),
        key_file=_pem(
            folder / "server.key",
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        ),
    )


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | Path):
        return repr(str(value))  # a TOML literal string
    return str(value)


def write_site_toml(home: Path, port: int, **extra: object) -> None:
    """Mail settings for the test server (and a fixed signing key, a site address)."""
    lines = [
        'MAIL_SERVER = "127.0.0.1"',
        f"MAIL_PORT = {port}",
        'MAIL_FROM = "คลังข้อมูล <archive@example.org>"',
        'SITE_URL = "http://archive.test"',
        f'SECRET_KEY = "{SECRET}"',
        *(f"{key} = {_toml(value)}" for key, value in extra.items()),
    ]
    (home / "site.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def notify(home: Path, *args: str) -> Result:
    """``archive notify`` on ``TODAY``."""
    return cli_run(home, "notify", "--today", TODAY.isoformat(), *args)


def add_user(home: Path, name: str, email: str, language: str = "th") -> None:
    """An editor with this address, added by ``archive users add``."""
    result = CliRunner().invoke(
        main,
        [
            "--home",
            str(home),
            "users",
            "add",
            name,
            "--role",
            "editor",
            "--email",
            email,
            "--language",
            language,
            "--password-stdin",
        ],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies (both must be there)."""
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def assign(database: Database, user_name: str, dues: list[date | None]) -> list[str]:
    """Give the first open items of the corpus to ``user_name`` with these due dates."""
    with database.session() as session:
        user = session.scalar(select(User).where(User.name == user_name))
        items = session.scalars(
            select(FollowUp).where(FollowUp.status == "open").order_by(FollowUp.id)
        ).all()[: len(dues)]
        for item, due in zip(items, dues, strict=True):
            item.assignee_id, item.due_date = user.id, due  # type: ignore[union-attr]
        session.commit()
        return [item.id for item in items]


@pytest.fixture
def database(fresh_archive: SearchArchive) -> Iterator[Database]:
    """The database of ``fresh_archive``."""
    database = Database(database_url(fresh_archive.home))
    yield database
    database.dispose()
