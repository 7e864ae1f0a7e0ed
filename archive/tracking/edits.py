"""Follow-up tracking: changing items with history, adding and linking items, the dashboard.

Every change goes through :func:`update_follow_up` (or :func:`add_follow_up`,
:func:`link_follow_up`), which writes one append-only history row per changed field and
increments the item's version; the record's datestamp (``harvest.touch``: OAI-PMH, feeds)
moves with it. A save that names an older version raises :class:`Conflict`
carrying the changes made since, so nothing is overwritten unseen. The dashboard can be
rebuilt "as of" a past date by undoing the history written after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.store import changelog, harvest
from archive.store.lookups import MAX_ID
from archive.store.models import (
    FollowUp,
    FollowUpChange,
    FollowUpLink,
    Record,
    User,
)
from archive.tracking.errors import Conflict, NotFound, TrackingError
from archive.tracking.fields import (
    MAX_NOTES,
    MAX_TEXT,
    TrackedField,
    checked_text,
    editable,
    tracked,
)

EDITABLE = editable()


def change_record(change: FollowUpChange) -> dict[str, Any]:
    """One history entry as plain JSON-ready values."""
    return {
        "at": change.at.isoformat(timespec="seconds"),
        "user": change.user_name,
        "field": change.field,
        "old_value": change.old_value,
        "new_value": change.new_value,
        "note": change.note,
        "version": change.version,
    }


# ----------------------------------------------------------------------------- changes


def get_follow_up(session: Session, item_id: str, *, lock: bool = False) -> FollowUp:
    """The item with its record, agencies, assignee and links; ``NotFound`` otherwise.
    ``lock``: read it afresh and hold its row to the commit (PostgreSQL: an editor in another
    process waits, then sees the version this one wrote; SQLite serialises writers anyway)."""
    query = (
        select(FollowUp)
        .where(FollowUp.id == str(item_id)[:40])
        .options(selectinload(FollowUp.record), selectinload(FollowUp.links))
    )
    if lock:
        query = query.with_for_update(of=FollowUp).execution_options(populate_existing=True)
    item = session.scalar(query)
    if item is None:
        raise NotFound("follow_up.not_found", value=str(item_id)[:40])
    return item


def history(session: Session, item_id: str) -> list[FollowUpChange]:
    """The item's changes, oldest first."""
    return list(
        session.scalars(
            select(FollowUpChange)
            .where(FollowUpChange.follow_up_id == item_id)
            .order_by(FollowUpChange.id)
        )
    )


def _log(
    session: Session,
    item: FollowUp,
    user: User | None,
    now: datetime,
    name: str,
    old: Any,
    new: Any,
    note: str | None,
) -> FollowUpChange:
    change = FollowUpChange(
        follow_up_id=item.id,
        user_id=user.id if user else None,
        user_name=user.name if user else None,
        at=now,
        field=name,
        old_value=_history_text(name, old),
        new_value=_history_text(name, new),
        note=note or None,
        version=item.version,
    )
    session.add(change)
    return change


def _history_text(name: str, value: Any) -> str | None:
    """A value as history keeps it: a tracked field's as its kind says; the others ("created",
    "link") are text already."""
    field = tracked(name)
    return field.dump(value) if field else value


