"""Follow-up items of a report form's follow-up section, and what every item carries: its stable
key, its offices and its due date. Commitments stated in running prose are found by
``indexer.extract.commitments``."""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from archive.reference.agencies import PREFIXES, find_agencies, responsible_agencies
from archive.store.recorddata import FollowUpData
from archive.thai.normalize import collapse_spaces, fold, thai_to_arabic_digits
from indexer.extract.dates import ERA, THAI_MONTH, DateSpan, ce_year, find_dates, month_number
from indexer.extract.findings import join_wrapped
from indexer.extract.periods import month_end, period_dues
from indexer.extract.sections import BULLET, numbering

_ITEM_NUMBER = re.compile(r"(?:^|(?<=:\s))\(\d+(?:\.\d+)*\)\s*")
# Words just before a date that make it a deadline or a future event rather than a past one.
_DUE_CUE = re.compile(r"(?:ภายใน|ในช่วง|จะ|กำหนด|ก่อน|เสร็จ|ไม่เกิน|by|before|deadline)[^\n]{0,40}$")
# "ภายในปี 2568", "ภายในสิ้นปีงบประมาณ พ.ศ. 2567", "ภายในปีนี้", "ภายในปีหน้า", and a plan for a year
# ("ในปี 2564 จะมีการสรรหา…", "ในปีหน้า"; not a fiscal year named as the time of a step): the
# year's end (digits already Arabic)
_YEAR_DUE = re.compile(
    r"(?:ภายใน(?:สิ้น)?ปี(?P<fiscal>งบประมาณ)?|ในปี(?!งบประมาณ))\s*(?:(?:พ|ค)\.\s?ศ\.\s?)?"
    r"(?:(?P<year>\d{4})|นี้|(?P<next>หน้า|ถัดไป))"
)
# "ภายในเดือนมีนาคม", "ในเดือนสิงหาคมนี้" with no year: its next end after the meeting.
_MONTH_DUE = re.compile(
    r"(?:ภายใน(?:สิ้น)?เดือน\s*(?P<month>%s)|ในเดือน\s*(?P<coming>%s)\s?(?=นี้|หน้า|ที่จะถึง))"
    r"(?!\s*(?:%s\s?)?\d)" % (THAI_MONTH, THAI_MONTH, ERA)
)
_SPAN_DUE = re.compile(r"ภายใน\s*(?P<count>\d{1,3})\s*(?P<unit>วัน(?!ที่)|สัปดาห์|เดือน)")
_PAST_CUE = re.compile(r"(?:ลงวันที่|เมื่อวันที่|เมื่อ)\s*$")
# "หลังวันที่ 30 พฤศจิกายน 2564 นายจ้างสามารถยื่น…": what may start after a date, not a deadline;
# so a single day a thing starts from ("ที่จะมีขึ้นตั้งแต่ 1 พ.ย. 64"; a period "ตั้งแต่ … ถึง …" ends).
_AFTER_DATE = re.compile(r"(?:หลัง(?:จาก)?|after)\s*(?:วันที่)?\s*$")
_FROM_DATE = re.compile(r"(?:ตั้งแต่|from)\s*(?:วันที่)?\s*$")
# Where the task of another office may start in a run-on follow-up paragraph.
_NEXT_OFFICE = re.compile(
    r"\s(?=(?:(?:และ|โดย|รวมทั้ง|พร้อมทั้ง)\s*)?(?:ขอ|เสนอ)?ให้\s*(?:%s))|\s(?=ทั้งนี้\s)"
    % "|".join(PREFIXES)
)
_LEAD_WORDS = re.compile(r"^(?:นอกจากนี้|ทั้งนี้|อนึ่ง|และ)\s*")
# A follow-up paragraph that only says the report was passed on ("จึงได้นำเรียนผู้ว่าราชการฯ ทราบ
# และแจ้งสำนัก… เพื่อเป็นข้อมูลต่อไป") states a thing done, not a task (RULES.md).
_INFORMED = re.compile(r"ได้(?:นำ)?(?:เรียน|แจ้ง|รายงาน)[^\n]*(?:ทราบ|เพื่อเป็นข้อมูล)")
_TASK = re.compile(
    r"จะ|มอบหมาย|ขอให้|เสนอให้|(?:^|\s)ให้\s*(?:%s)|ภายใน|ประสาน|ดำเนินการ|พิจารณา|ศึกษา|จัดทำ"
    % "|".join(PREFIXES)
)


