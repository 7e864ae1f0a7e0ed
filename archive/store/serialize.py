"""The record JSON shape shared by the CLI and the web API."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from archive.store.shown import ShownRecord, shown

if TYPE_CHECKING:  # annotations only: searching imports this module without SQLAlchemy
    from archive.store.models import Record, Venue


def iso(value: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return value.isoformat() if value else None


def venue_dict(venue: Venue | Any | None) -> dict[str, Any] | None:
    """A venue as JSON, or None."""
    if venue is None:
        return None
    return {
        "raw": venue.raw,
        "city": venue.city,
        "country_code": venue.country_code,
        "country_name_th": venue.country_name_th,
        "country_name_en": venue.country_name_en,
        "online": bool(venue.online),
    }


def quoted(text: str, span: Any) -> dict[str, Any] | None:
    """Where a fact was read: its offsets into the record's text and that text ("จากข้อความ")."""
    if not span or len(span) != 2:
        return None
    start, end = (int(n) for n in span)
    if not 0 <= start < end <= len(text):
        return None
    return {"start": start, "end": end, "text": text[start:end]}


def _sources(record: Record | ShownRecord) -> dict[str, Any]:
    found = record.sources or {}
    return {
        "venue": quoted(record.text, found.get("venue")),
        "date": quoted(record.text, found.get("date")),
        "parties": [
            {"party": name, **quote}
            for name, span in found.get("parties", {}).items()
            if (quote := quoted(record.text, span))
        ],
    }


def record_dict(record: Record | ShownRecord, *, text: bool = False) -> dict[str, Any]:
    """A record as JSON (snake_case), as people see it (corrections on top of the document's
    values: ``archive.store.shown``); ``text=True`` adds the original text."""
    record = shown(record)
    reporter = {
        "name": record.reporter_name,
        "position": record.reporter_position,
        "unit": record.reporter_unit,
        "phone": record.reporter_phone,
    }
    data: dict[str, Any] = {
        "id": record.id,
        "version": record.version,
        "title": record.title,
        "document_kind": record.document_kind,
        "organization": record.organization,
        "mission_group": record.mission_group,
        "venue": venue_dict(record.venue),
        "date_start": iso(record.date_start),
        "date_end": iso(record.date_end),
        "published": iso(record.published),
        "updated": iso(record.updated),
        "meetings": [
            {
                "name": m.name,
                "venue": venue_dict(m.venue),
                "date_start": iso(m.date_start),
                "date_end": iso(m.date_end),
            }
            for m in record.meetings
        ],
        "findings": [
            {"number": f.number, "heading": f.heading, "text": f.text} for f in record.findings
        ],
        "follow_ups": [
            {
                "id": f.id,
                "text": f.text,
                "agencies": [a.name for a in f.agencies],
                "due_date": iso(f.due_date),
                "status": f.status,
                "removed_from_source": f.removed_from_source,
                "source": quoted(record.text, (f.source_start, f.source_end))
                if f.source_start is not None
                else None,
            }
            for f in record.follow_ups
        ],
        "party_countries": list(record.party_countries or []),
        "party_organizations": list(record.party_organizations or []),
        "sources": _sources(record),
        "people": list(record.people or []),
        "reporter": reporter if any(reporter.values()) else None,
        "source_url": record.source_url,
        "source_path": record.source_path,
        "content_hash": record.content_hash,
        "warnings": list(record.warnings or []),
    }
    if text:
        data["text"] = record.text
    return data
