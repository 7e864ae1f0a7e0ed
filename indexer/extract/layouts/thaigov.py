"""Royal Thai Government news (thaigov.go.th): "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-<title>", a Thai weekday
date line, sometimes a dd/mm/yyyy (Buddhist era) line, "พิมพ์", the title again, the body, and a
last line "ที่มา : <url>"."""

from __future__ import annotations

import re

from archive.store.recorddata import ReporterData
from indexer.extract.dates import DateSpan, find_dates, first_date_span
from indexer.extract.layouts import Draft, Page, paragraphs

NAME = "thaigov"
PREFIX = re.compile(r"^\s*รัฐบาลไทย\s*-\s*(?:ข่าวทำเนียบรัฐบาล\s*-\s*)?")
SOURCE = re.compile(r"^\s*ที่มา\s*:\s*(?P<url>\S+)\s*$")
_WEEKDAY = re.compile(r"^\s*วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์)ที่\s")
_NUMERIC_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*$")
_PRINT = {"พิมพ์", "Print"}
# The closing credit of the government's PR team ("กลุ่มประชาสัมพันธ์และเผยแพร่ สำนักโฆษก").
_UNIT = re.compile(r"^(?:กลุ่ม|ฝ่าย|กอง|ทีม)[\u0e00-\u0e7f]*\s.*(?:สำนัก|กรม|กระทรวง)[\u0e00-\u0e7f]+$")
# A date introduced as the meeting's own ("ซึ่งจัดขึ้นระหว่างวันที่ 8 – 9 ก.พ. 66") beats "วันนี้ (...)",
# the date the news was released.
_EVENT_CUE = re.compile(
    r"(?<!ลง)(?:ระหว่าง|เมื่อ|ใน)?วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์)?ที่\s*$|พรุ่งนี้\s*\(?\s*$"
)
# The cabinet's own session ("หลังการประชุมคณะรัฐมนตรี (ครม.) เมื่อวันที่ …") is no meeting reported;
# A decree's date ("ฉบับที่ 27 ลงวันที่ 10 กรกฎาคม") neither.
_NOT_THE_EVENT = re.compile(
    r"(?:(?:คณะรัฐมนตรี|ครม\.?)\)?\s*(?:เมื่อ|ใน)?วัน(?:\S{0,8})?|ลงวัน)ที่\s*$"
)
# A report announcing a meeting ahead ("เตรียม…", "มีกำหนดการ…", "จะ…", "พรุ่งนี้") may date it
# after the day it was published.
_AHEAD = re.compile(r"เตรียม|มีกำหนด|พรุ่งนี้|จะ(?:เดินทาง|เข้าร่วม|นำ|หารือ|เยือน)")
_YEARLESS = re.compile(r"[^0-9๐-๙\s]\s*$")
# A term ("ตั้งแต่วันที่ 1 พ.ย.", "ภายในวันที่ …") is no event's date.
_TERM = re.compile(r"(?:ตั้งแต่|ภายใน|จนถึง|ก่อน)\s*(?:วัน\S{0,8})?ที่\s*$")


def _cued(paragraph: str, span: DateSpan) -> bool:
    """Whether the date is introduced as the meeting's own ("เมื่อวันที่", "ระหว่างวันที่")."""
    return bool(_EVENT_CUE.search(paragraph[max(0, span.pos - 20) : span.pos]))


def matches(page: Page) -> bool:
    """First line carries the thaigov site prefix."""
    lines = page.nonblank()
    return bool(lines) and bool(PREFIX.match(lines[0]))


def extract(page: Page) -> Draft:
    """Title from the first line, published date from the date lines, URL from "ที่มา"."""
    lines = page.nonblank()
    title = " ".join(PREFIX.sub("", lines[0]).split())
    draft = Draft(layout=NAME, title=title, kind="news", organization="รัฐบาลไทย")
    rest = lines[1:]
    while rest and (_WEEKDAY.match(rest[0]) or _NUMERIC_DATE.match(rest[0]) or rest[0] in _PRINT):
        span = first_date_span(rest[0])
        if span and draft.published is None:
            draft.published = span.start
        rest = rest[1:]
    # The title is repeated (once or twice) before the body.
    while rest and " ".join(rest[0].split()) == title:
        rest = rest[1:]
    if rest and SOURCE.match(rest[-1]):
        draft.source_url = SOURCE.match(rest[-1]).group("url")  # type: ignore[union-attr]
        rest = rest[:-1]
    if rest and _UNIT.match(rest[-1]):
        draft.reporter = ReporterData(unit=rest[-1])
        rest = rest[:-1]
    draft.body = paragraphs(rest)
    draft.date_start = draft.date_end = draft.published
    # The event date is the first date of the body ("วันนี้ (24 ส.ค.63)") when it is close to
    # the publication date; older dates in the body are background, not the event.
    # A date written without its year ("เมื่อวันที่ 27 ตุลาคมที่ผ่านมา") is read in the
    # publication year, and counts only as the event of the opening paragraph; elsewhere, and
    # in "เปิดเผยวันนี้ (5 มี.ค.) ว่า", it is background or the day of the briefing.
    year = draft.published.year if draft.published else None
    dated = [(p, find_dates(p, default_year=year)) for p in draft.body[:3]]
    opening = next((p for p, spans in dated if spans), None)
    near = [
        (paragraph, span)
        for paragraph, spans in dated
        for span in spans
        if (draft.published is None or abs((span.start - draft.published).days) <= 31)
        and not _NOT_THE_EVENT.search(paragraph[max(0, span.pos - 40) : span.pos])
        and not _TERM.search(paragraph[max(0, span.pos - 30) : span.pos])
        and (not _YEARLESS.search(span.text) or (paragraph is opening and _cued(paragraph, span)))
    ]
    cued = [span for paragraph, span in near if _cued(paragraph, span)]
    events = [s for s in cued if draft.published is None or s.start <= draft.published]
    if not events and _AHEAD.search(title):
        events = cued  # a meeting announced ahead
    chosen = events[0] if events else (near[0][1] if near else None)
    if chosen:
        draft.date_start, draft.date_end = chosen.start, chosen.end
        draft.date_phrase = chosen.text
    if draft.published is None:
        draft.warnings.append("no publication date line found")
    return draft
