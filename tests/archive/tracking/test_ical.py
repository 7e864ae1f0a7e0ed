"""The iCalendar feed of due dates, parsed back with the icalendar package."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from archive.store.db import Database
from archive.store.recorddata import FollowUpData, RecordData
from archive.store.save import save_record
from archive.tracking.dashboard import ItemState, item_states
from archive.tracking.edits import update_follow_up
from archive.tracking.ical import due_dates_calendar, shorten
from indexer.extract.actions import item_key
from indexer.extract.parsing import content_hash

TODAY = date(2019, 3, 1)
LONG = (
    "ให้สำนักการระบายน้ำรายงานผลการศึกษาแนวทางการจัดการน้ำท่วมในเขตเมืองให้กองการต่างประเทศ"
    "ทราบภายในวันที่ 28 กุมภาพันธ์ 2562 เพื่อประกอบการพิจารณาของผู้บริหาร"
)


def _state(item_id: str, **fields: Any) -> ItemState:
    values: dict[str, Any] = {
        "id": item_id,
        "record_id": 7,
        "record_title": "การประชุมหารือความร่วมมือด้านการจัดการน้ำ, กรุงโตเกียว",
        "meeting_date": date(2018, 11, 4),
        "organization": None,
        "mission_group": None,
        "text": "ให้สำนักการโยธาจัดทำแผนปรับปรุงท่อระบายน้ำ",
        "status": "open",
        "progress": 0,
        "due_date": date(2019, 3, 31),
        "agencies": ["สำนักการโยธา"],
        "assignee": None,
        "notes": "",
        "version": 1,
        "removed_from_source": False,
        "manual": False,
    }
    values.update(fields)
    return ItemState(**values)


def _url(item_id: str) -> str:
    return f"https://archive.example/follow-ups/{item_id}"


def _events(states: list[ItemState]) -> tuple[Calendar, dict[str, Any]]:
    data = due_dates_calendar(states, name="เรื่องติดตาม: ทุกหน่วยงาน", item_url=_url, today=TODAY)
    calendar = Calendar.from_ical(data)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_one_all_day_event_per_open_item_with_a_due_date() -> None:
    calendar, events = _events(
        [
            _state("7-open", text=LONG, due_date=date(2019, 2, 28), progress=40),
            _state("7-going", status="in_progress", due_date=date(2019, 4, 30)),
            _state("7-done", status="done"),
            _state("7-cancelled", status="cancelled"),
            _state("7-removed", removed_from_source=True),
            _state("7-undated", due_date=None),
        ]
    )
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "เรื่องติดตาม: ทุกหน่วยงาน"
    assert sorted(events) == ["7-going@thai-meeting-archive", "7-open@thai-meeting-archive"]
    first = events["7-open@thai-meeting-archive"]
    assert first.decoded("DTSTART") == date(2019, 2, 28)
    assert first.decoded("DTEND") == date(2019, 3, 1)  # all-day: the end is exclusive
    assert first.decoded("DTSTAMP") == datetime(2019, 3, 1, tzinfo=UTC)
    assert str(first["URL"]) == _url("7-open")
    assert str(first["TRANSP"]) == "TRANSPARENT"
    assert events["7-going@thai-meeting-archive"].decoded("DTSTART") == date(2019, 4, 30)


def test_summary_is_the_thai_text_shortened_and_description_says_the_rest() -> None:
    _, events = _events(
        [
            _state(
                "7-open",
                text=LONG,
                due_date=date(2019, 2, 28),
                status="in_progress",
                progress=40,
                agencies=["สำนักการระบายน้ำ", "กองการต่างประเทศ"],
                assignee="somchai",
            )
        ]
    )
    event = events["7-open@thai-meeting-archive"]
    summary = str(event["SUMMARY"])
    assert summary.endswith("…") and len(summary) <= 80
    assert LONG.startswith(summary.removesuffix("…"))
    assert str(event["DESCRIPTION"]).split("\n") == [
        LONG,
        "",
        "รายงานการประชุม: การประชุมหารือความร่วมมือด้านการจัดการน้ำ, กรุงโตเกียว",
        "หน่วยงานที่รับผิดชอบ: สำนักการระบายน้ำ, กองการต่างประเทศ",
        "ผู้รับผิดชอบ: somchai",
        "สถานะ: อยู่ระหว่างดำเนินการ (40%)",
        "เลยกำหนดแล้ว",
        _url("7-open"),
    ]
    assert [str(c) for c in event["CATEGORIES"].cats] == ["สำนักการระบายน้ำ", "กองการต่างประเทศ"]


def test_items_not_yet_due_get_a_reminder_three_days_before() -> None:
    _, events = _events(
        [_state("7-later", due_date=date(2019, 3, 31)), _state("7-late", due_date=date(2019, 2, 1))]
    )
    [alarm] = events["7-later@thai-meeting-archive"].walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(days=2, hours=15)  # 09:00 three days before
    assert events["7-late@thai-meeting-archive"].walk("VALARM") == []


def test_uid_is_stable_and_sequence_follows_the_version() -> None:
    _, before = _events([_state("7-a", version=1)])
    _, after = _events([_state("7-a", version=3, due_date=date(2019, 5, 15))])
    assert list(before) == list(after) == ["7-a@thai-meeting-archive"]
    assert int(after["7-a@thai-meeting-archive"]["SEQUENCE"]) == 3
    assert after["7-a@thai-meeting-archive"].decoded("DTSTART") == date(2019, 5, 15)


def test_an_empty_feed_is_still_a_valid_calendar() -> None:
    calendar, events = _events([])
    assert events == {} and str(calendar["PRODID"]).startswith("-//Thai Meeting Archive")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("สั้น ๆ", "สั้น ๆ"),
        ("บรรทัด\nใหม่   ช่องว่าง", "บรรทัด ใหม่ ช่องว่าง"),
        ("ก" * 10 + " " + "ข" * 20, "ก" * 10 + "…"),
        ("ก" * 9 + "ที่" + "ข" * 10, "ก" * 9 + "…"),  # not between ท and its marks
        ("ก" * 9 + "เด็ก", "ก" * 9 + "…"),  # not after a leading vowel
    ],
)
def test_shorten_cuts_at_a_space_or_a_whole_thai_syllable(text: str, expected: str) -> None:
    assert shorten(text, 20 if " " in text else 11) == expected


def test_the_feed_from_stored_items(db: Database) -> None:
    text = "ให้สำนักสิ่งแวดล้อมเสนอแผนลดฝุ่น PM2.5 ภายในเดือนมีนาคม ๒๕๖๒"
    with db.session() as session:
        record_id = save_record(
            session,
            RecordData(
                title="การประชุมคณะกรรมการร่วมไทย–ญี่ปุ่น",
                text="เนื้อหา",
                source_path="/docs/japan.txt",
                content_hash=content_hash("เนื้อหา"),
                follow_ups=[
                    FollowUpData(
                        text=text,
                        key=item_key(text),
                        agencies=["สำนักสิ่งแวดล้อม"],
                        due_date=date(2019, 3, 31),
                    )
                ],
            ),
        ).record_id
        [state] = item_states(session, today=TODAY)
        update_follow_up(session, state.id, {"progress": 60}, user=None, version=1)
        [state] = item_states(session, today=TODAY)
    _, events = _events([state])
    event = events[f"{state.id}@thai-meeting-archive"]
    assert state.id.startswith(f"{record_id}-")
    assert str(event["SUMMARY"]) == text
    assert event.decoded("DTSTART") == date(2019, 3, 31)
    assert "สถานะ: รอดำเนินการ (60%)" in str(event["DESCRIPTION"]).split("\n")
