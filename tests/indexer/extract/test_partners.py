"""The foreign parties to a reported meeting."""

from __future__ import annotations

from indexer.extract.partners import find_parties, reports_meeting, source_spans


def test_an_ambassadors_courtesy_call() -> None:
    lead = (
        "วันนี้ (วันศุกร์ที่ 9 ตุลาคม 2563) เวลา 14.00 น. ณ ห้องสีงาช้าง ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล "
        "นายเชวัง โชเฟล ดอร์จี เอกอัครราชทูตราชอาณาจักรภูฏานประจำประเทศไทย เข้าเยี่ยมคารวะ นายกรัฐมนตรี"
    )
    parties = find_parties("นายกฯ ย้ำความร่วมมือไทย-ภูฏาน", [lead])
    assert parties.countries == ["BT"]  # Thailand is implied, never listed
    assert parties.organizations == []


def test_a_list_of_participants_counts_and_examples_do_not() -> None:
    lead = (
        "กอ.รมน. จัดประชุมประสานความร่วมมือร่วมกับผู้ช่วยทูตฝ่ายทหารของสถานเอกอัครราชทูตประเทศสมาชิก"
        "เอเปค จำนวน ๖ ประเทศ ได้แก่ ออสเตรเลีย ญี่ปุ่น สาธารณรัฐเกาหลี นิวซีแลนด์ สิงคโปร์ และสหรัฐอเมริกา "
        "เพื่อแลกเปลี่ยนแนวปฏิบัติ เช่น สิงคโปร์ อินโดนีเซีย"
    )
    parties = find_parties("กอ.รมน.ประชุมประสานความร่วมมือ", [lead])
    assert parties.countries == ["AU", "JP", "KR", "NZ", "SG", "US"]


def test_thailands_own_envoy_is_no_party() -> None:
    lead = (
        "นายอิทธิพล รัฐมนตรีว่าการกระทรวงวัฒนธรรม ให้การต้อนรับ นายสมชาย เอกอัครราชทูตไทยประจำรัสเซีย "
        "ในโอกาสเข้าพบหารือ ณ กระทรวงวัฒนธรรม"
    )
    assert find_parties("รมว.วธ. ให้การต้อนรับเอกอัครราชทูต", [lead]).countries == []


def test_a_bilateral_pair_and_an_organisation() -> None:
    lead = (
        "นายกรัฐมนตรีเข้าร่วมการประชุมผู้นำ ACMECS ครั้งที่ 9 ผ่านระบบการประชุมทางไกล ร่วมกับผู้นำ"
        "ประเทศสมาชิกอีก 4 ประเทศ ได้แก่ กัมพูชา สปป. ลาว เมียนมา เวียดนาม และเลขาธิการอาเซียน"
    )
    parties = find_parties("นายกฯ หารือความร่วมมือไทย – กัมพูชา", [lead])
    assert parties.countries == ["KH", "LA", "MM", "VN"]
    assert parties.organizations == ["ACMECS", "ASEAN"]


def test_no_meeting_no_parties() -> None:
    lead = "คณะรัฐมนตรีรับทราบมาตรการจ้างงาน โดยสหรัฐอเมริกาและญี่ปุ่นมีมาตรการคล้ายกัน"
    assert not reports_meeting("ครม. รับทราบมาตรการจ้างงาน", [lead])
    assert find_parties("ครม. รับทราบมาตรการจ้างงาน", [lead]).countries == []
    assert not reports_meeting("คำกล่าวของนายกรัฐมนตรี ในการประชุม", [lead])


def test_each_party_keeps_where_it_was_read() -> None:
    title = "ไทย-สิงคโปร์ หารือ"
    lead = "รัฐมนตรีหารือกับรัฐมนตรีว่าการกระทรวงสื่อสารและสารสนเทศสิงคโปร์ และผู้แทนธนาคารโลก"
    parties = find_parties(title, [lead])
    text = f"{title}\n\n{lead}\n"
    found = source_spans(parties, lambda phrase, after: _span(text, phrase, after))
    assert text[slice(*found["SG"])] == "สิงคโปร์"
    assert text[slice(*found["World Bank"])] == "ธนาคารโลก"


def _span(text: str, phrase: str, after: int) -> tuple[int, int] | None:
    start = text.find(phrase, after)
    return (start, start + len(phrase)) if start >= 0 else None
