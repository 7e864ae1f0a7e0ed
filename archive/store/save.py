"""Saving parsed documents as records and reading them back."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from archive.store import changelog, originals, record_history
from archive.store.models import (
    Agency,
    Finding,
    FollowUp,
    FollowUpAgency,
    FollowUpChange,
    Meeting,
    Record,
    Venue,
)
from archive.store.recorddata import FollowUpData, RecordData, VenueData
from archive.store.shown import source_values

# A re-parsed item whose folded text is at least this similar to a stored one is the same
# item reworded (a date or an office added): it keeps its id, status, notes and history.
SIMILAR = 0.75


@dataclass(frozen=True)
class SaveOutcome:
    status: str  # "new" | "updated" | "unchanged"
    record_id: int
    note: str = ""
    logged: int | None = None  # the change-log entry the save wrote (none when unchanged)


def save_record(session: Session, data: RecordData, *, reparsed: bool = False) -> SaveOutcome:
    """Insert or update the record for ``data.source_path``; unchanged content is left alone,
    unless the record was ``reparsed`` (its stored text extracted again by newer rules)."""
    outcome = _save(session, data, reparsed)
    if data.original is not None and not outcome.note:  # a twin keeps its own original
        originals.attach(session, outcome.record_id, data.original.data, data.original.filename)
    return outcome


def _save(session: Session, data: RecordData, reparsed: bool) -> SaveOutcome:
    record = session.scalar(select(Record).where(Record.source_path == data.source_path))
    if record is not None and record.content_hash == data.content_hash and not reparsed:
        return SaveOutcome("unchanged", record.id)
    if record is None:
        twin = session.scalar(select(Record.id).where(Record.content_hash == data.content_hash))
        if twin is not None:
            return SaveOutcome("unchanged", twin, f"same text as record {twin}")

    if record is None:
        record_id, logged = _insert_new(session, data)
        return SaveOutcome("new", record_id, logged=logged)

    # What the document said, before: changes go to the record's history (corrections, kept
    # apart in record_corrections, are never written here).
    before = source_values(record)
    # Venues are looked up (queries autoflush) before a new record joins the session: a
    # half-filled pending Record must never be flushed.
    venues = _Venues(session)
    venue = venues.get(data.venue)
    meeting_venues = [venues.get(m.venue) for m in data.meetings]
    columns = _record_columns(data)
    if reparsed:  # extracted again from the stored text: the original's pages are as they were
        del columns["page_starts"]
    for name, value in columns.items():
        setattr(record, name, value)
    record.venue = venue
    record.meetings = [
        Meeting(
            position=i,
            name=m.name,
            venue=meeting_venue,
            date_start=m.date_start,
            date_end=m.date_end,
        )
        for i, (m, meeting_venue) in enumerate(zip(data.meetings, meeting_venues, strict=True))
    ]
    session.add(record)
    session.flush()
    # Findings are many small rows (a news article has dozens): one executemany, not one ORM
    # object each, which made storing slower than parsing.
    session.execute(delete(Finding).where(Finding.record_id == record.id))
    if data.findings:
        session.execute(_INSERT_FINDINGS, _finding_rows(record.id, data))
    session.expire(record, ["findings"])
    _sync_follow_ups(session, record, data.follow_ups)
    record_history.document_changed(session, record, before)
    session.flush()
    logged = changelog.note(session, [record.id])
    return SaveOutcome("updated", record.id, logged=logged)


def _record_columns(data: RecordData) -> dict[str, Any]:
    """The ``records`` columns that a document sets (not its id, source path or venue)."""
    reporter = data.reporter
    return {
        "title": data.title,
        "document_kind": data.document_kind,
        "organization": data.organization,
        "mission_group": data.mission_group,
        "date_start": data.date_start,
        "date_end": data.date_end,
        "published": data.published,
        "updated": data.updated,
        "reporter_name": reporter.name if reporter else None,
        "reporter_position": reporter.position if reporter else None,
        "reporter_unit": reporter.unit if reporter else None,
        "reporter_phone": reporter.phone if reporter else None,
        "people": list(data.people),
        "source_url": data.source_url,
        "source_format": data.source_format,
        "content_hash": data.content_hash,
        "text": data.text,
        "warnings": list(data.warnings),
        "party_countries": list(data.party_countries),
        "party_organizations": list(data.party_organizations),
        "sources": _sources(data),
        "page_starts": list(data.page_starts) or None,
    }


def _sources(data: RecordData) -> dict[str, Any]:
    """Where the record's facts were read, as character offsets into its text."""
    found: dict[str, Any] = {}
    if data.venue is not None and data.venue.source_span:
        found["venue"] = list(data.venue.source_span)
    if data.date_span:
        found["date"] = list(data.date_span)
    if data.party_sources:
        found["parties"] = {name: list(span) for name, span in data.party_sources.items()}
    return found


