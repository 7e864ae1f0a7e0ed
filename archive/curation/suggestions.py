"""Suggested links for editors: records that may report the same meeting, and meetings that
may belong to one series, each with a score (0 to 1) and the reasons for it.

Same meeting: the dates must overlap (a day apart counts: a report may date the arrival);
then a shared city or country, shared partners and similar titles add to the score, and two
different session numbers rule the pair out. Series: the titles without their session
numbers must be nearly the same and the numbers different. Reasons are codes with their
values; :data:`REASONS` words them in Thai and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from archive.curation.links import component
from archive.curation.sessions import series_name, session_number
from archive.store.models import Record
from archive.store.shown import listed, shown_value
from archive.store.vocabulary import Label
from archive.thai.normalize import thai_to_arabic_digits

REASONS: dict[str, Label] = {  # code -> wording of its params (``str.format``)
    "same_dates": Label("วันที่ประชุมตรงกัน", "Same meeting dates"),
    "overlapping_dates": Label("วันที่ประชุมซ้อนกัน", "Overlapping meeting dates"),
    "same_city": Label("เมืองเดียวกัน ({value})", "Same city ({value})"),
    "same_country": Label("ประเทศเดียวกัน ({value})", "Same country ({value})"),
    "both_online": Label("ประชุมทางไกลทั้งคู่", "Both held online"),
    "same_partners": Label("คู่เจรจาเดียวกัน ({value})", "Same partners ({value})"),
    "similar_titles": Label("ชื่อคล้ายกัน ({value}%)", "Similar titles ({value}%)"),
    "same_number": Label("ครั้งที่เดียวกัน ({value})", "Same session number ({value})"),
    "series_name": Label("ชื่อชุดการประชุมเดียวกัน ({value}%)", "Same series name ({value}%)"),
    "numbers": Label("ครั้งที่ {value}", "Sessions {value}"),
    "consecutive": Label("เป็นครั้งที่ต่อเนื่องกัน", "Consecutive sessions"),
}
# How much each kind of evidence adds to a same-meeting score (at most 1 in all).
WEIGHTS = {
    "same_dates": 0.35,
    "overlapping_dates": 0.25,
    "same_city": 0.2,
    "same_country": 0.1,
    "both_online": 0.1,
    "same_partners": 0.25,  # times the share of partners in common
    "similar_titles": 0.2,  # times the titles' similarity
}
SAME_MEETING_THRESHOLD = 0.5
TIED_TITLES = 0.5  # titles this alike tie two reports of the same days (as partners do)
SERIES_THRESHOLD = 0.75  # similarity of the titles without their numbers
CANDIDATES = 200  # records with overlapping dates looked at
SERIES_CANDIDATES = 500  # titles sharing a piece of the series' name looked at
PROBE = 8  # characters of each piece
MIN_PROBE = 5  # a shorter run (a word like "MGC") is no piece to look for
MAX_SUGGESTIONS = 5
# Words that say what kind of document a title heads, not which meeting.
_GENERIC = ("รายงานผลการประชุม", "สรุปผลการประชุม", "รายงานการประชุม", "สรุปการประชุม",
            "ผลการประชุม", "report of the", "summary of the")  # fmt: skip


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: a code of :data:`REASONS` and the value it shows."""

    code: str
    value: str = ""

    def text(self, language: str) -> str:
        """The reason worded in ``language``."""
        return REASONS[self.code].text(language).format(value=self.value)


@dataclass(frozen=True)
class Suggestion:
    """Another record to link with, how likely (0 to 1) and why."""

    kind: str
    id: int
    title: str
    date_start: date | None
    organization: str | None
    score: float
    reasons: list[Reason] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON values (the API's shape), reasons in English."""
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "score": self.score,
            "reasons": [
                {"code": r.code, "value": r.value, "text": r.text("en")} for r in self.reasons
            ],
        }


@dataclass(frozen=True)
class _Facts:
    """What comparing needs of one record, as people see it."""

    id: int
    title: str
    start: date | None
    end: date | None
    city: str | None
    country: str | None
    online: bool
    partners: frozenset[str]
    organization: str | None

    @classmethod
    def of(cls, record: Record) -> _Facts:
        venue = shown_value(record, "venue") or {}
        start, end = shown_value(record, "date_start"), shown_value(record, "date_end")
        return cls(
            id=record.id,
            title=shown_value(record, "title") or "",
            start=date.fromisoformat(start) if start else None,
            end=date.fromisoformat(end or start) if start else None,
            city=venue.get("city"),
            country=venue.get("country_code"),
            online=bool(venue.get("online")),
            partners=frozenset(
                shown_value(record, "party_countries") + shown_value(record, "party_organizations")
            ),
            organization=shown_value(record, "organization"),
        )


def _plain_title(title: str) -> str:
    text = title.lower()
    for word in _GENERIC:
        text = text.replace(word, " ")
    return " ".join(text.split())


_NUMBER = re.compile(r"\d+")
_YEARS = re.compile(r"^(?:19|20|25)\d\d$")


