"""Follow-up tracking: changing items with history, adding and linking items, the dashboard.

Every change goes through :func:`update_follow_up` (or :func:`add_follow_up`,
:func:`link_follow_up`), which writes one append-only history row per changed field and
increments the item's version. A save that names an older version raises :class:`Conflict`
carrying the changes made since, so nothing is overwritten unseen. The dashboard can be
rebuilt "as of" a past date by undoing the history written after it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from archive.store.lookups import MAX_ID
from archive.store.models import (
    Agency,
    FollowUp,
    FollowUpAgency,
    FollowUpChange,
    FollowUpLink,
    Record,
    User,
)
from archive.store.save import agencies
from archive.store.vocabulary import CLOSED_STATUSES, FOLLOW_UP_STATUSES
from archive.thai.calendar import to_ce
from archive.thai.normalize import thai_to_arabic_digits
from archive.tracking.errors import Conflict, NotFound, TrackingError

EDITABLE = ("status", "progress", "due_date", "agencies", "assignee", "notes")
MAX_TEXT = 5000  # characters of an item's text, added by hand
MAX_NOTES = 20000  # characters of Markdown notes, and of one change's note
MAX_AGENCY = 300  # characters of an agency's name


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


# ----------------------------------------------------------------------------- values


def parse_date(value: Any) -> date | None:
    """A due date from a form, JSON or a spreadsheet cell: a date, ``YYYY-MM-DD`` or
    ``D/M/YYYY`` (a year above 2400 is Buddhist era), Thai digits allowed; "" means none."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = thai_to_arabic_digits(str(value).strip())
    if not text:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?", text):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise TrackingError("date.invalid", "due_date", value=text[:40])
    try:
        return date(to_ce(year), month, day)
    except ValueError:
        raise TrackingError("date.no_such_day", "due_date", value=text[:40]) from None


def _progress(value: Any) -> int:
    text = thai_to_arabic_digits(str(value).strip()).removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        raise TrackingError("number.invalid", "progress", value=text[:20]) from None
    if not 0 <= number <= 100 or number != int(number):
        raise TrackingError("progress.range", "progress", value=text[:20])
    return int(number)


def _agency_names(value: Any) -> list[str]:
    names = value.splitlines() if isinstance(value, str) else list(value or [])
    if isinstance(value, str) and len(names) == 1:
        names = value.split(";")
    cleaned = [str(name).strip() for name in names]
    cleaned = list(dict.fromkeys(name for name in cleaned if name))
    if any(len(name) > MAX_AGENCY for name in cleaned):
        raise TrackingError("agencies.name_too_long", "agencies", limit=MAX_AGENCY)
    return cleaned


def _text(value: Any, name: str, limit: int) -> str:
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise TrackingError("text.too_long", name, limit=limit)
    return text.replace("\r\n", "\n")


def _shown(name: str, value: Any) -> str | None:
    """A value as history stores it: text, ISO dates, agencies as a JSON list."""
    if value is None:
        return None
    if name == "agencies":
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _current(item: FollowUp, name: str) -> Any:
    if name == "agencies":
        return [agency.name for agency in item.agencies]
    if name == "assignee":
        return item.assignee.name if item.assignee else None
    return getattr(item, name)


# ----------------------------------------------------------------------------- changes


def get_follow_up(session: Session, item_id: str) -> FollowUp:
    """The item with its record, agencies, assignee and links; ``NotFound`` otherwise."""
    item = session.scalar(
        select(FollowUp)
        .where(FollowUp.id == str(item_id)[:40])
        .options(selectinload(FollowUp.record), selectinload(FollowUp.links))
    )
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
        old_value=_shown(name, old),
        new_value=_shown(name, new),
        note=note or None,
        version=item.version,
    )
    session.add(change)
    return change


