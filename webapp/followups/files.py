"""The follow-up list as files: the spreadsheet export and the calendar feed, and uploads held
between an import's preview and its confirmation."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from archive.store.db import Database
from archive.tracking import ical, sheets
from archive.tracking.edits import TrackingError
from webapp.followups.service import filtered_states, user_of
from webapp.services import Args, Download

SHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CALENDAR_TYPE = "text/calendar; charset=utf-8"
IMPORT_DIR = "imports"  # uploads held between the preview and the confirmation
IMPORT_KEEP = timedelta(days=1)  # an upload never confirmed is deleted after this
_IMPORT_TOKEN = re.compile(r"[0-9a-f]{32}")


def export_file(db: Database, args: Args, now: date, fmt: str) -> Download:
    """The filtered, sorted list (every page; parameters as :func:`filters`) as CSV or XLSX."""
    if fmt not in SHEET_TYPES:
        raise TrackingError("format.unknown", "format", value=fmt[:10])
    body = sheets.export_items(filtered_states(db, args, now), fmt)
    return Download(body, SHEET_TYPES[fmt], f"follow-ups-{now.isoformat()}.{fmt}")


def calendar_file(
    db: Database, args: Args, now: date, *, name: str, item_url: Callable[[str], str]
) -> Download:
    """The iCalendar feed of the due dates of the filtered items (e.g. ``agency``)."""
    body = ical.due_dates_calendar(
        filtered_states(db, args, now), name=name, item_url=item_url, today=now
    )
    return Download(body, CALENDAR_TYPE, "follow-ups.ics")


def _imports(home: Path) -> Path:
    folder = home / IMPORT_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _held(home: Path, user_id: int, token: str) -> Path | None:
    if not _IMPORT_TOKEN.fullmatch(token or ""):
        return None
    found = sorted(_imports(home).glob(f"{int(user_id)}-{token}.*"))
    return found[0] if found else None


def _plan_dict(plan: sheets.ImportPlan) -> dict[str, Any]:
    return {
        "changes": [asdict(change) for change in plan.changes],
        "errors": [asdict(error) for error in plan.errors],
        "ignored": [asdict(error) for error in plan.ignored],
        "unchanged": plan.unchanged,
        "items": len(plan.item_ids),
    }


def import_preview(
    db: Database, home: Path, data: bytes, filename: str, *, user_id: int
) -> dict[str, Any]:
    """Read an uploaded sheet and plan its import: the changes it would make, the rows that
    cannot be applied, edits never imported. The file is held in the data folder under a
    random name (``token``) until :func:`import_apply`. ``sheets.SheetError`` for a file
    that cannot be read."""
    rows = sheets.read_sheet(data, filename)
    with db.session() as session:
        plan = sheets.plan_import(session, rows)
    folder = _imports(home)
    cutoff = (datetime.now() - IMPORT_KEEP).timestamp()
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    suffix = "xlsx" if data.startswith(b"PK") else "csv"
    path = folder / f"{int(user_id)}-{token}.{suffix}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return {"token": token, "filename": filename[:200], "plan": _plan_dict(plan)}


def import_apply(
    db: Database, home: Path, token: str, *, user_id: int, now: datetime | None = None
) -> dict[str, Any] | None:
    """Apply a previewed upload of this user (planned again: a row whose item changed since
    the preview becomes an error, never an overwrite), delete the held file; the
    report, or None when there is no such upload."""
    path = _held(home, user_id, token)
    if path is None:
        return None
    rows = sheets.read_sheet(path.read_bytes(), path.name)
    with db.session() as session:
        plan = sheets.plan_import(session, rows)
        report = sheets.apply_import(session, plan, user=user_of(session, user_id), now=now)
        session.commit()
    path.unlink(missing_ok=True)
    failed = {error.item_id for error in report.errors}
    return {
        "applied": report.applied,
        "items": len(report.item_ids),
        "changes": [asdict(c) for c in plan.changes if c.item_id not in failed],
        "errors": [asdict(error) for error in report.errors],
    }


def import_cancel(home: Path, token: str, *, user_id: int) -> None:
    """Forget a previewed upload."""
    path = _held(home, user_id, token)
    if path is not None:
        path.unlink(missing_ok=True)
