"""CSV and XLSX writing: hostile cells neutralised, Thai intact, real dates, exact round trips."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from archive.spreadsheet import (
    XLSX_MAX_CELL,
    csv_bytes,
    csv_cell,
    escape,
    unescape,
    workbook_bytes,
    xlsx_bytes,
    xlsx_cell,
    xlsx_workbook,
    xml_safe,
)

HYPERLINK = '=HYPERLINK("http://evil.example/x","คลิกที่นี่")'
HOSTILE = [
    HYPERLINK,
    "+66 2 123 4567",
    "-ให้สำนักการโยธาจัดทำแผน",
    "@SUM(A1)",
    "\tซ่อน",
    "\rขึ้นบรรทัด",
    "'=x",
    "'ข้อความ",
    "''",
    "'",
]
THAI = "การประชุมหารือความร่วมมือด้านการจัดการน้ำ กรุงโตเกียว ประเทศญี่ปุ่น"
HEADER = ("id", "title", "date_start", "notes")


def rows() -> list[list[object]]:
    """One row per hostile text, then a Thai row with a date and an empty cell."""
    out: list[list[object]] = [
        [n, text, date(2019, 3, 31), text] for n, text in enumerate(HOSTILE, 1)
    ]
    out.append([len(HOSTILE) + 1, THAI, date(2016, 9, 13), None])
    return out


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --------------------------------------------------------------------------- the escaping rule


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_prefixed_with_an_apostrophe_and_unescaped_exactly(text: str) -> None:
    assert escape(text) == "'" + text
    assert unescape(escape(text)) == text


@pytest.mark.parametrize("text", ["", THAI, "2016-09-13", "#N/A", "a=b", "ก'", "50"])
def test_harmless_text_is_left_as_it_is(text: str) -> None:
    assert escape(text) == text
    assert unescape(text) == text


def test_an_apostrophe_typed_before_ordinary_text_is_kept_on_reading() -> None:
    assert unescape("'ข้อความ") == "'ข้อความ"  # not something escape() writes
    assert unescape("'=x") == "=x"


@given(st.text(max_size=20))
def test_unescape_undoes_escape_for_any_text(text: str) -> None:
    assert unescape(escape(text)) == text


def test_csv_cells() -> None:
    assert csv_cell(None) == ""
    assert csv_cell(date(2019, 3, 31)) == "2019-03-31"
    assert csv_cell(42) == 42
    assert csv_cell("+1") == "'+1"


def test_xlsx_cells_drop_what_xml_cannot_hold_and_cut_at_excels_limit() -> None:
    assert xml_safe("ก\x00ข\x0bค\tง\nจ\rฉ") == "กขค\tง\nจ\rฉ"
    assert xlsx_cell("\x01\x02") is None
    assert xlsx_cell("") is None
    assert xlsx_cell("ก" * (XLSX_MAX_CELL + 5)) == "ก" * XLSX_MAX_CELL
    assert xlsx_cell(date(2019, 3, 31)) == date(2019, 3, 31)
    assert xlsx_cell(7) == 7


# --------------------------------------------------------------------------- CSV


def test_csv_has_a_bom_crlf_and_iso_dates() -> None:
    data = csv_bytes(HEADER, rows())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\r\n" + str(len(HOSTILE) + 1) + "," + THAI in text
    table = read_csv(data)
    assert table[0] == list(HEADER)
    assert table[-1] == [str(len(HOSTILE) + 1), THAI, "2016-09-13", ""]


def test_csv_neutralises_every_hostile_cell_and_reads_back_exactly() -> None:
    table = read_csv(csv_bytes(HEADER, rows()))
    for text, row in zip(HOSTILE, table[1:], strict=False):
        assert row[1] == row[3] == "'" + text
        assert row[2] == "2019-03-31"  # a date is not mistaken for a formula
        assert unescape(row[1]) == text


# --------------------------------------------------------------------------- XLSX


def test_xlsx_has_a_bold_frozen_header_widths_and_real_dates() -> None:
    data = xlsx_bytes(HEADER, rows(), title="แผ่นงาน", widths={"title": 60})
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "แผ่นงาน" and sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == list(HEADER)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 60
    assert sheet.column_dimensions["A"].width == 14  # the default width
    last = sheet.max_row
    day = sheet.cell(row=last, column=3)
    assert day.is_date and day.value == datetime(2016, 9, 13) and day.number_format == "yyyy-mm-dd"
    assert [cell.value for cell in sheet[last]] == [
        len(HOSTILE) + 1,
        THAI,
        datetime(2016, 9, 13),
        None,
    ]


def test_xlsx_text_is_never_a_formula_and_reads_back_exactly() -> None:
    data = xlsx_bytes(HEADER, rows(), title="rows", widths={})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    sheet = load_workbook(io.BytesIO(data)).active
    for text, row in zip(HOSTILE, sheet.iter_rows(min_row=2), strict=False):
        title = row[1]
        assert title.value == text
        assert title.data_type == "s"
        assert title.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_error_looking_text_stays_text() -> None:
    data = xlsx_bytes(("value",), [["#N/A"], ["=1+1"]], title="rows", widths={})
    sheet = load_workbook(io.BytesIO(data)).active
    assert [(c.value, c.data_type) for (c,) in sheet.iter_rows(min_row=2)] == [
        ("#N/A", "s"),
        ("=1+1", "s"),
    ]


def test_the_workbook_can_be_extended_before_it_is_saved() -> None:
    workbook = xlsx_workbook(HEADER, rows(), title="rows", widths={})
    workbook.active.auto_filter.ref = "A1:D2"
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert sheet.auto_filter.ref == "A1:D2"
    assert sheet.max_row == len(HOSTILE) + 2
