"""Reading a person's value of a record field, with the checks of ingest: dates in the Common or
Buddhist era (Thai digits and month names too), countries and cities of the gazetteer,
organisations of the reference list, document kinds of the vocabulary.

:data:`READERS` has one reader per correctable field (``archive.store.shown.FIELDS``): it takes
the value as the record JSON has it (or as a form sends it: text for dates) and returns the
normalised JSON value that is stored and shown, or raises ``CurationError`` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from archive.curation.errors import CurationError
from archive.reference.gazetteer import City, Country, country_by_code, find_places, lookup
from archive.reference.international import international_named
from archive.store.vocabulary import DOCUMENT_KINDS
from archive.thai.calendar import THAI_MONTH_ABBRS, THAI_MONTHS, to_ce
from archive.thai.normalize import thai_to_arabic_digits

MAX_TITLE = 1000
MAX_NAME = 300  # organisation, mission group, a person, a reporter's line, a venue's city
MAX_TEXT = 20000  # a finding
MAX_RAW = 1000  # a venue as written, a meeting's name, a URL
MAX_ITEMS = 500  # entries of a list

_MONTHS = {name: i for i, name in enumerate(THAI_MONTHS, 1)} | {
    abbr: i for i, abbr in enumerate(THAI_MONTH_ABBRS, 1)
} | {abbr.replace(".", ""): i for i, abbr in enumerate(THAI_MONTH_ABBRS, 1)}
_THAI_DATE = re.compile(r"(\d{1,2})\s*(\S+?)\s*(?:พ\.ศ\.\s*|ค\.ศ\.\s*)?(\d{4})")


def parse_day(value: Any, name: str) -> date | None:
    """A date: ``YYYY-MM-DD``, ``D/M/YYYY`` or ``D เดือน YYYY`` (a year from 2400 on is
    Buddhist era, as ingest reads it; Thai digits allowed); empty means none."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise CurationError("value.type", name, expected="a date as text")
    text = thai_to_arabic_digits(value.strip())
    if not text:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = (int(g) for g in m.groups())
    elif (m := _THAI_DATE.fullmatch(text)) and m.group(2) in _MONTHS:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
    else:
        raise CurationError("date.invalid", name, value=text[:40])
    try:
        return date(to_ce(year), month, day)
    except ValueError:
        raise CurationError("date.no_such_day", name, value=text[:40]) from None


def _iso(value: Any, name: str) -> str | None:
    day = parse_day(value, name)
    return day.isoformat() if day else None


def _text(value: Any, name: str, limit: int, *, required: bool = False) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise CurationError("value.type", name, expected="text")
    text = " ".join(value.split()) if limit <= MAX_RAW else value.strip()
    if len(text) > limit:
        raise CurationError("text.too_long", name, limit=limit)
    if required and not text:
        raise CurationError("text.required", name)
    return text or None


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CurationError("value.type", name, expected="a list")
    if len(value) > MAX_ITEMS:
        raise CurationError("list.too_long", name, limit=MAX_ITEMS)
    return value