@dataclass
class _Block:
    marker: str | None  # "number", "bullet" or None
    lines: list[str]

    @property
    def text(self) -> str:
        joined = ""
        for line in self.lines:
            joined = join_wrapped(joined, collapse_spaces(line))
        return joined


def item_key(text: str) -> str:
    """Stable key of a follow-up: a hash of its folded text, spaces ignored (Thai spacing
    varies between versions of the same document)."""
    unnumbered = _ITEM_NUMBER.sub("", fold(text))  # renumbering must not change the key
    return hashlib.sha1(unnumbered.replace(" ", "").encode("utf-8")).hexdigest()[:12]


def due_date(text: str, *, after: date | None = None) -> date | None:
    """The deadline in a follow-up: the end of a period it is due by ("ภายในเดือนมีนาคม 2564" is
    31 March, "ในช่วงการเยือน … 24-26 ม.ค. 2567" the 26th), the end of an event it is due at
    ("ซึ่งจะจัดขึ้นในวันที่ 22 – 27 พ.ค.": the 27th, as readers date it), the end of a year
    ("ภายในปี 2568", "ภายในปีงบประมาณ 2567", "ภายในปีนี้") or month ("ภายในเดือนมีนาคม",
    "ในเดือนสิงหาคมนี้"), or a span counted from ``after`` ("ภายใน 30 วัน"), whichever the item
    states first; else the last day of the first date after ``after``."""
    written = find_dates(text)
    spans = find_dates(text, default_year=after.year) if after else written
    years = {span.pos for span in written}
    stated: list[tuple[int, date]] = []  # (where, when): the first one stated is the deadline
    for span in spans:
        if _starts_from(text, span):
            continue
        if _DUE_CUE.search(text[max(0, span.pos - 60) : span.pos]):
            due = span.end
            if after is not None and span.pos not in years and due < after:
                due = _next_year(due)  # a yearless date already past this year
            stated.append((span.pos, due))
            break
    counted = _counted_due(text, after)
    if counted is not None:
        stated.append(counted)
    if stated:
        return min(stated)[1]
    for span in written:
        before = text[max(0, span.pos - 20) : span.pos]
        if _PAST_CUE.search(before[-12:]) or _starts_from(text, span):
            continue
        if after is not None and span.start > after:
            return span.end
    return None


def _starts_from(text: str, span: DateSpan) -> bool:
    """Whether ``span`` is when a thing may start, not a deadline."""
    before = text[max(0, span.pos - 20) : span.pos]
    return bool(_AFTER_DATE.search(before)) or (
        span.start == span.end and _FROM_DATE.search(before) is not None
    )


def _next_year(day: date) -> date:
    """The same day a year later (28 February for a 29th)."""
    return day.replace(year=day.year + 1, day=min(day.day, 28 if day.month == 2 else day.day))


def _counted_due(text: str, after: date | None) -> tuple[int, date] | None:
    """A deadline stated as a year or a span rather than a date: "ภายในปี 2568" or "ในปี 2568 จะ…"
    (31 Dec 2025), "ภายในปีงบประมาณ พ.ศ. 2567" (30 Sep 2024, the Thai fiscal year's end), "ภายในปีนี้",
    "ภายในปีหน้า", "ภายในเดือนมีนาคม" or "ในเดือนสิงหาคมนี้" (its next end), a period
    (``indexer.extract.periods``: "ปลายปีนี้", "เดือนหน้า", "ไตรมาสแรกของปี 65"), "ภายใน 30 วัน" /
    "2 สัปดาห์" / "3 เดือน" (from ``after``, the meeting); the first stated, with where it is."""
    text = thai_to_arabic_digits(text)  # one digit for one: positions stay
    stated: list[tuple[int, date]] = []
    year = _YEAR_DUE.search(text)
    if year is not None:
        fiscal = bool(year.group("fiscal"))
        value = None
        if year.group("year"):
            value = ce_year(int(year.group("year")))
        elif after is not None:
            value = after.year + (year.group("next") is not None)
        if value is not None:
            stated.append((year.start(), date(value, 9, 30) if fiscal else date(value, 12, 31)))
    month = _MONTH_DUE.search(text)
    if month is not None and after is not None:
        number = month_number(month.group("month") or month.group("coming"))
        stated.append((month.start(), month_end(after.year + (number < after.month), number)))
    if after is not None:
        stated += period_dues(text, after)
    span = _SPAN_DUE.search(text)
    if span is not None and after is not None:
        count, unit = int(span.group("count")), span.group("unit")
        if unit == "เดือน":
            month_ = after.month - 1 + count
            year_, month_ = after.year + month_ // 12, month_ % 12 + 1
            day = min(after.day, calendar.monthrange(year_, month_)[1])
            stated.append((span.start(), date(year_, month_, day)))
        else:
            days = count * (7 if unit == "สัปดาห์" else 1)
            stated.append((span.start(), after + timedelta(days=days)))
    return min(stated) if stated else None


