"""Correcting records: people's values kept apart from the document's, every change in the
record's append-only history, optimistic locking by version, withdrawal.

Every change goes through this module. A correction is stored in ``record_corrections`` (the
document's values in the record's columns are never touched: a re-ingest keeps updating them,
and shows through wherever nobody corrected); one history row per changed field; the record's
version goes up; the record id is appended to the change log in the same transaction, so the
search index follows within seconds. A save that names an older version raises
:class:`RecordConflict` with the changes saved since: nothing is overwritten unseen.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.curation.errors import CurationError, RecordConflict, RecordNotFound
from archive.curation.values import READERS, check_dates
from archive.store import changelog
from archive.store.lookups import MAX_ID
from archive.store.models import Record, RecordChange, RecordCorrection, User
from archive.store.record_history import append
from archive.store.shown import (
    FIELDS,
    SourceChange,
    corrections,
    shown_values,
    source_changes,
    source_value,
)

EDITABLE = tuple(FIELDS)
MAX_NOTE = 5000
BATCH = 500  # records read at a time
WITHDRAWN = "withdrawn"  # the history field of a withdrawal (new value: the reason) or a restore
ACCEPTED = "accepted the source"  # the note of a history row that took the document's value
KEPT = "kept the correction"  # ... and of one that kept the person's value against it


def load(text: str | None) -> Any:
    """A value kept by :func:`dump` (rows of other writers, plain text, as they are)."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def change_dict(change: RecordChange) -> dict[str, Any]:
    """One history entry as plain JSON-ready values (old and new as the record JSON has them)."""
    return {
        "at": change.at.isoformat(timespec="seconds"),
        "user": change.user_name,
        "field": change.field,
        "old_value": load(change.old_value),
        "new_value": load(change.new_value),
        "note": change.note,
        "version": change.version,
    }


def get_record(session: Session, record_id: int, *, lock: bool = False) -> Record:
    """The record (``RecordNotFound`` otherwise); ``lock`` reads it afresh and holds its row
    to the commit (PostgreSQL: a concurrent editor waits, then sees this one's version)."""
    query = select(Record).where(Record.id == record_id)
    if lock:
        query = query.with_for_update(of=Record).execution_options(populate_existing=True)
    record = session.scalar(query) if 0 < record_id <= MAX_ID else None
    if record is None:
        raise RecordNotFound("record.not_found", value=record_id)
    return record


def history(session: Session, record_id: int) -> list[RecordChange]:
    """The record's changes, oldest first."""
    return list(
        session.scalars(
            select(RecordChange)
            .where(RecordChange.record_id == record_id)
            .order_by(RecordChange.id)
        )
    )


def clean(changes: Mapping[str, Any]) -> dict[str, Any]:
    """``changes`` validated and normalised as they are stored; ``CurationError`` names the
    first bad field."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise CurationError("fields.not_editable", names=", ".join(sorted(unknown)))
    return {name: READERS[name](value, name) for name, value in changes.items()}


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str):
        raise CurationError("value.type", "note", expected="text")
    if len(note) > MAX_NOTE:
        raise CurationError("text.too_long", "note", limit=MAX_NOTE)
    return note.strip() or None


def _checked_version(session: Session, record: Record, version: Any) -> None:
    try:
        expected = int(version)
    except (TypeError, ValueError):
        raise CurationError("number.invalid", "version", value=str(version)[:20]) from None
    if expected != record.version:
        since = [change_dict(c) for c in history(session, record.id) if c.version > expected]
        raise RecordConflict(record.id, record.version, expected, since)


def _log(
    session: Session,
    record: Record,
    user: User | None,
    now: datetime,
    name: str,
    old: Any,
    new: Any,
    note: str | None,
) -> RecordChange:
    return append(session, record, name, old, new, by=user, note=note, at=now)


def _set(
    record: Record, name: str, value: Any, user: User | None, now: datetime, note: str | None
) -> None:
    """Show ``value`` for field ``name``: a correction, or none when it is the document's."""
    found = corrections(record).get(name)
    source = source_value(record, name)
    if value == source:
        if found is not None:
            record.corrections.remove(found)
        return
    if found is None:
        found = RecordCorrection(field=name)
        record.corrections.append(found)
    found.value, found.source_value = value, source
    found.user_id, found.user_name = (user.id, user.name) if user else (None, None)
    found.at, found.note = now, note


