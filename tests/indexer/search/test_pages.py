"""The page a snippet comes from: content lines (findings, follow-up items) found in a paged
record's text, spaces and a finding's number written otherwise aside."""

from __future__ import annotations

import json

from indexer.search.pages import content_page_at, content_pages, stored_pages

TEXT = (
    "สรุปผลการประชุมคณะกรรมการร่วมไทย–ลาว\n"
    "๑. ที่ประชุมรับทราบความคืบหน้าการก่อสร้าง\nสะพานมิตรภาพแห่งที่ห้า\n"
    "\n"
    "๒. ที่ประชุมเห็นชอบให้จัดตั้งคณะทำงานด้านการค้าชายแดน\n"
    "\n"
    "๓. การประชุมครั้งต่อไปจะจัดขึ้นที่นครหลวงเวียงจันทน์"
)
STARTS = [0, TEXT.index("๒."), TEXT.index("๓.")]


def test_each_content_line_is_on_the_page_of_its_text() -> None:
    content = "\n".join(
        [
            "1 ที่ประชุมรับทราบความคืบหน้าการก่อสร้างสะพานมิตรภาพแห่งที่ห้า",  # a line wrapped in the PDF
            "2 ที่ประชุมเห็นชอบให้จัดตั้ง คณะทำงานด้านการค้าชายแดน",  # spaces differ
            "ข้อความที่ผู้แก้ไขเพิ่มเอง",  # not in the text
            "๓. การประชุมครั้งต่อไปจะจัดขึ้นที่นครหลวงเวียงจันทน์",
        ]
    )
    runs = content_pages(content, TEXT, STARTS)
    lines = content.split("\n")
    second = len(lines[0]) + 1
    third = second + len(lines[1]) + 1
    fourth = third + len(lines[2]) + 1
    assert runs == [[0, 1], [second, 2], [third, 0], [fourth, 3]]
    stored = stored_pages(content, TEXT, STARTS)
    assert stored is not None and json.loads(stored) == runs
    pages = [content_page_at(stored, offset) for offset in (0, second - 1, second + 5, third + 2)]
    assert pages == [1, 1, 2, None]
    assert content_page_at(stored, len(content) - 1) == 3


def test_a_text_that_is_not_paged_has_no_pages() -> None:
    assert content_pages("ที่ประชุมรับทราบ", "ที่ประชุมรับทราบ", []) == []
    assert stored_pages("ที่ประชุมรับทราบ", "ที่ประชุมรับทราบ", None) is None
    assert content_page_at(None, 0) is None
