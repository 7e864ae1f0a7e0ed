"""Follow-up tracking services for the views and the API: request parameters in, JSON-ready
dicts out. Every change is committed through ``archive.tracking.edits`` (history, versions) and then
reaches the search index for the item's record (status and agency are facets).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from archive.store.db import Database
from archive.store.lookups import MAX_ID
from archive.store.models import FollowUp, FollowUpChange, Record, User
from archive.store.serialize import iso
from archive.store.vocabulary import FOLLOW_UP_STATUSES
from archive.thai.calendar import to_be, to_ce
from archive.thai.normalize import thai_to_arabic_digits
from archive.tracking import calendar as ical
from archive.tracking import edits as tracking
from archive.tracking import sheets
from archive.tracking.edits import Conflict, Filters, ItemState, NotFound, TrackingError
from indexer.search.service import update_index
from webapp.services import Args, Download

__all__ = ["Conflict", "NotFound", "TrackingError"]  # the errors views and the API catch

log = logging.getLogger(__name__)

PER_PAGE = 50
MAX_PER_PAGE = 500
NOTE_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def today(config: dict[str, Any]) -> date:
    """The date overdue is computed against: ``TODAY`` in the app config (tests fix the
    clock with it), else the local date."""
    fixed = config.get("TODAY")
    return tracking.parse_date(fixed) if fixed else date.today()  # type: ignore[return-value]


def notes_html(text: str | None) -> Markup:
    """Markdown notes as sanitised HTML: no script, no event handler, only safe links."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=NOTE_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # sanitised by nh3 just above


# ----------------------------------------------------------------------------- reading


def _ints(values: list[str], name: str) -> list[int]:
    numbers = []
    for value in values:
        try:
            numbers.append(int(str(value).strip()))
        except ValueError:
            raise TrackingError("number.invalid", name, value=str(value)[:20]) from None
    return numbers


def _years(values: list[str]) -> list[int]:
    """Years typed in CE or BE (a year above 2400 is Buddhist era)."""
    return [to_ce(year) for year in _ints(values, "year")]


def filters(args: Args) -> Filters:
    """Dashboard filters of URL parameters: repeated ``status``, ``agency``, ``mission_group``,
    ``organization``, ``year`` (CE or BE), ``assignee``; ``overdue=1``, ``removed=1``,
    ``record``, ``q``. ``TrackingError`` for a bad value."""
    statuses = [s for s in args.getlist("status") if s]
    bad = [s for s in statuses if s not in FOLLOW_UP_STATUSES]
    if bad:
        raise TrackingError("status.unknown", "status", value=bad[0])
    record = args.get("record") or None
    return Filters(
        status=statuses,
        agency=[a for a in args.getlist("agency") if a],
        mission_group=[m for m in args.getlist("mission_group") if m],
        organization=[o for o in args.getlist("organization") if o],
        year=_years([y for y in args.getlist("year") if y]),
        assignee=[a for a in args.getlist("assignee") if a],
        overdue=args.get("overdue") in ("1", "true", "on"),
        removed=args.get("removed") in ("1", "true", "on"),
        record_id=_ints([record], "record")[0] if record else None,
        q=(args.get("q") or "").strip()[:200],
    )


def state_dict(state: ItemState) -> dict[str, Any]:
    """One item of the list as JSON."""
    return {
        "id": state.id,
        "record_id": state.record_id,
        "record_title": state.record_title,
        "meeting_date": iso(state.meeting_date),
        "organization": state.organization,
        "mission_group": state.mission_group,
        "text": state.text,
        "status": state.status,
        "progress": state.progress,
        "due_date": iso(state.due_date),
        "overdue": state.overdue,
        "agencies": state.agencies,
        "assignee": state.assignee,
        "version": state.version,
        "removed_from_source": state.removed_from_source,
        "manual": state.manual,
    }


def _page_number(args: Args, name: str, default: int, top: int) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        number = int(raw)
    except ValueError:
        raise TrackingError("number.invalid", name, value=str(raw)[:20]) from None
    if not 1 <= number <= top:
        raise TrackingError("number.range", name, top=top)
    return number


def _as_of(value: str | None) -> date | None:
    try:
        return tracking.parse_date(value) if value else None
    except TrackingError:
        raise TrackingError("date.invalid", "as_of", value=value[:40]) from None


