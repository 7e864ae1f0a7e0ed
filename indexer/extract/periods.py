"""Deadlines stated as a period: "ปลายปีนี้", "สิ้นปี 2564", "ปลายเดือนพฤศจิกายน", "เดือนหน้า",
"ไตรมาสแรกของปี 65", "ครึ่งแรกของปีหน้า" end on the period's last day, as readers date them.

Each phrase is a row of ``PERIODS``: its pattern and the day it ends, given the meeting's date.
A quarter or a half of the budget is of the Thai fiscal year (October to September): "ไตรมาสที่ 1
ของปีงบประมาณ 2566" ends 31 December 2022, "เบิกจ่ายงบปี 65 ไตรมาส 2" 31 March 2022. Not a
deadline: a past period ("เมื่อปลายเดือน… ที่ผ่านมา", "ไตรมาส 4 ของปีที่แล้ว"), a point things are
counted at ("ณ สิ้นปี 2564", "ทุกสิ้นเดือน"), a start ("ตั้งแต่สิ้นเดือน…", "ต้นเดือนหน้า"), a year of
a plan or a school ("สิ้นปีที่ 3 ของแผน", "สิ้นปีการศึกษา"), or a period over before the meeting.
Digits are Arabic (the caller converts Thai ones, one for one).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from indexer.extract.dates import ERA, THAI_MONTH, ce_year, month_number

_ERA = r"(?:%s\s?)?" % ERA  # "พ.ศ. 2567", "พ.ศ.2567" or no era
# A written year: four digits, or two (Buddhist era) that are no count ("สิ้นปี 70 ล้านโดส").
_YEAR = (
    r"(?P<year>\d{4}(?!\d)|\d{2}(?!\d)(?!\s*(?:ล้าน|แสน|หมื่น|พัน|ร้อย|ราย|คน|บาท|โดส|ตัน|แห่ง|"
    r"ครั้ง|%|เปอร์เซ็นต์)))"
)
# The year after a period word: written, this one ("นี้") or the next ("หน้า"), of the budget or not.
_OF_YEAR = (
    r"(?:\s*(?:ของ)?\s*(?P<fiscal>ปีงบประมาณ)?\s*(?:ปี)?\s*%s(?:%s|(?P<this>นี้)|(?P<next>หน้า|ถัดไป)))?"
    % (_ERA, _YEAR)
)
_NOT_DUE_BEFORE = re.compile(
    r"(?:เมื่อ|(?:^|(?<=\s))ณ|ตั้งแต่(?:ต้น|กลาง)?|ทุก|ต้น|ที่ผ่านมา|ที่แล้ว)\s*(?:ใน)?\s*(?:ช่วง)?\s*$"
)
_NOT_DUE_AFTER = re.compile(
    r"\s*(?:\d{2,4}\s*)?(?:ของ)?\s*(?:ปี)?\s*(?:ที่แล้ว|ที่ผ่านมา|ก่อน(?!ที่|หน้า|จะ))|\s*ที่\s*\d|การศึกษา"
)
# The budget named before a quarter or a half ("งบประมาณ 2565 … ไตรมาสที่ 1", "งบปี 65 ไตรมาส 2";
# not "สงบ").
_BUDGET_BEFORE = re.compile(r"(?<!ส)งบ(?:ประมาณ)?(?:\S{0,8}\s*(?:ปี)?\s*%s%s)?" % (_ERA, _YEAR))
_BUDGET_SPAN = 60  # characters back from a quarter to the budget it belongs to


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group of ``match``, None when its pattern has none."""
    return match.groupdict().get(name)


def _fiscal_year(match: re.Match[str], after: date) -> int | None:
    """The CE year a budget's fiscal year ends in, if the period is of the budget."""
    budget = None
    if not match.group("fiscal"):
        budget = _BUDGET_BEFORE.search(
            match.string, max(0, match.start() - _BUDGET_SPAN), match.start()
        )
        if budget is None:
            return None
    if match.group("year"):
        return ce_year(int(match.group("year")))
    if budget is not None and budget.group("year"):
        return ce_year(int(budget.group("year")))
    return after.year + (after.month >= 10) + (match.group("next") is not None)


