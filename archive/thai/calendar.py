"""The Thai calendar: Buddhist-era years, Thai month names, Thai dates written out."""

from __future__ import annotations

from datetime import date

from archive.thai.normalize import THAI_DIGITS

BE_OFFSET = 543  # Buddhist era = Common Era + 543
BE_FROM = 2400  # a four-digit year from here on is Buddhist era (CE 1857: no archive date)

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTH_ABBRS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
# English month abbreviations, as dates and months read in the English interface.
ENGLISH_MONTH_ABBRS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_TO_THAI_DIGITS = str.maketrans("0123456789", THAI_DIGITS)


def to_ce(year: int) -> int:
    """A four-digit year as CE: one from 2400 on is Buddhist era."""
    return year - BE_OFFSET if year >= BE_FROM else year


def to_be(year: int) -> int:
    """A CE year as Buddhist era."""
    return year + BE_OFFSET


def thai_digits(text: str) -> str:
    """Write the Arabic digits of ``text`` as Thai digits."""
    return text.translate(_TO_THAI_DIGITS)


def format_thai_date(d: date, *, short: bool = False, thai_digits: bool = False) -> str:
    """Thai BE rendering: "13 กันยายน 2559", short "13 ก.ย. 2559", or in Thai digits."""
    names = THAI_MONTH_ABBRS if short else THAI_MONTHS
    out = f"{d.day} {names[d.month - 1]} {to_be(d.year)}"
    return out.translate(_TO_THAI_DIGITS) if thai_digits else out


def format_thai_range(start: date, end: date | None, *, short: bool = False) -> str:
    """Thai BE rendering of a range, sharing the month and year where they coincide."""
    if end is None or end == start:
        return format_thai_date(start, short=short)
    if end < start:
        raise ValueError(f"range ends before it starts: {start} – {end}")
    names = THAI_MONTH_ABBRS if short else THAI_MONTHS
    if start.year != end.year:
        head = format_thai_date(start, short=short)
    elif start.month != end.month:
        head = f"{start.day} {names[start.month - 1]}"
    else:
        head = str(start.day)
    return f"{head} – {format_thai_date(end, short=short)}"


def year_label(value: str, language: str) -> str:
    """A CE year ("2018") in both eras, the language's own first: "2561 (2018)" in Thai,
    "2018 (BE 2561)" in English; anything but digits unchanged."""
    if not value.isdigit():
        return value
    if language == "en":
        return f"{value} (BE {to_be(int(value))})"
    return f"{to_be(int(value))} ({value})"


def month_label(value: str, language: str) -> str:
    """A ``YYYY-MM`` month as "พฤศจิกายน 2561" in Thai, "Nov 2018" in English; anything else
    (a month outside 1-12 too) unchanged."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        return value
    if not 1 <= month <= 12:
        return value
    if language == "en":
        return f"{ENGLISH_MONTH_ABBRS[month - 1]} {year}"
    return f"{THAI_MONTHS[month - 1]} {to_be(year)}"
