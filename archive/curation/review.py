"""The review queue: records an editor should look at, because their document gave warnings or
the parser was unsure of a fact, because a corrected field changed in the document since ("the
source now says ..."), or (a site with REVIEW_BEFORE_PUBLISH) because they are new.

What makes a record doubtful is data: :data:`CHECKS`, one entry per kind of doubt, each with
the fact it doubts (an editor can confirm it) and what finds it (warnings of extraction, an
empty column, a new record, a change of the source under a correction). The queue, its
filters and counts, the header's number and a record's review page all apply the same
entries. Marks (a fact confirmed, a record reviewed) go into the record's history
(``record_history``).

Finding the waiting records reads every unreviewed record's warnings once (a scan); then
only the records updated since (see :func:`_scan`), so that the header's number and the
queue's pages cost a few indexed look-ups.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive.curation.edits import records_with_source_changes
from archive.curation.links import LinkError
from archive.store import changelog
from archive.store.db import Database
from archive.store.lookups import MAX_ID
from archive.store.models import Record, RecordChange, RecordCorrection
from archive.store.record_history import Actor, append
from archive.store.shown import corrections, listed, shown_value, source_changes
from archive.store.vocabulary import Label

REVIEWED = "reviewed"  # history field of a record marked reviewed
CONFIRMED = "confirmed"  # history field of a fact confirmed as the parser read it

FACTS: dict[str, Label] = {  # what a check doubts -> its label
    "title": Label("ชื่อเรื่อง", "Title"),
    "date": Label("วันที่ประชุม", "Meeting date"),
    "venue": Label("สถานที่", "Venue"),
    "organization": Label("หน่วยงานเจ้าของเรื่อง", "Organisation"),
    "text": Label("ข้อความ", "Text"),
}
CORRECTED_BY: dict[str, tuple[str, ...]] = {  # fact -> correctable fields (archive.store.shown)
    "title": ("title",),
    "date": ("date_start", "date_end"),
    "venue": ("venue",),
    "organization": ("organization",),
    "text": (),
}


@dataclass(frozen=True)
class Seen:
    """What the checks look at in a record: its warnings of extraction, whether it awaits
    review, whether a corrected field's document value changed since (``source_changes``)."""

    warnings: Sequence[str] | None
    awaiting_review: bool
    source_changed: bool


@dataclass(frozen=True)
class Check:
    """One kind of doubt: its ``name`` (the queue's filter), label, the fact it doubts (None:
    the record as a whole), and what finds it: ``warnings`` of extraction (any of these words),
    ``any_warning``, ``awaiting`` (a new record, on a site that reviews before publishing), or
    ``source_changed`` (a correction the document now disagrees with: it waits, reviewed or
    not, until an editor accepts the document's value or keeps the correction)."""

    name: str
    label: Label
    fact: str | None = None
    warnings: tuple[str, ...] = ()
    any_warning: bool = False
    awaiting: bool = False
    source_changed: bool = False

    def finds(self, record: Seen) -> list[str]:
        """What this check finds in ``record``: the warnings it matches, or one empty entry
        for a new record or a changed source (nothing: the check does not apply)."""
        found = list(record.warnings or [])
        if self.source_changed:
            return [""] if record.source_changed else []
        if self.awaiting:
            return [""] if record.awaiting_review else []
        if self.any_warning:
            return found
        return [w for w in found if any(words in w for words in self.warnings)]


CHECKS: list[Check] = [
    Check("new", Label("รายงานใหม่ รอตรวจก่อนเผยแพร่", "New, awaiting review before publication"),
          awaiting=True),
    Check("source_changed", Label("ต้นฉบับเปลี่ยนไปจากค่าที่แก้ไขไว้",
                                  "The source now says otherwise than a correction"),
          source_changed=True),
    Check("no_date", Label("ไม่พบวันที่ประชุม", "No meeting date found"), "date",
          ("no meeting date found",)),
    Check("date_from_text", Label("วันที่ประชุมอ่านจากเนื้อความ", "Meeting date read from the text"),
          "date", ("meeting date taken from the text",)),
    Check("no_venue", Label("ไม่พบสถานที่", "No venue found"), "venue", ("no venue found",)),
    Check("venue_unmatched", Label("สถานที่ไม่ตรงกับเมืองหรือประเทศใด",
                                   "Venue not matched to a city or country"),
          "venue", ("venue not matched",)),
    Check("no_title", Label("ไม่พบชื่อเรื่อง (ใช้ชื่อไฟล์)", "No title found (file name used)"),
          "title", ("no title found",)),
    Check("no_organization", Label("ไม่ระบุหน่วยงานเจ้าของเรื่อง", "Organisation not stated"),
          "organization", ("issuing organisation not stated",)),
    # Pages read by OCR, text that may be garbled, pages left unread (indexer.extract.paged).
    Check("text_doubtful", Label("ข้อความอาจอ่านไม่ถูกต้อง (OCR หรือฟอนต์เพี้ยน)",
                                 "Text may be misread (OCR or a broken font)"),
          "text", ("อ่านด้วย OCR", "อาจเพี้ยน")),
    Check("layout_unknown", Label("ไม่รู้จักรูปแบบเอกสาร", "Document layout not recognised"),
          warnings=("layout not recognised",)),
    Check("warning", Label("มีคำเตือนจากการอ่านเอกสาร", "Warnings from reading the document"),
          any_warning=True),
]  # fmt: skip