def _clean(session: Session, changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TrackingError("fields.not_editable", names=", ".join(sorted(unknown)))
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "status":
            if value not in FOLLOW_UP_STATUSES:
                raise TrackingError("status.unknown", "status", value=str(value)[:30])
            clean[name] = value
        elif name == "progress":
            clean[name] = _progress(value)
        elif name == "due_date":
            clean[name] = parse_date(value)
        elif name == "agencies":
            clean[name] = _agency_names(value)
        elif name == "assignee":
            assignee = str(value or "").strip() or None
            if assignee is not None:
                user = session.scalar(select(User).where(User.name == assignee))
                if user is None or not user.active:
                    raise TrackingError("user.unknown", "assignee", value=assignee[:100])
            clean[name] = assignee
        elif name == "notes":
            clean[name] = _text(value, "notes", MAX_NOTES)
    return clean


def same_input(name: str, a: Any, b: Any) -> bool:
    """Whether two raw inputs of an editable field mean the same value ("31/12/2568" and
    "2025-12-31", "๕๐" and "50"); an input that cannot be read equals only itself."""
    readers = {
        "progress": _progress,
        "due_date": parse_date,
        "agencies": _agency_names,
        "notes": lambda v: _text(v, "notes", MAX_NOTES).rstrip(),
    }
    read = readers.get(name, lambda v: str(v or "").strip())
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
    item = get_follow_up(session, item_id)
    if version is not None:
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise TrackingError("number.invalid", "version", value=str(version)[:20]) from None
        if version != item.version:
            since = [change_record(c) for c in history(session, item.id) if c.version > version]
            raise Conflict(item.id, item.version, version, since)
    clean = _clean(session, changes)
    note = _text(note, "note", MAX_NOTES).strip() or None
    now = now or datetime.now()
    diff = {name: value for name, value in clean.items() if _current(item, name) != value}
    if not diff and not note:
        return []
    item.version += 1
    rows = []
    for name, value in diff.items():
        rows.append(_log(session, item, user, now, name, _current(item, name), value, note))
        _set(session, item, name, value)
    if not diff:
        rows.append(_log(session, item, user, now, "note", None, None, note))
    session.flush()
    return rows


def _set(session: Session, item: FollowUp, name: str, value: Any) -> None:
    if name == "agencies":
        rows = agencies(session, value)
        item.agency_links = [
            FollowUpAgency(agency=rows[agency], position=i) for i, agency in enumerate(value)
        ]
    elif name == "assignee":
        item.assignee = session.scalar(select(User).where(User.name == value)) if value else None
    else:
        setattr(item, name, value)


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
    text = _text(text, "text", MAX_TEXT).strip()
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
    _set(session, item, "agencies", clean["agencies"])
    session.flush()
    _log(session, item, user, now, "created", None, text, note)
    session.flush()
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
    item = get_follow_up(session, item_id)
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


@dataclass
class ItemState:
    """One follow-up item as the dashboard lists it (at a date: see ``as_of``)."""

    id: str
    record_id: int
    record_title: str
    meeting_date: date | None
    organization: str | None
    mission_group: str | None
    text: str
    status: str
    progress: int
    due_date: date | None
    agencies: list[str]
    assignee: str | None
    notes: str
    version: int
    removed_from_source: bool
    manual: bool
    overdue: bool = False

    @property
    def year(self) -> int | None:
        """The meeting's year (CE)."""
        return self.meeting_date.year if self.meeting_date else None


@dataclass
class Filters:
    """The dashboard's filters; empty means any."""

    status: list[str] = field(default_factory=list)
    agency: list[str] = field(default_factory=list)
    mission_group: list[str] = field(default_factory=list)
    organization: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    assignee: list[str] = field(default_factory=list)
    overdue: bool = False
    removed: bool = False  # include items no longer in their source document
    record_id: int | None = None
    q: str = ""

    def keep(self, item: ItemState) -> bool:
        """Whether the item passes every filter."""
        if item.removed_from_source and not self.removed:
            return False
        if self.status and item.status not in self.status:
            return False
        if self.agency and not set(self.agency) & set(item.agencies):
            return False
        if self.mission_group and item.mission_group not in self.mission_group:
            return False
        if self.organization and item.organization not in self.organization:
            return False
        if self.year and item.year not in self.year:
            return False
        if self.assignee and (item.assignee or "") not in self.assignee:
            return False
        if self.overdue and not item.overdue:
            return False
        if self.record_id is not None and item.record_id != self.record_id:
            return False
        return not self.q or self.q.casefold() in item.text.casefold()


SORTS = {
    "due_date": lambda i: (i.due_date is None, i.due_date or date.min),
    "status": lambda i: FOLLOW_UP_STATUSES.index(i.status) if i.status in FOLLOW_UP_STATUSES else 9,
    "progress": lambda i: i.progress,
    "meeting_date": lambda i: (i.meeting_date is None, i.meeting_date or date.min),
    "record": lambda i: (i.record_title, i.record_id),
    "text": lambda i: i.text,
    "agencies": lambda i: (not i.agencies, i.agencies),
    "assignee": lambda i: (i.assignee is None, i.assignee or ""),
    "id": lambda i: (i.record_id, i.id),
}
"""Sort keys of the list; the default puts overdue items first, then by due date."""


def is_overdue(item: ItemState | FollowUp, today: date) -> bool:
    """Due date passed, not done or cancelled, still in its source document."""
    return (
        item.due_date is not None
        and item.due_date < today
        and item.status not in CLOSED_STATUSES
        and not item.removed_from_source
    )


_COLUMNS = (
    FollowUp.id,
    FollowUp.record_id,
    Record.title,
    Record.date_start,
    Record.organization,
    Record.mission_group,
    FollowUp.text,
    FollowUp.status,
    FollowUp.progress,
    FollowUp.due_date,
    User.name,
    FollowUp.notes,
    FollowUp.version,
    FollowUp.removed_from_source,
    FollowUp.manual,
    FollowUp.created_at,
)
# What changes whenever an item's listed state can: every tracked change (by a person or by
# re-ingest) writes history, ingest adds items, touches records and replaces agency links.
_SIGNATURE = text(
    "SELECT (SELECT max(id) FROM follow_up_history), (SELECT count(*) FROM follow_ups),"
    " (SELECT count(*) FROM records),"
    " (SELECT max(updated_at) FROM records), (SELECT count(*) FROM follow_up_agencies),"
    " (SELECT sum(agency_id + position) FROM follow_up_agencies), (SELECT count(*) FROM users)"
)
_ROWS: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]], dict[str, list[str]]]] = {}


