"""Reading records back with their children: one, a page, all in batches, by ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from archive.store.models import FollowUp, Record

# Ids are SQL INTEGER columns: 64-bit on SQLite but 32-bit on PostgreSQL, where a larger
# number is an error ("integer out of range"), not a missing row: a larger id names no record.
MAX_ID = 2**31 - 1


def get_record(session: Session, record_id: int) -> Record | None:
    """One record with its children, or None (also for ids no database could hold)."""
    if not 0 < record_id <= MAX_ID:
        return None
    return session.scalar(_loaded().where(Record.id == record_id))


def list_records(session: Session, *, limit: int | None = None, offset: int = 0) -> list[Record]:
    """Records in id order."""
    query = _loaded().order_by(Record.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def iter_records(session: Session, *, batch: int = 500) -> Iterator[Record]:
    """Every record, loaded in batches (for index rebuilds)."""
    last = 0
    while True:
        rows = list(
            session.scalars(_loaded().where(Record.id > last).order_by(Record.id).limit(batch))
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        session.expunge_all()


def count_records(session: Session) -> int:
    """Number of records."""
    return session.scalar(select(func.count(Record.id))) or 0


def load_records(session: Session, ids: Iterable[int]) -> list[Record]:
    """The records with these ids, with their children, in id order (unknown ids left out)."""
    wanted = sorted(set(ids))
    return list(session.scalars(_loaded().where(Record.id.in_(wanted)).order_by(Record.id)))


def record_ids(session: Session) -> list[int]:
    """The ids of every record, in order."""
    return list(session.scalars(select(Record.id).order_by(Record.id)))


def _loaded():  # type: ignore[no-untyped-def]
    return select(Record).options(
        selectinload(Record.meetings),
        selectinload(Record.findings),
        selectinload(Record.follow_ups).selectinload(FollowUp.agency_links),
    )


def people_counts(session: Session) -> dict[str, int]:
    """Every person named in the records (as spelled there) and how many records name them."""
    counts: dict[str, int] = {}
    for names in session.scalars(select(Record.people)):
        for name in {n.strip() for n in names or [] if n and n.strip()}:
            counts[name] = counts.get(name, 0) + 1
    return counts
