"""The change log that search indexes follow: which records changed, in commit order.

Every write that changes what an index shows calls :func:`note` inside its own transaction;
an index applies the entries after its position and only then moves its position, so a crash
at any point loses nothing and an entry applied twice does no harm.

That needs sequence numbers to become visible in order: an entry must never be committed after
a larger one that a follower may already have applied. SQLite serialises writers, so it holds
there by itself. On PostgreSQL a transaction that took seq 10 could commit after one that took
11; :func:`note` therefore first takes a transaction-level advisory lock, which serialises the
writers of the log from their first entry to their commit (cheap at an archive's write rates),
and announces the commit to every node with ``NOTIFY`` (:class:`Listener` hears it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, func, insert, make_url, select, text
from sqlalchemy.orm import Session

from archive.store.models import IndexChange

log = logging.getLogger(__name__)

_CHANGES = IndexChange.__table__
_INSERT = insert(_CHANGES).returning(_CHANGES.c.seq)

LOGGED = "index_changes_logged"  # in ``Session.info``: this transaction wrote log entries
CHANNEL = "archive_index_changes"  # PostgreSQL NOTIFY channel, sent when entries commit
LOCK_KEY = 0x41524348_49564531  # pg_advisory_xact_lock key of the log's writers ("ARCHIVE1")
_SERIALISE = text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=LOCK_KEY)
_ANNOUNCE = text(f"NOTIFY {CHANNEL}")  # delivered at commit, once per transaction


def _dialect(target: Session | Connection) -> str:
    bind = target.get_bind() if isinstance(target, Session) else target
    return bind.dialect.name


def note(target: Session | Connection, record_ids: Iterable[int]) -> int | None:
    """Log that these records changed; the last sequence number written (None: no ids)."""
    rows = [{"record_id": record_id} for record_id in dict.fromkeys(record_ids)]
    if not rows:
        return None
    if _dialect(target) == "postgresql":
        target.execute(_SERIALISE)  # held to the commit: seqs commit in the order taken
        target.execute(_ANNOUNCE)  # (both again in the same transaction: no cost)
    last = None
    for row in rows:
        last = target.execute(_INSERT, row).scalar_one()
    target.info[LOGGED] = True
    return last


def last_seq(session: Session | Connection) -> int:
    """The newest sequence number (0 for an empty log)."""
    return session.execute(select(func.max(_CHANGES.c.seq))).scalar() or 0


def changes_after(
    session: Session | Connection, seq: int, *, limit: int = 1000
) -> list[tuple[int, int]]:
    """Up to ``limit`` entries after ``seq``, oldest first, as ``(seq, record_id)``."""
    query = (
        select(_CHANGES.c.seq, _CHANGES.c.record_id)
        .where(_CHANGES.c.seq > seq)
        .order_by(_CHANGES.c.seq)
        .limit(limit)
    )
    return [(row.seq, row.record_id) for row in session.execute(query)]


class Listener:
    """Calls ``callback`` whenever any process commits change-log entries to the PostgreSQL
    database at ``url`` (``LISTEN``), and once after each (re)connection, since what was
    committed meanwhile was not heard. A lost connection is retried every ``retry`` seconds."""

    def __init__(self, url: str, callback: Callable[[], None], *, retry: float = 2.0) -> None:
        self.conninfo = make_url(url).set(drivername="postgresql")
        self.callback = callback
        self.retry = retry
        self.connected = threading.Event()  # set while listening
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-listener", daemon=True)

    def start(self) -> Listener:
        """Start listening in a background thread."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening (within a quarter of a second)."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        # Imported here: psycopg is the optional dependency of PostgreSQL archives only.
        import psycopg

        conninfo = self.conninfo.render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    self.callback()
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=0.25):  # then look at ``_stop``
                            self.callback()
            except psycopg.Error as error:
                log.warning("not hearing index changes (%s); retrying", error)
            finally:
                self.connected.clear()
            self._stop.wait(self.retry)


def listen(url: str, callback: Callable[[], None]) -> Listener | None:
    """A started :class:`Listener` when ``url`` is a PostgreSQL database; None otherwise
    (SQLite: other processes' commits are found by polling)."""
    if make_url(url).get_backend_name() != "postgresql":
        return None
    return Listener(url, callback).start()
