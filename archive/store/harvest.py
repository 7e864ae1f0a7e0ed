"""Records for harvesters (OAI-PMH): which records changed in a time range, grouped in sets,
with withdrawn records kept as deleted ones.

A record's datestamp is its ``updated_at`` (UTC) to the second: every write to its row moves
it, and :func:`touch` moves it when only its follow-ups change (they are in its metadata).
Sets are data (:data:`SETS`): by organisation (``org:<name>``), by the year a meeting began
(``year:2019``) and by partner country (``country:JP``), each under its parent (``org``,
``year``, ``country``). Set membership is read from the shown values (people's corrections on
top of the document's), as the record JSON shows them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from archive.reference.gazetteer import country_by_code
from archive.reference.organizations import organization_named
from archive.store.lookups import load_records
from archive.store.models import Record, RecordCorrection
from archive.store.serialize import record_dict

SET_FIELDS = ("organization", "date_start", "party_countries")  # what set membership reads


@dataclass(frozen=True)
class Facts:
    """What set membership reads of one record (shown values)."""

    organization: str | None
    date_start: date | None
    party_countries: tuple[str, ...]


def organization_key(name: str) -> str:
    """The set key of an organisation: its English name in lower-case words joined by "-"
    when the reference table knows it, else "x" and a short hash of its name."""
    known = organization_named(name)
    if known is not None:
        return re.sub(r"[^a-z0-9]+", "-", known.name_en.lower()).strip("-")
    return "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def _organization_name(name: str) -> str:
    known = organization_named(name)
    return f"{name} ({known.name_en})" if known else name


def _country_name(code: str) -> str:
    country = country_by_code(code)
    return f"{country.name_th} ({country.name_en})" if country else code


@dataclass(frozen=True)
class SetKind:
    """A family of sets: its parent spec, name, and the keys (with names) a record is in."""

    spec: str
    name: str
    keys: Callable[[Facts], list[str]]
    key_name: Callable[[str, Facts], str]


SETS: tuple[SetKind, ...] = (
    SetKind(
        "org",
        "หน่วยงานเจ้าของเรื่อง (Organisation)",
        lambda f: [organization_key(f.organization)] if f.organization else [],
        lambda key, f: _organization_name(f.organization or key),
    ),
    SetKind(
        "year",
        "ปีที่ประชุม ค.ศ. (Year of the meeting)",
        lambda f: [str(f.date_start.year)] if f.date_start else [],
        lambda key, f: f"{key} (พ.ศ. {int(key) + 543})",
    ),
    SetKind(
        "country",
        "ประเทศคู่เจรจา (Partner country)",
        lambda f: list(dict.fromkeys(f.party_countries)),
        lambda key, f: _country_name(key),
    ),
)


def set_specs(facts: Facts) -> list[str]:
    """The specs of the sets a record is in (leaf sets; each implies its parent)."""
    return [f"{kind.spec}:{key}" for kind in SETS for key in kind.keys(facts)]


def in_set(facts: Facts, spec: str) -> bool:
    """Whether a record is in set ``spec`` (a parent holds every record of its children)."""
    specs = set_specs(facts)
    return spec in specs or any(s.startswith(spec + ":") for s in specs)


@dataclass(frozen=True)
class Entry:
    """A record as a harvester lists it."""

    id: int
    datestamp: datetime  # UTC, whole seconds
    deleted: bool
    facts: Facts

    @property
    def sets(self) -> list[str]:
        """Specs of its sets."""
        return set_specs(self.facts)


def touch(session: Session, record_ids: Iterable[int]) -> None:
    """Move the records' datestamp to now (the database's clock, as a write to their row
    does): something their metadata shows changed in another table (their follow-ups)."""
    ids = list(dict.fromkeys(record_ids))
    if ids:
        session.execute(update(Record).where(Record.id.in_(ids)).values(updated_at=func.now()))


def second(value: datetime) -> datetime:
    """A stored time to the second (a datestamp)."""
    return value.replace(microsecond=0, tzinfo=None)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


_SECOND, _MICROSECOND = timedelta(seconds=1), timedelta(microseconds=1)


@dataclass(frozen=True)
class Scope:
    """Which records a harvest asks for: datestamps within ``since``..``until`` (inclusive, to
    the second), ids above ``after`` (or among ``ids``), in set ``spec``;
    ``include_awaiting=False`` leaves out records awaiting review."""

    since: datetime | None = None
    until: datetime | None = None
    spec: str | None = None
    after: int = 0
    ids: tuple[int, ...] | None = None
    include_awaiting: bool = True

    def where(self, query: Any) -> Any:
        """``query`` (over records) narrowed to the scope, set membership aside."""
        query = query.where(Record.id > self.after)
        # SQLite compares times as text, and the database clock writes "12:00:05" where a
        # bound time reads "12:00:05.000000": bounds a microsecond inside the seconds compare
        # right with both (and mean the same on PostgreSQL).
        if self.since is not None:
            query = query.where(Record.updated_at > self.since - _MICROSECOND)
        if self.until is not None:
            query = query.where(Record.updated_at <= self.until + _SECOND - _MICROSECOND)
        if self.ids is not None:
            query = query.where(Record.id.in_(self.ids))
        if not self.include_awaiting:
            query = query.where(Record.awaiting_review.is_(False) | Record.withdrawn_at.isnot(None))
        return query


def count(session: Session, scope: Scope) -> int:
    """How many records are in the scope (counted by the database when it names no set)."""
    if scope.spec is not None:
        return len(entries(session, scope))
    return session.scalar(scope.where(select(func.count(Record.id)))) or 0


def entries(session: Session, scope: Scope, *, limit: int | None = None) -> list[Entry]:
    """The records in the scope, in id order (at most ``limit``); withdrawn ones as deleted."""
    query = scope.where(
        select(
            Record.id,
            Record.organization,
            Record.date_start,
            Record.party_countries,
            Record.updated_at,
            Record.withdrawn_at,
        )
    ).order_by(Record.id)
    if limit is not None and scope.spec is None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    corrected = _corrections(session, [row.id for row in rows])
    out = []
    for row in rows:
        shown = {**row._asdict(), **corrected.get(row.id, {})}
        facts = Facts(
            shown["organization"],
            _day(shown["date_start"]),
            tuple(shown["party_countries"] or ()),
        )
        if scope.spec is None or in_set(facts, scope.spec):
            out.append(Entry(row.id, second(row.updated_at), row.withdrawn_at is not None, facts))
            if limit is not None and len(out) >= limit:
                break
    return out


def _corrections(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        query = select(RecordCorrection.record_id, RecordCorrection.field, RecordCorrection.value)
        query = query.where(
            RecordCorrection.record_id.in_(ids[start : start + 500]),
            RecordCorrection.field.in_(SET_FIELDS),
        )
        for record_id, name, value in session.execute(query):
            found.setdefault(record_id, {})[name] = value
    return found


def all_sets(session: Session) -> list[tuple[str, str]]:
    """(spec, name) of every set that holds a record: each parent, then its children."""
    everything = entries(session, Scope())
    out: list[tuple[str, str]] = []
    for kind in SETS:
        children: dict[str, str] = {}
        for entry in everything:
            for key in kind.keys(entry.facts):
                if key not in children:
                    children[key] = kind.key_name(key, entry.facts)
        if children:
            out.append((kind.spec, kind.name))
            out += [(f"{kind.spec}:{key}", children[key]) for key in sorted(children)]
    return out


def earliest(session: Session) -> datetime | None:
    """The oldest datestamp of any record (deleted ones included), or None."""
    value = session.scalar(select(func.min(Record.updated_at)))
    return second(value) if value is not None else None


def record_jsons(session: Session, entries: Iterable[Entry]) -> dict[int, dict[str, Any]]:
    """The record JSON (shown values) of the entries that are not deleted, by id."""
    ids = [entry.id for entry in entries if not entry.deleted]
    return {record.id: record_dict(record) for record in load_records(session, ids)}
