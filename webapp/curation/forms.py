"""The record edit form: a record's shown values as form fields, and a posted form back as
the changes it makes (record-JSON values, for ``archive.curation.edits``).

Only the fields whose posted text differs from the text the form was shown with are changes:
a save never turns a value the editor did not touch into a correction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from archive.thai.calendar import to_be

SIMPLE = ("title", "document_kind", "organization", "mission_group", "source_url")
REPORTER = ("name", "position", "unit", "phone")
VENUE = ("raw", "city", "country_code")
MEETING = ("name", "venue_raw", "venue_city", "venue_country_code", "date_start", "date_end")
FINDING = ("number", "heading", "text")
MAX_ROWS = 200  # meetings or findings in one form


def date_text(value: str | None) -> str:
    """An ISO date as the form shows it: D/M/YYYY in the Buddhist era ("" for none)."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.day}/{day.month}/{to_be(day.year)}"


def _venue_fields(venue: Mapping[str, Any] | None, prefix: str) -> dict[str, str]:
    venue = venue or {}
    return {f"{prefix}{key}": venue.get(key) or "" for key in VENUE} | {
        f"{prefix}online": "1" if venue.get("online") else ""
    }


def to_form(values: Mapping[str, Any]) -> dict[str, str]:
    """Shown values (``archive.store.shown.shown_values``) as the form's field texts."""
    form = {name: values.get(name) or "" for name in SIMPLE}
    form |= _venue_fields(values.get("venue"), "venue_")
    form["date_start"] = date_text(values.get("date_start"))
    form["date_end"] = date_text(values.get("date_end"))
    form["party_countries"] = ", ".join(values.get("party_countries") or [])
    form["party_organizations"] = "\n".join(values.get("party_organizations") or [])
    form["people"] = "\n".join(values.get("people") or [])
    reporter = values.get("reporter") or {}
    form |= {f"reporter_{key}": reporter.get(key) or "" for key in REPORTER}
    for i, meeting in enumerate(values.get("meetings") or []):
        form[f"meetings-{i}-name"] = meeting.get("name") or ""
        form |= _venue_fields(meeting.get("venue"), f"meetings-{i}-venue_")
        form[f"meetings-{i}-date_start"] = date_text(meeting.get("date_start"))
        form[f"meetings-{i}-date_end"] = date_text(meeting.get("date_end"))
    for i, finding in enumerate(values.get("findings") or []):
        form |= {f"findings-{i}-{key}": finding.get(key) or "" for key in FINDING}
    return form


def _venue(form: Mapping[str, str], prefix: str) -> dict[str, Any] | None:
    venue = {key: form.get(f"{prefix}{key}", "").strip() for key in VENUE}
    if not any(venue.values()):
        return None
    return {**venue, "online": bool(form.get(f"{prefix}online"))}


def _lines(text: str, *, commas: bool = False) -> list[str]:
    parts = text.replace(",", "\n").splitlines() if commas else text.splitlines()
    return [p.strip() for p in parts if p.strip()]


def _rows(form: Mapping[str, str], name: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for i in range(MAX_ROWS):  # rows are numbered from 0 without gaps; empty ones are left out
        if not any(f"{name}-{i}-{key}" in form for key in keys):
            break
        row = {key: form.get(f"{name}-{i}-{key}", "") for key in keys}
        if any(v.strip() for v in row.values()):
            rows.append(row | {"_index": str(i)})
    return rows


def from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """Every field of a posted form as the record-JSON value it asks for (unchecked: the
    edit service validates)."""
    values: dict[str, Any] = {name: form.get(name, "").strip() or None for name in SIMPLE}
    values["title"] = values["title"] or ""
    values["venue"] = _venue(form, "venue_")
    values["date_start"] = form.get("date_start", "").strip() or None
    values["date_end"] = form.get("date_end", "").strip() or None
    values["party_countries"] = _lines(form.get("party_countries", ""), commas=True)
    values["party_organizations"] = _lines(form.get("party_organizations", ""))
    values["people"] = _lines(form.get("people", ""))
    reporter = {key: form.get(f"reporter_{key}", "").strip() or None for key in REPORTER}
    values["reporter"] = reporter if any(reporter.values()) else None
    values["meetings"] = [
        {
            "name": row["name"].strip(),
            "venue": _venue(form, f"meetings-{row['_index']}-venue_"),
            "date_start": row["date_start"].strip() or None,
            "date_end": row["date_end"].strip() or None,
        }
        for row in _rows(form, "meetings", MEETING)
    ]
    values["findings"] = [
        {
            "number": row["number"].strip() or None,
            "heading": row["heading"].strip() or None,
            "text": row["text"].strip(),
        }
        for row in _rows(form, "findings", FINDING)
    ]
    return values


def changes(shown: Mapping[str, Any], posted: Mapping[str, str]) -> dict[str, Any]:
    """The fields the editor changed: those whose posted text reads otherwise than the text
    the form showed for the current values."""
    before = from_form(to_form(shown))
    after = from_form(posted)
    return {name: value for name, value in after.items() if before.get(name) != value}
