from __future__ import annotations

import pytest

from indexer.extract.pagefurniture import drop_furniture
from indexer.extract.pagequality import score_page

GOOD = (
    "กระทรวงการต่างประเทศร่วมกับสำนักงานป้องกันยาเสพติดและปราบปรามอาชญากรรมแห่งสหประชาชาติ "
    "เป็นเจ้าภาพจัดการประชุม ณ ศูนย์การประชุมสหประชาชาติ กรุงเทพฯ เมื่อวันที่ ๒ พฤษภาคม ๒๕๖๐"
)


def test_a_good_thai_page_passes() -> None:
    score = score_page(GOOD)
    assert score.errors == 0
    assert score.dictionary_share > 0.9
    assert score.reason_for_ocr() is None


def test_error_counts() -> None:
    score = score_page("ศาสตร\uf70e ประจ\ufffdาปี ทีÉ ประจlาปี \u0e48นำ")
    assert (score.private_use, score.replacement) == (1, 1)
    assert score.latin_in_thai == 2  # É and l between Thai letters
    assert score.orphan_marks == 1  # the tone mark after a space
    assert score.reason_for_ocr() == "broken characters"


def test_thai_shifted_into_latin_extended_is_broken() -> None:
    # a form made on iOS: its printed Thai came out as Latin Extended letters (หน่วยงาน), only
    # the values typed into its fields as Thai
    shifted = "ĀîŠü÷Üćî ĀîŠü÷Üćî ĀîŠü÷Üćî ĀîŠü÷Üćî ĀîŠü÷Üćî ĀîŠü÷Üćî"
    score = score_page(f"{shifted} สำนักคอมพิวเตอร์")
    assert score.shifted == 48 and score.reason_for_ocr() == "broken characters"
    assert score_page(shifted).reason_for_ocr() == "broken characters"  # no Thai at all
    # names in Vietnamese or Polish among Thai words do not make a broken page
    names = "นายหวู ดึ๊ก ดาม (Vũ Đức Đam) และนาย Łukasz Wójcik จาก Kraków"
    assert score_page(f"{GOOD} {names}").shifted == 0


@pytest.mark.parametrize(
    ("text", "scanned", "reason"),
    [
        ("", False, "no text layer"),
        ("๑๒", True, "no text layer"),
        ("Tbe qulck brown f0x jumped over tbe lazy d0g again and again", True, "no Thai"),
        ("Minutes of the meeting of the ASEAN working group on transport", False, None),
        ("ฟหกด่าสว ฟหกดเ้ หกดฟ่าส ฟหกด่าสว ฟหกดเ้ หกดฟ่าส ฟหกดเ้ฟหก", False, "low dictionary share"),
    ],
)
def test_reasons_for_ocr(text: str, scanned: bool, reason: str | None) -> None:
    assert score_page(text).reason_for_ocr(scanned=scanned) == reason


def test_a_reading_with_thai_beats_one_without() -> None:
    latin_garbage = score_page("Iii lIl ,,:; ~~ rn rn m1 lIIl il l1")
    ocr = score_page(GOOD)
    assert ocr.better_than(latin_garbage)
    assert not latin_garbage.better_than(ocr)


def test_running_headers_footers_and_page_numbers_dropped() -> None:
    bodies = [
        ["การประชุมคณะทำงาน", "ครั้งที่ 1/2567", "ณ ห้องประชุม"],
        ["ผู้เข้าร่วมประชุม", "มติที่ประชุม", "การดำเนินงานต่อไป"],
        ["ปิดประชุมเวลา 16.30 น.", "ผู้จดรายงานการประชุม", "ผู้ตรวจรายงาน"],
    ]
    pages = [
        [f"ข้อสอบปลายภาค วิชา Knowledge Management หน้า {n}/3", *body, f"- {n} -"]
        for n, body in enumerate(bodies, 1)
    ]
    assert drop_furniture(pages) == bodies


def test_body_lines_are_not_furniture() -> None:
    pages = [
        ["บันทึกการประชุม", "วาระที่ 1", "ข้อความหลัก", "ปิดประชุม", "หน้า ๑"],
        ["ผลการประชุม", "ข้อความหลัก", "วาระที่ 2", "ข้อความอื่น", "หน้า ๒"],
    ]
    # "ข้อความหลัก" and "วาระที่ #" recur, but not at the same place on the page
    assert drop_furniture(pages) == [
        ["บันทึกการประชุม", "วาระที่ 1", "ข้อความหลัก", "ปิดประชุม"],
        ["ผลการประชุม", "ข้อความหลัก", "วาระที่ 2", "ข้อความอื่น"],
    ]


def test_a_single_page_keeps_its_header_but_not_its_page_number() -> None:
    assert drop_furniture([["สำนักงานปลัด", "เนื้อหา", "1"]]) == [["สำนักงานปลัด", "เนื้อหา"]]
