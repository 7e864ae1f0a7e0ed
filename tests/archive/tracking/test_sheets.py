"""The manager's spreadsheet round trip: export, edit, read back, plan, apply, re-export."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from archive.accounts import add_user, get_user
from archive.store.db import Database
from archive.store.models import FollowUp, FollowUpChange
from archive.store.recorddata import FollowUpData, RecordData
from archive.store.save import save_record
from archive.tracking.dashboard import ItemState, item_states
from archive.tracking.edits import update_follow_up
from archive.tracking.errors import Problem
from archive.tracking.sheets import (
    COLUMNS,
    IMPORT_NOTE,
    MAX_ROWS,
    ImportPlan,
    PlannedChange,
    RowError,
    SheetError,
    apply_import,
    export_items,
    plan_import,
    read_sheet,
)
from indexer.extract.actions import item_key
from indexer.extract.parsing import content_hash

TODAY = date(2019, 2, 1)
NOW = datetime(2019, 2, 1, 10, 30)
HYPERLINK = '=HYPERLINK("http://evil.example/x","คลิกที่นี่")'
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Items:
    """The ids of the fixture's follow-up items, in export order."""

    water: str  # due 2019-02-28, two agencies
    drains: str  # text starting with "-", notes a HYPERLINK formula
    dust: str  # due 2019-03-31, Thai digits in the text, notes starting with "@"
    twins: str  # no due date, no agency


def _record(path: str, title: str, day: date, items: list[FollowUpData]) -> RecordData:
    return RecordData(
        title=title,
        text=title,
        source_path=path,
        content_hash=content_hash(title),
        date_start=day,
        follow_ups=items,
    )


def _item(text: str, *agencies: str, due: date | None = None) -> FollowUpData:
    return FollowUpData(text=text, key=item_key(text), agencies=list(agencies), due_date=due)


@pytest.fixture
def items(db: Database) -> Items:
    """Two records with four follow-up items, a manager and a colleague (both editors)."""
    with db.session() as session:
        add_user(session, "manager", "password-1", "editor")
        add_user(session, "malee", "password-2", "editor")
        first = save_record(
            session,
            _record(
                "/docs/water.txt",
                "การประชุมหารือความร่วมมือด้านการจัดการน้ำ กรุงโตเกียว",
                date(2018, 11, 4),
                [
                    _item(
                        "ให้สำนักการระบายน้ำรายงานผลการศึกษาให้กองการต่างประเทศทราบ",
                        "สำนักการระบายน้ำ",
                        "กองการต่างประเทศ",
                        due=date(2019, 2, 28),
                    ),
                    _item("-ให้สำนักการโยธาจัดทำแผนปรับปรุงท่อระบายน้ำ", "สำนักการโยธา"),
                ],
            ),
        ).record_id
        second = save_record(
            session,
            _record(
                "/docs/japan.txt",
                "การประชุมคณะกรรมการร่วมไทย–ญี่ปุ่น ครั้งที่ ๓",
                date(2019, 1, 15),
                [
                    _item(
                        "ให้สำนักสิ่งแวดล้อมเสนอแผนลดฝุ่น PM2.5 ภายในเดือนมีนาคม ๒๕๖๒",
                        "สำนักสิ่งแวดล้อม",
                        due=date(2019, 3, 31),
                    ),
                    _item("ให้กองการต่างประเทศประสานงานกับเมืองพี่เมืองน้อง"),
                ],
            ),
        ).record_id
        ids = [
            item.id
            for item in session.scalars(
                select(FollowUp)
                .where(FollowUp.record_id.in_([first, second]))
                .order_by(FollowUp.record_id, FollowUp.position)
            )
        ]
        found = Items(*ids)
        manager = get_user(session, "manager")
        update_follow_up(
            session, found.drains, {"notes": HYPERLINK}, user=manager, version=1, now=NOW
        )
        update_follow_up(
            session,
            found.dust,
            {"notes": "@ทีมงาน ติดตามทุกสัปดาห์\n- ส่งหนังสือ ๒ ฉบับ"},
            user=manager,
            version=1,
            now=NOW,
        )
    return found


