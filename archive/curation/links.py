"""Links between records that editors make: the same meeting reported twice ("same_meeting"),
meetings of one series ("series").

A link is one ``record_links`` row (the smaller id first), written with a history row on both
records and a change-log entry for every record whose search document changes. Records linked
as the same meeting, directly or through others, are one meeting: each gets the smallest id
of its group as ``records.meeting_group``, which the index groups search hits by. A series is
ordered by session number ("ครั้งที่ 7"), then date: each record shows its previous and next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive.curation.sessions import session_number
from archive.store import changelog
from archive.store.lookups import MAX_ID
from archive.store.models import Record, RecordLink
from archive.store.record_history import Actor, append
from archive.store.shown import listed, shown_value
from archive.store.vocabulary import Label

KINDS: dict[str, Label] = {
    "same_meeting": Label("รายงานการประชุมเดียวกัน", "Same meeting"),
    "series": Label("การประชุมชุดเดียวกัน", "Same series"),
}

ENGLISH = {  # code -> the English wording (the API's); the web words the code in Thai
    "record.not_found": "no record {value}",
    "link.kind": "kind must be one of {kinds}, not {value!r}",
    "link.same_record": "a record cannot be linked to itself",
    "link.not_found": "records {a} and {b} are not linked as {kind}",
    "fact.unknown": "fact must be one of {facts}, not {value!r}",
}


class LinkError(ValueError):
    """A link that cannot be made or removed: ``code`` (a key of ``ENGLISH``) and its
    ``params``; ``missing`` when a record or link does not exist."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        self.missing = code in ("record.not_found", "link.not_found")
        super().__init__(ENGLISH[code].format(**params))


@dataclass(frozen=True)
class Linked:
    """The other record of a link, as a record page lists it."""

    id: int
    title: str
    date_start: date | None
    date_end: date | None
    organization: str | None
    number: int | None  # session number read from the title
    user: str | None  # who linked it (None: reached through another record of the series)
    at: datetime | None


@dataclass(frozen=True)
class RecordLinks:
    """A record's links: the other reports of its meeting, and its place in a series."""

    same_meeting: list[Linked]
    series: list[Linked]  # the whole series in order, this record included
    previous: Linked | None
    next: Linked | None

    def as_json(self) -> dict[str, object]:
        """Plain JSON values (the API's shape)."""

        def one(item: Linked | None) -> dict[str, object] | None:
            if item is None:
                return None
            return {
                "id": item.id,
                "title": item.title,
                "date_start": item.date_start.isoformat() if item.date_start else None,
                "number": item.number,
                "linked_by": item.user,
                "linked_at": item.at.isoformat(timespec="seconds") if item.at else None,
            }

        return {
            "same_meeting": [one(item) for item in self.same_meeting],
            "series": [one(item) for item in self.series],
            "previous": one(self.previous),
            "next": one(self.next),
        }


def _record(session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id) if 0 < record_id <= MAX_ID else None
    if record is None:
        raise LinkError("record.not_found", value=record_id)
    return record


def check_record(session: Session, record_id: int) -> None:
    """``LinkError`` ("record.not_found") unless the record exists."""
    _record(session, record_id)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise LinkError("link.kind", kinds=", ".join(KINDS), value=kind)


def _find(session: Session, a: int, b: int, kind: str) -> RecordLink | None:
    low, high = sorted((a, b))
    return session.scalar(
        select(RecordLink).where(
            RecordLink.record_id == low, RecordLink.other_id == high, RecordLink.kind == kind
        )
    )


def _history(
    session: Session, record: Record, field: str, old: int | None, new: int | None,
    by: Actor | None, now: datetime,
) -> None:
    append(session, record, field, old, new, by=by, at=now)


def link(session: Session, a: int, b: int, kind: str, by: Actor | None) -> bool:
    """Link records ``a`` and ``b`` as ``kind``; False when they already were. History on
    both records; change-log entries for the records whose search documents change."""
    _check_kind(kind)
    if a == b:
        raise LinkError("link.same_record")
    first, second = _record(session, a), _record(session, b)
    if _find(session, a, b, kind) is not None:
        return False
    now = datetime.now()
    low, high = sorted((a, b))
    session.add(
        RecordLink(
            record_id=low, other_id=high, kind=kind, user_id=by.id if by else None,
            user_name=by.name if by else None, at=now,
        )
    )
    _history(session, first, kind, None, b, by, now)
    _history(session, second, kind, None, a, by, now)
    session.flush()
    changed = _regroup(session, [a, b]) if kind == "same_meeting" else set()
    changelog.note(session, sorted(changed | {a, b}))
    return True


