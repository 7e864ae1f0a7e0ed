"""Flask-Limiter's counters in the archive's own database (table ``rate_limits``): the
processes of one ``archive serve --processes N`` count sign-in tries together.

Registered with the ``limits`` library under the scheme ``archive-db``
(``RATELIMIT_STORAGE_URI = "archive-db://"``, the database URL in
``RATELIMIT_STORAGE_OPTIONS = {"database_url": ...}``); fixed windows only, which is what
the sign-in limits use. Each increment is one atomic upsert (SQLite and PostgreSQL).
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from archive.store.db import make_engine

SCHEME = "archive-db"

_INCR = text(
    "INSERT INTO rate_limits (key, count, expires_at) VALUES (:key, :amount, :expires)"
    " ON CONFLICT (key) DO UPDATE SET"
    " count = CASE WHEN rate_limits.expires_at <= :now THEN :amount"
    " ELSE rate_limits.count + :amount END,"
    " expires_at = CASE WHEN rate_limits.expires_at <= :now THEN :expires"
    " ELSE rate_limits.expires_at END"
    " RETURNING count"
)


class DatabaseStorage(Storage):
    """A ``limits`` storage whose counters are rows of ``rate_limits``."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 (the limits base class declares it so)

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any
    ) -> None:
        url = options.pop("database_url", None)
        if not url:
            raise ValueError(f"{SCHEME}:// needs RATELIMIT_STORAGE_OPTIONS database_url")
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.engine = make_engine(str(url))

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Errors of the database (Flask-Limiter may let requests through on them)."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to the counter of ``key`` (a new window of ``expiry`` seconds when
        the last one ended); the new count."""
        now = time.time()
        values = {"key": key, "amount": amount, "now": now, "expires": now + expiry}
        with self.engine.begin() as connection:
            # Only failed sign-ins count: few rows, so the ended windows go here.
            connection.execute(text("DELETE FROM rate_limits WHERE expires_at <= :now"), values)
            return int(connection.execute(_INCR, values).scalar_one())

    def get(self, key: str) -> int:
        """The count of ``key`` in its current window (0 when none)."""
        with self.engine.connect() as connection:
            count = connection.execute(
                text("SELECT count FROM rate_limits WHERE key = :key AND expires_at > :now"),
                {"key": key, "now": time.time()},
            ).scalar()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        """When the current window of ``key`` ends (seconds since the epoch)."""
        with self.engine.connect() as connection:
            expires = connection.execute(
                text("SELECT expires_at FROM rate_limits WHERE key = :key"), {"key": key}
            ).scalar()
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        with self.engine.begin() as connection:
            return connection.execute(text("DELETE FROM rate_limits")).rowcount

    def clear(self, key: str) -> None:
        """Forget the counter of ``key``."""
        with self.engine.begin() as connection:
            connection.execute(text("DELETE FROM rate_limits WHERE key = :key"), {"key": key})
