"""The item page's forms: values as an editor sees them (dates in the Buddhist era, one agency a
line), and saving them with the editor's values kept on a bad value or a conflict."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from archive.store.db import Database
from archive.store.lookups import MAX_ID
from archive.store.models import Record
from archive.thai.calendar import to_be
from archive.thai.normalize import thai_to_arabic_digits
from archive.tracking import edits as tracking
from archive.tracking import fields
from archive.tracking.edits import Conflict, NotFound, TrackingError
from webapp.followups.service import add, conflict_dict, follow_up, link, update, users
from webapp.services import Args

FORM_FIELDS = fields.editable()
"""The fields of the item page's edit form (``note`` and ``version`` come with them)."""


def be_date(value: str | date | None) -> str:
    """A date as the forms show it: ``D/M/YYYY`` in the Buddhist era ("" for none)."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day}/{day.month}/{to_be(day.year)}"


_FORM_TEXT: dict[str, Callable[[Any], str]] = {  # a value of each kind as a form shows it
    "date": be_date,
    "names": "\n".join,
    "percent": str,
}


def _form_text(name: str, value: Any) -> str:
    field = fields.tracked(name)
    shown = _FORM_TEXT.get(field.kind) if field else None
    return shown(value) if shown else ("" if value is None else str(value))


def edit_form(item: dict[str, Any]) -> dict[str, str]:
    """The edit form's values for an item as :func:`follow_up` returns it."""
    form = {name: _form_text(name, item[name]) for name in FORM_FIELDS}
    return {**form, "note": "", "version": str(item["version"])}


def item_page(db: Database, item_id: str, now: date) -> dict[str, Any] | None:
    """The item page: the item with links and history, the assignee choices and the edit
    form's values; None for an unknown id."""
    item = follow_up(db, item_id, now)
    if item is None:
        return None
    return {
        "item": item,
        "users": users(db),
        "form": edit_form(item),
        "error": None,
        "conflict": None,
        "status": 200,
    }


def _form_value(name: str, value: str | None) -> str:
    """A history value as the edit form shows it."""
    field = fields.tracked(name)
    return _form_text(name, field.load(value)) if field else value or ""


def _form_before(form: dict[str, str], changes: list[dict[str, Any]]) -> dict[str, str]:
    """The edit form's values as they were before ``changes`` (history entries, oldest
    first): what an editor whose save conflicted started from."""
    before = dict(form)
    for change in reversed(changes):
        if change["field"] in FORM_FIELDS:
            before[change["field"]] = _form_value(change["field"], change["old_value"])
    return before


def save_edit(
    db: Database, home: Path, item_id: str, form: Args, *, user_id: int, now: date
) -> dict[str, Any] | None:
    """Save the item page's form. ``status`` 200 and ``changed`` when saved; otherwise the
    item page again with the editor's values kept: 400 with ``error`` for a bad value, 409
    with ``conflict`` (the changes saved meanwhile, the form now naming the current version)
    when someone else saved first: the form keeps the fields this editor changed and shows
    the others' values everywhere else, so saving again never undoes a change unseen. None
    for an unknown item."""
    changes = {name: form.get(name) or "" for name in FORM_FIELDS if form.get(name) is not None}
    kept = {name: form.get(name) or "" for name in (*FORM_FIELDS, "note", "version")}
    try:
        item = update(
            db,
            home,
            item_id,
            changes,
            user_id=user_id,
            version=form.get("version"),
            note=form.get("note"),
            now=now,
        )
    except NotFound:
        return None
    except Conflict as error:
        page = item_page(db, item_id, now)
        if page is None:
            return None
        started = _form_before(page["form"], error.changes)
        mine = [n for n in FORM_FIELDS if not tracking.same_input(n, kept[n], started[n])]
        theirs = {change["field"] for change in error.changes}
        page["form"].update({n: kept[n] for n in mine})
        page["form"].update(note=kept["note"], version=str(error.current))
        conflict = conflict_dict(error)
        conflict["yours"] = mine  # fields where the form keeps this editor's value
        conflict["clashes"] = [n for n in mine if n in theirs]  # both changed: decide
        page.update(status=409, conflict=conflict)
        return page
    except TrackingError as error:
        page = item_page(db, item_id, now)
        if page is None:
            return None
        page["form"].update(kept)
        page.update(status=400, error=error)
        return page
    return {"status": 200, "changed": str(item["version"]) != kept["version"], "item": item}


def add_item(db: Database, home: Path, record_id: int, form: Args, *, user_id: int) -> str:
    """Add an item from the record page's form (``text``, ``agencies`` one per line,
    ``due_date``); returns its id (``TrackingError``, ``NotFound``)."""
    agency_names = (form.get("agencies") or "").splitlines()
    return add(
        db,
        home,
        record_id,
        form.get("text") or "",
        agencies=agency_names,
        due_date=form.get("due_date") or None,
        user_id=user_id,
    )


def link_item(db: Database, home: Path, item_id: str, form: Args, *, user_id: int) -> bool:
    """Link an item to a later record (form ``record_id``), or unlink it (``unlink=1``).
    ``NotFound`` for an unknown item, ``TrackingError`` for a bad or unknown record."""
    raw = thai_to_arabic_digits((form.get("record_id") or "").strip()).lstrip("#")
    if not raw.isdigit() or len(raw) > 18:
        raise TrackingError("record.not_a_number", "record", value=raw[:20])
    record_id = int(raw)
    with db.session() as session:
        tracking.get_follow_up(session, item_id)
        if not (0 < record_id <= MAX_ID and session.get(Record, record_id)):
            raise TrackingError("record.not_found", "record", value=record_id)
    return link(db, home, item_id, record_id, user_id=user_id, unlink=form.get("unlink") == "1")


