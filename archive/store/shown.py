"""The record as people see it: what its document says, with people's corrections on top.

A record's columns and child rows hold what its document says (ingest and re-extraction
write them); ``record_corrections`` holds what people set, one row per field, by the key of
the record JSON. Every reader (the record JSON, the search documents, exports, the record
page) reads a record through :func:`shown`, so that a correction shows everywhere and a
re-ingest, which only writes the document's values, never overwrites one.

:data:`FIELDS` lists the correctable fields once: each field's value is its record-JSON value
(plain JSON: strings, ISO dates, lists, dicts); how it is read from the document's columns and
how a person's value shows as attributes of the record follow from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from archive.store.recorddata import VenueData

if TYPE_CHECKING:  # annotations only: searching imports this module without SQLAlchemy
    from archive.store.models import Record, RecordCorrection, Venue

VENUE_KEYS = ("raw", "city", "city_th", "country_code", "country_name_th", "country_name_en",
              "online")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def venue_value(venue: Any) -> dict[str, Any] | None:
    """A venue (row or shown venue) as a correction stores it, or None."""
    if venue is None:
        return None
    return {key: (bool(getattr(venue, key)) if key == "online" else getattr(venue, key))
            for key in VENUE_KEYS}


def _meetings(record: Record) -> list[dict[str, Any]]:
    return [
        {
            "name": m.name,
            "venue": venue_value(m.venue),
            "date_start": _iso(m.date_start),
            "date_end": _iso(m.date_end),
        }
        for m in record.meetings
    ]


def _findings(record: Record) -> list[dict[str, Any]]:
    return [{"number": f.number, "heading": f.heading, "text": f.text} for f in record.findings]


def _reporter(record: Record) -> dict[str, Any] | None:
    reporter = {
        "name": record.reporter_name,
        "position": record.reporter_position,
        "unit": record.reporter_unit,
        "phone": record.reporter_phone,
    }
    return reporter if any(reporter.values()) else None


def _column(name: str) -> Callable[[Record], Any]:
    return lambda record: getattr(record, name)


def _list(name: str) -> Callable[[Record], Any]:
    return lambda record: list(getattr(record, name) or [])


def _date(name: str) -> Callable[[Record], Any]:
    return lambda record: _iso(getattr(record, name))


FIELDS: dict[str, Callable[[Record], Any]] = {
    "title": _column("title"),
    "document_kind": _column("document_kind"),
    "organization": _column("organization"),
    "mission_group": _column("mission_group"),
    "venue": lambda record: venue_value(record.venue),
    "date_start": _date("date_start"),
    "date_end": _date("date_end"),
    "party_countries": _list("party_countries"),
    "party_organizations": _list("party_organizations"),
    "meetings": _meetings,
    "findings": _findings,
    "people": _list("people"),
    "reporter": _reporter,
    "source_url": _column("source_url"),
}
"""Correctable field (a key of the record JSON) -> its document's value, as JSON."""


def source_value(record: Record, name: str) -> Any:
    """What the record's document says for field ``name`` (the columns), as JSON."""
    return FIELDS[name](record)


def source_values(record: Record) -> dict[str, Any]:
    """Every correctable field's document value."""
    return {name: read(record) for name, read in FIELDS.items()}


def corrections(record: Record) -> dict[str, RecordCorrection]:
    """The record's corrections by field."""
    return {c.field: c for c in record.corrections if c.field in FIELDS}


def shown_value(record: Record, name: str) -> Any:
    """The value people see for field ``name``: the correction's, else the document's."""
    found = corrections(record).get(name)
    return found.value if found is not None else source_value(record, name)


def shown_values(record: Record) -> dict[str, Any]:
    """Every correctable field's shown value."""
    return {name: shown_value(record, name) for name in FIELDS}


@dataclass(frozen=True)
class SourceChange:
    """A corrected field whose document now says something else than when it was corrected."""

    field: str
    correction: Any  # the person's value, still shown
    was: Any  # what the document said then
    now: Any  # what it says now


def source_changes(record: Record) -> list[SourceChange]:
    """The corrected fields whose document value changed since it was corrected or kept
    ("the source now says ..."), in field order."""
    changes = []
    for name, correction in corrections(record).items():
        now = source_value(record, name)
        if now != correction.source_value:
            changes.append(SourceChange(name, correction.value, correction.source_value, now))
    return sorted(changes, key=lambda c: list(FIELDS).index(c.field))


def listed(record: Record) -> bool:
    """Whether the record appears in search, feeds and exports (not withdrawn)."""
    return record.withdrawn_at is None


# ----------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class ShownMeeting:
    """A meeting of corrected meetings, with the attributes of a ``Meeting`` row."""

    name: str
    venue: VenueData | None
    date_start: date | None
    date_end: date | None


@dataclass(frozen=True)
class ShownFinding:
    """A finding of corrected findings, with the attributes of a ``Finding`` row."""

    number: str | None
    heading: str | None
    text: str


def _venue(value: dict[str, Any] | None) -> VenueData | Venue | None:
    if not value:
        return None
    return VenueData(**{key: value.get(key) for key in VENUE_KEYS if key != "online"},
                      online=bool(value.get("online")))


_VIEWS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "date_start": lambda v: {"date_start": _day(v)},
    "date_end": lambda v: {"date_end": _day(v)},
    "venue": lambda v: {"venue": _venue(v)},
    "meetings": lambda v: {
        "meetings": [
            ShownMeeting(m["name"], _venue(m.get("venue")), _day(m.get("date_start")),
                         _day(m.get("date_end")))
            for m in v or []
        ]
    },
    "findings": lambda v: {
        "findings": [ShownFinding(f.get("number"), f.get("heading"), f["text"]) for f in v or []]
    },
    "reporter": lambda v: {
        f"reporter_{key}": (v or {}).get(key) for key in ("name", "position", "unit", "phone")
    },
}
"""How a corrected field's JSON shows as record attributes (the others: one attribute, as is)."""


class ShownRecord:
    """A record read through its corrections: the attributes of :class:`Record`, the corrected
    ones replaced by the person's values (rows of meetings, findings and venues as plain
    objects with the same attributes)."""

    def __init__(self, record: Record) -> None:
        self._record = record
        self._shown: dict[str, Any] = {}
        for name, correction in corrections(record).items():
            view = _VIEWS.get(name)
            self._shown.update(view(correction.value) if view else {name: correction.value})

    @property
    def row(self) -> Record:
        """The record row itself (the document's values)."""
        return self._record

    def __getattr__(self, name: str) -> Any:
        shown = self.__dict__.get("_shown", {})
        if name in shown:
            return shown[name]
        return getattr(self.__dict__["_record"], name)


def shown(record: Record | ShownRecord) -> Record | ShownRecord:
    """The record as people see it: a view with its corrections applied (the row itself when
    nobody corrected it: most records, read at full speed); idempotent."""
    if isinstance(record, ShownRecord) or not record.corrections:
        return record
    return ShownRecord(record)
