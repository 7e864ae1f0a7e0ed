"""Tests for indexer.extract.dates: finding Thai and English date expressions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.thai.calendar import format_thai_date, format_thai_range
from indexer.extract.dates import (
    DateSpan,
    ce_year,
    find_dates,
    first_date_span,
    parse_date,
)

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
THAI_ABBRS = (
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
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

D = date


def found(text: str, **kwargs: int) -> list[tuple[date, date, str]]:
    """find_dates as (start, end, text) triples, checking each span's offsets on the way."""
    spans = find_dates(text, **kwargs)
    for span in spans:
        assert text[span.pos : span.endpos] == span.text
    return [(s.start, s.end, s.text) for s in spans]


def one(day: date, text: str) -> list[tuple[date, date, str]]:
    return [(day, day, text)]


# --- examples from the source documents ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "3. วันที่\n\n13 – 18 กันยายน 2559",
            [(D(2016, 9, 13), D(2016, 9, 18), "13 – 18 กันยายน 2559")],
        ),
        ("เมื่อวันที่ ๒ พฤษภาคม ๒๕๖๐ กระทรวงการต่างประเทศ", one(D(2017, 5, 2), "๒ พฤษภาคม ๒๕๖๐")),
        (
            "ซึ่งจะจัดขึ้นในระหว่างวันที่ ๒๒ – ๒๗ พฤษภาคม ๒๕๖๐ ที่เวียงจันทน์ สปป.ลาว",
            [(D(2017, 5, 22), D(2017, 5, 27), "๒๒ – ๒๗ พฤษภาคม ๒๕๖๐")],
        ),
        ("วันนี้ (๒๒ก.พ.63) พล.ต.ธนาธิป", one(D(2020, 2, 22), "๒๒ก.พ.63")),
        ("๒๒ ก.พ. 63", one(D(2020, 2, 22), "๒๒ ก.พ. 63")),
        (
            "ระหว่างวันที่ 22 – 24 เมษายน 2562 และ ... ระหว่างวันที่ 26 – 28  มิถุนายน 2562",
            [
                (D(2019, 4, 22), D(2019, 4, 24), "22 – 24 เมษายน 2562"),
                (D(2019, 6, 26), D(2019, 6, 28), "26 – 28  มิถุนายน 2562"),
            ],
        ),
        ("วันที่นำเข้าข้อมูล 5 พ.ค. 2560", one(D(2017, 5, 5), "5 พ.ค. 2560")),
        ("วันที่ปรับปรุงข้อมูล 29 พ.ย. 2565", one(D(2022, 11, 29), "29 พ.ย. 2565")),
        ("วันจันทร์ที่ 24 สิงหาคม 2563", one(D(2020, 8, 24), "24 สิงหาคม 2563")),
        ("16/12/2565", one(D(2022, 12, 16), "16/12/2565")),
        ("วันนี้ (24 ส.ค.63) เวลา 8.30 น.", one(D(2020, 8, 24), "24 ส.ค.63")),
        (
            "December 15, 2022, Deputy Government Spokesperson",
            one(D(2022, 12, 15), "December 15, 2022"),
        ),
        (
            "คำสั่งกรุงเทพมหานครที่ 4271/2562 ลงวันที่\n27 ธันวาคม 2562",
            one(D(2019, 12, 27), "27 ธันวาคม 2562"),
        ),
    ],
)
def test_source_document_examples(text: str, expected: list[tuple[date, date, str]]) -> None:
    assert found(text) == expected
    for start, _, span_text in expected:
        assert parse_date(span_text) == start


def test_span_positions_are_offsets_into_the_original_text() -> None:
    text = "วันนี้ (๒๒ก.พ.63) พล.ต.ธนาธิป"
    assert find_dates(text) == [
        DateSpan(D(2020, 2, 22), D(2020, 2, 22), 8, 16, "๒๒ก.พ.63", "day"),
    ]
    text = "คำสั่งกรุงเทพมหานครที่ 4271/2562 ลงวันที่\n27 ธันวาคม 2562"
    (span,) = find_dates(text)
    assert (span.pos, span.endpos) == (text.index("\n27") + 1, len(text))