def _finding_rows(record_id: int, data: RecordData) -> list[dict[str, Any]]:
    return [
        {"record_id": record_id, "position": i, "number": f.number, "heading": f.heading,
         "text": f.text}
        for i, f in enumerate(data.findings)
    ]


# Statements built once: building an ORM insert with literal values per row, and the ORM's
# unit of work, cost more than parsing the document (a bulk ingest is mostly new records).
_RECORDS, _VENUES = Record.__table__, Venue.__table__
_INSERT_RECORD = _RECORDS.insert().returning(_RECORDS.c.id)
_INSERT_VENUE = _VENUES.insert().returning(_VENUES.c.id)
_FIND_VENUE = select(_VENUES.c.id).where(_VENUES.c.raw == bindparam("raw"))
_UPDATE_VENUE = _VENUES.update().where(_VENUES.c.id == bindparam("venue_id"))
_INSERT_MEETINGS = Meeting.__table__.insert()
_INSERT_FINDINGS = Finding.__table__.insert()
_INSERT_FOLLOW_UPS = FollowUp.__table__.insert()
_INSERT_LINKS = FollowUpAgency.__table__.insert()
_VENUE_COLUMNS = (
    "city", "city_th", "country_code", "country_name_th", "country_name_en", "online"
)


def _insert_new(session: Session, data: RecordData) -> tuple[int, int | None]:
    """A new record and its rows, with prebuilt INSERT statements on the session's connection."""
    connection = session.connection()
    venue_ids: dict[str, int] = {}

    def venue_id(venue: VenueData | None) -> int | None:
        if venue is None or not venue.raw:
            return None
        if venue.raw not in venue_ids:
            values = {name: getattr(venue, name) for name in _VENUE_COLUMNS}
            found = connection.execute(_FIND_VENUE, {"raw": venue.raw}).scalar()
            if found is None:
                found = connection.execute(_INSERT_VENUE, {"raw": venue.raw, **values}).scalar()
            else:
                connection.execute(_UPDATE_VENUE, {"venue_id": found, **values})
            venue_ids[venue.raw] = found
        return venue_ids[venue.raw]

    record_id = connection.execute(
        _INSERT_RECORD,
        {
            **_record_columns(data),
            "venue_id": venue_id(data.venue),
            "source_path": data.source_path,
        },
    ).scalar_one()
    if data.meetings:
        connection.execute(
            _INSERT_MEETINGS,
            [
                {
                    "record_id": record_id,
                    "position": i,
                    "name": m.name,
                    "venue_id": venue_id(m.venue),
                    "date_start": m.date_start,
                    "date_end": m.date_end,
                }
                for i, m in enumerate(data.meetings)
            ],
        )
    if data.findings:
        connection.execute(_INSERT_FINDINGS, _finding_rows(record_id, data))
    if data.follow_ups:
        rows = agencies(session, (n for item in data.follow_ups for n in item.agencies))
        session.flush()  # new agencies get their ids
        items, links, seen = [], [], set()
        for position, item in enumerate(data.follow_ups):
            key = item.key
            while key in seen:
                key = hashlib.sha1(key.encode()).hexdigest()[:10]
            seen.add(key)
            item_id = f"{record_id}-{key}"
            items.append(
                {
                    "id": item_id,
                    "record_id": record_id,
                    "key": key,
                    "position": position,
                    "text": item.text,
                    "source_start": item.source_span[0] if item.source_span else None,
                    "source_end": item.source_span[1] if item.source_span else None,
                    "due_date": item.due_date,
                    "status": item.status,
                    "removed_from_source": False,
                }
            )
            links += [
                {"follow_up_id": item_id, "agency_id": rows[name].id, "position": i}
                for i, name in enumerate(dict.fromkeys(item.agencies))
            ]
        connection.execute(_INSERT_FOLLOW_UPS, items)
        if links:
            connection.execute(_INSERT_LINKS, links)
    return record_id, changelog.note(session, [record_id])