def make_item(text: str, *, after: date | None = None) -> FollowUpData:
    """A follow-up item from its text: agencies, due date and stable key filled in."""
    text = collapse_spaces(text)
    return FollowUpData(
        text=text,
        key=item_key(text),
        agencies=responsible_agencies(text),
        due_date=due_date(text, after=after),
    )


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    blank_before = False
    for line in lines:
        if not line.strip():
            if current is not None and current.marker is None:
                current = None  # a blank line ends an unmarked paragraph
            blank_before = True
            continue
        if blank_before and line[:1] not in (" ", "\t"):
            current = None  # so does an unindented paragraph after a blank line
        blank_before = False
        numbered = numbering(line)
        bullet = BULLET.match(line)
        if numbered:
            current = _Block("number", [f"({numbered[0]}) {numbered[1]}"])
            blocks.append(current)
        elif bullet:
            current = _Block("bullet", [bullet.group("rest")])
            blocks.append(current)
        elif current is None:
            current = _Block(None, [line.strip()])
            blocks.append(current)
        else:
            current.lines.append(line.strip())
    return blocks


def items_from_section(lines: list[str], *, after: date | None = None) -> list[FollowUpData]:
    """Items of a follow-up section: its numbered or bulleted entries, else its paragraphs.

    Where bullets head groups of numbered entries ("- กรอบความร่วมมือแบบทวิภาคี..." then "(1)..."),
    the numbered entries are the items and each keeps its group as a prefix."""
    blocks = _blocks(lines)
    has_numbers = any(b.marker == "number" for b in blocks)
    has_bullets = any(b.marker == "bullet" for b in blocks)
    if not has_numbers and not has_bullets:
        texts = [part for b in blocks for part in office_commitments(b.text)]
        texts = [text for text in texts if not _only_informed(text)]
        return [make_item(text, after=after) for text in texts if len(text) >= 8]
    texts: list[str] = []
    if has_numbers:
        group = ""
        for index, block in enumerate(blocks):
            if block.marker == "bullet":
                following = next((b.marker for b in blocks[index + 1 :] if b.marker), None)
                if following == "number":
                    group = block.text
                else:  # a bullet with no numbered entries under it is an item itself
                    group = ""
                    texts.append(block.text)
            elif block.marker == "number":
                texts.append(f"{group}: {block.text}" if group else block.text)
    elif has_bullets:
        texts = [b.text for b in blocks if b.marker == "bullet"]
    else:
        texts = [b.text for b in blocks]
    return [make_item(text, after=after) for text in texts if len(text) >= 8]


def _only_informed(text: str) -> bool:
    return bool(_INFORMED.search(text)) and not _TASK.search(text)


def office_commitments(paragraph: str) -> list[str]:
    """A follow-up paragraph that runs tasks for several offices together ("…เสนอให้สำนัก A …
    ให้สำนัก B … ทั้งนี้ สำนัก C จะ…") as one text per office: a part starts a new text only
    when the text before it names an office and the part is for another one (its first)."""
    parts: list[str] = []
    for part in _NEXT_OFFICE.split(collapse_spaces(paragraph)):
        named = find_agencies(part)
        before = find_agencies(parts[-1]) if parts else []
        if parts and (not before or not named or named[0] in before):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return [_LEAD_WORDS.sub("", part) for part in parts]