def _object(value: Any, name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CurationError("value.type", name, expected="an object")
    unknown = set(value) - set(keys)
    if unknown:
        raise CurationError("fields.not_editable", name, names=", ".join(sorted(unknown)))
    return value


def _country(value: Any, name: str) -> Country | None:
    text = _text(value, name, MAX_NAME)
    if text is None:
        return None
    found = country_by_code(text) if len(text) == 2 and text.isascii() else None
    found = found or lookup(text)
    if not isinstance(found, Country):
        raise CurationError("country.unknown", name, value=text)
    return found


def _city(value: Any, name: str) -> City | None:
    text = _text(value, name, MAX_NAME)
    if text is None:
        return None
    found = lookup(text)
    if not isinstance(found, City):
        raise CurationError("city.unknown", name, value=text)
    return found


VENUE_INPUT = ("raw", "city", "city_th", "country_code", "country_name_th", "country_name_en",
               "online")


def read_venue(value: Any, name: str = "venue") -> dict[str, Any] | None:
    """A venue: ``raw`` (as written; required), ``city`` and ``country_code`` (gazetteer names
    or codes, Thai or English; found in ``raw`` as ingest does when both are left out),
    ``online``; the Thai and English names follow from the gazetteer (sent ones are ignored)."""
    if value is None:
        return None
    data = _object(value, name, VENUE_INPUT)
    raw = _text(data.get("raw"), f"{name}.raw", MAX_RAW)
    city = _city(data.get("city"), f"{name}.city")
    country = _country(data.get("country_code"), f"{name}.country_code")
    if raw is None:
        if city is None and country is None:
            return None
        raw = (city.name_th if city else None) or (country.name_th if country else "")
    if city is None and country is None:  # as ingest reads a venue
        places = find_places(raw)
        city = next((p.city for p in places if p.city is not None), None)
        country = places[0].country if places else None
    if city is not None:
        home = country_by_code(city.country_code)
        if country is not None and home is not None and country.code != home.code:
            raise CurationError("city.country", f"{name}.city", city=city.name_en,
                                city_country=home.code, country=country.code)
        country = home
    return {
        "raw": raw,
        "city": city.name_en if city else None,
        "city_th": city.name_th if city else None,
        "country_code": country.code if country else None,
        "country_name_th": country.name_th if country else None,
        "country_name_en": country.name_en if country else None,
        "online": bool(data.get("online")),
    }


def _countries(value: Any, name: str) -> list[str]:
    codes = []
    for i, entry in enumerate(_list(value, name)):
        country = _country(entry, f"{name}[{i}]")
        if country is None:
            continue
        if country.code == "TH":
            raise CurationError("country.thailand", f"{name}[{i}]")
        codes.append(country.code)
    return list(dict.fromkeys(codes))


def _organizations(value: Any, name: str) -> list[str]:
    names = []
    for i, entry in enumerate(_list(value, name)):
        text = _text(entry, f"{name}[{i}]", MAX_NAME)
        if text is None:
            continue
        found = international_named(text)
        if found is None:
            raise CurationError("organization.unknown", f"{name}[{i}]", value=text)
        names.append(found.name)
    return list(dict.fromkeys(names))


def _names(value: Any, name: str) -> list[str]:
    names = (_text(entry, f"{name}[{i}]", MAX_NAME) for i, entry in enumerate(_list(value, name)))
    return list(dict.fromkeys(n for n in names if n))


def _meetings(value: Any, name: str) -> list[dict[str, Any]]:
    meetings = []
    for i, entry in enumerate(_list(value, name)):
        where = f"{name}[{i}]"
        data = _object(entry, where, ("name", "venue", "date_start", "date_end"))
        start = parse_day(data.get("date_start"), f"{where}.date_start")
        end = parse_day(data.get("date_end"), f"{where}.date_end")
        _check_order(start, end, f"{where}.date_end")
        meetings.append(
            {
                "name": _text(data.get("name"), f"{where}.name", MAX_RAW, required=True),
                "venue": read_venue(data.get("venue"), f"{where}.venue"),
                "date_start": start.isoformat() if start else None,
                "date_end": end.isoformat() if end else None,
            }
        )
    return meetings


def _findings(value: Any, name: str) -> list[dict[str, Any]]:
    findings = []
    for i, entry in enumerate(_list(value, name)):
        where = f"{name}[{i}]"
        data = _object(entry, where, ("number", "heading", "text"))
        findings.append(
            {
                "number": _text(data.get("number"), f"{where}.number", 40),
                "heading": _text(data.get("heading"), f"{where}.heading", MAX_RAW),
                "text": _text(data.get("text"), f"{where}.text", MAX_TEXT, required=True),
            }
        )
    return findings


def _reporter(value: Any, name: str) -> dict[str, Any] | None:
    if value is None:
        return None
    data = _object(value, name, ("name", "position", "unit", "phone"))
    reporter = {
        key: _text(data.get(key), f"{name}.{key}", MAX_NAME)
        for key in ("name", "position", "unit", "phone")
    }
    return reporter if any(reporter.values()) else None


def _kind(value: Any, name: str) -> str:
    if value not in DOCUMENT_KINDS:
        raise CurationError("kind.unknown", name, choices=", ".join(DOCUMENT_KINDS),
                            value=str(value)[:40])
    return str(value)


def _url(value: Any, name: str) -> str | None:
    text = _text(value, name, MAX_RAW)
    if text is not None and not re.fullmatch(r"https?://[^\s/]+\S*", text):
        raise CurationError("url.invalid", name, value=text[:80])
    return text


def _check_order(start: date | None, end: date | None, name: str) -> None:
    if start and end and end < start:
        raise CurationError("date.order", name, start=start.isoformat(), end=end.isoformat())


READERS: dict[str, Callable[[Any, str], Any]] = {
    "title": lambda v, n: _text(v, n, MAX_TITLE, required=True),
    "document_kind": _kind,
    "organization": lambda v, n: _text(v, n, MAX_NAME),
    "mission_group": lambda v, n: _text(v, n, MAX_NAME),
    "venue": read_venue,
    "date_start": _iso,
    "date_end": _iso,
    "party_countries": _countries,
    "party_organizations": _organizations,
    "meetings": _meetings,
    "findings": _findings,
    "people": _names,
    "reporter": _reporter,
    "source_url": _url,
}
"""Correctable field -> its reader (value, field name) -> the value stored and shown."""


def check_dates(values: dict[str, Any]) -> None:
    """The record's meeting dates in order (``values``: shown values after the change)."""
    start, end = values.get("date_start"), values.get("date_end")
    _check_order(date.fromisoformat(start) if start else None,
                 date.fromisoformat(end) if end else None, "date_end")