def _clean(session: Session, changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TrackingError("fields.not_editable", names=", ".join(sorted(unknown)))
    return {name: _field(name).read(session, value) for name, value in changes.items()}


def _field(name: str) -> TrackedField:
    found = tracked(name)
    assert found is not None, name
    return found


def same_input(name: str, a: Any, b: Any) -> bool:
    """Whether two raw inputs of an editable field mean the same value ("31/12/2568" and
    "2025-12-31", "๕๐" and "50"); an input that cannot be read equals only itself. Text is
    compared without trailing spaces."""

    def read(value: Any) -> Any:
        read_value = _field(name).read(None, value)
        return read_value.rstrip() if isinstance(read_value, str) else read_value

    try:
        return bool(read(a) == read(b))
    except TrackingError:
        return str(a or "").strip() == str(b or "").strip()


def clean_changes(session: Session, changes: Mapping[str, Any]) -> dict[str, Any]:
    """``changes`` validated and normalised as :func:`update_follow_up` stores them (ints,
    dates, agency lists); ``TrackingError`` names the first bad field."""
    return _clean(session, changes)


def update_follow_up(
    session: Session,
    item_id: str,
    changes: Mapping[str, Any],
    *,
    user: User | None,
    version: int | None,
    note: str | None = None,
    now: datetime | None = None,
) -> list[FollowUpChange]:
    """Apply ``changes`` (fields of :data:`EDITABLE`) to an item, one history row per field
    that really changed, all carrying ``note``; a note alone is a ``note`` row. Raises
    ``TrackingError`` for a bad value, ``Conflict`` when ``version`` is not the item's current
    one (``None`` skips the check: imports that pass their own version, the ingest),
    ``NotFound`` for an unknown item. Returns the rows written (none: nothing changed)."""
    item = get_follow_up(session, item_id, lock=True)
    if version is not None:
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise TrackingError("number.invalid", "version", value=str(version)[:20]) from None
        if version != item.version:
            since = [change_record(c) for c in history(session, item.id) if c.version > version]
            raise Conflict(item.id, item.version, version, since)
    clean = _clean(session, changes)
    note = checked_text(note, "note", MAX_NOTES).strip() or None
    now = now or datetime.now()
    diff = {name: value for name, value in clean.items() if _field(name).current(item) != value}
    if not diff and not note:
        return []
    item.version += 1
    rows = []
    for name, value in diff.items():
        field = _field(name)
        rows.append(_log(session, item, user, now, name, field.current(item), value, note))
        field.set(session, item, value)
    if not diff:
        rows.append(_log(session, item, user, now, "note", None, None, note))
    session.flush()
    if diff:
        harvest.touch(session, [item.record_id])
        changelog.note(session, [item.record_id])
    return rows


def add_follow_up(
    session: Session,
    record_id: int,
    text: str,
    *,
    user: User | None,
    agency_names: Iterable[str] = (),
    due_date: Any = None,
    note: str | None = None,
    now: datetime | None = None,
) -> FollowUp:
    """Add an item by hand to a record; its first history row is ``created``."""
    record = session.get(Record, record_id) if 0 < record_id <= MAX_ID else None
    if record is None:
        raise NotFound("record.not_found", value=record_id)
    text = checked_text(text, "text", MAX_TEXT).strip()
    if not text:
        raise TrackingError("text.required", "text")
    clean = _clean(session, {"agencies": list(agency_names), "due_date": due_date})
    now = now or datetime.now()
    key = "m" + hashlib.sha1(f"{text}\0{now.isoformat()}".encode()).hexdigest()[:15]
    item = FollowUp(
        id=f"{record.id}-{key}",
        record_id=record.id,
        key=key,
        position=len(record.follow_ups),
        text=text,
        due_date=clean["due_date"],
        status="open",
        progress=0,
        notes="",
        manual=True,
        version=1,
        created_at=now,
    )
    session.add(item)
    _field("agencies").set(session, item, clean["agencies"])
    session.flush()
    _log(session, item, user, now, "created", None, text, note)
    session.flush()
    harvest.touch(session, [record.id])
    changelog.note(session, [record.id])
    return item


def link_follow_up(
    session: Session,
    item_id: str,
    record_id: int,
    *,
    user: User | None,
    unlink: bool = False,
    now: datetime | None = None,
) -> bool:
    """Link an item to a later record that reports on it (or remove the link); False when
    there was nothing to do."""
    item = get_follow_up(session, item_id, lock=True)
    if not (0 < record_id <= MAX_ID and session.get(Record, record_id)):
        raise NotFound("record.not_found", value=record_id)
    if record_id == item.record_id:
        raise TrackingError("link.own_record", "record")
    existing = next((link for link in item.links if link.record_id == record_id), None)
    if (existing is not None) != unlink:
        return False
    now = now or datetime.now()
    item.version += 1
    if unlink:
        item.links.remove(existing)  # type: ignore[arg-type]
        _log(session, item, user, now, "link", str(record_id), None, None)
    else:
        item.links.append(
            FollowUpLink(record_id=record_id, user_id=user.id if user else None, created_at=now)
        )
        _log(session, item, user, now, "link", None, str(record_id), None)
    session.flush()
    harvest.touch(session, [item.record_id])  # the item changed; the later record did not
    changelog.note(session, [item.record_id, record_id])
    return True


def linked_items(session: Session, record_id: int) -> list[FollowUp]:
    """Items of earlier records linked to this record (shown on the later record's page)."""
    return list(
        session.scalars(
            select(FollowUp)
            .join(FollowUpLink, FollowUpLink.follow_up_id == FollowUp.id)
            .where(FollowUpLink.record_id == record_id)
            .options(selectinload(FollowUp.record))
            .order_by(FollowUp.record_id, FollowUp.position)
        )
    )


# ----------------------------------------------------------------------------- dashboard
