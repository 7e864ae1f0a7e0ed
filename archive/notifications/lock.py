"""One ``archive notify`` at a time over a shared database: a PostgreSQL advisory lock (freed
by the server if the process dies), or on SQLite a row in ``locks`` (taken over once older
than ``STALE``, in case its holder died)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, text
from sqlalchemy.exc import IntegrityError

from archive.notifications.errors import Busy
from archive.store.db import Database
from archive.store.models import Lock

NAME = "notify"
ADVISORY_KEY = 0x6E6F74696679  # "notify"
STALE = timedelta(hours=6)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def notify_lock(db: Database) -> Iterator[None]:
    """Hold the notify lock while the block runs; ``Busy`` when another process holds it."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            try_lock = text("SELECT pg_try_advisory_lock(:key)")
            got = connection.scalar(try_lock, {"key": ADVISORY_KEY})
            connection.commit()
            if not got:
                raise Busy()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                connection.commit()
        return
    holder = f"{socket.gethostname()}:{os.getpid()}:{_now().isoformat()}"
    with db.session() as session:
        session.execute(delete(Lock).where(Lock.name == NAME, Lock.acquired_at < _now() - STALE))
        session.add(Lock(name=NAME, holder=holder, acquired_at=_now()))
        try:
            session.commit()
        except IntegrityError:
            raise Busy() from None
    try:
        yield
    finally:
        with db.session() as session:
            session.execute(delete(Lock).where(Lock.name == NAME, Lock.holder == holder))
            session.commit()