def checks(*, hold: bool) -> list[Check]:
    """The checks of a site (``hold``: REVIEW_BEFORE_PUBLISH, new records wait too)."""
    return [check for check in CHECKS if hold or not check.awaiting]


def check_named(name: str) -> Check | None:
    """The check called ``name``, or None."""
    return next((check for check in CHECKS if check.name == name), None)


# ----------------------------------------------------------------------------- the queue


@dataclass(frozen=True)
class _Waiting:
    """An unreviewed record that some check finds: what the queue sorts and filters by."""

    id: int
    created_at: datetime
    organization: str | None
    checks: tuple[str, ...]  # names, in the order of CHECKS


@dataclass(frozen=True)
class QueueItem:
    """One record waiting in the queue and the checks that put it there."""

    id: int
    title: str
    organization: str | None
    created_at: datetime
    checks: list[Check]


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue, with the number of waiting records by check and organisation
    (each counted with the other filter applied)."""

    items: list[QueueItem]
    total: int
    page: int
    per_page: int
    by_check: list[tuple[Check, int]] = field(default_factory=list)
    by_organization: list[tuple[str, int]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """The number of pages."""
        return max(1, -(-self.total // self.per_page))


@dataclass
class _Scan:
    """The waiting records of one database as last read, and when."""

    stamp: tuple[Any, ...]
    full_at: float  # when every record was last read (monotonic)
    waiting: dict[int, _Waiting]
    ordered: list[_Waiting]


_SCANS: dict[str, _Scan] = {}
_SCANS_LOCK = threading.Lock()
RESCAN_SECONDS = 600.0  # every record is read again at least this often
# Records updated this long before the newest one seen are read again: a PostgreSQL
# transaction stamps ``updated_at`` when it starts, not when it commits.
OVERLAP = timedelta(seconds=5)


def _stamp(session: Session) -> tuple[Any, ...]:
    """What changes whenever a record's doubts or review state may have: the change log's last
    entry (every such write logs one: ingest, corrections, reviews, withdrawals) and the
    number of records; and the newest ``updated_at`` (where to read from next time). One
    indexed look-up each."""
    return (
        changelog.last_seq(session),
        session.scalar(select(func.count(Record.id))),
        session.scalar(select(func.max(Record.updated_at))),
    )


def _read(session: Session, since: datetime | None) -> list[tuple[int, _Waiting | None]]:
    """Records (all, or those updated ``since``): each id with its waiting entry, or None when
    no check finds it (or it is withdrawn, or reviewed and its source unchanged)."""
    query = select(
        Record.id, Record.created_at, Record.organization, Record.warnings,
        Record.awaiting_review, Record.reviewed_at, Record.withdrawn_at,
    )  # fmt: skip
    if since is None:
        corrected = select(RecordCorrection.record_id)
        query = query.where(
            Record.withdrawn_at.is_(None),
            or_(Record.reviewed_at.is_(None), Record.id.in_(corrected)),
        )
    else:
        query = query.where(Record.updated_at >= since)
    rows = list(session.execute(query))
    changed = set(records_with_source_changes(session, [row.id for row in rows]))
    found: list[tuple[int, _Waiting | None]] = []
    for row in rows:
        names: tuple[str, ...] = ()
        if row.withdrawn_at is None:
            seen = Seen(row.warnings, row.awaiting_review, row.id in changed)
            names = tuple(
                check.name
                for check in CHECKS
                if (row.reviewed_at is None or check.source_changed) and check.finds(seen)
            )
        entry = _Waiting(row.id, row.created_at, row.organization, names) if names else None
        found.append((row.id, entry))
    return found


def _scan(session: Session) -> list[_Waiting]:
    """Every listed record some check finds (the "new" check included; a reviewed one only
    for a changed source), newest first. Read in full once (a scan of every record's warnings:
    0.7-2 s on 27,000 records), then kept per database and brought up to date by reading only
    the records updated since (an indexed range); read in full again after ``RESCAN_SECONDS``
    or when records went."""
    key = str(session.get_bind().url)
    now = time.monotonic()
    with _SCANS_LOCK:
        scan = _SCANS.get(key)
    stamp = _stamp(session)
    fresh = scan is not None and now - scan.full_at <= RESCAN_SECONDS
    if scan is not None and fresh and stamp[:2] == scan.stamp[:2]:
        return scan.ordered
    if scan is None or not fresh or stamp[1] < scan.stamp[1] or scan.stamp[2] is None:
        waiting = {i: entry for i, entry in _read(session, None) if entry is not None}
        scan = _Scan(stamp, now, waiting, [])
    else:
        waiting = dict(scan.waiting)
        for record_id, entry in _read(session, scan.stamp[2] - OVERLAP):
            if entry is None:
                waiting.pop(record_id, None)
            else:
                waiting[record_id] = entry
        scan = _Scan(stamp, scan.full_at, waiting, [])
    scan.ordered = sorted(waiting.values(), key=lambda w: (w.created_at, w.id), reverse=True)
    with _SCANS_LOCK:
        _SCANS[key] = scan
    return scan.ordered


def _active(waiting: list[_Waiting], hold: bool) -> list[_Waiting]:
    """The records that wait on this site (without "new" unless it reviews before
    publishing)."""
    if hold:
        return waiting
    return [w for w in waiting if any(name != "new" for name in w.checks)]


def queue(
    session: Session,
    *,
    hold: bool,
    check: str | None = None,
    organization: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> QueuePage:
    """The records waiting for review, newest first, filtered by a check's name and by
    organisation (an unknown check finds nothing)."""
    active = checks(hold=hold)
    waiting = _active(_scan(session), hold)
    by_org = [w for w in waiting if not organization or w.organization == organization]
    chosen = [w for w in by_org if not check or check in w.checks]
    page = max(1, page)
    shown = chosen[(page - 1) * per_page : page * per_page]
    records = {
        r.id: r for r in session.scalars(select(Record).where(Record.id.in_([w.id for w in shown])))
    }
    items = [
        QueueItem(
            id=w.id,
            title=shown_value(records[w.id], "title"),
            organization=shown_value(records[w.id], "organization"),
            created_at=w.created_at,
            checks=[c for c in active if c.name in w.checks],
        )
        for w in shown
        if w.id in records
    ]
    counts = {c.name: 0 for c in active}
    for w in by_org:
        for name in w.checks:
            if name in counts:
                counts[name] += 1
    organizations: dict[str, int] = {}
    for w in waiting:
        if w.organization and (not check or check in w.checks):
            organizations[w.organization] = organizations.get(w.organization, 0) + 1
    return QueuePage(
        items, len(chosen), page, per_page,
        by_check=[(c, counts[c.name]) for c in active if counts[c.name]],
        by_organization=sorted(organizations.items(), key=lambda item: (-item[1], item[0])),
    )  # fmt: skip


def waiting_count(session: Session, *, hold: bool) -> int:
    """How many records wait for review (the site header's number)."""
    return len(_active(_scan(session), hold))


def waiting_in(db: Database, *, hold: bool) -> int | None:
    """``waiting_count`` in a session of its own; None while the database cannot answer (the
    header of an error page shown because the database is away)."""
    try:
        with db.session() as session:
            return waiting_count(session, hold=hold)
    except SQLAlchemyError:
        return None


# ----------------------------------------------------------------------------- one record


@dataclass(frozen=True)
class Source:
    """Where a fact was read: the sentence around it, split at the words read."""

    before: str
    quoted: str
    after: str


@dataclass(frozen=True)
class Doubt:
    """One doubtful fact (or the record as a whole): the checks that doubt it, the warnings
    they found, its value as shown, where it was read, and who settled it already."""

    fact: str | None
    checks: list[Check]
    warnings: list[str]
    value: Any
    sources: list[tuple[str, Source]]  # (what was read, e.g. a partner's code; the sentence)
    confirmed: RecordChange | None
    corrected: bool


@dataclass(frozen=True)
class Review:
    """A record as its review page shows it."""

    record: Record
    doubts: list[Doubt]
    history: list[RecordChange]


SENTENCE_CHARS = 160  # context shown on each side of the words read, at most


def sentence(text: str, span: Sequence[int] | None) -> Source | None:
    """The sentence (line) of ``text`` around offsets ``span``, cut to ``SENTENCE_CHARS`` on
    each side; None when the offsets do not fit the text."""
    if not span or len(span) != 2:
        return None
    start, end = int(span[0]), int(span[1])
    if not 0 <= start < end <= len(text):
        return None
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line_start = max(line_start, start - SENTENCE_CHARS)
    line_end = min(line_end, end + SENTENCE_CHARS)
    return Source(text[line_start:start], text[start:end], text[end:line_end])


def _sources(record: Record, fact: str | None) -> list[tuple[str, Source]]:
    found = record.sources or {}
    spans: list[tuple[str, Any]] = []
    if fact in ("date", "venue"):
        spans = [(fact, found.get(fact))]
    return [(name, s) for name, span in spans if (s := sentence(record.text, span))]


def _value(record: Record, fact: str | None) -> Any:
    if fact is None:
        return None
    values = [shown_value(record, name) for name in CORRECTED_BY[fact]]
    if not values:
        return None
    return values if len(values) > 1 else values[0]


def get_for_review(session: Session, record_id: int, *, hold: bool) -> Review:
    """The record's doubts (every check that finds something, grouped by fact) with the
    sentences they were read from; ``LinkError`` ("record.not_found") for an unknown id."""
    record = session.get(Record, record_id) if 0 < record_id <= MAX_ID else None
    if record is None:
        raise LinkError("record.not_found", value=record_id)
    changes = list(
        session.scalars(
            select(RecordChange)
            .where(RecordChange.record_id == record.id)
            .order_by(RecordChange.id)
        )
    )
    confirmed = {_load(c.new_value): c for c in changes if c.field == CONFIRMED}
    corrected = corrections(record)
    seen = Seen(record.warnings, record.awaiting_review, bool(source_changes(record)))
    grouped: dict[str | None, tuple[list[Check], list[str]]] = {}
    for check in checks(hold=hold):
        found = check.finds(seen)
        if found:
            entry = grouped.setdefault(check.fact, ([], []))
            entry[0].append(check)
            entry[1].extend(w for w in found if w and w not in entry[1])
    # A warning a check of one fact found is shown there, not again under the whole record.
    told = {w for fact, (_, found) in grouped.items() if fact for w in found}
    if None in grouped:
        grouped[None] = (grouped[None][0], [w for w in grouped[None][1] if w not in told])
    doubts = [
        Doubt(
            fact=fact,
            checks=found_by,
            warnings=warnings,
            value=_value(record, fact),
            sources=_sources(record, fact),
            confirmed=confirmed.get(fact) if fact else None,
            corrected=bool(fact and any(name in corrected for name in CORRECTED_BY[fact])),
        )
        for fact, (found_by, warnings) in grouped.items()
    ]
    history = [c for c in changes if c.field in (REVIEWED, CONFIRMED)]
    return Review(record, doubts, history)


def _load(text: str | None) -> Any:
    """A history value (JSON text, as ``archive.curation.edits`` keeps them)."""
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return text


def _mark(session: Session, record: Record, name: str, value: Any, by: Actor | None,
          note: str | None, now: datetime) -> None:  # fmt: skip
    append(session, record, name, None, value, by=by, note=note or None, at=now)


def confirm_fact(session: Session, record_id: int, fact: str, by: Actor | None) -> None:
    """Confirm a doubtful fact as the parser read it (kept in the record's history)."""
    if fact not in FACTS:
        raise LinkError("fact.unknown", facts=", ".join(FACTS), value=fact)
    record = _get(session, record_id)
    _mark(session, record, CONFIRMED, fact, by, None, datetime.now())
    session.flush()


def mark_reviewed(
    session: Session, record_id: int, by: Actor | None, note: str | None = None
) -> bool:
    """Mark the record reviewed: out of the queue, and public on a site that reviews before
    publishing (a change-log entry: search follows). False when it was already."""
    record = _get(session, record_id)
    if record.reviewed_at is not None and not record.awaiting_review:
        return False
    now = datetime.now()
    record.awaiting_review = False
    record.reviewed_at = now
    record.reviewed_by = by.name if by else None
    _mark(session, record, REVIEWED, True, by, note, now)
    session.flush()
    changelog.note(session, [record.id])
    return True


def _get(session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id) if 0 < record_id <= MAX_ID else None
    if record is None or not listed(record):
        raise LinkError("record.not_found", value=record_id)
    return record
