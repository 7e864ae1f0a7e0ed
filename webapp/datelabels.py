"""Dates for display: Thai Buddhist era (BE) first, then Common Era (CE); Jinja filters.

Formatting only: the web layer shows dates, it never reads them out of documents.
"""

from __future__ import annotations

from datetime import date

from archive.thai.calendar import BE_OFFSET, THAI_MONTHS

# The month names are the ones the date parser reads: one table for reading and showing.
CE_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _as_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _range(start: date | str | None, end: date | str | None) -> tuple[date, date] | None:
    first = _as_date(start)
    if first is None:
        return None
    last = _as_date(end) or first
    return (first, last) if last >= first else (first, first)


def _format(first: date, last: date, months: tuple[str, ...], offset: int) -> str:
    def one(d: date) -> str:
        return f"{d.day} {months[d.month - 1]} {d.year + offset}"

    if first == last:
        return one(first)
    if first.year != last.year:
        head = one(first)
    elif first.month != last.month:
        head = f"{first.day} {months[first.month - 1]}"
    else:
        head = str(first.day)
    return f"{head} – {one(last)}"


def thai_range(start: date | str | None, end: date | str | None = None) -> str:
    """BE, sharing month and year: "4 – 15 พฤศจิกายน 2561"; "" without a start date."""
    span = _range(start, end)
    return _format(*span, THAI_MONTHS, BE_OFFSET) if span else ""


def ce_range(start: date | str | None, end: date | str | None = None) -> str:
    """CE: "4 – 15 Nov 2018"; "" without a start date."""
    span = _range(start, end)
    return _format(*span, CE_MONTHS, 0) if span else ""


def month_label(value: str, *, english: bool = False) -> str:
    """A ``YYYY-MM`` facet value as "พฤศจิกายน 2561" (or "Nov 2018"); anything else unchanged."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if not 1 <= month <= 12:
            return value
        if english:
            return f"{CE_MONTHS[month - 1]} {year}"
        return f"{THAI_MONTHS[month - 1]} {year + BE_OFFSET}"
    except ValueError:
        return value


def thai_year(value: str) -> str:
    """A CE year facet value as "2561 (2018)"; anything else unchanged."""
    return f"{int(value) + BE_OFFSET} ({value})" if value.isdigit() else value
