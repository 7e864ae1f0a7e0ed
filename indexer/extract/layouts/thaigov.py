"""Royal Thai Government news (thaigov.go.th): "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-<title>", a Thai weekday
date line, sometimes a dd/mm/yyyy (Buddhist era) line, "พิมพ์", the title again, the body, and a
last line "ที่มา : <url>"."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from archive.store.recorddata import ReporterData
from indexer.extract.dates import DateSpan, find_dates, first_date_span
from indexer.extract.layouts import Draft, Page, paragraphs
from indexer.extract.partners import MEETING_WORDS

NAME = "thaigov"
PREFIX = re.compile(r"^\s*รัฐบาลไทย\s*-\s*(?:ข่าวทำเนียบรัฐบาล\s*-\s*)?")
SOURCE = re.compile(r"^\s*ที่มา\s*:\s*(?P<url>\S+)\s*$")
_WEEKDAY = re.compile(r"^\s*วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์)ที่\s")
_NUMERIC_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*$")
_PRINT = {"พิมพ์", "Print"}
# The closing credit of the government's PR team ("กลุ่มประชาสัมพันธ์และเผยแพร่ สำนักโฆษก").
_UNIT = re.compile(r"^(?:กลุ่ม|ฝ่าย|กอง|ทีม)[\u0e00-\u0e7f]*\s.*(?:สำนัก|กรม|กระทรวง)[\u0e00-\u0e7f]+$")
_TOMORROW = re.compile(r"พรุ่งนี้\s*\(?\s*$")
# A date introduced as the meeting's own: "เมื่อวันที่ …", "ระหว่างวันที่ …", "ในวันศุกร์ที่ …".
_EVENT_CUE = re.compile(
    r"(?<!ลง)(?:ระหว่าง|เมื่อ|ใน)?วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|ศุกร์|เสาร์|อาทิตย์)?ที่\s*$|"
    + _TOMORROW.pattern
)
# "วันนี้ (24 ส.ค.63)": the day of the report, the meeting's own unless it only dates a statement.
_TODAY = re.compile(r"วันนี้\s*\(\s*(?:วัน\S{0,8}ที่\s*)?$")
# The cabinet's own session ("หลังการประชุมคณะรัฐมนตรี (ครม.) เมื่อวันที่ …") is no meeting reported;
# a decree's date ("ฉบับที่ 27 ลงวันที่ 10 กรกฎาคม") neither.
_CABINET_SESSION = re.compile(
    r"(?:คณะรัฐมนตรี|ครม\.?)\)?\s*(?:(?:เมื่อ|ใน)?วัน\S{0,8}ที่|(?:เมื่อวาน|วัน)นี้\s*\()\s*$"
)
_DECREE = re.compile(r"ลงวันที่\s*$")
# Nor is a session of parliament ("วันนี้ (18 ก.พ. 65) … ในการประชุมสภาผู้แทนราษฎร").
_SITTING_BODY = r"(?:คณะรัฐมนตรี|ครม\.?|สภาผู้แทนราษฎร|วุฒิสภา|รัฐสภา)"
_SESSION = re.compile(r"(?:ใน|ระหว่าง)การประชุม\s*%s" % _SITTING_BODY)
# A term ("ตั้งแต่วันที่ 1 พ.ย.", "ตั้งแต่ 1 ธ.ค.64", "ภายในวันที่ …") is no event's date, nor is
# the next meeting ("จะมีการประชุมอีกครั้งในวันที่ 22 ตุลาคม 2563 นี้").
_TERM = re.compile(r"(?:ตั้งแต่|ภายใน|จนถึง|ก่อน)\s*(?:วัน\S{0,8}ที่\s*)?$")
_NEXT = re.compile(r"(?:อีกครั้ง|ครั้งต่อไป|ครั้งถัดไป|ครั้งหน้า)\s*(?:ใน)?(?:วัน\S{0,8}ที่)?\s*$")
# A report announcing a meeting ahead ("เตรียม…", "มีกำหนดการ…", "จะ…", "พรุ่งนี้") may date it
# after the day it was published.
_AHEAD = re.compile(r"เตรียม|มีกำหนด|พรุ่งนี้|จะ(?:เดินทาง|เข้าร่วม|นำ|หารือ|เยือน)")
_YEARLESS = re.compile(r"[^0-9๐-๙\s]\s*$")
# What a statement says ("โฆษกฯ เปิดเผยว่า", "แถลงผลการประชุม") and what names a meeting (or an
# inspection, "ลงพื้นที่", or whom the minister chaired, "เป็นประธาน").
_SPEECH = re.compile(r"เปิดเผย|กล่าว|แถลง|ให้สัมภาษณ์|ชี้แจง")
_THAT = re.compile(r"ว่า(?!การ)")  # not รัฐมนตรีว่าการ
_MEETING_WORD = re.compile(f"{MEETING_WORDS.pattern}|เป็นประธาน|ลงพื้นที่", re.IGNORECASE)
# "ให้สัมภาษณ์ภายหลังร่วมประชุม…": the statement follows a meeting of the same day.
_AFTER_MEETING = re.compile(
    r"\S{0,12}?\s*(?:ภาย)?หลัง(?:การ|จาก)?(?:เข้า)?(?:ร่วม)?(?:การ)?ประชุม(?!คณะรัฐมนตรี|\s*ครม)"
)
# "เปิดเผยว่า เมื่อวานนี้ …", "… กล่าวว่า วานนี้ (3 ส.ค. 64) …"
_YESTERDAY = re.compile(r"\S{0,20}?ว่า\s*(?:เมื่อวาน|วานนี้)")
# "เมื่อวานนี้ที่ห้อง… ปลัดกระทรวงกลาโหม ให้การต้อนรับ…": the day before the page's, no date written.
_BARE_YESTERDAY = re.compile(
    r"เมื่อวาน(?!ซืน)(?!(?:นี้)?\s*\(?\s*(?:วัน\S{0,8}ที่\s*)?[0-9๐-๙])(?:นี้)?"
)
# ... not the cabinet's or parliament's day, nor yesterday in what someone says ("… โดยกล่าวว่า
# เมื่อวานนี้ได้รับรายงาน…"); the meeting is named near it ("ได้มีการประชุม… เมื่อวานนี้").
_SESSION_BEFORE = re.compile(_SITTING_BODY)
_SAID_BEFORE = re.compile(r"ว่า(?!การ)\s*$")
_SESSION_REACH = 60  # characters before "เมื่อวาน" that belong to its clause
_MEETING_REACH = 100  # characters either side of "เมื่อวาน" in which the meeting is named
_SIDE_EVENT = re.compile(r"กิจกรรม")
_SIDE_EVENT_REACH = 80  # characters before a meeting's days in which it is told as a side event's
_SHORT = 40  # characters: a shorter paragraph is a fragment (of a wrapped title), not the report


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
    draft.body = _without_repeats(paragraphs(rest))
    draft.date_start = draft.date_end = draft.published
    chosen = meeting_date(title, draft.body, draft.published)
    if chosen:
        draft.date_start, draft.date_end = chosen.start, chosen.end
        draft.date_phrase = chosen.text
    if draft.published is None:
        draft.warnings.append("no publication date line found")
    return draft


def _without_repeats(body: list[str]) -> list[str]:
    """The body less a lead the page prints twice, whole or cut short ("… โดยที่ประชุมมีมติ
    เห็นชอบแนว" above the same paragraph in full): a paragraph the next one begins with."""
    bare = [paragraph.replace(" ", "") for paragraph in body]
    return [
        paragraph
        for index, paragraph in enumerate(body)
        if index + 1 == len(body) or not bare[index + 1].startswith(bare[index])
    ]


@dataclass(frozen=True)
class _Candidate:
    span: DateSpan
    paragraph: str
    explicit: bool  # introduced as the meeting's own ("เมื่อวันที่ …", "ระหว่างวันที่ …")
    today: bool  # "วันนี้ (…)", not dating a session of the cabinet or parliament
    tomorrow: bool  # "พรุ่งนี้ (…)": announced ahead by its very words
    briefing: re.Match[str] | None  # the verb of a statement the date only dates

    @property
    def cued(self) -> bool:
        return (self.explicit or self.today) and not self.briefing


def meeting_date(title: str, body: list[str], published: date | None) -> DateSpan | None:
    """The meeting's own date among the first paragraphs of a news report, else None.

    The first date introduced as the meeting's ("เมื่อวันที่ …", "วันนี้ (…)") up to the
    publication, not one that only dates a spokesperson's statement; a later one when the report
    announces a meeting ahead; else the first date near the publication."""
    near, earlier, ahead = _candidates(title, body, published)
    if not near:
        # A meeting reported months later ("ครม.เห็นชอบผลการประชุม … ระหว่างวันที่ 16-18 ธ.ค. 64").
        return earlier[0].span if earlier else _yesterday(title, body, published)
    first = near[0]
    said = first.briefing and _YESTERDAY.match(first.paragraph, first.briefing.end())
    if said:
        # "วันที่ 19 ส.ค. 64 โฆษกฯ เปิดเผยว่า เมื่อวานนี้ … มีการประชุม"; the day written after it
        # ("… กล่าวว่า วานนี้ (7 ตุลาคม 2563) ได้…") is that day, even when the statement's is too.
        named = next(
            (
                c.span
                for c in near
                if c.paragraph == first.paragraph and 0 <= c.span.pos - said.end() <= 3
            ),
            None,
        )
        if named:
            return named
        day = first.span.start - timedelta(days=1)
        return replace(first.span, start=day, end=day)
    cued = [c for c in near if c.cued]
    announced = [c for c in cued if _AHEAD.search(title) or _about_a_meeting(c)]
    if any(c.briefing for c in near):
        # What a statement reports besides the meeting (an incident, a deadline) is no meeting.
        cued = announced
    events = [c for c in cued if published is None or c.span.start <= published or c.tomorrow]
    if not events and ahead:
        events = announced
    chosen = events[0] if events else first
    if chosen.explicit or not chosen.today:
        return chosen.span
    # The day of the report may be a day of the meeting it reports: "วันนี้ (26 ส.ค. 65) … การประชุม
    # … ระหว่างวันที่ 25-26 สิงหาคม 2565" is the meeting of 25-26 August. Not so for one of its
    # side events ("… ศึกษาดูงาน … ซึ่งเป็นหนึ่งในกิจกรรมระหว่างการจัดประชุม … ระหว่างวันที่ 22-26").
    spanning = (
        c.span
        for c in cued
        if c.explicit
        and c.span.start <= chosen.span.start <= chosen.span.end <= c.span.end
        and c.span.end > c.span.start
        and not _SIDE_EVENT.search(c.paragraph, max(0, c.span.pos - _SIDE_EVENT_REACH), c.span.pos)
    )
    return next(spanning, chosen.span)


def _yesterday(title: str, body: list[str], published: date | None) -> DateSpan | None:
    """The day before the publication, for a report whose opening dates its meeting only as
    "เมื่อวานนี้" and names the meeting in the same paragraph."""
    if published is None:
        return None
    lead = next(
        (
            p
            for p in _opening(title, body, published)
            if len(p) >= _SHORT and not (title and p.startswith(title[:_SHORT]))
        ),
        "",
    )
    said = _BARE_YESTERDAY.search(lead)
    if (
        said is None
        or not _MEETING_WORD.search(
            lead, max(0, said.start() - _MEETING_REACH), said.end() + _MEETING_REACH
        )
        or _SESSION_BEFORE.search(lead, max(0, said.start() - _SESSION_REACH), said.start())
        or _SAID_BEFORE.search(lead, 0, said.start())
    ):
        return None
    day = published - timedelta(days=1)
    # The words after "เมื่อวานนี้" too, so that the phrase is found where it was read, not in
    # another "เมื่อวาน" of the page (the record locates the date by its phrase).
    end = min(len(lead), said.end() + 30)
    end = max(lead.rfind(" ", said.end(), end), said.end()) if end < len(lead) else end
    return DateSpan(day, day, said.start(), end, lead[said.start() : end], "day")


def _candidates(
    title: str, body: list[str], published: date | None
) -> tuple[list[_Candidate], list[_Candidate], bool]:
    """The dates of the opening paragraphs that may be the meeting's own, in order: those within
    a month of the publication, and older ones introduced as a meeting's ("ผลการประชุม …
    ระหว่างวันที่ …"). And whether the report may announce a meeting ahead: its title says so
    ("เตรียม…"), or it dates a statement or the cabinet's session, which may speak of one to come.

    A date written without its year ("เมื่อวันที่ 27 ตุลาคมที่ผ่านมา") is read in the publication
    year, and counts only when introduced as the event of the opening paragraph; elsewhere it is
    background."""
    year = published.year if published else None
    dated = [
        (p, _statements(p, find_dates(p, default_year=year)))
        for p in _opening(title, body, published)
    ]
    # The opening paragraph: the first with a date that is not only a statement's.
    opening = next(
        (p for p, spans in dated if any(not said for _, said in spans)),
        next((p for p, spans in dated if spans), None),
    )
    ahead = bool(_AHEAD.search(title))
    near: list[_Candidate] = []
    earlier: list[_Candidate] = []
    for paragraph, spans in dated:
        for span, said in spans:
            before = paragraph[max(0, span.pos - 40) : span.pos]
            explicit = _cued(paragraph, span)
            ahead = ahead or bool(said) or bool(_CABINET_SESSION.search(before))
            if (
                (span.end - span.start).days > 31  # a term ("ระหว่างวันที่ 15 ก.ค. - 31 ธ.ค.")
                or _CABINET_SESSION.search(before)
                or _DECREE.search(before)
                or _TERM.search(before[-30:])
                or _NEXT.search(before)
                or (_YEARLESS.search(span.text) and not (paragraph is opening and explicit))
            ):
                continue
            today = bool(_TODAY.search(before)) and not _SESSION.search(
                paragraph, span.endpos, span.endpos + 200
            )
            tomorrow = bool(_TOMORROW.search(before))
            candidate = _Candidate(span, paragraph, explicit, today, tomorrow, said)
            days = (published - span.start).days if published else 0
            if abs(days) <= 31:
                near.append(candidate)
            elif 31 < days <= 366 and explicit and _about_a_meeting(candidate):
                earlier.append(candidate)
    return near, earlier, ahead


def _opening(title: str, body: list[str], published: date | None) -> list[str]:
    """The body up to its third paragraph proper: the page's date line repeated in the body is
    dropped, and a copy or a fragment of the title does not count among the three."""
    out: list[str] = []
    counted = 0
    for paragraph in body:
        span = first_date_span(paragraph)
        if (
            span
            and span.start == published
            and _WEEKDAY.match(paragraph)
            and len(paragraph) - len(span.text) <= 16
        ):
            continue
        out.append(paragraph)
        if len(paragraph) >= _SHORT and not (title and paragraph.startswith(title[:_SHORT])):
            counted += 1
            if counted == 3:
                break
    return out


def _statements(
    paragraph: str, spans: list[DateSpan]
) -> list[tuple[DateSpan, re.Match[str] | None]]:
    """Each date of the paragraph, with the verb of the statement it only dates (or None)."""
    ends = [span.pos for span in spans[1:]] + [len(paragraph)]
    return [(span, _briefing(paragraph, span, end)) for span, end in zip(spans, ends, strict=False)]


def _briefing(paragraph: str, span: DateSpan, following: int) -> re.Match[str] | None:
    """The statement a date only dates: "วันที่ 5 ต.ค. 65 โฆษกฯ กล่าวว่า …" opening the
    paragraph before any meeting is named, or "แถลงวันนี้ (23มิ.ย.) ว่า" (not "เปิดเผยว่า
    วันนี้ (…) …", where the date is inside what is said)."""
    said = [*_SPEECH.finditer(paragraph, max(0, span.pos - 40), span.pos)][-1:]
    if said and not _THAT.search(paragraph, said[0].end(), span.pos):
        return said[0]
    if span.pos > 25:
        return None
    speech = _SPEECH.search(paragraph, span.endpos, min(following, span.endpos + 300))
    if (
        speech
        and not _MEETING_WORD.search(paragraph, span.endpos, speech.start())
        and not _AFTER_MEETING.match(paragraph, speech.end())
    ):
        return speech
    return None


def _about_a_meeting(candidate: _Candidate) -> bool:
    """Whether a meeting is named near the date (in the 400 characters before it or 200 after)."""
    span, paragraph = candidate.span, candidate.paragraph
    return bool(
        _MEETING_WORD.search(paragraph, max(0, span.pos - 400), span.pos)
        or _MEETING_WORD.search(paragraph, span.endpos, span.endpos + 200)
    )
