"""Offices named in follow-up text: known names, abbreviations, names the table lacks, and which
of them are named as bodies that act."""

from __future__ import annotations

import pytest

from archive.reference.agencies import find_agencies, responsible_agencies

ARMED_SERVICES = "เหล่าทัพ"
CCSA = "ศูนย์บริหารสถานการณ์การแพร่ระบาดของโรคติดเชื้อไวรัสโคโรนา 2019"


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
        ("ขอให้ ศบค. รายงาน", [CCSA]),
        ("จึงขอให้ผู้ว่าราชการจังหวัดทุกจังหวัดบริหารจัดการน้ำ", ["ผู้ว่าราชการจังหวัด"]),
        ("ขอให้ทุกเหล่าทัพ เตรียมการสนับสนุน", [ARMED_SERVICES]),
        # two names with no space between: the unknown one ends where the known one starts
        (
            "ให้สำนักโฆษก สำนักเลขาธิการนายกรัฐมนตรี ประชาสัมพันธ์",
            ["สำนักโฆษก", "สำนักเลขาธิการนายกรัฐมนตรี"],
        ),
        # a stop word inside a word does not end a name ("ที่" in "เที่ยว")
        ("กระทรวงการท่องเที่ยว จะจัด", ["กระทรวงการท่องเที่ยว"]),
        (
            "สำนักงานผู้ว่าราชการจังหวัดเชียงใหม่",
            ["สำนักงานผู้ว่าราชการจังหวัดเชียงใหม่", "ผู้ว่าราชการจังหวัด"],
        ),
        # named in a title is still named ("ณ ห้องประชุมอธิบดี กรม…" is that department's room)
        ("ณ ห้องประชุมอธิบดี กรมการค้าต่างประเทศ", ["กรมการค้าต่างประเทศ"]),
    ],
)
def test_offices_named(text: str, offices: list[str]) -> None:
    assert find_agencies(text) == offices


@pytest.mark.parametrize(
    ("text", "offices"),
    [
        # an official's title or a meeting's name names who speaks or decides, not who acts
        ("นายไพโรจน์ โชติกเสถียร รองปลัดกระทรวงแรงงาน รักษาราชการแทนอธิบดีกรมการจัดหางาน", []),
        ("นายธนกร โฆษกประจำสำนักนายกรัฐมนตรี เผย สั่งการให้กระทรวงแรงงานเร่งจัดหา", ["กระทรวงแรงงาน"]),
        ("ที่ประชุม ศบค. มีมติปรับระดับพื้นที่สถานการณ์", []),
        ("สืบเนื่องจากการประชุมคณะผู้ว่าราชการจังหวัดชายแดนไทย – กัมพูชา ครั้งที่ 6", []),
        ("รองผู้ว่าราชการจังหวัดเชียงใหม่ กล่าว", []),
        # ... unless the official is the one told to act; a minister acts for the ministry
        ("มอบหมายให้ปลัดกระทรวงสาธารณสุขเร่งดำเนินการ", ["กระทรวงสาธารณสุข"]),
        ("มอบหมายให้รองปลัดกระทรวงแรงงานเร่งประสาน", ["กระทรวงแรงงาน"]),
        ("มอบหมายให้รัฐมนตรีว่าการกระทรวงการต่างประเทศพิจารณากิจกรรม", ["กระทรวงการต่างประเทศ"]),
        # an office whose name ends in a title word is no title ("สำนักโฆษก"); "…ครอง" is no "รอง"
        (
            "ให้สำนักโฆษก สำนักเลขาธิการนายกรัฐมนตรี ประชาสัมพันธ์",
            ["สำนักโฆษก", "สำนักเลขาธิการนายกรัฐมนตรี"],
        ),
        (
            "มอบหมายให้กรมการปกครอง กรมศุลกากร และสำนักงานตรวจคนเข้าเมือง จัดทำ",
            ["กรมการปกครอง", "กรมศุลกากร", "สำนักงานตรวจคนเข้าเมือง"],
        ),
    ],
)
def test_offices_that_act(text: str, offices: list[str]) -> None:
    assert responsible_agencies(text) == offices


@pytest.mark.parametrize(
    "text",
    [
        "ให้มีการพัฒนาทรัพยากรมนุษย์ให้สอดคล้องกับความต้องการของตลาด",  # "กรม" inside ทรัพยากร|มนุษย์
        "ที่ประชุมเห็นชอบให้ออกกฎกระทรวงป่าชายเลน จ.ระยอง",  # a ministerial regulation
        "ข้อกำหนดขององค์กรมีผลตั้งแต่วันนี้",  # "กรม" across องค์กร|มีผล
        "ส่งเสริมการปลูกมะพร้าวในพื้นที่ของเกษตรกรมะพร้าว",
    ],
)
def test_an_office_word_inside_another_word_names_no_office(text: str) -> None:
    assert find_agencies(text) == []


def test_an_unknown_office_that_starts_a_word_is_still_named() -> None:
    assert find_agencies("มอบหมายให้กรมการท่องเที่ยวดำเนินการ") == ["กรมการท่องเที่ยว"]
    assert find_agencies("โดยกรมพัฒนาฝีมือแรงงานจัดอบรม") == ["กรมพัฒนาฝีมือแรงงาน"]
    # a word that ends names further on may start one right after "กรม" or "กอง"
    assert find_agencies("ให้กรมจัดหางานเร่งประชาสัมพันธ์") == ["กรมจัดหางาน"]
    assert find_agencies("โดยกองจัดการคุณภาพอากาศ") == ["กองจัดการคุณภาพอากาศ"]


@pytest.mark.parametrize(
    ("text", "offices"),
    [
        # a surname that starts with "กอง" (the agriculture permanent secretary's)
        (
            "ดร.ทองเปลว กองจันทร์ ปลัดกระทรวงเกษตรและสหกรณ์ มอบหมายให้กรมชลประทานเร่งสำรวจ",
            ["กระทรวงเกษตรและสหกรณ์", "กรมชลประทาน"],
        ),
        # "the ministries", "the ministry that owns it", "ministries and departments": no name
        ("ขอให้กระทรวงต่างๆ ช่วยกันประชาสัมพันธ์", []),
        ("ให้กระทรวงเจ้าสังกัดกำกับดูแลหน่วยงานเจ้าของโครงการ", []),
        ("ขอให้ทุกกระทรวงทบวงกรมต้องบูรณาการการขับเคลื่อน", []),
        # an office word followed by a verb starts a sentence, not a name
        ("ตนได้สั่งการไปแล้วว่ากรมจะสนับสนุนทรัพยากรทุกอย่าง", []),
        # the name ends where the sentence goes on ("ทุกจังหวัด", "ต้อง", "เตรียม")
        ("ให้สำนักงานจังหวัดทุกจังหวัดต้องทำความเข้าใจ", ["สำนักงานจังหวัด"]),
        ("สำนักงานสาธารณสุขจังหวัดเตรียมความพร้อมการรับมือ", ["สำนักงานสาธารณสุขจังหวัด"]),
        # "กำกับ" ends a name, not the "กับ" inside it
        ("ให้สำนักงานอุตสาหกรรมจังหวัดกำกับดูแลโรงงาน", ["สำนักงานอุตสาหกรรมจังหวัด"]),
    ],
)
def test_generic_phrases_sentences_and_surnames_are_no_unknown_office(
    text: str, offices: list[str]
) -> None:
    assert find_agencies(text) == offices
