"""Citations and exports: every format parsed back with an independent reader."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import bibtexparser
import openpyxl
import pytest
import rispy
from pylatexenc.latex2text import LatexNodes2Text

from webapp.citations import TABLE_COLUMNS, formatted, table_row, to_bibtex, to_csl, to_ris
from webapp.formats import FORMATS, RECORD, RESULTS, offered

BASE = "https://archive.example.go.th/records/"


def record(**overrides: Any) -> dict[str, Any]:
    """A record_dict-shaped record (seed 000 unless overridden)."""
    data: dict[str, Any] = {
        "id": 1,
        "title": "Stockholm Security Conference on Secure Cities",
        "document_kind": "meeting",
        "organization": "กรุงเทพมหานคร",
        "mission_group": "การปกครองและการรักษาความเป็นระเบียบเรียบร้อย",
        "venue": {
            "raw": "กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน",
            "city": "Stockholm",
            "country_code": "SE",
            "country_name_th": "สวีเดน",
            "country_name_en": "Sweden",
        },
        "date_start": "2016-09-13",
        "date_end": "2016-09-18",
        "published": None,
        "updated": None,
        "meetings": [],
        "findings": [],
        "follow_ups": [],
        "people": [],
        "reporter": None,
        "source_url": None,
        "source_path": "seeds/000_e546a000e5317e6c.txt",
        "content_hash": "e546a000e5317e6c",
        "warnings": [],
    }
    data.update(overrides)
    return data


SEED_000 = record()
PROJECT = record(
    id=2,
    title="โครงการพัฒนาศักยภาพบุคลากรด้านการจัดการภัยพิบัติ",
    document_kind="project",
    organization="สำนักงานป้องกันและบรรเทาสาธารณภัย",
    venue=None,
    date_start=None,
    date_end=None,
)
NEWS = record(
    id=3,
    title="นายกรัฐมนตรีหารือทวิภาคีกับนายกรัฐมนตรีญี่ปุ่น",
    document_kind="news",
    organization="สำนักงานโฆษกประจำสำนักนายกรัฐมนตรี",
    venue={
        "raw": "โตเกียว ญี่ปุ่น",
        "city": "Tokyo",
        "country_code": "JP",
        "country_name_th": "ญี่ปุ่น",
        "country_name_en": "Japan",
    },
    date_start=None,
    date_end=None,
    published="2022-05-26",
)
VISIT = record(
    id=4,
    title="การศึกษาดูงานระบบขนส่งมวลชนกรุงโซล",
    document_kind="visit",
    organization="สำนักการจราจรและขนส่ง",
    venue={
        "raw": "กรุงโซล สาธารณรัฐเกาหลี",
        "city": "Seoul",
        "country_code": "KR",
        "country_name_th": "เกาหลีใต้",
        "country_name_en": "South Korea",
    },
    date_start="2018-12-30",
    date_end="2019-01-02",
    meetings=[{"name": "Seoul Urban Transport Forum", "venue": None, "date_start": None}],
    reporter={"name": "นางรสสุคนธ์ ชาติประเสริฐ", "position": None, "unit": None, "phone": None},
    follow_ups=[
        {
            "id": "a",
            "text": "ให้สำนักการจราจรและขนส่งรายงานผล",
            "agencies": ["สำนักการจราจรและขนส่ง", "สำนักการโยธา"],
            "due_date": None,
            "status": "open",
            "removed_from_source": False,
        },
        {
            "id": "b",
            "text": "ให้สำนักการโยธาจัดทำแผน",
            "agencies": ["สำนักการโยธา"],
            "due_date": None,
            "status": "done",
            "removed_from_source": False,
        },
        {
            "id": "c",
            "text": "ข้อที่ถูกลบจากต้นฉบับ",
            "agencies": ["สำนักการระบายน้ำ"],
            "due_date": None,
            "status": "open",
            "removed_from_source": True,
        },
    ],
)
HOSTILE = record(
    id=5,
    title='=HYPERLINK("http://evil") }{ 50% & $x$ #1 a_b ~^\\ "><img onerror=alert(1)>\nER  - ',
    document_kind="other",
    organization="@กอง <script>alert(1)</script>",
    mission_group="+เศรษฐกิจ",
    venue=None,
)
RECORDS = [SEED_000, PROJECT, NEWS, VISIT, HOSTILE]
LINKS = [BASE + str(r["id"]) for r in RECORDS]


def export(name: str, records: list[dict[str, Any]] = RECORDS) -> bytes:
    fmt = FORMATS[name]
    return fmt.render(records, [BASE + str(r["id"]) for r in records])


# --------------------------------------------------------------------------- BibTeX


def parse_bib(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    latex = LatexNodes2Text()

    def decode(value: str) -> str:
        # pylatexenc renders \textasciicircum as U+02C6 (modifier letter); LaTeX prints "^".
        return latex.latex_to_text(value).replace("\u02c6", "^")

    return {
        entry.key: {
            "ENTRYTYPE": entry.entry_type,
            **{f.key: f.value if f.key == "url" else decode(f.value) for f in entry.fields},
        }
        for entry in library.entries
    }


def test_bibtex_round_trip_all_records() -> None:
    entries = parse_bib(export("bib").decode("utf-8"))
    assert list(entries) == [
        "archive2016stockholm",
        "archive2",
        "archive3",
        "archive4",
        "archive2016hyperlink",
    ]
    seed = entries["archive2016stockholm"]
    assert seed == {
        "ENTRYTYPE": "inproceedings",
        "author": "กรุงเทพมหานคร",
        "title": "Stockholm Security Conference on Secure Cities",
        "booktitle": "Stockholm Security Conference on Secure Cities",
        "organization": "กรุงเทพมหานคร",
        "address": "Stockholm, Sweden",
        "year": "2016",
        "month": "9",
        "date": "2016-09-13/2016-09-18",
        "url": BASE + "1",
        "note": "13 – 18 กันยายน 2559",
        "langid": "thai",
    }
    project = entries["archive2"]
    assert project["ENTRYTYPE"] == "techreport"
    assert project["title"] == PROJECT["title"]
    assert project["author"] == project["institution"] == PROJECT["organization"]
    assert "year" not in project and "address" not in project and "note" not in project
    assert project["url"] == BASE + "2"
    news = entries["archive3"]
    assert (news["ENTRYTYPE"], news["year"], news["month"]) == ("techreport", "2022", "5")
    assert (news["address"], news["note"]) == ("Tokyo, Japan", "26 พฤษภาคม 2565")
    visit = entries["archive4"]
    assert visit["ENTRYTYPE"] == "inproceedings"
    assert visit["author"] == "รสสุคนธ์ ชาติประเสริฐ"
    assert visit["organization"] == "สำนักการจราจรและขนส่ง"
    assert visit["booktitle"] == "Seoul Urban Transport Forum"
    assert visit["note"] == "30 ธันวาคม 2561 – 2 มกราคม 2562"


def test_bibtex_special_characters_survive() -> None:
    text = to_bibtex(HOSTILE, BASE + "5")
    assert "\n  title = {=HYPERLINK" in text  # the newline in the title did not survive
    assert (
        r"\}\{ 50\% \& \$x\$ \#1 a\_b \textasciitilde{}\textasciicircum{}\textbackslash{}" in text
    )
    entry = parse_bib(text)["archive2016hyperlink"]
    assert entry["title"] == (
        '=HYPERLINK("http://evil") }{ 50% & $x$ #1 a_b ~^\\ "><img onerror=alert(1)> ER -'
    )
    assert entry["institution"] == "@กอง <script>alert(1)</script>"


def test_bibtex_keys_stay_unique() -> None:
    twin = record(id=9, title="Stockholm Security Forum")
    entries = parse_bib(export("bib", [SEED_000, twin]).decode("utf-8"))
    assert list(entries) == ["archive2016stockholm", "archive2016stockholma"]


# --------------------------------------------------------------------------- RIS


def test_ris_round_trip_all_records() -> None:
    entries = rispy.loads(export("ris").decode("utf-8"))
    assert len(entries) == len(RECORDS)
    seed, project, news, visit, hostile = entries
    assert seed == {
        "type_of_reference": "CONF",
        "title": "Stockholm Security Conference on Secure Cities",
        "authors": ["กรุงเทพมหานคร"],
        "secondary_title": "Stockholm Security Conference on Secure Cities",
        "publisher": "กรุงเทพมหานคร",
        "custom1": "Stockholm, Sweden",
        "place_published": "Stockholm, Sweden",
        "year": "2016",
        "date": "2016/09/13",
        "urls": [BASE + "1"],
        "language": "th",
        "notes": ["13 – 18 กันยายน 2559"],
        "id": "archive-1",
    }
    assert project == {
        "type_of_reference": "RPRT",
        "title": PROJECT["title"],
        "authors": [PROJECT["organization"]],
        "publisher": PROJECT["organization"],
        "urls": [BASE + "2"],
        "language": "th",
        "id": "archive-2",
    }
    assert (news["type_of_reference"], news["date"], news["place_published"]) == (
        "RPRT",
        "2022/05/26",
        "Tokyo, Japan",
    )
    assert visit["authors"] == ["รสสุคนธ์ ชาติประเสริฐ"]
    assert visit["secondary_title"] == "Seoul Urban Transport Forum"
    assert visit["custom1"] == "Seoul, South Korea"
    assert hostile["title"] == (
        '=HYPERLINK("http://evil") }{ 50% & $x$ #1 a_b ~^\\ "><img onerror=alert(1)> ER -'
    )
    assert hostile["id"] == "archive-5"


def test_ris_newline_cannot_end_a_record_early() -> None:
    text = to_ris(HOSTILE, BASE + "5")
    lines = text.splitlines()
    assert lines[1].endswith("> ER -")  # the title's newline and spaces collapsed
    assert [line for line in lines if line.startswith("ER")] == ["ER  - "]
    assert lines[-1] == "ER  - "


# --------------------------------------------------------------------------- CSL-JSON


def test_csl_round_trip() -> None:
    items = json.loads(export("csl").decode("utf-8"))
    assert items[0] == to_csl(SEED_000, BASE + "1")
    assert items[0] == {
        "id": "archive-1",
        "type": "paper-conference",
        "title": "Stockholm Security Conference on Secure Cities",
        "language": "th",
        "URL": BASE + "1",
        "author": [{"literal": "กรุงเทพมหานคร"}],
        "publisher": "กรุงเทพมหานคร",
        "event": "Stockholm Security Conference on Secure Cities",
        "event-place": "Stockholm, Sweden",
        "issued": {"date-parts": [[2016, 9, 13]]},
        "note": "13 – 18 กันยายน 2559",
    }
    assert items[1] == {
        "id": "archive-2",
        "type": "report",
        "title": PROJECT["title"],
        "language": "th",
        "URL": BASE + "2",
        "author": [{"literal": PROJECT["organization"]}],
        "publisher": PROJECT["organization"],
    }
    assert items[2]["issued"] == {"date-parts": [[2022, 5, 26]]}
    assert items[2]["publisher-place"] == "Tokyo, Japan"
    assert items[3]["author"] == [{"literal": "รสสุคนธ์ ชาติประเสริฐ"}]
    assert items[4]["title"].startswith('=HYPERLINK("http://evil") }{')


# --------------------------------------------------------------------------- APA / Chicago


@pytest.mark.parametrize(
    ("rec", "style", "expected"),
    [
        (
            SEED_000,
            "apa",
            "กรุงเทพมหานคร. (2016, September 13–18). Stockholm Security Conference on Secure "
            "Cities [Meeting report]. Stockholm, Sweden. " + BASE + "1",
        ),
        (
            SEED_000,
            "chicago",
            "กรุงเทพมหานคร. 2016. “Stockholm Security Conference on Secure Cities.” Meeting "
            "report, Stockholm, Sweden, September 13–18. " + BASE + "1.",
        ),
        (
            PROJECT,
            "apa",
            "สำนักงานป้องกันและบรรเทาสาธารณภัย. (n.d.). "
            "โครงการพัฒนาศักยภาพบุคลากรด้านการจัดการภัยพิบัติ. " + BASE + "2",
        ),
        (
            PROJECT,
            "chicago",
            "สำนักงานป้องกันและบรรเทาสาธารณภัย. n.d. "
            "โครงการพัฒนาศักยภาพบุคลากรด้านการจัดการภัยพิบัติ. " + BASE + "2.",
        ),
        (
            NEWS,
            "apa",
            "สำนักงานโฆษกประจำสำนักนายกรัฐมนตรี. (2022, May 26). "
            "นายกรัฐมนตรีหารือทวิภาคีกับนายกรัฐมนตรีญี่ปุ่น. " + BASE + "3",
        ),
        (
            NEWS,
            "chicago",
            "สำนักงานโฆษกประจำสำนักนายกรัฐมนตรี. 2022. "
            "“นายกรัฐมนตรีหารือทวิภาคีกับนายกรัฐมนตรีญี่ปุ่น.” May 26. " + BASE + "3.",
        ),
        (
            VISIT,
            "apa",
            "รสสุคนธ์ ชาติประเสริฐ. (2018, December 30–2019, January 2). "
            "การศึกษาดูงานระบบขนส่งมวลชนกรุงโซล [Visit report]. Seoul Urban Transport Forum, "
            "Seoul, South Korea. " + BASE + "4",
        ),
        (
            VISIT,
            "chicago",
            "รสสุคนธ์ ชาติประเสริฐ. 2018. “การศึกษาดูงานระบบขนส่งมวลชนกรุงโซล.” Visit report, "
            "Seoul Urban Transport Forum, Seoul, South Korea, December 30, 2018–January 2, "
            "2019. " + BASE + "4.",
        ),
    ],
)
def test_formatted_references(rec: dict[str, Any], style: str, expected: str) -> None:
    assert formatted(rec, BASE + str(rec["id"]), style) == expected


def test_formatted_same_year_month_change_and_unknown_style() -> None:
    rec = record(date_start="2016-09-28", date_end="2016-10-02")
    assert "(2016, September 28–October 2)" in formatted(rec, BASE + "1")
    assert "September 28–October 2." in formatted(rec, BASE + "1", "chicago")
    with pytest.raises(ValueError, match="unknown citation style"):
        formatted(SEED_000, BASE + "1", "mla")


# --------------------------------------------------------------------------- CSV / XLSX


def test_csv_round_trip_with_bom_and_formula_guard() -> None:
    data = export("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(TABLE_COLUMNS)
    assert len(rows) == 1 + len(RECORDS)
    assert rows[1] == [
        "1",
        "Stockholm Security Conference on Secure Cities",
        "meeting",
        "กรุงเทพมหานคร",
        "การปกครองและการรักษาความเป็นระเบียบเรียบร้อย",
        "กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน",
        "Stockholm",
        "Sweden",
        "",
        "2016-09-13",
        "2016-09-18",
        "0",
        "",
        BASE + "1",
    ]
    visit = dict(zip(TABLE_COLUMNS, rows[4], strict=True))
    assert visit["open_follow_ups"] == "1"
    assert visit["follow_up_agencies"] == "สำนักการจราจรและขนส่ง; สำนักการโยธา"
    hostile = dict(zip(TABLE_COLUMNS, rows[5], strict=True))
    assert hostile["title"].startswith("'=HYPERLINK(")
    assert hostile["organization"] == "'@กอง <script>alert(1)</script>"
    assert hostile["mission_group"] == "'+เศรษฐกิจ"
    assert hostile["date_start"] == "2016-09-13"  # an ISO date is not mistaken for a formula


def test_xlsx_round_trip() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(export("xlsx")))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == TABLE_COLUMNS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 60
    seed = dict(zip(TABLE_COLUMNS, rows[1], strict=True))
    assert seed["id"] == 1
    assert seed["title"] == SEED_000["title"]
    assert seed["country"] == "Sweden"
    # Dates are real dates (openpyxl reads them back as datetimes at midnight).
    assert seed["date_start"].date() == date(2016, 9, 13)
    assert sheet.cell(row=2, column=TABLE_COLUMNS.index("date_start") + 1).is_date
    project = dict(zip(TABLE_COLUMNS, rows[2], strict=True))
    assert project["date_start"] is None and project["venue"] is None
    visit = dict(zip(TABLE_COLUMNS, rows[4], strict=True))
    assert (visit["open_follow_ups"], visit["follow_up_agencies"]) == (
        1,
        "สำนักการจราจรและขนส่ง; สำนักการโยธา",
    )
    title_cell = sheet.cell(row=6, column=TABLE_COLUMNS.index("title") + 1)
    assert title_cell.data_type == "s"  # text, not a formula
    assert title_cell.value.startswith('=HYPERLINK("http://evil")')
    assert rows[5][TABLE_COLUMNS.index("organization")] == "@กอง <script>alert(1)</script>"


def test_formats_registry() -> None:
    assert set(FORMATS) == {"bib", "ris", "csl", "csv", "xlsx"}
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.media_type and fmt.extension and fmt.label, name
        assert isinstance(fmt.render([], []), bytes)
    assert [f.extension for f in offered(RECORD)] == ["bib", "ris", "json"]
    assert [f.extension for f in offered(RESULTS)] == ["bib", "ris", "json", "csv", "xlsx"]
    with pytest.raises(ValueError):
        FORMATS["csv"].render(RECORDS, LINKS[:1])


def test_partners_are_keywords_and_a_column() -> None:
    rec = record(party_countries=["LA", "KH"], party_organizations=["ASEAN"])
    assert "keywords = {Laos, Cambodia, ASEAN}" in to_bibtex(rec, BASE + "1")
    ris = rispy.loads(to_ris(rec, BASE + "1"))[0]
    assert ris["keywords"] == ["Laos", "Cambodia", "ASEAN"]
    assert to_csl(rec, BASE + "1")["keyword"] == "Laos, Cambodia, ASEAN"
    row = dict(zip(TABLE_COLUMNS, table_row(rec, BASE + "1"), strict=True))
    assert row["partners"] == "Laos; Cambodia; ASEAN"