def _commit_change(session: Session, record: Record) -> None:
    session.flush()
    changelog.note(session, [record.id])


def update_record(
    session: Session,
    record_id: int,
    changes: Mapping[str, Any],
    *,
    user: User | None,
    version: Any,
    note: str | None = None,
    now: datetime | None = None,
) -> list[RecordChange]:
    """Correct fields of a record (keys of :data:`EDITABLE`, values as the record JSON has
    them): one history row per field whose shown value really changes, all carrying ``note``.
    Raises ``CurationError`` for a bad value, ``RecordConflict`` when ``version`` is not the
    record's current one, ``RecordNotFound``. Returns the rows written (none: no change)."""
    record = get_record(session, record_id, lock=True)
    _checked_version(session, record, version)
    values = clean(changes)
    note = _note(note)
    current = shown_values(record)
    check_dates({**current, **values})
    diff = {name: value for name, value in values.items() if current[name] != value}
    if not diff:
        return []
    now = now or datetime.now()
    record.version += 1
    rows = []
    for name, value in diff.items():
        rows.append(_log(session, record, user, now, name, current[name], value, note))
        _set(record, name, value, user, now, note)
    _commit_change(session, record)
    return rows


def pending_source_changes(record: Record) -> list[SourceChange]:
    """The corrected fields whose document now says something else ("the source now says
    ..."): for the record page and the review queue."""
    return source_changes(record)


def records_with_source_changes(
    session: Session, among: Collection[int] | None = None
) -> list[int]:
    """Ids of the records (all, or those ``among``) with a pending source change, newest
    first (the review queue). Only corrected records are read: a few of the archive."""
    ids = set(session.scalars(select(RecordCorrection.record_id).distinct()))
    if among is not None:
        ids &= set(among)
    wanted = sorted(ids, reverse=True)
    found = []
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        records = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(batch)))}
        found += [i for i in batch if i in records and source_changes(records[i])]
    return found


def resolve_source_change(
    session: Session,
    record_id: int,
    name: str,
    *,
    accept: bool,
    user: User | None,
    version: Any,
    now: datetime | None = None,
) -> RecordChange:
    """Settle a pending source change of field ``name``: ``accept`` shows the document's new
    value (the correction is dropped), otherwise the correction is kept and the new document
    value noted as seen. One history row either way."""
    record = get_record(session, record_id, lock=True)
    _checked_version(session, record, version)
    pending = {c.field: c for c in source_changes(record)}
    if name not in pending:
        raise CurationError("source.unchanged", name if name in FIELDS else None, name=name)
    change = pending[name]
    now = now or datetime.now()
    record.version += 1
    correction = corrections(record)[name]
    if accept:
        row = _log(session, record, user, now, name, change.correction, change.now, ACCEPTED)
        record.corrections.remove(correction)
    else:
        row = _log(session, record, user, now, name, change.correction, change.correction, KEPT)
        correction.source_value = change.now
    _commit_change(session, record)
    return row


def withdraw_record(
    session: Session,
    record_id: int,
    reason: str,
    *,
    user: User | None,
    now: datetime | None = None,
) -> RecordChange:
    """Withdraw a record with a reason: out of search, feeds and exports, kept with its
    history (restorable). ``CurationError`` without a reason or when already withdrawn."""
    record = get_record(session, record_id, lock=True)
    reason = _note(reason)  # type: ignore[assignment]
    if not reason:
        raise CurationError("note.required", "reason")
    if record.withdrawn_at is not None:
        raise CurationError("record.withdrawn", value=record_id)
    now = now or datetime.now()
    record.version += 1
    record.withdrawn_at, record.withdrawn_reason = now, reason
    row = _log(session, record, user, now, WITHDRAWN, None, reason, None)
    _commit_change(session, record)
    return row


def restore_record(
    session: Session,
    record_id: int,
    *,
    user: User | None,
    note: str | None = None,
    now: datetime | None = None,
) -> RecordChange:
    """Put a withdrawn record back in search, feeds and exports."""
    record = get_record(session, record_id, lock=True)
    if record.withdrawn_at is None:
        raise CurationError("record.not_withdrawn", value=record_id)
    now = now or datetime.now()
    record.version += 1
    row = _log(session, record, user, now, WITHDRAWN, record.withdrawn_reason, None, _note(note))
    record.withdrawn_at = record.withdrawn_reason = None
    _commit_change(session, record)
    return row
