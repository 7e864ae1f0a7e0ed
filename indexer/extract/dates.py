"""Find Thai and English date expressions in text and normalise them to Common Era dates.

Handles Thai month names (full and abbreviated, dotted or not), English month names, Buddhist-era
years (CE = BE - 543), two-digit years, Thai digits, ranges within and across months and years,
month-only expressions, and numeric ``d/m/y`` and ISO dates. Matching is purely regex based.

Offsets in the returned spans refer to the input string exactly as given: Thai digits are mapped
to Arabic digits one character for one, so positions do not shift.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from archive.thai.calendar import (
    BE_OFFSET,
    THAI_MONTH_ABBRS,
    THAI_MONTHS,
    to_ce,
)
from archive.thai.normalize import THAI_DIGITS

__all__ = [
    "DateSpan",
    "ce_year",
    "find_dates",
    "first_date_span",
    "parse_date",
]

_ENGLISH_MONTHS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
# "กรกฏาคม" (with ฏ) is a frequent misspelling of กรกฎาคม in government documents.
_THAI_MISSPELLINGS = {"กรกฏาคม": 7}

_MIN_YEAR = 1900
_MAX_YEAR = 2100

_THAI_LETTER = "\u0e01-\u0e4e"


def _month_key(token: str) -> str:
    return "".join(token.split()).replace(".", "").lower()


def _month_table() -> dict[str, tuple[int, bool]]:
    """Month key -> (month number, is a Thai spelling)."""
    table = {name: (n, True) for n, name in enumerate(THAI_MONTHS, 1)}
    table.update({_month_key(abbr): (n, True) for n, abbr in enumerate(THAI_MONTH_ABBRS, 1)})
    table.update({name: (n, True) for name, n in _THAI_MISSPELLINGS.items()})
    for n, names in enumerate(_ENGLISH_MONTHS, 1):
        table.update({name: (n, False) for name in names})
    return table


_MONTHS = _month_table()

# --- regular expression -------------------------------------------------------------------------
# At most one line break between the parts of an expression ("ลงวันที่\n27 ธันวาคม 2562" and
# table cells split over lines), never a blank line.
_WS = r"[^\S\n]*(?:\n[^\S\n]*)?"
# An era written before a year ("พ.ศ.", "ค.ศ.", "B.E."), also for other modules' patterns.
ERA = r"(?:[พค]\.?[^\S\n]?ศ\.?|B\.?[ ]?E\.?|A\.?[ ]?D\.?|C\.?[ ]?E\.?)"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212~"
_SEP = (
    rf"{_WS}(?:[{_DASHES}]|ถึง|(?<![A-Za-z])(?:to|until|till|through)(?![A-Za-z])){_WS}"
    rf"(?:วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?{_WS}ที่{_WS})?"
)
_YEAR_SEP = rf"{_WS}(?:,{_WS})?(?:ปี{_WS})?"
_NOT_AFTER_THAI = f"(?<![{_THAI_LETTER}.].)"
# A two-digit "year" followed by a time ("10.30 น.", "10:30") or a percentage is not a year.
_NOT_TIME = r"(?![.:]?[0-9])(?![^\S\n]*(?:น\.|นาฬิกา|โมง|นาที|ชั่วโมง|%))"


# Guards sit after the first character of a token so that every alternative of _START_RE begins
# with a literal character (see there).
def _guarded(literal: str, guard: str) -> str:
    return re.escape(literal[0]) + guard + re.escape(literal[1:])


def _day(name: str) -> str:
    return rf"(?P<{name}>[0-9](?<![0-9].)(?<![0-9][.:/].)[0-9]?(?![0-9])(?:st|nd|rd|th)?)"


def _year(suffix: str) -> str:
    return (
        rf"(?:(?P<e{suffix}>{ERA}){_WS})?"
        rf"(?P<y{suffix}>[0-9]{{4}}(?![0-9])|[0-9]{{2}}{_NOT_TIME})"
    )


def _thai_abbr_alternatives(abbrs: tuple[str, ...], guard: str = "") -> list[str]:
    # A dotted abbreviation must not run on into a longer acronym (ก.พ.ร., ก.ค.ศ.) and an
    # undotted one must end the Thai word, unless what follows is the era (5 พ.ค.พ.ศ.2560).
    era = r"[พค]\.?\s?ศ"
    tail = rf"(?:\.(?!(?!{era})[{_THAI_LETTER}]{{1,2}}\.)|(?![{_THAI_LETTER}.])|(?={era}))"
    out = []
    for abbr in abbrs:
        first, second = abbr.rstrip(".").split(".")
        out.append(_guarded(first, guard) + rf"(?:\.[^\S\n]?)?{second}{tail}")
    return out


def _english_alternatives() -> list[str]:
    names = sorted((n for ns in _ENGLISH_MONTHS for n in ns), key=len, reverse=True)
    variants = [v for n in names for v in (n.capitalize(), n.upper(), n)]
    return [_guarded(v, "(?<![A-Za-z].)") + r"(?![A-Za-z])\.?" for v in variants]


def _either(alternatives: list[str]) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_THAI_FULL_ALTS = [*THAI_MONTHS, *_THAI_MISSPELLINGS]
_THAI_ABBR_ALTS = _thai_abbr_alternatives(THAI_MONTH_ABBRS)
_ENGLISH_ALTS = _english_alternatives()
# A Thai month's name in text, full ("พฤศจิกายน", "กรกฏาคม") or abbreviated ("พ.ย.", "พ. ย."), for
# other modules' patterns; :func:`month_number` reads what it matched.
THAI_MONTH = "(?:" + "|".join([*_THAI_FULL_ALTS, *_THAI_ABBR_ALTS]) + ")"
_ENGLISH = _either(_ENGLISH_ALTS)
_MONTH = _either([*_THAI_FULL_ALTS, *_THAI_ABBR_ALTS, *_ENGLISH_ALTS])
# On its own (no day), an abbreviation must start a word or follow "เดือน". "ก.พ." is also the
# Civil Service Commission ("กฎ ก.พ. 2551"), so it needs "เดือน".
_AFTER_DUAN = r"(?:(?<=เดือน.)|(?<=เดือน\s.))"
_MONTH_ONLY = _either(
    [
        *_THAI_FULL_ALTS,
        *_thai_abbr_alternatives(THAI_MONTH_ABBRS, _AFTER_DUAN),
        *_thai_abbr_alternatives(
            tuple(a for a in THAI_MONTH_ABBRS if a != "ก.พ."), _NOT_AFTER_THAI
        ),
        *_ENGLISH_ALTS,
    ]
)

_DAY_FIRST = (
    rf"(?P<df>{_day('d1')}(?:"
    rf"{_SEP}{_day('d2')}{_WS}(?P<ma>{_MONTH})(?:{_YEAR_SEP}{_year('a')})?"
    rf"|{_WS}(?P<mb>{_MONTH})(?:{_YEAR_SEP}{_year('b')})?"
    rf"(?:{_SEP}{_day('d3')}{_WS}(?P<mc>{_MONTH})(?:{_YEAR_SEP}{_year('c')})?)?"
    r"))"
)
_MONTH_FIRST = (
    rf"(?P<mf>(?P<fm1>{_ENGLISH}){_WS}{_day('fd1')}(?:"
    rf"{_SEP}{_day('fd2')}(?:{_YEAR_SEP}{_year('fa')})?"
    rf"|(?:{_YEAR_SEP}{_year('fb')})?"
    rf"(?:{_SEP}(?P<fm2>{_ENGLISH}){_WS}{_day('fd3')}(?:{_YEAR_SEP}{_year('fc')})?)?"
    r"))"
)
_MONTH_YEAR = rf"(?P<mo>(?P<om>{_MONTH_ONLY}){_YEAR_SEP}{_year('o')})"
_NUMERIC = (
    r"(?P<num>(?P<nd>[0-9](?<![0-9/].)[0-9]?)/(?P<nm>[0-9]{1,2})/(?P<ny>[0-9]{4}|[0-9]{2})"
    r"(?![0-9]|[/.:][0-9]))"
)
_ISO = (
    r"(?P<iso>(?P<iy>[0-9](?<![0-9/.\-].)[0-9]{3})(?P<isep>[-/])(?P<im>[0-9]{1,2})(?P=isep)"
    r"(?P<id>[0-9]{1,2})(?![0-9]|[-/.][0-9]))"
)
_DATE_RE = re.compile("|".join([_NUMERIC, _ISO, _DAY_FIRST, _MONTH_FIRST, _MONTH_YEAR]))
# Every match of _DATE_RE starts where a number starts or at a month name. Searching with
# _DATE_RE itself costs ~0.3 µs per character of Thai text; this regex finds the candidate
# positions in under a tenth of that because all its alternatives begin with a literal
# character, which lets the regex engine skip other positions without entering the pattern.
_START_RE = re.compile(
    "|".join(
        [
            *(digit + "(?<![0-9].)" for digit in "0123456789"),
            *_THAI_FULL_ALTS,
            *_THAI_ABBR_ALTS,
            *_ENGLISH_ALTS,
        ]
    )
)


# --- public API ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DateSpan:
    """A date expression found in text: its CE dates and where it is, text[pos:endpos]."""

    start: date
    end: date  # == start for a single day
    pos: int
    endpos: int
    text: str
    precision: str  # "day" or "month"


def ce_year(year: int, *, two_digit: str = "BE") -> int:
    """Convert a written year to CE: 4-digit years >= 2400 are BE, 2-digit ones per two_digit."""
    if two_digit not in ("BE", "CE"):
        raise ValueError(f"two_digit must be 'BE' or 'CE', not {two_digit!r}")
    if 0 <= year < 100:
        if two_digit == "BE":
            return 2500 + year - BE_OFFSET
        # Same pivot as strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068.
        return 1900 + year if year >= 69 else 2000 + year
    return to_ce(year)


def find_dates(text: str, *, default_year: int | None = None) -> list[DateSpan]:
    """All date expressions in text, in order, non-overlapping (longest match wins)."""
    return list(_iter_spans(text, default_year))


def first_date_span(text: str, *, default_year: int | None = None) -> DateSpan | None:
    """The first date expression in text, or None."""
    return next(_iter_spans(text, default_year), None)


def parse_date(text: str) -> date | None:
    """Start date of the first date expression (with an explicit year) in text, or None."""
    span = first_date_span(text)
    return span.start if span else None


# --- matching -----------------------------------------------------------------------------------
_THAI_DIGIT_RE = re.compile(f"[{THAI_DIGITS}]")

_Part = tuple[int, int, int | None]  # day, month, CE year (None when not written)


def _iter_spans(text: str, default_year: int | None) -> Iterator[DateSpan]:
    # Not normalize.thai_to_arabic_digits: str.translate costs ~50 ns per character of Thai
    # text, more than the whole search; Thai digits themselves are rare.
    arabic = _THAI_DIGIT_RE.sub(lambda d: str(THAI_DIGITS.index(d[0])), text)
    pos = 0
    while (candidate := _START_RE.search(arabic, pos)) is not None:
        m = _DATE_RE.match(arabic, candidate.start())
        if m is None:
            pos = candidate.start() + 1
            continue
        found = _interpret(m, default_year)
        if found is None:
            pos = m.end()
            continue
        start, end, endpos, precision = found
        yield DateSpan(start, end, m.start(), endpos, text[m.start() : endpos], precision)
        pos = endpos


def _interpret(m: re.Match[str], default_year: int | None) -> tuple[date, date, int, str] | None:
    kind = m.lastgroup
    if kind == "df":
        candidates = _day_first_candidates(m)
    elif kind == "mf":
        candidates = _month_first_candidates(m)
        if m["fm1"].islower():
            default_year = None  # lower-case "may", "march" without a year are likely words
    elif kind == "mo":
        return _month_only(m)
    elif kind == "num":
        year = ce_year(int(m["ny"]))
        candidates = [((int(m["nd"]), int(m["nm"]), year), None, m.end())]
    else:
        year = ce_year(int(m["iy"]))
        candidates = [((int(m["id"]), int(m["im"]), year), None, m.end())]
    for first, last, endpos in candidates:
        resolved = _resolve(first, last or first, default_year)
        if resolved is not None:
            return resolved[0], resolved[1], endpos, "day"
    return None


def _day_first_candidates(m: re.Match[str]) -> list[tuple[_Part, _Part | None, int]]:
    """Readings of a day-first match, longest first: a range, then its first date alone."""
    d1 = _day_value(m["d1"])
    if m["d2"] is not None:
        month, thai = _month(m["ma"])
        year = _year_value(m, "a", thai)
        return [((d1, month, year), (_day_value(m["d2"]), month, year), m.end())]
    month, thai = _month(m["mb"])
    year = _year_value(m, "b", thai)
    first = (d1, month, year)
    out = []
    if m["d3"] is not None:
        month2, thai2 = _month(m["mc"])
        out.append((first, (_day_value(m["d3"]), month2, _year_value(m, "c", thai2)), m.end()))
    out.append((first, None, m.end("mb") if year is None else m.end("yb")))
    return out


def _month_first_candidates(m: re.Match[str]) -> list[tuple[_Part, _Part | None, int]]:
    """Readings of an English month-first match, longest first."""
    month, _ = _month(m["fm1"])
    d1 = _day_value(m["fd1"])
    if m["fd2"] is not None:
        year = _year_value(m, "fa", False)
        return [((d1, month, year), (_day_value(m["fd2"]), month, year), m.end())]
    year = _year_value(m, "fb", False)
    first = (d1, month, year)
    out = []
    if m["fm2"] is not None:
        month2, _ = _month(m["fm2"])
        out.append((first, (_day_value(m["fd3"]), month2, _year_value(m, "fc", False)), m.end()))
    out.append((first, None, m.end("fd1") if year is None else m.end("yfb")))
    return out


def _month_only(m: re.Match[str]) -> tuple[date, date, int, str] | None:
    month, thai = _month(m["om"])
    # "Jun 19" is the 19th of June; an English month takes only a 4-digit year on its own.
    if not thai and len(m["yo"]) != 4 and m["eo"] is None:
        return None
    year = _year_value(m, "o", thai)
    if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last_day), m.end(), "month"


def _resolve(first: _Part, last: _Part, default_year: int | None) -> tuple[date, date] | None:
    """Fill in missing years (a range may name the year once) and build valid dates."""
    (d1, m1, y1), (d2, m2, y2) = first, last
    if y1 is None and y2 is None:
        if default_year is None:
            return None
        y1 = default_year
    if y1 is None:
        y1 = y2 - ((m1, d1) > (m2, d2))
    if y2 is None:
        y2 = y1 + ((m2, d2) < (m1, d1))
    try:
        start, end = date(y1, m1, d1), date(y2, m2, d2)
    except (ValueError, OverflowError):
        return None
    if start.year < _MIN_YEAR or end.year > _MAX_YEAR or end < start:
        return None
    return start, end


def _month(token: str) -> tuple[int, bool]:
    return _MONTHS[_month_key(token)]


def month_number(name: str) -> int:
    """The month (1–12) of a month name as written in text ("พ.ย.", "กรกฏาคม", "Nov")."""
    return _month(name)[0]


def _day_value(token: str) -> int:
    return int(token[:2]) if token[1:2].isdigit() else int(token[:1])


def _year_value(m: re.Match[str], suffix: str, thai_month: bool) -> int | None:
    raw = m["y" + suffix]
    if raw is None:
        return None
    year = int(raw)
    era = m["e" + suffix]
    if era is None:
        return ce_year(year, two_digit="BE" if thai_month else "CE")
    buddhist = _month_key(era) in ("พศ", "be")
    if len(raw) == 2:
        return ce_year(year, two_digit="BE" if buddhist else "CE")
    return year - BE_OFFSET if buddhist else year
