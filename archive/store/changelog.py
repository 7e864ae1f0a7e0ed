"""The change log that search indexes follow: which records changed, in commit order.

Every write that changes what an index shows calls :func:`note` inside its own transaction;
an index applies the entries after its position and only then moves its position, so a crash
at any point loses nothing and an entry applied twice does no harm.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from archive.store.models import IndexChange

_CHANGES = IndexChange.__table__
_INSERT = insert(_CHANGES).returning(_CHANGES.c.seq)


LOGGED = "index_changes_logged"  # in ``Session.info``: this transaction wrote log entries


def note(target: Session | Connection, record_ids: Iterable[int]) -> int | None:
    """Log that these records changed; the last sequence number written (None: no ids)."""
    rows = [{"record_id": record_id} for record_id in dict.fromkeys(record_ids)]
    last = None
    for row in rows:
        last = target.execute(_INSERT, row).scalar_one()
    if last is not None:
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
