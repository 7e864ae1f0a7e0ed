"""Glue between the record-editing pages and API and ``archive.curation``: each function opens
one transaction, calls the domain and returns plain values (no rows outlive the session)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archive.curation import edits
from archive.store.db import Database
from archive.store.lookups import get_record
from archive.store.models import User
from archive.store.serialize import record_dict
from archive.store.shown import corrections, shown_values, source_changes, source_value


def _user(session: Any, user_id: int | None) -> User | None:
    return session.get(User, user_id) if user_id is not None else None


def closed(
    db: Database, record_id: int, *, admin: bool, hide_awaiting: bool
) -> tuple[int, str] | None:
    """Why a visitor may not see a record: ``(410, reason)`` withdrawn (admins still see it),
    ``(404, "")`` awaiting review on a site that holds new records back; None: shown."""
    with db.session() as session:
        record = get_record(session, record_id)
        if record is None:
            return None
        if record.withdrawn_at is not None and not admin:
            return 410, record.withdrawn_reason or ""
        if hide_awaiting and record.awaiting_review:
            return 404, ""
    return None


def curation(db: Database, record_id: int) -> dict[str, Any] | None:
    """A record's corrections, pending source changes, withdrawal and history (the API's
    history answer and the record page's sections), or None."""
    with db.session() as session:
        record = get_record(session, record_id)
        if record is None:
            return None
        pending = {c.field for c in source_changes(record)}
        return {
            "record_id": record.id,
            "version": record.version,
            "withdrawn": {
                "at": record.withdrawn_at.isoformat(timespec="seconds"),
                "reason": record.withdrawn_reason or "",
            }
            if record.withdrawn_at is not None
            else None,
            "corrections": [
                {
                    "field": name,
                    "value": c.value,
                    "user": c.user_name,
                    "at": c.at.isoformat(timespec="seconds"),
                    "note": c.note,
                    "source_value": source_value(record, name),
                    "source_changed": name in pending,
                }
                for name, c in corrections(record).items()
            ],
            "history": [edits.change_dict(c) for c in edits.history(session, record.id)],
        }


def edit_state(db: Database, record_id: int) -> dict[str, Any] | None:
    """What the edit form starts from: the shown values, the version, the record JSON."""
    with db.session() as session:
        record = get_record(session, record_id)
        if record is None:
            return None
        return {"values": shown_values(record), "version": record.version,
                "record": record_dict(record)}


def correct(
    db: Database,
    record_id: int,
    changes: Mapping[str, Any],
    *,
    user_id: int | None,
    version: Any,
    note: str | None = None,
) -> dict[str, Any]:
    """Apply a correction (``archive.curation.edits.update_record``); the record JSON after."""
    with db.session() as session:
        edits.update_record(session, record_id, changes, user=_user(session, user_id),
                            version=version, note=note)
    with db.session() as session:
        record = get_record(session, record_id)
        assert record is not None
        return record_dict(record)


def resolve(
    db: Database, record_id: int, field: str, *, accept: bool, user_id: int | None, version: Any
) -> None:
    """Accept the document's new value of a corrected field, or keep the correction."""
    with db.session() as session:
        edits.resolve_source_change(session, record_id, field, accept=accept,
                                    user=_user(session, user_id), version=version)


def withdraw(db: Database, record_id: int, reason: str, *, user_id: int | None) -> None:
    """Withdraw a record (admins)."""
    with db.session() as session:
        edits.withdraw_record(session, record_id, reason, user=_user(session, user_id))


def restore(db: Database, record_id: int, *, user_id: int | None) -> None:
    """Restore a withdrawn record (admins)."""
    with db.session() as session:
        edits.restore_record(session, record_id, user=_user(session, user_id))
