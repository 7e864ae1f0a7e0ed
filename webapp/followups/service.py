"""Follow-up tracking services for the views and the API: request parameters in, JSON-ready
dicts out. Every change is committed through ``archive.tracking.edits`` (history, versions, and
the index change log that the site's index follows)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from archive.store.db import Database
from archive.store.lookups import MAX_ID
from archive.store.models import FollowUp, FollowUpChange, Record, User
from archive.store.serialize import iso, quoted
from archive.store.vocabulary import FOLLOW_UP_STATUSES
from archive.thai.calendar import to_ce
from archive.thai.numbers import whole_number
from archive.tracking import dashboard as board
from archive.tracking import edits as tracking
from archive.tracking import fields
from archive.tracking.dashboard import Filters, ItemState
from archive.tracking.edits import Conflict, NotFound, TrackingError
from webapp.services import Args

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
    return fields.parse_date(fixed) if fixed else date.today()  # type: ignore[return-value]


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
            numbers.append(whole_number(str(value)))
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
        number = whole_number(raw)
    except ValueError:
        raise TrackingError("number.invalid", name, value=str(raw)[:20]) from None
    if not 1 <= number <= top:
        raise TrackingError("number.range", name, top=top)
    return number


def _as_of(value: str | None) -> date | None:
    try:
        return fields.parse_date(value) if value else None
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
    if sort and sort not in board.SORTS:
        raise TrackingError("choice.unknown", "sort", choices=", ".join(board.SORTS))
    limit = _page_number(args, "limit", PER_PAGE, MAX_PER_PAGE)
    page = _page_number(args, "page", 1, 100_000)
    with db.session() as session:
        states = board.item_states(session, today=now, as_of=as_of)
        assignees = sorted({s.assignee for s in states if s.assignee})
    options = {
        "agency": sorted({name for s in states for name in s.agencies}),
        "mission_group": sorted({s.mission_group for s in states if s.mission_group}),
        "organization": sorted({s.organization for s in states if s.organization}),
        "year": sorted({s.year for s in states if s.year}, reverse=True),
    }
    items = board.select_items(
        states, chosen, sort=sort, descending=args.get("desc") in ("1", "true")
    )
    start = (page - 1) * limit
    return {
        "today": now.isoformat(),
        "as_of": iso(as_of),
        "filters": chosen,
        "sort": sort,
        "counts": board.dashboard(states, chosen),
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
        states = board.item_states(session, today=now)
    sort = args.get("sort") or ""
    return board.select_items(
        states,
        chosen,
        sort=sort if sort in board.SORTS else "",
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
        "overdue": board.is_overdue(item, now),
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
                    "source": quoted(record.text, (item.source_start, item.source_end))
                    if record is not None and item.source_start is not None
                    else None,
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


def user_of(session: Any, user_id: int | None) -> User | None:
    """The user of this id (None for none)."""
    return session.get(User, user_id) if user_id is not None else None


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
    ``NotFound``), return the item as :func:`follow_up` does."""
    if version in (None, ""):
        raise TrackingError("version.required", "version")
    with db.session() as session:
        tracking.update_follow_up(
            session, item_id, changes, user=user_of(session, user_id), version=version, note=note
        )
        session.commit()
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
            user=user_of(session, user_id),
            agency_names=agencies,
            due_date=due_date,
        )
        item_id = item.id
        session.commit()
    return item_id


def link(
    db: Database, home: Path, item_id: str, record_id: int, *, user_id: int | None, unlink: bool
) -> bool:
    """Link an item to a later record reporting on it (or remove the link)."""
    with db.session() as session:
        done = tracking.link_follow_up(
            session, item_id, record_id, user=user_of(session, user_id), unlink=unlink
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
