"""Deadlines stated as a period: the day each ends, and the periods that are no deadline."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.extract.periods import period_dues

MEETING = date(2023, 11, 30)
FEBRUARY = date(2024, 2, 10)


def first_due(text: str, after: date) -> date | None:
    stated = period_dues(text, after)
    return min(stated)[1] if stated else None


@pytest.mark.parametrize(
    ("text", "after", "due"),
    [
        ("คาดว่าจะแล้วเสร็จประมาณปลายปีนี้", MEETING, date(2023, 12, 31)),
        ("ตอนปลายปีนี้จะจัดงานส่งเสริมการค้า", MEETING, date(2023, 12, 31)),
        ("ตั้งเป้าฉีดวัคซีนให้ได้ภายในสิ้นปี 70 ล้านโดส", MEETING, date(2023, 12, 31)),
        ("ขยายระยะเวลาโครงการจากเดิมสิ้นปี 2565 เป็นสิ้นปี 2567", MEETING, date(2024, 12, 31)),
        ("ให้ส่งรายงานภายในปลายเดือนหน้า", date(2023, 12, 5), date(2024, 1, 31)),
        ("ภายในปลายเดือนกุมภาพันธ์ 67", MEETING, date(2024, 2, 29)),
        ("จะเปิดตลาดในปลายเดือนตุลาคม", MEETING, date(2024, 10, 31)),
        # month names as the date parser reads them: misspelt, abbreviated with a space
        ("ให้แล้วเสร็จภายในปลายเดือนกรกฏาคม", MEETING, date(2024, 7, 31)),
        ("ภายในปลายเดือน พ. ย. 67", MEETING, date(2024, 11, 30)),
        ("เดือนหน้าจะมีการประชุมว่าด้วยมาตรการ SPS", date(2023, 12, 20), date(2024, 1, 31)),
        # quarters: of the calendar year, or of the budget's fiscal year (October to September)
        ("ให้แล้วเสร็จภายในไตรมาสที่ 1-2 ของปี 2567", MEETING, date(2024, 6, 30)),
        ("คณะกรรมการรักษาความสงบจะเสนอแผนภายในไตรมาสแรกของปี 2567", MEETING, date(2024, 3, 31)),
        ("ให้เร่งเบิกจ่ายงบประมาณไตรมาสที่ 2 ให้ได้ตามเป้าหมาย", MEETING, date(2024, 3, 31)),
        ("ให้เบิกจ่ายให้ได้ภายในไตรมาสที่ 2 ของปีงบประมาณนี้", MEETING, date(2024, 3, 31)),
        ("ให้ดำเนินการภายในไตรมาสแรกของปีงบประมาณหน้า", MEETING, date(2024, 12, 31)),
        ("ให้เบิกจ่ายงบ 50 ล้านบาท ให้แล้วเสร็จภายในไตรมาสที่ 2", MEETING, date(2024, 3, 31)),
        ("งบประมาณ 2567 เงินอุดหนุนเฉพาะกิจ ไตรมาสที่ 1 ให้กับสถาบัน", MEETING, date(2023, 12, 31)),
        # halves
        ("จะจัดการประชุมคณะทำงานร่วมในช่วงครึ่งแรกของปีหน้า", MEETING, date(2024, 6, 30)),
        ("ให้เบิกจ่ายได้ร้อยละ 50 ภายในครึ่งแรกของปีงบประมาณ 2567", MEETING, date(2024, 3, 31)),
        # no deadline: past, a point, a start, recurring, a plan's or a school's year
        ("จะจัดการประชุมในช่วงครึ่งหลังของเดือนมีนาคม", FEBRUARY, None),
        ("เนื่องจากยอดส่งออกไตรมาสที่ 4 ของปีที่แล้วลดลง จึงให้กรมฯ หาตลาดใหม่", FEBRUARY, None),
        ("สถานการณ์ที่เกิดขึ้นช่วงปลายปีก่อนทำให้ต้องเร่งแก้ไข", FEBRUARY, None),
        ("ได้รับบริจาควัคซีนเมื่อปลายเดือนกรกฎาคม 2566 ที่ผ่านมา", MEETING, None),
        ("ให้รายงานยอดคงค้าง ณ สิ้นปี 2566 ต่อที่ประชุม", MEETING, None),
        ("คาดว่าจะมีการใช้จ่ายตั้งแต่สิ้นเดือนธันวาคม", MEETING, None),
        ("จะเริ่มเปิดรับสมัครตั้งแต่ต้นเดือนหน้า", MEETING, None),
        ("ให้รายงานผลการดำเนินงานทุกสิ้นเดือน", MEETING, None),
        ("ให้ประเมินผลภายในสิ้นปีที่ 3 ของแผน", MEETING, None),
        ("ให้แล้วเสร็จก่อนสิ้นปีการศึกษา 2566", MEETING, None),
        ("จะจัดโครงการแลกเปลี่ยนนักเรียนมัธยมศึกษาตอนปลายปีละ 1 ครั้ง", MEETING, None),
        ("แก้ปัญหาการส่งผลไม้ติดขัดที่ด่านของจีนในช่วงปลายปี 2565", MEETING, None),
    ],
)
def test_the_day_a_period_ends(text: str, after: date, due: date | None) -> None:
    assert first_due(text, after) == due