# --- forms ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("26–28 มิถุนายน 2562", D(2019, 6, 26), D(2019, 6, 28)),
        ("22 - 24 เมษายน 2562", D(2019, 4, 22), D(2019, 4, 24)),
        ("13—18 กันยายน 2559", D(2016, 9, 13), D(2016, 9, 18)),
        ("13 ถึง 18 กันยายน 2559", D(2016, 9, 13), D(2016, 9, 18)),
        ("13 ถึงวันที่ 18 กันยายน 2559", D(2016, 9, 13), D(2016, 9, 18)),
        ("30 มิถุนายน – 2 กรกฎาคม 2562", D(2019, 6, 30), D(2019, 7, 2)),
        ("30 ธันวาคม 2562 – 2 มกราคม 2563", D(2019, 12, 30), D(2020, 1, 2)),
        ("30 ธันวาคม – 2 มกราคม 2563", D(2019, 12, 30), D(2020, 1, 2)),
        ("1 ม.ค. – 31 ธ.ค. 2563", D(2020, 1, 1), D(2020, 12, 31)),
        ("5 ม.ค. 2563", D(2020, 1, 5), None),
        ("5 มค 2563", D(2020, 1, 5), None),
        ("5 ม.ค 2563", D(2020, 1, 5), None),
        ("5 ม. ค. 2563", D(2020, 1, 5), None),
        ("5 มี.ค. 2563", D(2020, 3, 5), None),
        ("5 เม.ย. 2563", D(2020, 4, 5), None),
        ("5 พ.ค. พ.ศ. 2560", D(2017, 5, 5), None),
        ("5 พ.ค.พ.ศ.2560", D(2017, 5, 5), None),
        ("19 มิ.ย. 66", D(2023, 6, 19), None),
        ("๒ พฤษภาคม ๒๕๖๐", D(2017, 5, 2), None),
        ("5 กรกฏาคม 2562", D(2019, 7, 5), None),  # common misspelling of กรกฎาคม
        ("15 September 2016", D(2016, 9, 15), None),
        ("15 September ค.ศ. 2016", D(2016, 9, 15), None),
        ("15th September 2016", D(2016, 9, 15), None),
        ("SEPTEMBER 15, 2016", D(2016, 9, 15), None),
        ("December 15, 2022", D(2022, 12, 15), None),
        ("Sept. 15–18, 2016", D(2016, 9, 15), D(2016, 9, 18)),
        ("15-18 Sep 2016", D(2016, 9, 15), D(2016, 9, 18)),
        ("15 to 18 September 2016", D(2016, 9, 15), D(2016, 9, 18)),
        ("September 30 – October 2, 2016", D(2016, 9, 30), D(2016, 10, 2)),
        ("December 30, 2019 – January 2, 2020", D(2019, 12, 30), D(2020, 1, 2)),
        ("15 Sep 16", D(2016, 9, 15), None),  # two-digit years with English months are CE
        ("19/06/2566", D(2023, 6, 19), None),
        ("16/12/2022", D(2022, 12, 16), None),
        ("19/06/66", D(2023, 6, 19), None),
        ("๑๙/๐๖/๒๕๖๖", D(2023, 6, 19), None),
        ("2016-09-13", D(2016, 9, 13), None),
    ],
)
def test_single_expression_forms(text: str, start: date, end: date | None) -> None:
    assert found(text) == [(start, end or start, text)]


def test_repeated_wan_thi_in_a_range() -> None:
    text = "วันที่ 5 – วันที่ 7 ตุลาคม 2563"
    assert found(text) == [(D(2020, 10, 5), D(2020, 10, 7), "5 – วันที่ 7 ตุลาคม 2563")]


