"""The follow-up dashboard's read model: every item as a row (``ItemState``), filters, sort
keys, counts per status, agency, mission group, organisation and year, and the view "as of" a
past date (``archive.tracking.as_of``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from archive.store.models import Agency, FollowUp, FollowUpAgency, Record, User
from archive.store.vocabulary import CLOSED_STATUSES, FOLLOW_UP_STATUSES
from archive.tracking.as_of import undo_after


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


_COLUMNS = {  # ItemState attribute -> the column it is read from (agencies apart)
    "id": FollowUp.id,
    "record_id": FollowUp.record_id,
    "record_title": Record.title,
    "meeting_date": Record.date_start,
    "organization": Record.organization,
    "mission_group": Record.mission_group,
    "text": FollowUp.text,
    "status": FollowUp.status,
    "progress": FollowUp.progress,
    "due_date": FollowUp.due_date,
    "assignee": User.name,
    "notes": FollowUp.notes,
    "version": FollowUp.version,
    "removed_from_source": FollowUp.removed_from_source,
    "manual": FollowUp.manual,
}
_NAMES = tuple(_COLUMNS)
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
            select(*_COLUMNS.values(), FollowUp.created_at)
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
    for *values, created in rows:
        if end is not None and created is not None and created > end:
            continue
        state = ItemState(**dict(zip(_NAMES, values, strict=True)), agencies=[])
        state.agencies = list(names.get(state.id, ()))
        states.append(state)
    if end is not None:
        states = undo_after(session, states, end)
    day = as_of or today
    for state in states:
        state.overdue = is_overdue(state, day)
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