class _Venues:
    """Venue rows by their raw text, created if new; one row per text within a save."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[str, Venue] = {}

    def get(self, data: VenueData | None) -> Venue | None:
        if data is None or not data.raw:
            return None
        venue = self.rows.get(data.raw)
        if venue is None:
            venue = self.session.scalar(select(Venue).where(Venue.raw == data.raw))
        if venue is None:
            venue = Venue(raw=data.raw)
            self.session.add(venue)
        self.rows[data.raw] = venue
        venue.city, venue.city_th = data.city, data.city_th
        venue.country_code = data.country_code
        venue.country_name_th, venue.country_name_en = data.country_name_th, data.country_name_en
        venue.online = data.online
        return venue


def agencies(session: Session, names: Iterable[str]) -> dict[str, Agency]:
    """Agency rows by name, those not stored yet created (one query for all of them)."""
    wanted = set(names)
    if not wanted:
        return {}
    rows = {row.name: row for row in session.scalars(select(Agency).where(Agency.name.in_(wanted)))}
    for name in sorted(wanted - rows.keys()):
        rows[name] = Agency(name=name)
        session.add(rows[name])
    return rows


def _fold(text: str) -> str:
    """Text for similarity: no spaces, digits, item numbers or punctuation; lower-case."""
    return re.sub(r"[\s\d๐-๙.,;:()\-–—/\"'“”]+", "", text).casefold()


def _match(stored: list[FollowUp], parsed: list[FollowUpData]) -> dict[int, FollowUp]:
    """Parsed position -> stored item: same key first, then the most similar text."""
    by_key = {item.key: item for item in stored}
    matched: dict[int, FollowUp] = {}
    for position, data in enumerate(parsed):
        item = by_key.pop(data.key, None)
        if item is not None:
            matched[position] = item
    free = [item for item in by_key.values() if not item.manual]
    pairs = []
    for position, data in enumerate(parsed):
        if position in matched:
            continue
        folded = _fold(data.text)
        for item in free:
            ratio = SequenceMatcher(None, folded, _fold(item.text), autojunk=False).ratio()
            if ratio >= SIMILAR:
                pairs.append((ratio, position, item))
    taken: set[str] = set()
    for _ratio, position, item in sorted(pairs, key=lambda p: -p[0]):
        if position not in matched and item.id not in taken:
            matched[position] = item
            taken.add(item.id)
    return matched


def _edited_by_people(session: Session, item: FollowUp) -> set[str]:
    """The fields a person has changed (the document no longer decides those)."""
    return set(
        session.scalars(
            select(FollowUpChange.field).where(
                FollowUpChange.follow_up_id == item.id, FollowUpChange.user_id.is_not(None)
            )
        )
    )


def _sync_follow_ups(session: Session, record: Record, items: list[FollowUpData]) -> None:
    """Match parsed items to stored ones (by key, then by text similarity): tracked state
    survives re-ingest; what the document changed is written to the item's history."""
    now = datetime.now()
    stored = list(record.follow_ups)
    matched = _match(stored, items)
    rows = agencies(session, (name for data in items for name in data.agencies))
    keys = {item.key for item in stored}
    ids = {item.id for item in stored}

    def log(item: FollowUp, name: str, old: object, new: object) -> None:
        if old == new:
            return
        session.add(
            FollowUpChange(
                follow_up_id=item.id,
                at=now,
                field=name,
                old_value=None if old is None else str(old),
                new_value=None if new is None else str(new),
                note="re-ingest of the source document",
                version=item.version + 1,
            )
        )
        changed.add(item.id)

    changed: set[str] = set()
    for position, data in enumerate(items):
        item = matched.get(position)
        if item is None:
            key = data.key
            while key in keys or f"{record.id}-{key}" in ids:
                key = hashlib.sha1(key.encode()).hexdigest()[:10]
            keys.add(key)
            ids.add(f"{record.id}-{key}")
            item = FollowUp(
                id=f"{record.id}-{key}", key=key, status=data.status, due_date=data.due_date
            )
            item.version = 1
            record.follow_ups.append(item)
            edited: set[str] = set()
        else:
            if item.key != data.key and data.key not in keys:
                keys.discard(item.key)
                item.key = data.key
                keys.add(data.key)
            edited = _edited_by_people(session, item) if item.version > 1 else set()
            log(item, "text", item.text, data.text)
            log(item, "removed_from_source", item.removed_from_source, False)
            # A date the document adds or changes counts, unless a person set one; a date the
            # document no longer states is kept (the deadline was agreed).
            if "due_date" not in edited and data.due_date not in (None, item.due_date):
                log(item, "due_date", _iso(item.due_date), _iso(data.due_date))
                item.due_date = data.due_date
            names = list(dict.fromkeys(data.agencies))
            if "agencies" not in edited:
                old = [link.agency.name for link in item.agency_links]
                log(item, "agencies", _names(old), _names(names))
        item.position = position
        item.text = data.text
        item.source_start, item.source_end = data.source_span or (None, None)
        item.removed_from_source = False
        if "agencies" in edited:
            continue
        item.agency_links = [
            FollowUpAgency(agency=rows[name], position=i)
            for i, name in enumerate(dict.fromkeys(data.agencies))
        ]
    kept = {item.id for item in matched.values()}
    for item in stored:
        if item.id not in kept and not item.manual and not item.removed_from_source:
            log(item, "removed_from_source", False, True)
            item.removed_from_source = True
            item.source_start = item.source_end = None  # the text no longer states it
    for item in stored:
        if item.id in changed:
            item.version += 1


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _names(names: list[str]) -> str:
    """Agencies as history stores them (as ``archive.tracking.edits`` does)."""
    return json.dumps(names, ensure_ascii=False)