def _year(match: re.Match[str], after: date) -> int:
    """The CE year a period phrase names: written, "หน้า" for the next, else ``after``'s."""
    if _group(match, "year"):
        return ce_year(int(match.group("year")))
    return after.year + (_group(match, "next") is not None)


def _year_end(match: re.Match[str], after: date) -> date:
    return date(_year(match, after), 12, 31)


def _month_end(match: re.Match[str], after: date) -> date:
    """The end of the month named (its next end when no year is written), of this month, or
    of the next ("ปลายเดือนหน้า", "เดือนหน้า")."""
    name = _group(match, "month")
    if name is None:
        month = after.month + (_group(match, "next") is not None)
        return month_end(after.year + (month > 12), (month - 1) % 12 + 1)
    number = month_number(name)
    if _group(match, "year"):
        return month_end(ce_year(int(match.group("year"))), number)
    return month_end(after.year + (number < after.month), number)


def _quarter_end(match: re.Match[str], after: date) -> date:
    """A quarter's last day (of a range, the last quarter's): of the fiscal year when the
    budget is named with it."""
    quarter = match.group("to") or match.group("q")
    number = {"แรก": 1, "สุดท้าย": 4}.get(quarter) or int(quarter)
    fiscal = _fiscal_year(match, after)
    if fiscal is not None:  # Q1 is October to December of the year before
        return month_end(fiscal - (number == 1), (number * 3 + 8) % 12 + 1)
    return month_end(_year(match, after), number * 3)


def _half_end(match: re.Match[str], after: date) -> date:
    """The last day of a half year: 30 June and 31 December, or of the budget's 31 March and
    30 September."""
    first = match.group("half") == "แรก"
    fiscal = _fiscal_year(match, after)
    if fiscal is not None:
        return month_end(fiscal, 3 if first else 9)
    return month_end(_year(match, after), 6 if first else 12)


PERIODS: list[tuple[re.Pattern[str], Callable[[re.Match[str], date], date]]] = [
    # "ปลายปีนี้", "สิ้นปี 2564"; not "ตอนปลาย ปีละ 1 ครั้ง" (once a year), "ปลายปีงบประมาณ"
    (re.compile(r"(?:ปลาย|สิ้น)ปี(?!งบ|ละ)%s" % _OF_YEAR), _year_end),
    # "ปลายเดือนนี้", "สิ้นเดือนพฤศจิกายน 2564", "ปลายเดือนหน้า"
    (
        re.compile(
            r"(?:ปลาย|สิ้น)เดือน\s*(?:(?P<month>%s)(?:\s*%s%s)?|(?P<next>หน้า)|นี้)?"
            % (THAI_MONTH, _ERA, _YEAR)
        ),
        _month_end,
    ),
    (re.compile(r"(?<!ปลาย)(?<!สิ้น)เดือน(?P<next>หน้า)"), _month_end),
    # "ไตรมาสแรกของปี 65", "ไตรมาสที่ 1-2 ของปี 2567", "ไตรมาส 2 ของปีงบประมาณนี้"
    (
        re.compile(
            r"ไตรมาส(?:ที่)?\s*(?P<q>[1-4]|แรก|สุดท้าย)(?:\s*[-–]\s*(?P<to>[1-4]))?%s" % _OF_YEAR
        ),
        _quarter_end,
    ),
    # "ครึ่งแรกของปีหน้า", "ครึ่งปีหลัง"; not "ครึ่งหลังของเดือนมีนาคม"
    (re.compile(r"ครึ่ง(?:ปี)?(?P<half>แรก|หลัง)(?!\s*(?:ของ)?\s*เดือน)%s" % _OF_YEAR), _half_end),
]


def _ahead(text: str, period: re.Match[str]) -> bool:
    """Whether a period phrase is a time ahead, not a past one, a point or a start."""
    return not (
        _NOT_DUE_BEFORE.search(text, max(0, period.start() - 20), period.start())
        or _NOT_DUE_AFTER.match(text, period.end())
    )


def period_dues(text: str, after: date) -> list[tuple[int, date]]:
    """Every period ``text`` states as a deadline after the meeting on ``after``: (where, the
    day it ends); of each kind of period, the first one."""
    stated = []
    for pattern, end in PERIODS:
        for match in pattern.finditer(text):
            if _ahead(text, match):
                due = end(match, after)
                if due >= after:
                    stated.append((match.start(), due))
                    break
    return stated
