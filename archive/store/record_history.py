"""History rows that the store writes itself: what a re-ingest or re-extraction changed in a
record's document values (people's changes are written by ``archive.curation``)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from archive.store.models import Record, RecordChange
from archive.store.shown import source_values

REINGEST_NOTE = "re-ingest of the source document"


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
        session.add(
            RecordChange(
                record_id=record.id,
                at=now,
                field=name,
                old_value=_dump(before.get(name)),
                new_value=_dump(after[name]),
                note=REINGEST_NOTE,
                version=record.version,
            )
        )
    return len(changed)


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