def follow_up_list(db: Database, args: Args, now: date) -> dict[str, Any]:
    """The dashboard: counts and one page of the filtered, sorted list (as of ``as_of`` when
    given), the assignees and every value of each filter. Parameters as :func:`filters` plus
    ``sort``, ``desc=1``, ``page``, ``limit``, ``as_of`` (a date)."""
    chosen = filters(args)
    as_of = _as_of(args.get("as_of"))
    if as_of is not None and as_of > now:
        as_of = None
    sort = args.get("sort") or ""
    if sort and sort not in tracking.SORTS:
        raise TrackingError("choice.unknown", "sort", choices=", ".join(tracking.SORTS))
    limit = _page_number(args, "limit", PER_PAGE, MAX_PER_PAGE)
    page = _page_number(args, "page", 1, 100_000)
    with db.session() as session:
        states = tracking.item_states(session, today=now, as_of=as_of)
        assignees = sorted({s.assignee for s in states if s.assignee})
    options = {
        "agency": sorted({name for s in states for name in s.agencies}),
        "mission_group": sorted({s.mission_group for s in states if s.mission_group}),
        "organization": sorted({s.organization for s in states if s.organization}),
        "year": sorted({s.year for s in states if s.year}, reverse=True),
    }
    items = tracking.select_items(
        states, chosen, sort=sort, descending=args.get("desc") in ("1", "true")
    )
    start = (page - 1) * limit
    return {
        "today": now.isoformat(),
        "as_of": iso(as_of),
        "filters": chosen,
        "sort": sort,
        "counts": tracking.dashboard(states, chosen),
        "total": len(items),
        "page": page,
        "limit": limit,
        "items": [state_dict(state) for state in items[start : start + limit]],
        "assignees": assignees,
        "options": options,  # every value of each filter, for the dashboard's form
    }


def filtered_states(db: Database, args: Args, now: date) -> list[ItemState]:
    """Every item of the filtered, sorted list (for exports and the calendar feed)."""
    chosen = filters(args)
    with db.session() as session:
        states = tracking.item_states(session, today=now)
    sort = args.get("sort") or ""
    return tracking.select_items(
        states,
        chosen,
        sort=sort if sort in tracking.SORTS else "",
        descending=args.get("desc") in ("1", "true"),
    )


def _item_dict(item: FollowUp, changes: list[FollowUpChange], now: date) -> dict[str, Any]:
    record = item.record
    return {
        "id": item.id,
        "record_id": item.record_id,
        "record_title": record.title,
        "meeting_date": iso(record.date_start),
        "text": item.text,
        "status": item.status,
        "progress": item.progress,
        "due_date": iso(item.due_date),
        "overdue": tracking.is_overdue(item, now),
        "agencies": [agency.name for agency in item.agencies],
        "assignee": item.assignee.name if item.assignee else None,
        "notes": item.notes,
        "version": item.version,
        "removed_from_source": item.removed_from_source,
        "manual": item.manual,
        "links": [{"record_id": link.record_id, "title": link.record.title} for link in item.links],
        "history": [tracking.change_record(change) for change in changes],
    }


def follow_up(db: Database, item_id: str, now: date) -> dict[str, Any] | None:
    """One item with its links and history (oldest first), or None."""
    with db.session() as session:
        try:
            item = tracking.get_follow_up(session, item_id)
        except NotFound:
            return None
        return _item_dict(item, tracking.history(session, item.id), now)


def record_follow_ups(db: Database, record_id: int) -> dict[str, Any]:
    """Tracking shown on a record page: its items' state (with the later records linked to
    each) and the items of earlier records linked to it."""
    with db.session() as session:
        linked = tracking.linked_items(session, record_id)
        record = session.get(Record, record_id) if 0 < record_id <= MAX_ID else None
        own = record.follow_ups if record is not None else []
        return {
            "items": [
                {
                    "id": item.id,
                    "text": item.text,
                    "status": item.status,
                    "progress": item.progress,
                    "due_date": iso(item.due_date),
                    "agencies": [agency.name for agency in item.agencies],
                    "removed_from_source": item.removed_from_source,
                    "manual": item.manual,
                    "links": [
                        {"record_id": link.record_id, "title": link.record.title}
                        for link in item.links
                    ],
                }
                for item in own
            ],
            "linked": [
                {
                    "id": item.id,
                    "text": item.text,
                    "status": item.status,
                    "record_id": item.record_id,
                    "record_title": item.record.title,
                }
                for item in linked
            ],
        }