def states(db: Database) -> list[ItemState]:
    with db.session() as session:
        return item_states(session, today=TODAY)


def export(db: Database, fmt: str) -> bytes:
    return export_items(states(db), fmt)


def edit_csv(data: bytes, edits: dict[tuple[str, str], Any]) -> bytes:
    """Change cells the way a spreadsheet program would save them (escapes kept as text)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for (item_id, column), value in edits.items():
        row = next(row for row in rows if row and row[0] == item_id)
        row[rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def edit_xlsx(data: bytes, edits: dict[tuple[str, str], Any]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for (item_id, column), value in edits.items():
        row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == item_id)
        row[header.index(column)].value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def edit(fmt: str, data: bytes, edits: dict[tuple[str, str], Any]) -> bytes:
    return edit_csv(data, edits) if fmt == "csv" else edit_xlsx(data, edits)


def plan(db: Database, data: bytes, fmt: str) -> ImportPlan:
    with db.session() as session:
        return plan_import(session, read_sheet(data, f"follow-ups.{fmt}"))


def apply(db: Database, the_plan: ImportPlan):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return apply_import(session, the_plan, user=get_user(session, "manager"), now=NOW)


def history(db: Database) -> list[tuple[Any, ...]]:
    with db.session() as session:
        return [
            (c.follow_up_id, c.field, c.old_value, c.new_value, c.user_name, c.note, c.at)
            for c in session.scalars(select(FollowUpChange).order_by(FollowUpChange.id))
        ]


def row_of(rows: list[dict[str, str]], item_id: str) -> int:
    return next(i for i, row in enumerate(rows) if row["id"] == item_id) + 2


# ----------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_changes_exactly_the_two_edited_cells(
    db: Database, items: Items, fmt: str
) -> None:
    exported = export(db, fmt)
    new_due = "2019-04-30" if fmt == "csv" else date(2019, 4, 30)  # xlsx: a real date cell
    edited = edit(
        fmt, exported, {(items.water, "status"): "done", (items.dust, "due_date"): new_due}
    )
    before = history(db)
    rows = read_sheet(edited, f"follow-ups.{fmt}")

    the_plan = plan(db, edited, fmt)

    assert the_plan.changes == [
        PlannedChange(row_of(rows, items.water), items.water, "status", "open", "done"),
        PlannedChange(row_of(rows, items.dust), items.dust, "due_date", "2019-03-31", "2019-04-30"),
    ]
    assert (the_plan.errors, the_plan.ignored, the_plan.unchanged) == ([], [], 2)

    report = apply(db, the_plan)

    assert (report.applied, report.item_ids, report.errors) == (2, [items.water, items.dust], [])
    with db.session() as session:
        records = [session.get(FollowUp, i) for i in (items.water, items.dust)]
        assert report.record_ids == sorted({item.record_id for item in records if item})
    assert len(report.record_ids) == 2
    after = history(db)
    assert after[: len(before)] == before
    assert after[len(before) :] == [
        (items.water, "status", "open", "done", "manager", IMPORT_NOTE, NOW),
        (items.dust, "due_date", "2019-03-31", "2019-04-30", "manager", IMPORT_NOTE, NOW),
    ]

    again = read_sheet(export(db, fmt), f"follow-ups.{fmt}")
    expected = read_sheet(edited, f"follow-ups.{fmt}")
    for row in expected:
        if row["id"] in (items.water, items.dust):
            row["version"] = str(int(row["version"]) + 1)
    assert again == expected


def test_a_round_trip_without_edits_plans_nothing(db: Database, items: Items) -> None:
    for fmt in FORMATS:
        the_plan = plan(db, export(db, fmt), fmt)
        assert (the_plan.changes, the_plan.errors, the_plan.ignored) == ([], [], [])
        assert the_plan.unchanged == 4


def test_equal_values_in_other_spellings_are_no_change(db: Database, items: Items) -> None:
    edited = edit_csv(
        export(db, "csv"),
        {
            (items.water, "due_date"): "28/2/2562",
            (items.water, "progress"): "0.0",
            (items.water, "status"): " Open ",
            (items.dust, "due_date"): "๓๑/๓/๒๕๖๒",
            (items.dust, "progress"): "๐",
            (items.dust, "status"): "รอดำเนินการ",
            (items.dust, "notes"): "@ทีมงาน ติดตามทุกสัปดาห์\r\n- ส่งหนังสือ ๒ ฉบับ\r\n",
        },
    )
    the_plan = plan(db, edited, "csv")
    assert (the_plan.changes, the_plan.errors, the_plan.unchanged) == ([], [], 4)


def test_thai_digits_buddhist_era_and_thai_labels_are_imported(db: Database, items: Items) -> None:
    edited = edit_csv(
        export(db, "csv"),
        {
            (items.water, "status"): "อยู่ระหว่างดำเนินการ",
            (items.water, "progress"): "๕๐",
            (items.water, "due_date"): "๓๐/๔/๒๕๖๒",
            (items.water, "notes"): "ได้รับรายงานฉบับร่าง ๑ ฉบับ",
        },
    )
    the_plan = plan(db, edited, "csv")
    assert [(c.field, c.old, c.new) for c in the_plan.changes] == [
        ("status", "open", "in_progress"),
        ("progress", "0", "50"),
        ("due_date", "2019-02-28", "2019-04-30"),
        ("notes", "", "ได้รับรายงานฉบับร่าง ๑ ฉบับ"),
    ]
    assert apply(db, the_plan).applied == 4
    water = next(s for s in states(db) if s.id == items.water)
    assert (water.status, water.progress, water.due_date, water.notes) == (
        "in_progress",
        50,
        date(2019, 4, 30),
        "ได้รับรายงานฉบับร่าง ๑ ฉบับ",
    )


def test_edits_to_columns_that_are_not_imported_are_reported(db: Database, items: Items) -> None:
    edited = edit_csv(
        export(db, "csv"),
        {(items.water, "agencies"): "กองการต่างประเทศ", (items.dust, "text"): "ข้อความใหม่"},
    )
    the_plan = plan(db, edited, "csv")
    assert the_plan.changes == []
    assert the_plan.ignored == [
        RowError(2, items.water, Problem("import.not_imported", "agencies"))
    ]
    assert the_plan.ignored[0].reason == "agencies: not imported (edit on the site)"


# ----------------------------------------------------------------------------- formulas


def test_xlsx_text_is_never_a_formula_and_reads_back_exactly(db: Database, items: Items) -> None:
    data = export(db, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    sheet = load_workbook(io.BytesIO(data)).active
    notes = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == items.drains)[10]
    assert (notes.value, notes.data_type, notes.quotePrefix) == (HYPERLINK, "s", True)
    rows = read_sheet(data, "follow-ups.xlsx")
    drains = rows[row_of(rows, items.drains) - 2]
    assert drains["notes"] == HYPERLINK
    assert drains["text"] == "-ให้สำนักการโยธาจัดทำแผนปรับปรุงท่อระบายน้ำ"


def test_csv_cells_that_look_like_formulas_are_prefixed_and_read_back(
    db: Database, items: Items
) -> None:
    data = export(db, "csv")
    raw = {row[0]: row for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))}
    assert raw[items.drains][COLUMNS.index("notes")] == "'" + HYPERLINK
    assert raw[items.drains][COLUMNS.index("text")].startswith("'-ให้")
    assert raw[items.dust][COLUMNS.index("notes")].startswith("'@ทีมงาน")
    rows = read_sheet(data, "follow-ups.csv")
    assert rows[row_of(rows, items.drains) - 2]["notes"] == HYPERLINK
    assert rows[row_of(rows, items.dust) - 2]["notes"].startswith("@ทีมงาน")


def _state(**fields: Any) -> ItemState:
    values: dict[str, Any] = {
        "id": "1-abc",
        "record_id": 1,
        "record_title": "การประชุม",
        "meeting_date": date(2018, 11, 4),
        "organization": None,
        "mission_group": None,
        "text": "ให้ดำเนินการ",
        "status": "open",
        "progress": 0,
        "due_date": None,
        "agencies": [],
        "assignee": None,
        "notes": "",
        "version": 1,
        "removed_from_source": False,
        "manual": False,
    }
    values.update(fields)
    return ItemState(**values)


def _expected(state: ItemState) -> dict[str, str]:
    return {
        "id": state.id,
        "record_id": str(state.record_id),
        "record_title": state.record_title,
        "meeting_date": state.meeting_date.isoformat() if state.meeting_date else "",
        "text": state.text,
        "agencies": "; ".join(state.agencies),
        "assignee": state.assignee or "",
        "status": state.status,
        "progress": str(state.progress),
        "due_date": state.due_date.isoformat() if state.due_date else "",
        "notes": state.notes,
        "version": str(state.version),
    }


# Text a spreadsheet can hold: XML 1.0 has no control characters, and it reads a lone CR as LF.
_cell_text = st.text(
    st.characters(
        exclude_categories=("Cs",),
        exclude_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
        "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\r\ufffe\uffff",
    ),
    max_size=30,
)
_tricky = st.one_of(
    _cell_text,
    st.sampled_from(["=1+1", "+66 2 123 4567", "-", "@SUM(A1)", "'=x", "''", "'", "\tx", "#N/A"]),
    st.builds(str.__add__, st.sampled_from(["=", "+", "-", "@", "'", "\t", "''="]), _cell_text),
)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None)
@given(text=_tricky, notes=_tricky, title=_tricky, agency=_tricky, assignee=_tricky)
def test_any_text_survives_the_round_trip(
    fmt: str, text: str, notes: str, title: str, agency: str, assignee: str
) -> None:
    agencies = [name for name in [agency.replace(";", ""), "สำนักการโยธา"] if name]
    state = _state(
        text=text,
        notes=notes,
        record_title=title,
        agencies=agencies,
        assignee=assignee or None,
        due_date=date(2562 - 543, 3, 31),
    )
    assert read_sheet(export_items([state], fmt), f"x.{fmt}") == [_expected(state)]


# ----------------------------------------------------------------------------- conflicts


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_item_changed_after_the_export_is_a_conflict_when_edited(
    db: Database, items: Items, fmt: str
) -> None:
    exported = export(db, fmt)
    with db.session() as session:
        malee = get_user(session, "malee")
        update_follow_up(session, items.water, {"progress": 30}, user=malee, version=1, now=NOW)
        update_follow_up(session, items.drains, {"notes": "แก้แล้ว"}, user=malee, version=2, now=NOW)
    edited = edit(fmt, exported, {(items.water, "status"): "done", (items.dust, "progress"): 40})

    the_plan = plan(db, edited, fmt)

    assert [(c.item_id, c.field, c.new) for c in the_plan.changes] == [
        (items.dust, "progress", "40")
    ]
    [error] = the_plan.errors
    assert (error.row, error.item_id) == (2, items.water)
    assert "version 1" in error.reason and "progress by malee" in error.reason
    assert the_plan.unchanged == 2  # the drains row is stale but unedited: no error, no revert

    report = apply(db, the_plan)
    assert (report.applied, report.item_ids, report.errors) == (1, [items.dust], [error])
    now = {s.id: s for s in states(db)}
    assert (now[items.water].status, now[items.water].progress) == ("open", 30)
    assert now[items.drains].notes == "แก้แล้ว"
    assert now[items.dust].progress == 40


def test_a_change_between_preview_and_apply_is_reported_and_the_rest_applies(
    db: Database, items: Items
) -> None:
    edited = edit_csv(
        export(db, "csv"), {(items.water, "status"): "done", (items.twins, "status"): "cancelled"}
    )
    the_plan = plan(db, edited, "csv")
    assert len(the_plan.changes) == 2
    with db.session() as session:
        malee = get_user(session, "malee")
        update_follow_up(session, items.water, {"status": "in_progress"}, user=malee, version=1)

    report = apply(db, the_plan)

    assert (report.applied, report.item_ids) == (1, [items.twins])
    [error] = report.errors
    assert (error.row, error.item_id) == (2, items.water)
    assert "status by malee" in error.reason
    now = {s.id: s.status for s in states(db)}
    assert (now[items.water], now[items.twins]) == ("in_progress", "cancelled")


# ----------------------------------------------------------------------------- bad rows


def test_bad_rows_are_reported_by_row_number_and_the_good_row_applies(
    db: Database, items: Items
) -> None:
    edited = edit_csv(
        export(db, "csv"),
        {
            (items.water, "status"): "finished",
            (items.drains, "progress"): "150",
            (items.drains, "due_date"): "31/2/2562",
            (items.dust, "version"): "abc",
            (items.dust, "notes"): "แก้ไข",
            (items.twins, "status"): "done",
        },
    ).decode("utf-8-sig")
    twins_line = next(line for line in edited.split("\r\n") if line.startswith(items.twins))
    edited += "\r\n".join(
        [
            "",  # row 6: blank
            ",,,,,,,done,,,ลืมใส่รหัส,1",  # row 7: no id
            "999-nope,,,,,,,done,,,,1",  # row 8: unknown item
            twins_line,  # row 9: the same item again
            "",
        ]
    )

    the_plan = plan(db, edited.encode("utf-8"), "csv")

    assert [(e.row, e.item_id, e.reason.split(":")[0]) for e in the_plan.errors] == [
        (2, items.water, "status"),
        (3, items.drains, "progress"),
        (3, items.drains, "due_date"),
        (4, items.dust, "version"),
        (7, None, "no id"),
        (8, "999-nope", "no follow-up item with this id"),
        (9, items.twins, "the same item is already on row 5"),
    ]
    assert the_plan.changes == [PlannedChange(5, items.twins, "status", "open", "done")]

    before = len(history(db))
    report = apply(db, the_plan)
    assert (report.applied, report.item_ids) == (1, [items.twins])
    assert [e.row for e in report.errors] == [2, 3, 3, 4, 7, 8, 9]
    assert len(history(db)) == before + 1
    now = {s.id: s for s in states(db)}
    assert now[items.water].status == "open" and now[items.drains].progress == 0
    assert now[items.dust].notes.startswith("@ทีมงาน")


def test_an_edited_row_without_version_is_refused(db: Database, items: Items) -> None:
    edited = edit_csv(
        export(db, "csv"),
        {
            (items.water, "status"): "done",
            (items.water, "version"): "",
            (items.dust, "version"): "",
        },
    )
    the_plan = plan(db, edited, "csv")
    assert the_plan.changes == []
    assert [(e.row, e.item_id) for e in the_plan.errors] == [(2, items.water)]
    assert the_plan.errors[0].reason.startswith("version: empty")


# ----------------------------------------------------------------------------- export


def test_csv_export_has_a_bom_the_header_and_iso_dates(db: Database, items: Items) -> None:
    data = export(db, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(COLUMNS)
    water = dict(zip(COLUMNS, next(csv.reader([lines[1]])), strict=True))
    assert water == {
        "id": items.water,
        "record_id": water["record_id"],
        "record_title": "การประชุมหารือความร่วมมือด้านการจัดการน้ำ กรุงโตเกียว",
        "meeting_date": "2018-11-04",
        "text": "ให้สำนักการระบายน้ำรายงานผลการศึกษาให้กองการต่างประเทศทราบ",
        "agencies": "สำนักการระบายน้ำ; กองการต่างประเทศ",
        "assignee": "",
        "status": "open",
        "progress": "0",
        "due_date": "2019-02-28",
        "notes": "",
        "version": "1",
    }


def test_xlsx_export_has_a_frozen_bold_header_widths_and_date_cells(
    db: Database, items: Items
) -> None:
    sheet = load_workbook(io.BytesIO(export(db, "xlsx"))).active
    assert sheet.title == "follow-ups" and sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["E"].width == 60  # text
    due = sheet.cell(row=2, column=COLUMNS.index("due_date") + 1)
    assert due.is_date and due.value == datetime(2019, 2, 28)
    assert sheet.cell(row=2, column=COLUMNS.index("progress") + 1).value == 0
    assert sheet.max_row == 5


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="csv or xlsx"):
        export_items([], "ods")


# ----------------------------------------------------------------------------- reading


def test_cp874_csv_is_decoded() -> None:
    data = "id,notes\r\n1-x,บันทึกภาษาไทย\r\n".encode("cp874")
    assert read_sheet(data, "old.csv") == [{"id": "1-x", "notes": "บันทึกภาษาไทย"}]


def test_semicolons_tabs_utf16_and_header_case_are_understood() -> None:
    assert read_sheet(b"ID;Status\n1-x;done\n", "a.csv") == [{"id": "1-x", "status": "done"}]
    unicode_text = "id\tstatus\r\n1-x\tเสร็จ\r\n".encode("utf-16")
    assert read_sheet(unicode_text, "a.txt") == [{"id": "1-x", "status": "เสร็จ"}]


def test_blank_rows_between_filled_rows_keep_row_numbers() -> None:
    rows = read_sheet(b"id,status\r\n\r\n1-x,done\r\n\r\n\r\n", "a.csv")
    assert rows == [{"id": "", "status": ""}, {"id": "1-x", "status": "done"}]


def test_xlsx_cells_read_as_the_text_that_was_meant() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ID", "progress", "due_date", "notes", "version"])
    sheet.append(["1-x", 50.0, datetime(2019, 3, 31), 12.5, 2])
    sheet.append(["1-y", 7, datetime(2019, 3, 31, 14, 30), True, None])
    out = io.BytesIO()
    workbook.save(out)
    assert read_sheet(out.getvalue(), "upload") == [
        {"id": "1-x", "progress": "50", "due_date": "2019-03-31", "notes": "12.5", "version": "2"},
        {
            "id": "1-y",
            "progress": "7",
            "due_date": "2019-03-31 14:30:00",
            "notes": "TRUE",
            "version": "",
        },
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "empty"),
        (b" \r\n\r\n", "a.csv", "empty"),
        ("\ufeff".encode(), "a.csv", "empty"),
        (b"name,status\r\nx,done\r\n", "a.csv", "no 'id' column"),
        (b"id,status,ID\r\n", "a.csv", "names a column twice: id"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "a.xls", r"old Excel \(.xls\)"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "damaged"),
        (b"id,status\r\n1-x,done\r\n", "a.xlsx", "not an Excel workbook"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "a.gif", "binary data"),
        (bytes(range(0x80, 0x100)) * 4, "a.csv", "not a spreadsheet, nor CSV"),
    ],
)
def test_files_that_are_not_follow_up_sheets_are_refused(
    data: bytes, filename: str, message: str
) -> None:
    with pytest.raises(SheetError, match=message):
        read_sheet(data, filename)


def test_too_many_rows_are_refused() -> None:
    header = b"id,status\r\n"
    assert len(read_sheet(header + b"1-x,done\r\n" * MAX_ROWS, "a.csv")) == MAX_ROWS
    with pytest.raises(SheetError, match="too many rows"):
        read_sheet(header + b"1-x,done\r\n" * (MAX_ROWS + 1), "a.csv")


def test_importing_nothing_changes_nothing(db: Database, items: Items) -> None:
    with db.session() as session:
        count = session.scalar(select(func.count()).select_from(FollowUpChange))
    report = apply(db, plan(db, ",".join(COLUMNS).encode(), "csv"))
    assert (report.applied, report.item_ids, report.errors) == (0, [], [])
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(FollowUpChange)) == count