def unlink(session: Session, a: int, b: int, kind: str, by: Actor | None) -> None:
    """Remove the ``kind`` link between ``a`` and ``b`` (``LinkError`` when there is none)."""
    _check_kind(kind)
    first, second = _record(session, a), _record(session, b)
    found = _find(session, a, b, kind)
    if found is None:
        raise LinkError("link.not_found", a=a, b=b, kind=kind)
    session.delete(found)
    now = datetime.now()
    _history(session, first, kind, b, None, by, now)
    _history(session, second, kind, a, None, by, now)
    session.flush()
    changed = _regroup(session, [a, b]) if kind == "same_meeting" else set()
    changelog.note(session, sorted(changed | {a, b}))


def _neighbours(session: Session, ids: Iterable[int], kind: str) -> dict[int, set[int]]:
    wanted = list(ids)
    rows = session.execute(
        select(RecordLink.record_id, RecordLink.other_id).where(
            RecordLink.kind == kind,
            or_(RecordLink.record_id.in_(wanted), RecordLink.other_id.in_(wanted)),
        )
    )
    found: dict[int, set[int]] = {}
    for low, high in rows:
        found.setdefault(low, set()).add(high)
        found.setdefault(high, set()).add(low)
    return found


def component(session: Session, record_id: int, kind: str) -> set[int]:
    """The records linked with ``record_id`` as ``kind``, directly or through others (itself
    included)."""
    seen = {record_id}
    frontier = {record_id}
    while frontier:
        found = _neighbours(session, frontier, kind)
        frontier = {n for ids in found.values() for n in ids} - seen
        seen |= frontier
    return seen


def _regroup(session: Session, ids: Iterable[int]) -> set[int]:
    """Set ``meeting_group`` of the same-meeting groups of ``ids`` (and of records that left
    them); the ids whose group changed."""
    changed: set[int] = set()
    done: set[int] = set()
    for record_id in ids:
        if record_id in done:
            continue
        members = component(session, record_id, "same_meeting")
        done |= members
        group = min(members) if len(members) > 1 else None
        for record in session.scalars(
            select(Record).where(or_(Record.id.in_(members), Record.meeting_group.in_(members)))
        ):
            want = group if record.id in members else None
            if record.meeting_group != want:
                record.meeting_group = want
                changed.add(record.id)
    session.flush()
    return changed


def _linked(record: Record, row: RecordLink | None) -> Linked:
    title = shown_value(record, "title")
    start, end = shown_value(record, "date_start"), shown_value(record, "date_end")
    return Linked(
        id=record.id,
        title=title,
        date_start=date.fromisoformat(start) if start else None,
        date_end=date.fromisoformat(end) if end else None,
        organization=shown_value(record, "organization"),
        number=session_number(title),
        user=row.user_name if row else None,
        at=row.at if row else None,
    )


def series_order(item: Linked) -> tuple[int, int, int]:
    """Where a meeting stands in its series: session number, then date, then id."""
    number = item.number if item.number is not None else 10**9
    return number, item.date_start.toordinal() if item.date_start else 0, item.id


def links_of(session: Session, record_id: int, *, hide_awaiting: bool = False) -> RecordLinks:
    """The record's same-meeting reports (listed ones, in id order) and its series; without
    the records awaiting review when ``hide_awaiting`` (a site that reviews before publishing,
    for the public): previous and next skip them."""

    def shown_here(record: Record) -> bool:
        return listed(record) and not (hide_awaiting and record.awaiting_review)

    direct = {
        (row.record_id if row.other_id == record_id else row.other_id, row.kind): row
        for row in session.scalars(
            select(RecordLink).where(
                or_(RecordLink.record_id == record_id, RecordLink.other_id == record_id)
            )
        )
    }
    same = component(session, record_id, "same_meeting") - {record_id}
    series_ids = component(session, record_id, "series")
    wanted = same | (series_ids if len(series_ids) > 1 else set())
    records = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(wanted)))}
    same_meeting = [
        _linked(records[i], direct.get((i, "same_meeting")))
        for i in sorted(same)
        if i in records and shown_here(records[i])
    ]
    series: list[Linked] = []
    previous = following = None
    if len(series_ids) > 1:
        records[record_id] = _record(session, record_id)
        series = sorted(
            (
                _linked(records[i], direct.get((i, "series")))
                for i in series_ids
                if i in records and (i == record_id or shown_here(records[i]))
            ),
            key=series_order,
        )
        place = next(n for n, item in enumerate(series) if item.id == record_id)
        previous = series[place - 1] if place > 0 else None
        following = series[place + 1] if place + 1 < len(series) else None
        if len(series) < 2:  # the others not shown here: no series to show
            series = []
    return RecordLinks(same_meeting, series, previous, following)


def linked_ids(session: Session, record_id: int, kind: str) -> set[int]:
    """The records directly linked with ``record_id`` as ``kind``."""
    return _neighbours(session, [record_id], kind).get(record_id, set())
