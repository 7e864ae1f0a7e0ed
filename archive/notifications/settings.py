"""The mail settings of ``<data folder>/site.toml``: the SMTP server (and the certificates its
TLS is checked against), the sender, the site's address for links in messages, how many days
ahead reminders go out and how many times a refused message is offered."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.notifications.errors import NotifyError

REMINDER_DAYS = 7
MAX_ATTEMPTS = 5  # offers of a message the server keeps refusing for now (4xx) before giving up


@dataclass(frozen=True)
class MailSettings:
    """Where and how messages are sent, and what they link to."""

    server: str = "localhost"
    port: int = 25
    use_tls: bool = False  # STARTTLS after connecting
    use_ssl: bool = False  # TLS from the start (usually port 465)
    username: str | None = None
    password: str | None = None
    # Certificates (PEM) trusted besides the system's: a mail server with a private CA.
    ca_file: Path | None = None
    sender: str = ""
    site_url: str = "http://localhost:5000"
    reminder_days: int = REMINDER_DAYS
    max_attempts: int = MAX_ATTEMPTS
    timeout: float = 30.0

    def tls_context(self) -> ssl.SSLContext:
        """What TLS (STARTTLS or from the start) checks the server's certificate and name with:
        the system's certificates, and ``MAIL_CA_FILE``'s."""
        context = ssl.create_default_context()
        if self.ca_file is not None:
            context.load_verify_locations(cafile=self.ca_file)
        return context

    @classmethod
    def from_settings(cls, settings: dict[str, Any], home: Path | None = None) -> MailSettings:
        """Read ``MAIL_*``, ``SITE_URL`` and ``REMINDER_DAYS`` (a relative ``MAIL_CA_FILE`` is
        in the data folder ``home``); ``NotifyError`` naming a key whose value is wrong."""

        def typed(key: str, kind: type, default: Any) -> Any:
            value = settings.get(key, default)
            if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise NotifyError(f"site.toml: {key} must be a whole number, not {value!r}")
            if kind is bool and not isinstance(value, bool):
                raise NotifyError(f"site.toml: {key} must be true or false, not {value!r}")
            if kind is str and value is not None and not isinstance(value, str):
                raise NotifyError(f"site.toml: {key} must be a string, not {value!r}")
            return value

        mail = cls(
            server=typed("MAIL_SERVER", str, "localhost"),
            port=typed("MAIL_PORT", int, 465 if settings.get("MAIL_USE_SSL") else 25),
            use_tls=typed("MAIL_USE_TLS", bool, False),
            use_ssl=typed("MAIL_USE_SSL", bool, False),
            username=typed("MAIL_USERNAME", str, None),
            password=typed("MAIL_PASSWORD", str, None),
            ca_file=_ca_file(typed("MAIL_CA_FILE", str, None), home),
            sender=typed("MAIL_FROM", str, "") or "",
            site_url=(typed("SITE_URL", str, "http://localhost:5000")).rstrip("/"),
            reminder_days=typed("REMINDER_DAYS", int, REMINDER_DAYS),
            max_attempts=typed("MAIL_MAX_ATTEMPTS", int, MAX_ATTEMPTS),
        )
        if not mail.sender or "@" not in mail.sender:
            raise NotifyError("site.toml: MAIL_FROM (the sender's address) is not set")
        if mail.use_tls and mail.use_ssl:
            raise NotifyError("site.toml: MAIL_USE_TLS and MAIL_USE_SSL cannot both be true")
        if not 0 < mail.port < 65536:
            raise NotifyError(f"site.toml: MAIL_PORT must be 1-65535, not {mail.port}")
        if mail.reminder_days < 0:
            raise NotifyError("site.toml: REMINDER_DAYS must be 0 or more")
        if mail.max_attempts < 1:
            raise NotifyError("site.toml: MAIL_MAX_ATTEMPTS must be 1 or more")
        for key, value in (("MAIL_USERNAME", mail.username), ("MAIL_PASSWORD", mail.password)):
            if value is not None and not value.isascii():  # smtplib's AUTH sends ASCII only
                raise NotifyError(
                    f"site.toml: {key} must be ASCII letters, digits and signs (SMTP login)"
                )
        if mail.ca_file is not None:
            try:
                mail.tls_context()
            except OSError as error:  # ssl.SSLError too
                raise NotifyError(
                    f"site.toml: MAIL_CA_FILE {str(mail.ca_file)!r} cannot be read as PEM"
                    f" certificates: {error}"
                ) from None
        return mail


def _ca_file(value: str | None, home: Path | None) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    return home / path if home is not None and not path.is_absolute() else path