@pytest.mark.parametrize(
    ("text", "span_text", "start", "end"),
    [
        ("มิถุนายน 2562", "มิถุนายน 2562", D(2019, 6, 1), D(2019, 6, 30)),
        ("ในเดือนมิถุนายน 2562 ที่ผ่านมา", "มิถุนายน 2562", D(2019, 6, 1), D(2019, 6, 30)),
        ("June 2019", "June 2019", D(2019, 6, 1), D(2019, 6, 30)),
        ("ยอดส่งออก ม.ค. 63", "ม.ค. 63", D(2020, 1, 1), D(2020, 1, 31)),
        ("เดือนก.พ. 2563", "ก.พ. 2563", D(2020, 2, 1), D(2020, 2, 29)),
    ],
)
def test_month_only(text: str, span_text: str, start: date, end: date) -> None:
    (span,) = find_dates(text)
    assert (span.start, span.end, span.text, span.precision) == (start, end, span_text, "month")


def test_month_only_is_not_used_inside_a_day_expression() -> None:
    (span,) = find_dates("5 มิถุนายน 2562")
    assert span.precision == "day"
    assert find_dates("31 กุมภาพันธ์ 2562") == []


@pytest.mark.parametrize(
    "text",
    [
        "เวลา 8.30 น.",
        "13.30 น.",
        "คำสั่งกรุงเทพมหานครที่ 4271/2562",
        "ครั้งที่ 2/2563",
        "0 2224 8177",
        "0-2241-4109",
        "๒๐ ประเทศ",
        "ยูโร 2016",
        "31 กุมภาพันธ์ 2562",
        "29 กุมภาพันธ์ 2562",
        "32 มกราคม 2562",
        "18 – 13 กันยายน 2559",
        "31/02/2562",
        "1 มกราคม 1850",
        "กฎ ก.พ. 2551",  # ก.พ. = the Civil Service Commission, not February
        "ก.ค.ศ. 2562",
        "5 มิถุนายน 1000 คน",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []
    assert find_dates(text, default_year=2020) == []
    assert parse_date(text) is None


def test_time_after_a_yearless_date_is_not_a_two_digit_year() -> None:
    assert found("5 มิ.ย. 10.30 น.", default_year=2020) == one(D(2020, 6, 5), "5 มิ.ย.")
    assert found("5 มิ.ย. 63 10.30 น.") == one(D(2020, 6, 5), "5 มิ.ย. 63")


def test_default_year() -> None:
    assert found("ประชุมวันที่ 5 มิถุนายน") == []
    assert found("ประชุมวันที่ 5 มิถุนายน", default_year=2019) == one(D(2019, 6, 5), "5 มิถุนายน")
    assert found("30 ธันวาคม – 2 มกราคม", default_year=2019) == [
        (D(2019, 12, 30), D(2020, 1, 2), "30 ธันวาคม – 2 มกราคม")
    ]
    assert found("Jun 19") == []  # the 19th of June, not June 2019
    assert found("Jun 19", default_year=2019) == one(D(2019, 6, 19), "Jun 19")
    assert found("it may 5 be", default_year=2019) == []
    assert found("May 5", default_year=2019) == one(D(2019, 5, 5), "May 5")


def test_first_date_span_and_parse_date() -> None:
    text = "ระหว่างวันที่ 22 – 24 เมษายน 2562 และ 26 – 28 มิถุนายน 2562"
    span = first_date_span(text)
    assert span is not None
    assert (span.start, span.end, span.text) == (
        D(2019, 4, 22),
        D(2019, 4, 24),
        "22 – 24 เมษายน 2562",
    )
    assert parse_date(text) == D(2019, 4, 22)
    assert first_date_span("ไม่มีวันที่") is None
    assert first_date_span("5 มิถุนายน", default_year=2020) is not None
    assert parse_date("5 มิถุนายน") is None


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * 200_000 + "x",
        "มกราคม" + " " * 200_000,
        "๑" * 200_000,
        "1 – " * 50_000,
        "ม.ค. " * 50_000,
        "1\n" * 100_000,
    ],
)
def test_huge_inputs(text: str) -> None:
    assert find_dates(text, default_year=2020) == []


