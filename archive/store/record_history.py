"""A record's history rows (append-only): :func:`append` writes one for every writer (people's
corrections, links and review marks in ``archive.curation``, and the store's own re-ingest
changes, :func:`document_changed`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from archive.store.models import Record, RecordChange
from archive.store.shown import source_values

REINGEST_NOTE = "re-ingest of the source document"


class Actor(Protocol):
    """Who acts: a user row or a signed-in account (an id and a name)."""

    id: int
    name: str


def dump(value: Any) -> str | None:
    """A value as history keeps it: JSON text (None for none)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def append(
    session: Session,
    record: Record,
    field: str,
    old: Any,
    new: Any,
    *,
    by: Actor | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> RecordChange:
    """Add one history row of ``record`` at its current version (values kept as JSON)."""
    change = RecordChange(
        record_id=record.id,
        user_id=by.id if by else None,
        user_name=by.name if by else None,
        at=at or datetime.now(),
        field=field,
        old_value=dump(old),
        new_value=dump(new),
        note=note,
        version=record.version,
    )
    session.add(change)
    return change


def document_changed(
    session: Session, record: Record, before: dict[str, Any], now: datetime | None = None
) -> int:
    """Append one history row (no user) per correctable field whose document value differs
    from ``before`` (``source_values`` read before the save), and step the record's version
    once if any did: a correction started from the older version is then refused with these
    changes listed. Returns the number of rows."""
    after = source_values(record)
    changed = [name for name in after if after[name] != before.get(name)]
    if not changed:
        return 0
    now = now or datetime.now()
    record.version += 1
    for name in changed:
        append(session, record, name, before.get(name), after[name], note=REINGEST_NOTE, at=now)
    return len(changed)