def users(db: Database) -> list[str]:
    """Names of active users (assignee choices)."""
    from archive.accounts import list_users

    with db.session() as session:
        return [user.name for user in list_users(session) if user.active]


# ----------------------------------------------------------------------------- changing


def _user(session: Any, user_id: int | None) -> User | None:
    return session.get(User, user_id) if user_id is not None else None


def reindex(db: Database, home: Path, record_ids: list[int]) -> bool:
    """Bring these records' index documents up to date; False (logged) if the index could
    not be updated now: the database keeps the change and the next update or rebuild
    catches up."""
    try:
        update_index(db, home, record_ids)
    except Exception:
        log.exception("search index not updated for records %s", record_ids)
        return False
    return True


def update(
    db: Database,
    home: Path,
    item_id: str,
    changes: dict[str, Any],
    *,
    user_id: int | None,
    version: Any,
    note: str | None = None,
    now: date,
) -> dict[str, Any]:
    """Save an editor's changes (``TrackingError``, ``Conflict`` with the other changes,
    ``NotFound``), reindex the record, return the item as :func:`follow_up` does."""
    if version in (None, ""):
        raise TrackingError("version.required", "version")
    with db.session() as session:
        rows = tracking.update_follow_up(
            session, item_id, changes, user=_user(session, user_id), version=version, note=note
        )
        record_id = tracking.get_follow_up(session, item_id).record_id
        session.commit()
    if rows:
        reindex(db, home, [record_id])
    return follow_up(db, item_id, now)  # type: ignore[return-value]


def add(
    db: Database,
    home: Path,
    record_id: int,
    text: str,
    *,
    agencies: list[str],
    due_date: Any,
    user_id: int | None,
) -> str:
    """Add an item by hand to a record; returns its id."""
    with db.session() as session:
        item = tracking.add_follow_up(
            session,
            record_id,
            text,
            user=_user(session, user_id),
            agency_names=agencies,
            due_date=due_date,
        )
        item_id = item.id
        session.commit()
    reindex(db, home, [record_id])
    return item_id


def link(
    db: Database, home: Path, item_id: str, record_id: int, *, user_id: int | None, unlink: bool
) -> bool:
    """Link an item to a later record reporting on it (or remove the link)."""
    with db.session() as session:
        done = tracking.link_follow_up(
            session, item_id, record_id, user=_user(session, user_id), unlink=unlink
        )
        session.commit()
    return done


def conflict_dict(error: Conflict) -> dict[str, Any]:
    """A conflict as JSON: the message, the current version and the changes since."""
    return {
        "error": str(error),
        "current_version": error.current,
        "your_version": error.expected,
        "changes": list(error.changes),  # plain dicts (archive.tracking.edits.change_record)
    }


# ----------------------------------------------------------------------------- the pages

FORM_FIELDS = ("status", "progress", "due_date", "agencies", "assignee", "notes")
"""The fields of the item page's edit form (``note`` and ``version`` come with them)."""


def be_date(value: str | date | None) -> str:
    """A date as the forms show it: ``D/M/YYYY`` in the Buddhist era ("" for none)."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day}/{day.month}/{to_be(day.year)}"


def edit_form(item: dict[str, Any]) -> dict[str, str]:
    """The edit form's values for an item as :func:`follow_up` returns it."""
    return {
        "status": item["status"],
        "progress": str(item["progress"]),
        "due_date": be_date(item["due_date"]),
        "agencies": "\n".join(item["agencies"]),
        "assignee": item["assignee"] or "",
        "notes": item["notes"],
        "note": "",
        "version": str(item["version"]),
    }


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
    if name == "due_date":
        return be_date(value)
    if name == "agencies":
        return "\n".join(json.loads(value)) if value else ""
    if name == "status":
        return value or "open"
    if name == "progress":
        return value or "0"
    return value or ""


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


# ----------------------------------------------------------------------------- files

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
    the preview becomes an error, never an overwrite), reindex, delete the held file; the
    report, or None when there is no such upload."""
    path = _held(home, user_id, token)
    if path is None:
        return None
    rows = sheets.read_sheet(path.read_bytes(), path.name)
    with db.session() as session:
        plan = sheets.plan_import(session, rows)
        report = sheets.apply_import(session, plan, user=_user(session, user_id), now=now)
        session.commit()
    path.unlink(missing_ok=True)
    if report.record_ids:
        reindex(db, home, report.record_ids)
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