def _rows(session: Session) -> tuple[list[tuple[Any, ...]], dict[str, list[str]]]:
    """Every item's row and agency names, read once per change of the data (a dashboard of
    20,000 items otherwise spends most of a second in SQL and row objects)."""
    signature = tuple(session.execute(_SIGNATURE).one())
    url = str(session.get_bind().url)
    cached = _ROWS.get(url)
    if cached is not None and cached[0] == signature:
        return cached[1], cached[2]
    rows = [
        tuple(row)
        for row in session.execute(
            select(*_COLUMNS)
            .join(Record, Record.id == FollowUp.record_id)
            .outerjoin(User, User.id == FollowUp.assignee_id)
            .order_by(FollowUp.record_id, FollowUp.position)
        )
    ]
    names: dict[str, list[str]] = defaultdict(list)
    for item_id, name in session.execute(
        select(FollowUpAgency.follow_up_id, Agency.name)
        .join(Agency, Agency.id == FollowUpAgency.agency_id)
        .order_by(FollowUpAgency.follow_up_id, FollowUpAgency.position)
    ):
        names[item_id].append(name)
    _ROWS[url] = (signature, rows, dict(names))
    return rows, names


def item_states(session: Session, *, today: date, as_of: date | None = None) -> list[ItemState]:
    """Every follow-up item as it stands now, or as it stood at the end of ``as_of`` (items
    created later left out, history written later undone); ``overdue`` against ``today``
    (or ``as_of``)."""
    rows, names = _rows(session)
    end = datetime.combine(as_of, time.max) if as_of else None
    states = []
    for row in rows:
        if end is not None and row[15] is not None and row[15] > end:
            continue
        state = ItemState(*row[:10], list(names.get(row[0], ())), *row[10:15])  # type: ignore[misc]
        states.append(state)
    if end is not None:
        states = _undo_after(session, states, end)
    day = as_of or today
    for state in states:
        state.overdue = is_overdue(state, day)
    return states


def _undo_after(session: Session, states: list[ItemState], end: datetime) -> list[ItemState]:
    by_id = {state.id: state for state in states}
    later = session.scalars(
        select(FollowUpChange).where(FollowUpChange.at > end).order_by(FollowUpChange.id.desc())
    )
    for change in later:
        state = by_id.get(change.follow_up_id)
        if state is None:
            continue
        old = change.old_value
        if change.field == "status":
            state.status = old or "open"
        elif change.field == "progress":
            state.progress = int(old or 0)
        elif change.field == "due_date":
            state.due_date = date.fromisoformat(old) if old else None
        elif change.field == "agencies":
            state.agencies = json.loads(old) if old else []
        elif change.field == "assignee":
            state.assignee = old
        elif change.field == "notes":
            state.notes = old or ""
        elif change.field == "text":
            state.text = old or state.text
        elif change.field == "removed_from_source":
            state.removed_from_source = old == "True"
        state.version = change.version - 1
    return states


def select_items(
    states: list[ItemState], filters: Filters, *, sort: str = "", descending: bool = False
) -> list[ItemState]:
    """The filtered list: overdue first then by due date, or by the ``sort`` column."""
    kept = [state for state in states if filters.keep(state)]
    if sort in SORTS:
        return sorted(kept, key=SORTS[sort], reverse=descending)
    return sorted(kept, key=lambda i: (not i.overdue, *SORTS["due_date"](i)))


def dashboard(states: list[ItemState], filters: Filters) -> dict[str, Any]:
    """Counts of the filtered items: by status, overdue, and per agency, mission group,
    organisation and year (each a list of ``[value, total, open, overdue]``, largest first)."""
    kept = [state for state in states if filters.keep(state)]
    by_status = Counter(state.status for state in kept)

    def breakdown(values) -> list[list[Any]]:  # type: ignore[no-untyped-def]
        counts: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0])
        for state in kept:
            for value in values(state):
                if value is None:
                    continue
                counts[value][0] += 1
                counts[value][1] += state.status not in CLOSED_STATUSES
                counts[value][2] += state.overdue
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1][2], -kv[1][1], -kv[1][0]))
        return [[value, *numbers] for value, numbers in ordered]

    return {
        "total": len(kept),
        "status": {status: by_status.get(status, 0) for status in FOLLOW_UP_STATUSES},
        "overdue": sum(state.overdue for state in kept),
        "agency": breakdown(lambda s: s.agencies),
        "mission_group": breakdown(lambda s: [s.mission_group]),
        "organization": breakdown(lambda s: [s.organization]),
        "year": sorted(breakdown(lambda s: [s.year]), key=lambda row: -row[0]),
    }