def _numbers(title: str) -> set[str]:
    """The numbers a title states, years left out (Thai digits read as Arabic)."""
    found = _NUMBER.findall(thai_to_arabic_digits(title))
    return {n.lstrip("0") or "0" for n in found if not _YEARS.match(n)}


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (by their longest common pieces)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def same_meeting_score(a: _Facts, b: _Facts) -> tuple[float, list[Reason]]:
    """How likely two records report one meeting, and why (0 when their dates differ)."""
    if not (a.start and b.start and a.end and b.end):
        return 0.0, []
    slack = timedelta(days=1)
    if a.start > b.end + slack or b.start > a.end + slack:
        return 0.0, []
    first, second = session_number(a.title), session_number(b.title)
    if first is not None and second is not None and first != second:
        return 0.0, []
    same = (a.start, a.end) == (b.start, b.end)
    reasons = [Reason("same_dates" if same else "overlapping_dates")]
    score = WEIGHTS[reasons[0].code]
    if a.city and a.city == b.city:
        reasons.append(Reason("same_city", a.city))
    elif a.country and a.country == b.country:
        reasons.append(Reason("same_country", a.country))
    elif a.online and b.online:
        reasons.append(Reason("both_online"))
    if len(reasons) > 1:
        score += WEIGHTS[reasons[-1].code]
    shared = a.partners & b.partners
    if shared:
        share = len(shared) / len(a.partners | b.partners)
        score += WEIGHTS["same_partners"] * share
        reasons.append(Reason("same_partners", ", ".join(sorted(shared))))
    alike = similarity(_plain_title(a.title), _plain_title(b.title))
    numbers_a, numbers_b = _numbers(a.title), _numbers(b.title)
    if numbers_a and numbers_b and numbers_a.isdisjoint(numbers_b):
        alike = 0.0  # "... เขตที่ 5" and "... เขตที่ 7": alike, but not one meeting
    if alike >= 0.3:
        score += WEIGHTS["similar_titles"] * alike
        reasons.append(Reason("similar_titles", str(round(alike * 100))))
    if first is not None and first == second:
        reasons.append(Reason("same_number", str(first)))
    # The same days in the same city are many meetings: something must tie these two.
    if not (shared or alike >= TIED_TITLES or (first is not None and first == second)):
        return 0.0, []
    return round(min(score, 1.0), 2), reasons


def series_score(a: str, b: str) -> tuple[float, list[Reason]]:
    """How likely two titles name meetings of one series, and why (0 when they state no
    different session numbers)."""
    first, second = session_number(a), session_number(b)
    if first is None or second is None or first == second:
        return 0.0, []
    alike = similarity(series_name(a), series_name(b))
    if alike < SERIES_THRESHOLD:
        return 0.0, []
    low, high = sorted((first, second))
    reasons = [Reason("series_name", str(round(alike * 100))), Reason("numbers", f"{low}, {high}")]
    score = alike * 0.9
    if high - low == 1:
        reasons.append(Reason("consecutive"))
        score += 0.1
    return round(min(score, 1.0), 2), reasons


def _suggestion(kind: str, facts: _Facts, score: float, reasons: list[Reason]) -> Suggestion:
    return Suggestion(kind, facts.id, facts.title, facts.start, facts.organization, score, reasons)


def same_meeting(session: Session, record: Record) -> list[Suggestion]:
    """Records that may report the same meeting as ``record``, best first (not those linked
    already, nor withdrawn ones)."""
    mine = _Facts.of(record)
    if mine.start is None or mine.end is None:
        return []
    slack = timedelta(days=1)
    ends = func.coalesce(Record.date_end, Record.date_start)
    known = component(session, record.id, "same_meeting")
    others = session.scalars(
        select(Record)
        .where(
            Record.id.not_in(known),
            Record.date_start <= mine.end + slack,
            ends >= mine.start - slack,
        )
        .order_by(Record.id)
        .limit(CANDIDATES)
    )
    found = []
    for other in others:
        if not listed(other):
            continue
        facts = _Facts.of(other)
        score, reasons = same_meeting_score(mine, facts)
        if score >= SAME_MEETING_THRESHOLD:
            found.append(_suggestion("same_meeting", facts, score, reasons))
    return sorted(found, key=lambda s: (-s.score, s.id))[:MAX_SUGGESTIONS]


def _probes(name: str) -> list[str]:
    """Pieces of a series' name that a sibling's title very likely contains (it is at least
    ``SERIES_THRESHOLD`` alike): ``PROBE`` characters at a quarter, the middle and three
    quarters of its runs without spaces (punctuation and numbers, which titles write in many
    ways, are spaces in the name), longest runs first; three at most."""
    runs = sorted((run for run in name.split() if len(run) >= MIN_PROBE), key=len, reverse=True)
    probes: list[str] = []
    for run in runs:
        for share in (0.5, 0.25, 0.75) if len(run) >= 2 * PROBE else (0.5,):
            start = max(0, int((len(run) - PROBE) * share))
            probe = run[start : start + PROBE]
            if probe not in probes and len(probes) < 3:
                probes.append(probe)
    return probes


def series(session: Session, record: Record) -> list[Suggestion]:
    """Meetings that may be of the same series as ``record``, best first (only titles that
    state a session number are compared)."""
    title = shown_value(record, "title") or ""
    if session_number(title) is None:
        return []
    known = component(session, record.id, "series")
    name = series_name(title)
    probes = _probes(name)
    if not probes:
        return []
    # Titles only (the first columns of a row: cheap to read), and only those sharing a piece
    # of the series' name: comparing with every title took seconds on 27,000 records.
    rows = session.execute(
        select(Record.id, Record.title)
        .where(
            Record.id.not_in(known),
            or_(*(Record.title.icontains(probe, autoescape=True) for probe in probes)),
        )
        .limit(SERIES_CANDIDATES)
    )
    scored = []
    for other_id, other_title in rows:
        score, reasons = series_score(title, other_title)
        if score > 0:
            scored.append((score, other_id, reasons))
    scored.sort(key=lambda item: (-item[0], item[1]))
    found = []
    for score, other_id, reasons in scored:
        other = session.get(Record, other_id)
        if other is None or not listed(other):
            continue
        facts = _Facts.of(other)
        # A corrected title may say otherwise than the column.
        score, reasons = series_score(title, facts.title)
        if score > 0:
            found.append(_suggestion("series", facts, score, reasons))
        if len(found) == MAX_SUGGESTIONS:
            break
    return found
