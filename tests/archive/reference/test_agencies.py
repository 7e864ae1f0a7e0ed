"""Offices named in follow-up text: known names, abbreviations and names the table lacks."""

from __future__ import annotations

import pytest

from archive.reference.agencies import find_agencies


@pytest.mark.parametrize(
    ("text", "offices"),
    [
        # "ฯ" ends an abbreviated name; the next word is not part of it
        ("ให้ประสานหน่วยงานต่าง ๆ ของกระทรวงเกษตรฯ คัดสรรสินค้าเกษตรคุณภาพ", ["กระทรวงเกษตรและสหกรณ์"]),
        ("กระทรวงดิจิทัลฯ เสนอร่างกฎกระทรวง", ["กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"]),
        ("กรมอุตุฯ แจ้งเตือน", ["กรมอุตุนิยมวิทยา"]),
        # two abbreviated names in a row are two offices
        ("กระทรวงเกษตรฯ และกรมพินิจฯ", ["กระทรวงเกษตรและสหกรณ์", "กรมพินิจและคุ้มครองเด็กและเยาวชน"]),
        # an abbreviation that fits no one office is kept as written
        ("สำนักงานเกษตรต่างประเทศของกระทรวงเกษตรฯ ไทย", ["สำนักงานเกษตรต่างประเทศของกระทรวงเกษตรฯ"]),
        # a bare "the office" or "the ministry", a royal title and a regulation are no office
        ("สำนักงานฯ เตรียมจัดงาน", []),
        ("กระทรวงฯ ขอขอบคุณ", []),
        ("สมเด็จพระกนิษฐาธิราชเจ้า กรมสมเด็จพระเทพรัตนราชสุดาฯ สยามบรมราชกุมารี", []),
        ("ร่างกฎกระทรวงว่าด้วยมาตรฐานหลักเกณฑ์", []),
    ],
)
def test_offices_named(text: str, offices: list[str]) -> None:
    assert find_agencies(text) == offices
