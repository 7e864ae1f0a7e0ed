"""The mail settings of ``<data folder>/site.toml``: the SMTP server, the sender, the site's
address for links in messages and how many days ahead reminders go out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive.notifications.errors import NotifyError

REMINDER_DAYS = 7


@dataclass(frozen=True)
class MailSettings:
    """Where and how messages are sent, and what they link to."""

    server: str = "localhost"
    port: int = 25
    use_tls: bool = False  # STARTTLS after connecting
    use_ssl: bool = False  # TLS from the start (usually port 465)
    username: str | None = None
    password: str | None = None
    sender: str = ""
    site_url: str = "http://localhost:5000"
    reminder_days: int = REMINDER_DAYS
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> MailSettings:
        """Read ``MAIL_*``, ``SITE_URL`` and ``REMINDER_DAYS``; ``NotifyError`` naming a key
        whose value is wrong."""

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
            sender=typed("MAIL_FROM", str, "") or "",
            site_url=(typed("SITE_URL", str, "http://localhost:5000")).rstrip("/"),
            reminder_days=typed("REMINDER_DAYS", int, REMINDER_DAYS),
        )
        if not mail.sender or "@" not in mail.sender:
            raise NotifyError("site.toml: MAIL_FROM (the sender's address) is not set")
        if mail.use_tls and mail.use_ssl:
            raise NotifyError("site.toml: MAIL_USE_TLS and MAIL_USE_SSL cannot both be true")
        if not 0 < mail.port < 65536:
            raise NotifyError(f"site.toml: MAIL_PORT must be 1-65535, not {mail.port}")
        if mail.reminder_days < 0:
            raise NotifyError("site.toml: REMINDER_DAYS must be 0 or more")
        return mail
