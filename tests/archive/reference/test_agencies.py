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
        # an acronym after "กระทรวง" is the ministry, once
        (
            "มอบหมายให้กระทรวง พม. และกระทรวงการต่างประเทศ ร่วมรับผิดชอบ",
            ["กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "กระทรวงการต่างประเทศ"],
        ),
        # an official's title or a meeting's name names who speaks or decides, not who acts
        ("นายไพโรจน์ โชติกเสถียร รองปลัดกระทรวงแรงงาน รักษาราชการแทนอธิบดีกรมการจัดหางาน", []),
        ("นายธนกร โฆษกประจำสำนักนายกรัฐมนตรี เผย สั่งการให้กระทรวงแรงงานเร่งจัดหา", ["กระทรวงแรงงาน"]),
        ("ที่ประชุม ศบค. มีมติปรับระดับพื้นที่สถานการณ์", []),
        ("สืบเนื่องจากการประชุมคณะผู้ว่าราชการจังหวัดชายแดนไทย – กัมพูชา ครั้งที่ 6", []),
        # a minister acts for the ministry
        ("มอบหมายให้รัฐมนตรีว่าการกระทรวงการต่างประเทศพิจารณากิจกรรม", ["กระทรวงการต่างประเทศ"]),
        ("ขอให้ ศบค. รายงาน", ["ศูนย์บริหารสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019"]),
        ("จึงขอให้ผู้ว่าราชการจังหวัดทุกจังหวัดบริหารจัดการน้ำ", ["ผู้ว่าราชการจังหวัด"]),
    ],
)
def test_offices_named(text: str, offices: list[str]) -> None:
    assert find_agencies(text) == offices