# --- ce_year ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "two_digit", "expected"),
    [
        (2559, "BE", 2016),
        (2016, "BE", 2016),
        (2559, "CE", 2016),
        (63, "BE", 2020),
        (0, "BE", 1957),
        (22, "CE", 2022),
        (99, "CE", 1999),
    ],
)
def test_ce_year(year: int, two_digit: str, expected: int) -> None:
    assert ce_year(year, two_digit=two_digit) == expected


def test_ce_year_rejects_unknown_convention() -> None:
    with pytest.raises(ValueError, match="two_digit"):
        ce_year(63, two_digit="AD")


# --- properties ----------------------------------------------------------------------------------
DATES = st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31))
THAI_SPELLINGS = ("thai", "thai_abbr", "thai_abbr_nodots", "thai_abbr_spaced")
ENGLISH_SPELLINGS = ("english", "english_abbr", "english_abbr_dot")
DASHES = (" – ", "–", " - ", "-", " — ", " ถึง ", " ถึงวันที่ ")


def month_name(spelling: str, month: int) -> str:
    abbr = THAI_ABBRS[month - 1]
    english = ENGLISH_MONTHS[month - 1]
    return {
        "thai": THAI_MONTHS[month - 1],
        "thai_abbr": abbr,
        "thai_abbr_nodots": abbr.replace(".", ""),
        "thai_abbr_spaced": abbr.replace(".", ". ").strip(),
        "english": english,
        "english_abbr": english[:3],
        "english_abbr_dot": ("Sept" if month == 9 else english[:3]) + ".",
    }[spelling]


def eras(spelling: str, years: list[int]) -> list[str]:
    """Year notations that unambiguously name every one of these CE years."""
    out = ["be", "be_marked", "ce", "ce_marked"]
    if spelling in THAI_SPELLINGS and all(1957 <= y <= 2056 for y in years):
        out.append("be2")
    if spelling in ENGLISH_SPELLINGS and all(1969 <= y <= 2068 for y in years):
        out.append("ce2")
    return out


def year_text(era: str, year: int) -> str:
    return {
        "be": str(year + 543),
        "be_marked": f"พ.ศ. {year + 543}",
        "ce": str(year),
        "ce_marked": f"ค.ศ. {year}",
        "be2": f"{(year + 543) % 100:02d}",
        "ce2": f"{year % 100:02d}",
    }[era]


@st.composite
def rendered_dates(draw: st.DrawFn) -> tuple[str, date, date]:
    """A single date or a range written in one of the supported styles: (text, start, end)."""
    start = draw(DATES)
    if draw(st.booleans()):
        end = start
    else:
        end = min(start + timedelta(days=draw(st.integers(1, 400))), D(2090, 12, 31))
        if end == start:
            end, start = start, start - timedelta(days=1)
    spelling = draw(st.sampled_from(THAI_SPELLINGS + ENGLISH_SPELLINGS))
    era = draw(st.sampled_from(eras(spelling, [start.year, end.year])))
    m1, m2 = month_name(spelling, start.month), month_name(spelling, end.month)
    y1, y2 = year_text(era, start.year), year_text(era, end.year)
    d1, d2 = start.day, end.day
    month_first = spelling in ENGLISH_SPELLINGS and draw(st.booleans())
    dash = draw(st.sampled_from(DASHES + ((" to ",) if spelling in ENGLISH_SPELLINGS else ())))
    # Thai writers often run the parts together ("๒๒ก.พ.63").
    sp = draw(st.sampled_from([" ", ""])) if spelling in THAI_SPELLINGS else " "
    if start == end:
        text = f"{m1} {d1}, {y1}" if month_first else f"{d1}{sp}{m1}{sp}{y1}"
    elif (start.year, start.month) == (end.year, end.month):
        text = f"{m1} {d1}{dash}{d2}, {y1}" if month_first else f"{d1}{dash}{d2}{sp}{m1}{sp}{y1}"
    elif start.year == end.year:
        if month_first:
            text = f"{m1} {d1}{dash}{m2} {d2}, {y1}"
        else:
            text = f"{d1}{sp}{m1}{dash}{d2}{sp}{m2}{sp}{y1}"
    elif month_first:
        text = f"{m1} {d1}, {y1}{dash}{m2} {d2}, {y2}"
    else:
        text = f"{d1}{sp}{m1}{sp}{y1}{dash}{d2}{sp}{m2}{sp}{y2}"
    if draw(st.booleans()):
        text = text.translate(TO_THAI_DIGITS)
    return text, start, end


