"""Due dates of follow-up items: the deadline as a manager reads it."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.extract.actions import due_date

MEETING = date(2023, 11, 30)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("จะลงนามบันทึกความเข้าใจภายในปี 2568", date(2025, 12, 31)),
        ("จัดตั้งคณะทำงานร่วมให้แล้วเสร็จภายในปีงบประมาณ พ.ศ. ๒๕๖๗", date(2024, 9, 30)),
        ("เร่งจัดทำแผนปฏิบัติการร่วมภายในปีนี้", date(2023, 12, 31)),
        ("จะจัดการประชุมคณะกรรมการร่วมครั้งต่อไปภายในปีหน้า", date(2024, 12, 31)),
        ("จัดตั้งคณะทำงานภายในเดือนมีนาคม 2564", date(2021, 3, 31)),
        ("ให้กรมการจัดหางานจัดทำคู่มือให้แล้วเสร็จภายในเดือนมีนาคม", date(2024, 3, 31)),
        ("ให้รายงานผลภายในเดือนธันวาคมนี้", date(2023, 12, 31)),
        (
            "ลงนามปฏิญญาร่วมฯ ในช่วงการเยือนประเทศไทยของประธานาธิบดีเยอรมนี 24-26 ม.ค. 2567",
            date(2024, 1, 26),
        ),
        (
            "นำเสนอผลการประชุมต่อที่ประชุมเจ้าหน้าที่อาวุโส ซึ่งจะจัดขึ้นระหว่างวันที่ 22 – 27 พฤษภาคม 2567",
            date(2024, 5, 22),
        ),
        ("ให้กรมราชทัณฑ์รายงานสาเหตุภายใน 30 วัน", date(2023, 12, 30)),
        ("ให้ส่งข้อมูลภายใน 2 สัปดาห์", date(2023, 12, 14)),
        ("ให้ปรับปรุงระเบียบภายใน 3 เดือน", date(2024, 2, 29)),
        ("ให้แล้วเสร็จภายในวันที่ 15 มกราคม", date(2024, 1, 15)),
        ("ที่ประชุมรับทราบรายงานเมื่อวันที่ 1 ตุลาคม 2566", None),
        ("ทั้งสองฝ่ายจะส่งเสริมความร่วมมือด้านการท่องเที่ยว", None),
    ],
)
def test_due_date(text: str, due: date | None) -> None:
    assert due_date(text, after=MEETING) == due


def test_a_year_or_span_relative_to_the_meeting_needs_the_meeting_date() -> None:
    assert due_date("ภายใน 30 วัน") is None
    assert due_date("ภายในปีนี้") is None
    assert due_date("ภายในปี 2568") == date(2025, 12, 31)


def test_a_yearless_29_february_already_past_falls_on_the_28th_next_year() -> None:
    assert due_date("ให้แล้วเสร็จภายในวันที่ 29 กุมภาพันธ์", after=date(2024, 3, 5)) == date(
        2025, 2, 28
    )
