"""Foreign leaders named by title and name."""

from __future__ import annotations

from archive.reference.leaders import find_leaders


def countries(text: str) -> list[str]:
    return [m.country for m in find_leaders(text)]


def test_a_leader_after_a_title_in_thai_or_english() -> None:
    text = "ผมขอขอบคุณท่านประธานาธิบดีไบเดนและท่านนายกรัฐมนตรีคิชิดะที่จัดกิจกรรมในวันนี้"
    assert countries(text) == ["US", "JP"]
    assert countries("President Biden and Prime Minister Kishida") == ["US", "JP"]
    assert countries("ต้อนรับการมาเยือนของประธานาธิบดีสี จิ้นผิง ของจีน") == ["CN"]


def test_a_name_needs_its_title_and_must_end_there() -> None:
    assert countries("นายไบเดนกล่าวว่า") == []
    assert countries("ประธานาธิบดีสีหน้าไม่ดี") == []  # no Xi Jinping inside a longer word
    assert countries("นายกรัฐมนตรีพลเอกประยุทธ์ จันทร์โอชา") == []
    assert countries("ประธานาธิบดีสีเหลืองอ่อน") == []  # a vowel goes on the word too


def test_a_deputy_a_former_or_the_late_leader_is_not_the_leader() -> None:
    assert countries("เมื่อครั้งรองประธานาธิบดีไบเดนเยือนไทย") == []
    assert countries("ทั้งนี้ ปีก่อน อดีตประธานาธิบดีทรัมป์ได้ขึ้นภาษี") == []
    assert countries("พิธีรำลึกถึงอดีตนายกรัฐมนตรีอาเบะ") == []
    assert countries("Vice President Biden met former President Trump") == []