@settings(max_examples=300, deadline=None)
@given(
    rendered=rendered_dates(),
    prefix=st.sampled_from(["", "วันที่ ", "ระหว่างวันที่ ", "(", "on ", "เมื่อ\n"]),
    suffix=st.sampled_from(["", " ณ กรุงเทพฯ", ")", ", Bangkok", "\n", " เวลา 8.30 น."]),
)
def test_rendered_dates_parse_back(
    rendered: tuple[str, date, date], prefix: str, suffix: str
) -> None:
    text, start, end = rendered
    whole = prefix + text + suffix
    assert find_dates(whole) == [
        DateSpan(start, end, len(prefix), len(prefix) + len(text), text, "day")
    ]


@settings(max_examples=200, deadline=None)
@given(start=DATES, days=st.integers(0, 400), short=st.booleans(), thai_digits=st.booleans())
def test_thai_formatting_round_trips(
    start: date, days: int, short: bool, thai_digits: bool
) -> None:
    single = format_thai_date(start, short=short, thai_digits=thai_digits)
    assert found(single) == one(start, single)
    end = min(start + timedelta(days=days), D(2090, 12, 31))
    written = format_thai_range(start, end, short=short)
    assert found(written) == [(start, end, written)]


def check_spans(text: str, spans: list[DateSpan]) -> None:
    last_end = 0
    for span in spans:
        assert last_end <= span.pos < span.endpos <= len(text)
        assert text[span.pos : span.endpos] == span.text
        assert span.start <= span.end
        assert span.start.year >= 1900
        assert span.end.year <= 2100
        assert span.precision in ("day", "month")
        last_end = span.endpos


@settings(max_examples=200, deadline=None)
@given(text=st.text(), default_year=st.none() | st.integers())
def test_find_dates_never_raises_on_arbitrary_text(text: str, default_year: int | None) -> None:
    check_spans(text, find_dates(text, default_year=default_year))


DATEY_TOKENS = [
    *"0123456789๐๑๒๓๔๕๖๗๘๙/.-–:, \n()",
    *THAI_MONTHS,
    *THAI_ABBRS,
    "มค",
    "กพ",
    "ม. ค.",
    "พ.ศ.",
    "ค.ศ.",
    "วันที่",
    "ถึง",
    "เดือน",
    "น.",
    "Sept.",
    "May",
    "may",
    "June",
    " to ",
    "th",
    "2562",
    "๒๕๖๐",
    "63",
    "31",
]


@settings(max_examples=200, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(DATEY_TOKENS), max_size=40),
    default_year=st.none() | st.integers(1800, 2200),
)
def test_find_dates_never_raises_on_date_like_text(
    tokens: list[str], default_year: int | None
) -> None:
    text = "".join(tokens)
    check_spans(text, find_dates(text, default_year=default_year))


def test_a_term_is_not_the_meeting_date_of_a_thaigov_report() -> None:
    from indexer.extract.parsing import parse_text

    text = (
        "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-นายกฯ ประชุม ศบค. ขอสถานประกอบการเร่งทำ COVID Free Setting\n\n"
        "วันศุกร์ที่ 26 พฤศจิกายน 2564\n"
        "นายกรัฐมนตรีกล่าวในการประชุม ศบค. ว่า ประเทศไทยได้เริ่มเปิดประเทศ ตั้งแต่วันที่ 1 พ.ย. 2564 "
        "และขอให้สถานประกอบการเร่งทำ COVID Free Setting\n"
        "ที่มา : https://www.thaigov.go.th/news/contents/details/49000\n"
    )
    assert parse_text(text, source_path="x.txt").date_start.isoformat() == "2021-11-26"
