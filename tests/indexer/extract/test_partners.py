"""The foreign parties to a reported meeting."""

from __future__ import annotations

from indexer.extract.parsing import parse_text
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


def test_a_market_or_its_traders_are_no_party() -> None:
    title = "ปลัดพาณิชย์เป็นสักขีพยานในพิธีลงนามการเชื่อมโยงส่งออกผลไม้ไทยจากพาณิชย์จังหวัดสู่ตลาดฮ่องกง"
    lead = "โดยเป็นการลงนามซื้อขายมะม่วงระหว่างผู้ส่งออกไทยกับผู้นำเข้าฮ่องกง ปริมาณรวม 2,200 ตัน"
    assert find_parties(title, [lead]).countries == []


def test_the_country_a_thai_delegation_visits_is_a_party() -> None:
    lead = (
        "นายอลงกรณ์ พลบุตร เป็นหัวหน้าคณะผู้แทนของกระทรวงเกษตรและสหกรณ์เดินทางเยือนซาอุดีอาระเบีย"
        "ระหว่างวันที่ 15-19 พฤษภาคมนี้ เพื่อหารือความร่วมมือด้านการเกษตร"
    )
    assert find_parties("กระทรวงเกษตรฯ หารือความร่วมมือ", [lead]).countries == ["SA"]


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


def test_the_host_of_the_meeting_is_a_party() -> None:
    lead = (
        "นายอิทธิพล คุณปลื้ม รัฐมนตรีว่าการกระทรวงวัฒนธรรม เข้าร่วมการประชุมรัฐมนตรีอาเซียนด้านวัฒนธรรม "
        "ผ่านระบบการประชุมทางไกล โดยมี นางสวนสวรรค์ วิยะเกต รัฐมนตรีว่าการกระทรวงแถลงข่าว วัฒนธรรม "
        "และท่องเที่ยว สาธารณรัฐประชาธิปไตยประชาชนลาว เป็นเจ้าภาพในการจัดการประชุมดังกล่าว"
    )
    assert find_parties("วธ.ร่วมประชุมรัฐมนตรีอาเซียน", [lead]).countries == ["LA"]


def test_dialogue_partners_named_in_brackets_take_part() -> None:
    lead = (
        "รัฐมนตรีประจำสำนักนายกรัฐมนตรี นำคณะร่วมประชุมรัฐมนตรีสารนิเทศอาเซียน และคู่เจรจาบวกสาม "
        "เล็งเห็นถึงความสำคัญในการร่วมมือกับประเทศคู่เจรจา +3 (จีน เกาหลี ญี่ปุ่น) ซึ่งที่ผ่านมา"
    )
    assert find_parties("ประชุมรัฐมนตรีสารนิเทศอาเซียน", [lead]).countries == ["CN", "KR", "JP"]


def test_a_cabinet_decision_reports_no_meeting() -> None:
    lead = (
        "นางสาวรัชดา ธนาดิเรก รองโฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยหลังการประชุมคณะรัฐมนตรี (ครม.) "
        "ว่า ครม.เห็นชอบร่างบันทึกความเข้าใจความร่วมมือในการพัฒนาไฟฟ้าในสาธารณรัฐประชาธิปไตยประชาชนลาว"
    )
    title = "ครม.เห็นชอบร่าง MOU ขยายความร่วมมือด้านไฟฟ้าไทย-ลาว"
    assert not reports_meeting(title, [lead])
    assert find_parties(title, [lead]).countries == []
    # approving the outcome of a meeting with a partner still reports that meeting
    assert reports_meeting("ครม.เห็นชอบผลการประชุมคณะกรรมาธิการร่วมทวิภาคี ไทย-กัมพูชา", [lead])


def test_a_cabinet_decision_told_in_the_opening_under_another_title_reports_no_meeting() -> None:
    title = "ไทย-ซาอุฯ พร้อมลงนามเอกสาร 3 ฉบับ ยกระดับความสัมพันธ์ทวิภาคี ในเวทีประชุมเอเปค 2022"
    lead = (
        "นางสาวรัชดา ธนาดิเรก รองโฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยหลังการประชุมคณะรัฐมนตรี (ครม.) "
        "เมื่อวันที่ 8 พฤศจิกายน 2565 ครม.เห็นชอบร่างเอกสารสำคัญ 3 ฉบับ "
        "เกี่ยวกับการยกระดับความสัมพันธ์ระหว่างไทยและซาอุดีอาระเบีย"
    )
    assert not reports_meeting(title, [lead])
    assert find_parties(title, [lead]).countries == []
    # Thailand's position for a meeting, or the statement a meeting adopts, reports that meeting
    title = "12 ต.ค.นี้ ไทยเป็นเจ้าภาพจัดประชุมกรอบความร่วมมือทางเศรษฐกิจไทย-สิงคโปร์ (STEER) ครั้งที่ 6"
    lead = (
        "รองโฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยหลังการประชุมคณะรัฐมนตรี (ครม.) ว่า ครม.เห็นชอบ"
        "ท่าทีไทยสำหรับการประชุมกรอบความร่วมมือเพื่อเสริมสร้างความสัมพันธ์ทางเศรษฐกิจระหว่างไทยและสิงคโปร์"
    )
    assert find_parties(title, [lead]).countries == ["SG"]


def test_un_inside_the_name_of_a_un_agency_is_that_agency() -> None:
    lead = (
        "ผู้แทนกระทรวงยุติธรรมเข้าร่วมการประชุม Crim-AP ผ่านระบบการประชุมทางไกล การประชุมฯ จัดโดย"
        "กระทรวงยุติธรรมญี่ปุ่นร่วมกับสำนักงานว่าด้วยยาเสพติดและอาชญากรรมแห่งสหประชาชาติ "
        "(United Nations Office on Drugs and Crime: UNODC) ระหว่างวันที่ ๑๔ – ๑๕ กุมภาพันธ์ ๒๕๖๕"
    )
    assert find_parties("กระทรวงยุติธรรมร่วมการประชุม Crim-AP", [lead]).organizations == ["UNODC"]


def test_a_national_agency_speaks_for_its_country() -> None:
    lead = (
        "วันที่ 1 มี.ค. 2564 ณ ห้องประชุมชั้น 2 กรมการขนส่งทางราง อธิบดีกรมการขนส่งทางราง ให้การต้อนรับ"
        "เจ้าหน้าที่จากองค์การความร่วมมือระหว่างประเทศของญี่ปุ่น (JICA) โดยได้ร่วมกันหารือเกี่ยวกับโครงการ"
    )
    parties = find_parties("กรมการขนส่งทางราง ร่วมมือ JICA ศึกษาข้อมูลทางวิชาการ", [lead])
    assert parties.organizations == ["JICA"]
    assert parties.countries == ["JP"]


def test_an_official_title_ending_in_the_country_names_a_party() -> None:
    lead = (
        "นายศักดิ์สยาม ชิดชอบ รัฐมนตรีว่าการกระทรวงคมนาคม เข้าร่วมการประชุมหารือทวิภาคีกับ H.E. Mr. SAITO "
        "Tetsuo รัฐมนตรีว่าการกระทรวงที่ดิน โครงสร้างพื้นฐาน การขนส่งและการท่องเที่ยวแห่งญี่ปุ่น (MLIT)"
    )
    assert find_parties("รมว.คมนาคม ประชุมหารือทวิภาคี", [lead]).countries == ["JP"]
    envoy = "เอกอัครราชทูตไทย ณ กรุงโตเกียว เข้าร่วมการประชุมหารือ กับผู้บริหารบริษัทแห่งหนึ่ง"
    assert find_parties("ประชุมหารือ", [envoy]).countries == []


def test_a_body_telling_what_a_meeting_resolved_holds_a_meeting() -> None:
    from indexer.extract.partners import holds_meeting

    title = "ศบค. เคาะปรับระดับโซนสีพื้นที่ใหม่ พร้อมวางแนวทางจัดงานปีใหม่"
    body = ["ที่ประชุม ศบค. (13 ธ.ค.) มีมติปรับระดับพื้นที่สถานการณ์ทั่วราชอาณาจักร มีผลตั้งแต่ 16 ธ.ค."]
    assert holds_meeting(title, body)
    cabinet = ["ที่ประชุมคณะรัฐมนตรีมีมติอนุมัติร่างพระราชกฤษฎีกาว่าด้วยการลดภาษี"]
    assert not holds_meeting("ครม. อนุมัติลดภาษี", cabinet)


def test_an_urgent_meeting_called_by_a_minister_holds_a_meeting() -> None:
    from indexer.extract.partners import holds_meeting

    title = "นรม.และรมว.กห สั่งจัดกำลังเร่งด่วนคุมเข้มแคมป์คนงานใน กทม.และปริมณฑล"
    body = [
        "พล.ท.คงชีพ ตันตระวาณิชย์ โฆษก กห. เปิดเผยว่า พล.อ.ชัยชาญ ช้างมงคล รมช.กห. ได้เรียกประชุมด่วน"
        "หน่วยงาน กอ.รมน. เหล่าทัพ และ ตร. ผ่านระบบ VTC ณ ศาลาว่าการกลาโหม เพื่อสนับสนุนรัฐบาล"
    ]
    assert holds_meeting(title, body)
    assert not holds_meeting(title, [body[0].replace("เรียกประชุมด่วน", "สั่งการ")])


def test_a_signing_ceremony_chaired_or_witnessed_holds_a_meeting() -> None:
    from indexer.extract.partners import holds_meeting

    title = "บสย. ผนึก ส.อ.ท. ลงนามความร่วมมือ สนับสนุนผู้ประกอบการให้เข้าถึงแหล่งเงินทุน"
    body = [
        "รองนายกรัฐมนตรี เป็นประธานพิธีลงนามบันทึกความร่วมมือการสร้างความมั่นคงให้แก่เกษตรกร "
        "ระหว่างกระทรวงเกษตรและสหกรณ์ และกระทรวงพลังงาน ณ ห้องประชุมกระทรวงเกษตรและสหกรณ์"
    ]
    assert holds_meeting(title, body)
    news = ["กระทรวงพาณิชย์เผยยอดส่งออกหลังการลงนามความตกลงการค้าเสรีเมื่อปีก่อนเพิ่มขึ้นร้อยละ 10 ในไตรมาสแรก"]
    assert not holds_meeting("ส่งออกโต", news)


def test_a_signing_told_only_as_background_holds_no_meeting() -> None:
    from indexer.extract.partners import holds_meeting

    body = [
        "กระทรวงการต่างประเทศเปิดเผยว่า ไทยเป็นหนึ่งในประเทศที่ร่วมลงนามในอนุสัญญาว่าด้วยการห้าม"
        "อาวุธเคมีตั้งแต่ปี 2536 และได้ให้สัตยาบันแล้วเมื่อปี 2545 กระทรวงกลาโหมจะเร่งดำเนินการต่อไป"
    ]
    assert not holds_meeting("ไทยให้สัตยาบันอนุสัญญาว่าด้วยอาวุธเคมี", body)


def test_a_cabinet_news_summary_holds_no_meeting_to_follow_up() -> None:
    from indexer.extract.partners import holds_meeting

    body = ["ที่ประชุมเห็นชอบให้กระทรวงการคลังดำเนินโครงการคนละครึ่งระยะที่ 3 ตามที่เสนอ"]
    assert not holds_meeting("สรุปข่าวการประชุมคณะรัฐมนตรี 22 มิถุนายน 2564", body)
    assert holds_meeting("คณะกรรมการการบินพลเรือนมติขยายมาตรการบรรเทาผลกระทบสายการบิน", body)


def test_a_site_visit_with_a_welcome_holds_no_meeting() -> None:
    from indexer.extract.partners import holds_meeting

    body = [
        "วันนี้ (8 เม.ย. 65) รัฐมนตรีว่าการกระทรวงคมนาคม ลงพื้นที่ติดตามงานก่อสร้างโครงการรถไฟทางคู่ "
        "โดยมีผู้ว่าราชการจังหวัดนครราชสีมาและหัวหน้าส่วนราชการให้การต้อนรับ"
    ]
    assert not holds_meeting("รมว.คมนาคม ลงพื้นที่ติดตามงานก่อสร้างรถไฟทางคู่", body)
    meeting = [body[0] + " จากนั้นได้ประชุมหารือร่วมกับผู้บริหารการรถไฟแห่งประเทศไทย"]
    assert holds_meeting("รมว.คมนาคม ลงพื้นที่ติดตามงานก่อสร้างรถไฟทางคู่", meeting)


def test_an_organisation_named_as_a_region_a_frame_or_a_topic_is_no_party() -> None:
    lead = (
        "วันนี้ (6 พฤศจิกายน 2563) เวลา 11.00 น. นายกรัฐมนตรีหารือกับนายกรัฐมนตรีเวียดนาม ยืนยันความร่วมมือ"
        "ในกรอบอาเซียน เพื่อเชื่อมโยงการคมนาคมขนส่งภูมิภาคอาเซียน และสนับสนุนฉันทามติ 5 ข้อ ของอาเซียน "
        "ซึ่งสอดคล้องกับพันธกรณีขององค์การสหประชาชาติ (UN)"
    )
    parties = find_parties("ไทย – เวียดนาม กระชับความสัมพันธ์ทวิภาคี", [lead])
    assert parties.countries == ["VN"]
    assert parties.organizations == []


def test_an_event_a_bilateral_meeting_was_held_beside_is_no_party() -> None:
    lead = (
        "วันนี้ (17 พฤศจิกายน 2565) นายกรัฐมนตรีหารือทวิภาคีกับ นายเอมานูว์แอล มาครง ประธานาธิบดีแห่ง"
        "สาธารณรัฐฝรั่งเศส ในโอกาสเดินทางเข้าร่วมการประชุมผู้นำเขตเศรษฐกิจเอเปค ในฐานะแขกพิเศษ"
    )
    parties = find_parties("นายกฯ หารือทวิภาคีกับประธานาธิบดีฝรั่งเศส", [lead])
    assert parties.countries == ["FR"]
    assert parties.organizations == []
    # the meeting itself is
    lead = "นายกรัฐมนตรีเข้าร่วมการประชุมผู้นำเขตเศรษฐกิจเอเปค ครั้งที่ 29 ผ่านระบบการประชุมทางไกล"
    assert find_parties("นายกฯ ร่วมประชุมผู้นำเอเปค", [lead]).organizations == ["APEC"]


def test_a_headline_repeated_above_the_text_does_not_crowd_out_the_lead() -> None:
    title = "สธ. ไทยเข้าร่วมการประชุมเจ้าหน้าที่อาวุโสอาเซียนด้านสาธารณสุข ครั้งที่ 15"
    summary = "กระทรวงสาธารณสุขไทย ประชุมทางไกลเจ้าหน้าที่อาวุโสอาเซียนด้านการพัฒนาสาธารณสุข ครั้งที่ 15"
    lead = (
        "รองปลัดกระทรวงสาธารณสุข ร่วมการประชุมทางไกลเจ้าหน้าที่อาวุโสอาเซียนด้านการพัฒนาสาธารณสุข "
        "และการประชุมที่เกี่ยวข้อง ได้แก่ การประชุมเจ้าหน้าที่อาวุโสอาเซียนบวกสาม ครั้งที่ 10"
    )
    page = "\n".join(  # thaigov prints the title, then the summary twice, above the text
        [f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}", "วันพฤหัสบดีที่ 29 ตุลาคม 2563", title,
         summary, summary, lead]
    )
    assert parse_text(page, source_path="a.txt").party_organizations == [
        "ASEAN", "ASEAN Plus Three"
    ]
    assert find_parties(title, [summary, summary, summary, lead]).organizations == ["ASEAN"]


def test_countries_named_as_topics_venues_routes_or_inside_a_name_are_no_parties() -> None:
    lead = (
        "นายกรัฐมนตรีหารือกับผู้แทนพิเศษของเลขาธิการสหประชาชาติเรื่องเมียนมา ณ ทำเนียบรัฐบาล "
        "เพื่อส่งเสริมแรงงานไทยในฟินแลนด์ เส้นทางรถไฟจีน – ลาว – ไทย การค้าระหว่างประเทศไทย – กัมพูชา "
        "และเลขาธิการองค์การความร่วมมือเซี่ยงไฮ้"
    )
    parties = find_parties("นายกฯ หารือผู้แทนพิเศษสหประชาชาติ", [lead])
    assert parties.countries == []
    assert find_parties("รมว.วธ. หารือเอกอัครราชทูต ณ กรุงมอสโก", [lead]).countries == []
    title = "รองนายกฯ หารือทวิภาคี ระหว่างการเข้าร่วมประชุมสมัชชาอนามัยโลก ณ นครเจนีวา สมาพันธรัฐสวิส"
    assert find_parties(title, [lead]).countries == []
    title = "รมว.พม. ผุดไอเดียเป็นเจ้าภาพจัดงาน WUF หลังเข้าร่วมพิธีเปิด WUF ครั้งที่ 11 ณ ประเทศโปแลนด์"
    assert find_parties(title, [lead]).countries == []
    assert find_parties("นายกฯ ติดตามผลหลังหารือภาคเอกชนสหรัฐฯ", [lead]).countries == []
    title = "พม. ร่วมประชุมพิจารณาร่างรายงานการค้ามนุษย์ ก่อนเสนอนายกรัฐมนตรีและส่งสหรัฐอเมริกา"
    assert find_parties(title, [lead]).countries == []


def test_people_of_a_country_are_a_topic_but_its_labour_ministry_takes_part() -> None:
    title = (
        "รองปลัดกระทรวงมหาดไทยร่วมหารือประเด็นผู้หนีภัยการสู้รบกับเมียนมาร่วมกับผู้แทน UNHCR "
        "ประจำประเทศไทย"
    )
    lead = (
        "ให้การต้อนรับ ผู้แทนข้าหลวงใหญ่ผู้ลี้ภัยแห่งสหประชาชาติ (UNHCR) ประจำประเทศไทย "
        "ในโอกาสเข้าเยี่ยมคารวะและหารือเกี่ยวกับประเด็นผู้หนีภัยการสู้รบจากเมียนมา"
    )
    parties = find_parties(title, [lead])
    assert (parties.countries, parties.organizations) == ([], ["UNHCR"])
    title = "ญาติแรงงาน ไต้หวัน ขอบคุณนายก ที่หารือ ก.แรงงาน ดูแลสิทธิประโยชน์"
    assert find_parties(title, [lead]).countries == []
    title = "รมว.แรงงาน หารือนักท่องเที่ยวชาวจีน และแรงงานต่างด้าวสัญชาติกัมพูชา"
    assert find_parties(title, [lead]).countries == []
    title = "รมว.แรงงาน หารือรัฐมนตรีว่าการกระทรวงแรงงานญี่ปุ่น"
    assert find_parties(title, [lead]).countries == ["JP"]
    title = "รมว.แรงงาน หารือทูตแรงงานเมียนมาประจำประเทศไทย"
    assert find_parties(title, [lead]).countries == ["MM"]


def test_the_chair_or_co_host_of_the_meeting_is_a_party() -> None:
    lead = (
        "การประชุมระดับรัฐมนตรีอาเซียนด้านการพัฒนาชนบท จัดขึ้นผ่านระบบการประชุมทางไกล โดยมี"
        "สาธารณรัฐฟิลิปปินส์ทำหน้าที่เป็นประธานและเจ้าภาพจัดการประชุม ในการประชุมฯ มาเลเซีย "
        "ประธานการประชุมฯ ได้กล่าวชื่นชมประเทศไทย ซึ่งราชอาณาจักรกัมพูชาร่วมกับธนาคารพัฒนาเอเชีย "
        "(ADB) เป็นเจ้าภาพ"
    )
    parties = find_parties("มหาดไทย เข้าร่วมการประชุมระดับรัฐมนตรีอาเซียน", [lead])
    assert parties.countries == ["PH", "MY", "KH"]


def test_a_business_council_is_no_party() -> None:
    lead = (
        "นายกรัฐมนตรีติดตามความก้าวหน้าภายหลังการหารือกับ คณะนักธุรกิจจากสภาธุรกิจสหรัฐอเมริกา-อาเซียน "
        "(U.S. - ASEAN Business Council: USABC) 49 บริษัท"
    )
    parties = find_parties("นายกฯ ติดตามความคืบหน้าหลังหารือ USABC", [lead])
    assert (parties.countries, parties.organizations) == ([], [])


def test_a_bodys_membership_and_fellow_trainees_are_no_participants() -> None:
    lead = (
        "องค์การสงเคราะห์ทหารผ่านศึก กำหนดจัดการประชุมคณะทำงานสมาพันธ์ทหารผ่านศึกอาเซียน ปัจจุบัน"
        "สมาพันธ์ฯ มีประเทศภาคีสมาชิกทั้งสิ้น ๑๐ ประเทศ ได้แก่ ประเทศบรูไนดารุสซาลาม, ราชอาณาจักรกัมพูชา, "
        "สาธารณรัฐอินโดนีเซีย"
    )
    assert find_parties("การจัดประชุมคณะทำงานสมาพันธ์ทหารผ่านศึกอาเซียน", [lead]).countries == []
    lead = (
        "ผู้แทนองค์การความร่วมมือระหว่างประเทศของญี่ปุ่นกล่าวต้อนรับผู้เข้ารับการศึกษาดูงานจำนวน 14 คน "
        "จาก 9 ประเทศ ได้แก่ อินโดนีเซีย ฟิลิปปินส์ เวียดนาม"
    )
    assert find_parties("ศึกษาดูงานด้านการป้องกันภัยพิบัติ ณ กรุงโตเกียว", [lead]).countries == ["JP"]


def test_officials_of_a_list_of_countries_and_dialogue_partners_of_asean_take_part() -> None:
    lead = (
        "กระทรวงเกษตรฯ เข้าร่วมการประชุมรัฐมนตรีอาเซียนด้านการเกษตรและป่าไม้กับรัฐมนตรีจีน ญี่ปุ่น และ"
        "สาธารณรัฐเกาหลี ครั้งที่ 21 และการประชุมเจ้าหน้าที่อาวุโสด้านการขนส่งระหว่างอาเซียน - สหรัฐฯ"
    )
    parties = find_parties("กระทรวงเกษตรฯ เข้าร่วมการประชุมอาเซียน", [lead])
    assert parties.countries == ["CN", "JP", "KR", "US"]
    lead = "การประชุมสุดยอดอาเซียน ครั้งที่ 38 บรูไนในฐานะประธานอาเซียน ได้เสนอให้ที่ประชุมหารือ"
    assert find_parties("นายกฯ เข้าร่วมการประชุมสุดยอดอาเซียน", [lead]).countries == ["BN"]


def test_a_list_of_organisations_taking_part_counts_further_on() -> None:
    opening = "นายอาคม รัฐมนตรีว่าการกระทรวงการคลัง เข้าร่วมการประชุมรัฐมนตรีว่าการกระทรวงการคลังอาเซียน"
    background = [f"{n}. ที่ประชุมได้ติดตามความคืบหน้าของความร่วมมือทางการเงินในภูมิภาค" for n in (1, 2, 3)]
    listed = (
        "นอกจากนี้ ผู้แทนองค์กรระหว่างประเทศ ได้แก่ ธนาคารโลก ธนาคารพัฒนาเอเชีย กองทุนการเงินระหว่างประเทศ "
        "(IMF) และสำนักงานวิจัยเศรษฐกิจมหภาคของภูมิภาคอาเซียน+3 (AMRO) ได้นำเสนอต่อที่ประชุม"
    )
    parties = find_parties(
        "ผลการประชุมรัฐมนตรีว่าการกระทรวงการคลังอาเซียน", [opening, *background, listed]
    )  # the list is the fifth paragraph, beyond the opening ones
    assert parties.organizations == ["ASEAN", "World Bank", "ADB", "IMF", "AMRO"]


def test_a_list_of_participating_countries_counts_further_on() -> None:
    opening = "รัฐมนตรีว่าการกระทรวงกลาโหม เข้าร่วมการประชุมรัฐมนตรีกลาโหมอาเซียนอย่างไม่เป็นทางการ"
    background = [f"{n}. ที่ประชุมได้หารือสถานการณ์ความมั่นคงในภูมิภาค" for n in (1, 2, 3)]
    listed = (
        "จากนั้นได้ประชุมร่วมกับรัฐมนตรีกลาโหมประเทศคู่เจรจาของอาเซียน ได้แก่ ออสเตรเลีย แคนาดา "
        "อินเดีย ญี่ปุ่น และนิวซีแลนด์"
    )
    parties = find_parties("ผลการประชุมรัฐมนตรีกลาโหมอาเซียน", [opening, *background, listed])
    assert parties.countries == ["AU", "CA", "IN", "JP", "NZ"]


def test_an_event_whose_preparations_the_news_reports_is_no_party() -> None:
    lead = "สธ.พร้อมการดูแลด้านสุขภาพในการประชุมผู้นำเขตเศรษฐกิจเอเปค จัดทีมแพทย์และสาธารณสุขดูแลผู้นำ"
    parties = find_parties("สธ.เผยความพร้อมดูแลสุขภาพประชุมผู้นำเอเปค", [lead])
    assert parties.organizations == []


def test_a_member_of_the_european_parliament_is_the_eu() -> None:
    lead = (
        "รองปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ร่วมหารือกับ MR.Tomasz Piotr Poreba "
        "สมาชิกรัฐสภายุโรปของโปแลนด์ และรองประธานกลุ่ม DASE ของรัฐสภายุโรป"
    )
    parties = find_parties("รองปลัดดีอีเอส หารือความร่วมมือกับสมาชิกรัฐสภายุโรป", [lead])
    assert (parties.countries, parties.organizations) == ([], ["EU"])


def test_the_organisation_that_invited_the_thai_side_is_a_party() -> None:
    opening = "นายเฉลิมชัย รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์ นำคณะเดินทางไปเยือนนครดูไบ"
    background = [f"{n}. ไทยเสนอตัวเป็นเจ้าภาพจัดงานมหกรรมพืชสวนโลก" for n in (1, 2, 3)]
    invited = (
        "การเดินทางครั้งนี้เป็นไปตามคำเชิญของคณะกรรมการบริหารสมาคมพืชสวนระหว่างประเทศ (AIPH) "
        "ในการเข้าร่วมประชุม"
    )
    parties = find_parties("“เฉลิมชัย” นำทีมเยือนดูไบ", [opening, *background, invited])
    assert parties.organizations == ["AIPH"]


def test_a_title_that_names_no_meeting_names_no_party_by_itself() -> None:
    title = "ไทยช่วยเหลือศรีลังกาด้านมนุษยธรรมขณะเผชิญวิกฤต มอบยา - เวชภัณฑ์แล้วกว่า 235 รายการ"
    lead = (
        "ภาครัฐและเอกชนไทยได้มอบยาและเวชภัณฑ์ไปแล้วกว่า 235 รายการ และจะเร่งหารือแนวทางให้ความ"
        "ช่วยเหลือ รวมถึงช่องทางการรับบริจาคสิ่งของที่จำเป็นต่อไป"
    )
    assert find_parties(title, [lead]).countries == []
    assert find_parties("ไทย-ญี่ปุ่น ผนึกกำลังด้านการเกษตร", [lead]).countries == ["JP"]
    assert find_parties("เกษตรกรปลูกมัน เฮ! ไทย MOU กับฟิลิปปินส์", [lead]).countries == ["PH"]
    assert find_parties("รมว.พม. หารือรัฐมนตรีสิงคโปร์", [lead]).countries == ["SG"]


def test_a_cabinet_decision_on_a_meetings_declaration_names_its_parties() -> None:
    title = "ครม.เห็นชอบความร่วมมือด้านแรงงาน Abu Dhabi Dialogue"
    lead = (
        "ครม.เห็นชอบร่างปฏิญญาร่วมของการประชุมระดับรัฐมนตรี Abu Dhabi Dialogue ครั้งที่ 6 ตามที่"
        "กระทรวงแรงงานเสนอ ซึ่งการประชุม ADD นี้ เป็นการประชุมหารือระหว่างประเทศสมาชิกกระบวนการ"
        "โคลัมโบ (ประเทศผู้ส่งแรงงาน) 4 ประเทศ ได้แก่ บังกลาเทศ กัมพูชา ไทย และเวียดนาม กับกลุ่มประเทศ"
        "รอบอ่าวผู้รับแรงงาน รวม 3 ประเทศ ได้แก่ บาห์เรน คูเวต และโอมาน"
    )
    parties = find_parties(title, [lead])
    assert parties.countries == ["BD", "KH", "VN", "BH", "KW", "OM"]
    assert parties.organizations == ["Abu Dhabi Dialogue"]
    # the host, misspelt as the news often writes it
    lead = (
        "ครม.เห็นชอบร่างปฏิญญาของการประชุมรัฐมนตรีกลาโหมอาเซียน ครั้งที่ 15 ซึ่งจะรับรองในการประชุม"
        "ที่กระทรวงกลาโหม บูรไน เป็นเจ้าภาพ ด้วยระบบการประชุมผ่านสื่ออิเล็กทรอนิกส์"
    )
    assert find_parties("ครม.เห็นชอบบทบาทกลาโหมอาเซียน", [lead]).countries == ["BN"]
    # approving a draft MOU still reports no meeting
    lead = "ครม.เห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านพลังงานระหว่างไทยกับญี่ปุ่น"
    assert find_parties("ครม.เห็นชอบร่าง MOU ไทย-ญี่ปุ่น", [lead]).countries == []


def test_a_statement_at_an_international_forum_names_the_forum() -> None:
    lines = ["ถ้อยแถลงโดย", "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี", "ในการประชุม Paris Peace Forum"]
    title = "ถ้อยแถลงโดย พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี ในการประชุม Paris Peace Forum"
    assert find_parties(title, lines).organizations == ["Paris Peace Forum"]
    title = "ถ้อยแถลงของนายกรัฐมนตรี ในการประชุมสมัชชาสหประชาชาติ สมัยพิเศษ ครั้งที่ 31"
    assert find_parties(title, ["ฯพณฯ ประธานสมัชชาสหประชาชาติ"]).organizations == ["United Nations"]
    title = "คำกล่าวนายกรัฐมนตรีในการประชุมผู้นำกรอบความร่วมมือลุ่มน้ำโขงกับสาธารณรัฐเกาหลี ครั้งที่ 2"
    assert find_parties(title, ["ท่านผู้มีเกียรติทุกท่าน"]).countries == ["KR"]
    title = "ถ้อยแถลงข่าวร่วม การเยือนราชอาณาจักรซาอุดีอาระเบียของนายกรัฐมนตรีแห่งราชอาณาจักรไทย"
    assert find_parties(title, ["ทั้งสองฝ่ายหารือความร่วมมือ"]).countries == ["SA"]
    title = "คำกล่าวของนายกรัฐมนตรี ในพิธีเปิดการประชุมสมาคมผู้ส่งออกข้าวไทย"
    assert find_parties(title, ["ท่านผู้มีเกียรติทุกท่าน"]).organizations == []


def test_lists_of_participants_as_the_news_writes_them() -> None:
    lead = (
        "นายกรัฐมนตรีเข้าร่วมการประชุมผู้นำแผนงาน GMS ครั้งที่ 7 ผ่านระบบการประชุมทางไกล โดยมีผู้นำ"
        "ประเทศสมาชิกฯ ร่วมกล่าวถ้อยแถลงด้วย ดังนี้ ราชอาณาจักรกัมพูชา สาธารณรัฐประชาชนจีน "
        "สาธารณรัฐแห่งสหภาพเมียนมา และสาธารณรัฐสังคมนิยมเวียดนาม"
    )
    assert find_parties("นายกฯ ร่วมประชุมผู้นำ GMS", [lead]).countries == ["KH", "CN", "MM", "VN"]
    lead = (
        "ที่ประชุมมีผู้แทนจากประเทศคู่เจรจา ได้แก่ ออสเตรเลีย ญี่ปุ่น แคนาดา สหภาพยุโรป รัสเซีย "
        "สวิตเซอร์แลนด์ เข้าร่วมการประชุม"
    )
    parties = find_parties("ประชุมเจ้าหน้าที่อาวุโสด้านยาเสพติด", [lead])
    assert parties.countries == ["AU", "JP", "CA", "RU", "CH"]  # the EU does not break the list


def test_asean_and_a_partner_name_the_partner() -> None:
    lead = (
        "ผู้ช่วยรัฐมนตรีประจำกระทรวงวัฒนธรรม เข้าร่วมการประชุมรัฐมนตรีวัฒนธรรมอาเซียน และจีน "
        "(AMCA+China) ครั้งที่ ๕ และการหารือระหว่างอาเซียนกับสาธารณรัฐเกาหลี ผ่านระบบการประชุมทางไกล"
    )
    assert find_parties("วธ. ร่วมประชุมรัฐมนตรีวัฒนธรรมอาเซียน", [lead]).countries == ["CN", "KR"]
    lead = "สองฝ่ายหารือถึงความสัมพันธ์ของอาเซียนและจีนในภาพรวม ณ กระทรวงการต่างประเทศ"
    assert find_parties("รมว.กต. หารือ", [lead]).countries == []


def test_a_co_chair_and_a_foreign_agency_are_parties() -> None:
    lead = (
        "ปลัดกระทรวงการคลัง เข้าร่วมการประชุมรัฐมนตรีคลังและผู้ว่าการธนาคารกลางอาเซียน ผ่านระบบการ"
        "ประชุมทางไกล โดยมีรัฐมนตรีว่าการกระทรวงการเงินและเศรษฐกิจ บรูไนดารุสซาลาม เป็นประธานร่วม"
    )
    assert find_parties("กค. ร่วมประชุม AFMGM", [lead]).countries == ["BN"]
    lead = (
        "สำนักงาน คปภ. เข้าร่วมการประชุมหน่วยงานกำกับดูแลด้านประกันภัยอาเซียน ซึ่งในครั้งนี้หัวหน้า"
        "หน่วยงานกำกับดูแลด้านประกันภัยของสาธารณรัฐสิงคโปร์ เป็นผู้นำเสนอ"
    )
    assert find_parties("คปภ. ร่วมประชุม AIR", [lead]).countries == ["SG"]


def test_a_country_or_its_capital_speaking_in_the_meeting_is_a_party() -> None:
    lead = (
        "ที่ประชุมได้หารือแนวทางการสร้างความร่วมมือในกลุ่มเมืองหลวงของประเทศอาเซียน โดยกรุงเทพมหานคร"
        "ได้เสนอโครงการ PLC ซึ่งกรุงบันดาร์เสรีเบกาวันและกรุงเนปยีดอเห็นด้วยต่อการสร้างความร่วมมือ "
        "อย่างไรก็ดี กรุงพนมเปญเสนอโครงการความร่วมมือด้านอื่น ๆ"
    )
    assert find_parties("กทม. ร่วมประชุมผู้ว่าราชการเมืองหลวงอาเซียน", [lead]).countries == [
        "BN", "MM", "KH"
    ]
    lead = "ที่ประชุมหารือความร่วมมือภายใต้ข้อริเริ่มที่จีนเสนอ ณ กระทรวงพาณิชย์"
    assert find_parties("พณ. ประชุมหารือ", [lead]).countries == []


def test_languages_thai_departments_and_things_of_a_pair_are_no_parties() -> None:
    title = "รมว.ยุติธรรม ประชุมคณะกรรมการราชทัณฑ์ สั่งเพิ่มวิชาโหราศาสตร์ หลังการอบรมภาษาอังกฤษ - จีน"
    lead = "ผู้ต้องขังผ่านการอบรมภาษาต่างประเทศ ได้แก่ ภาษาอังกฤษ จีน เกาหลี ญี่ปุ่น"
    assert find_parties(title, [lead]).countries == []
    lead = (
        "ปลัดกระทรวงอุตสาหกรรม หารือร่วมกับเอกอัครราชทูต ณ กรุงแคนเบอร์รา และรองอธิบดีกรมอเมริกาและ"
        "แปซิฟิกใต้ กระทรวงการต่างประเทศ"
    )
    assert find_parties("ปลัดฯ อก. หารือ", [lead]).countries == []
    lead = (
        "สมาคมการค้าอุตสาหกรรมกัญชงไทยเข้าพบ เพื่อร่วมกันหารือเกี่ยวกับโอกาสในการพัฒนาอุตสาหกรรม"
        "กัญชงของไทยและญี่ปุ่น"
    )
    assert find_parties("ที่ปรึกษาฯ ให้สมาคมเข้าพบ", [lead]).countries == []


def test_a_pair_that_is_the_subject_of_a_statement_about_relations_is_no_party() -> None:
    title = "ภาคเอกชนญี่ปุ่น เอ็นเอ็มบี-มินีแบขอบคุณ นายกฯ"
    lead = (
        "นายเท็ตสึ ชิโอซากิ ประธานบริษัท เอ็นเอ็มบี-มินีแบ จำกัด เข้าเยี่ยมคารวะ นายกรัฐมนตรี "
        "นายกรัฐมนตรีกล่าวยินดีที่ได้พบในวันนี้ ไทยและญี่ปุ่นเป็นประเทศที่มีความสัมพันธ์ใกล้ชิดกันมายาวนาน"
    )
    assert find_parties(title, [lead]).countries == []
    lead = "นายกรัฐมนตรีหารือกับนายกรัฐมนตรีญี่ปุ่น ไทยและญี่ปุ่นเป็นประเทศที่มีความสัมพันธ์ใกล้ชิดกัน"
    assert find_parties("นายกฯ หารือ", [lead]).countries == ["JP"]
    lead = (
        "นายดอนให้การต้อนรับนายสะเหลิมไซ ซึ่งเดินทางมาเยือนไทยอย่างเป็นทางการ ทั้งสองฝ่ายย้ำว่าไทยกับ"
        "ลาวมีความสัมพันธ์ใกล้ชิด"
    )
    assert find_parties("รมว.กต. ต้อนรับรัฐมนตรีต่างประเทศ", [lead]).countries == ["LA"]


def test_the_un_beside_an_agency_is_a_party_unless_it_ends_the_agencys_name() -> None:
    lead = (
        "นายกรัฐมนตรีหารือกับรองเลขาธิการสหประชาชาติและผู้บริหารสูงสุดของโครงการพัฒนาแห่ง"
        "สหประชาชาติ (UNDP) ณ ทำเนียบรัฐบาล"
    )
    parties = find_parties("นายกฯ หารือรองเลขาธิการสหประชาชาติ", [lead])
    assert parties.organizations == ["United Nations", "UNDP"]
    lead = (
        "ผู้แทนคณะกรรมาธิการเศรษฐกิจและสังคมแห่งสหประชาชาติสำหรับเอเชียและแปซิฟิก (United Nations "
        "Economic and Social Commission for Asia and the Pacific – UNESCAP) เข้าร่วมการประชุม"
    )
    assert find_parties("ประชุมความปลอดภัยทางถนน", [lead]).organizations == ["UNESCAP"]


def test_organisations_of_a_list_of_participants_and_their_representatives_further_on() -> None:
    paragraphs = [
        "กระทรวงการต่างประเทศเป็นเจ้าภาพการประชุมเชิงปฏิบัติการด้านความมั่นคงไซเบอร์ ณ กรุงเทพฯ",
        "การประชุมฯ มีผู้แทนจากประเทศสมาชิกอาเซียน 10 ประเทศเข้าร่วม",
        "ทั้งนี้ ในช่วงบ่ายมีการหารือเกี่ยวกับแนวทางการดำเนินงานในปีหน้า",
        "การหารือมีผู้แทนเข้าร่วม รวมทั้งประเทศคู่เจรจาของอาเซียน ได้แก่ ออสเตรเลีย แคนาดา ญี่ปุ่น "
        "สหภาพยุโรป องค์การ"
        "สหประชาชาติ (UNGGE, UN OEWG) ซึ่งการประชุมหารือดังกล่าวเป็นไปด้วยดี",
        "โดยมีผู้บริหารระดับสูงของสหภาพโทรคมนาคมระหว่างประเทศ (ITU) ร่วมกล่าวเปิด",
    ]
    parties = find_parties("กต. จัดประชุมความมั่นคงไซเบอร์", paragraphs)
    assert parties.countries == ["AU", "CA", "JP"]
    assert parties.organizations == ["ASEAN", "ITU", "EU", "United Nations"]


def test_members_of_an_organisation_are_not_the_organisation() -> None:
    lead = (
        "กอ.รมน. จัดประชุมร่วมกับผู้ช่วยทูตฝ่ายทหารของสถานเอกอัครราชทูตประเทศสมาชิกเอเปค จำนวน "
        "๒ ประเทศ ได้แก่ ออสเตรเลีย และญี่ปุ่น และหารือทวิภาคีร่วมกับ 2 เขตเศรษฐกิจเอเปค"
    )
    parties = find_parties("กอ.รมน. ประชุมความร่วมมือ", [lead])
    assert parties.countries == ["AU", "JP"]
    assert parties.organizations == []
    lead = "นายกรัฐมนตรีเข้าร่วมการประชุมผู้นำเขตเศรษฐกิจเอเปค ครั้งที่ 29 ณ ศูนย์การประชุมแห่งชาติสิริกิติ์"
    assert find_parties("นายกฯ ร่วมประชุมผู้นำเอเปค", [lead]).organizations == ["APEC"]


def test_a_country_the_title_names_as_its_topic_stays_a_topic_further_on_in_the_title() -> None:
    title = (
        "นายกฯ หารือผู้แทนพิเศษของเลขาธิการสหประชาชาติเรื่องเมียนมา มุ่งหวังให้เมียนมาเกิดสันติภาพ"
        "และเสถียรภาพ"
    )
    lead = "ผู้แทนพิเศษของเลขาธิการสหประชาชาติ เข้าเยี่ยมคารวะนายกรัฐมนตรี ณ ทำเนียบรัฐบาล"
    parties = find_parties(title, [lead])
    assert parties.countries == []
    assert parties.organizations == ["United Nations"]


def test_a_head_of_state_or_minister_named_further_on_takes_part() -> None:
    paragraphs = [
        "นายกรัฐมนตรีร่วมกล่าวถ้อยแถลงผ่านการบันทึกเทปล่วงหน้า ในพิธีเปิดการประชุมสมัยพิเศษ UNEP@50",
        "นายกรัฐมนตรีกล่าวถึงประเด็นปัญหาสิ่งแวดล้อมต่าง ๆ และวิกฤตโควิด-19",
        "ในระดับประเทศ ไทยบังคับใช้กฎหมายและนโยบายด้านสิ่งแวดล้อมอย่างเข้มข้น",
        "อนึ่ง การประชุมจัดขึ้นระหว่างวันที่ 3 - 4 มีนาคม 2565 โดยนายอูฮูรู เคนยาตา ประธานาธิบดี"
        "สาธารณรัฐเคนยา เป็นผู้กล่าวเปิด",
        "นายกรัฐมนตรียังหวังว่าจะได้พบผู้นำอีกครั้งในการประชุมสุดยอดอาเซียนที่ราชอาณาจักรกัมพูชา",
    ]
    assert find_parties("นายกฯ กล่าวถ้อยแถลงในการประชุม UNEP@50", paragraphs).countries == ["KE"]


def test_leaders_a_speech_addresses_by_title_and_name_are_parties() -> None:
    title = "คำกล่าวนายกรัฐมนตรีสำหรับกิจกรรมการเปิดตัวกรอบความร่วมมือทางเศรษฐกิจอินโด-แปซิฟิก (IPEF)"
    lines = [
        "คำกล่าวนายกรัฐมนตรีสำหรับกิจกรรมการเปิดตัวกรอบความร่วมมือทางเศรษฐกิจอินโด-แปซิฟิก",
        "(Indo-Pacific Economic Framework: IPEF)",
        "วันที่ 23 พฤษภาคม 2565 ผ่านระบบทางไกล",
        "ท่านประธานาธิบดีไบเดน",
        "ท่านนายกรัฐมนตรีคิชิดะ",
        "ท่านผู้มีเกียรติทุกท่าน",
    ]
    parties = find_parties(title, lines)
    assert parties.countries == ["US", "JP"]
    assert parties.organizations == ["IPEF"]
    text = "\n\n".join([title, *lines]) + "\n"
    found = source_spans(parties, lambda phrase, after: _span(text, phrase, after))
    assert text[slice(*found["JP"])] == "คิชิดะ"


def test_english_titles_and_pairs_name_the_partner() -> None:
    title = "Thailand and Morocco to foster relations and cooperation in all dimensions"
    lead = (
        "On 7 March 2022, the Prime Minister received a courtesy call from the new Ambassador "
        "at Government House."
    )
    assert find_parties(title, [lead]).countries == ["MA"]
    title = "Thailand-US to push forward cooperation on COVID-19 vaccines"
    assert find_parties(title, [lead]).countries == ["US"]
    title = "ผบ.กองกำลังสหรัฐอเมริกา ภาคพื้นอินโด - แปซิฟิก เข้าเยี่ยมคำนับ นรม.และ รมว.กห."
    lead = (
        "พลเรือเอก จอห์น อากีลิโน ผู้บัญชาการกองกำลังภาคพื้นอินโด - แปซิฟิก เข้าเยี่ยมคำนับ "
        "นายกรัฐมนตรี ณ ทำเนียบรัฐบาล เพื่อหารือความร่วมมือด้านความมั่นคง"
    )
    assert find_parties(title, [lead]).countries == ["US"]


def test_thailands_envoy_posted_to_a_capital_does_not_speak_for_it() -> None:
    lead = (
        "กระทรวงเกษตรและสหกรณ์จัดประชุมเตรียมความพร้อม ทั้งนี้ อัครราชทูต (ฝ่ายเกษตร) ประจำกรุงโรม "
        "ได้นำเสนอข้อมูลเกี่ยวกับการประชุม"
    )
    assert find_parties("กษ. จัดประชุมเตรียมความพร้อม", [lead]).countries == []


def test_a_foreign_leader_mentioned_further_on_in_a_domestic_meeting_is_no_party() -> None:
    paragraphs = [
        "นายกรัฐมนตรีเป็นประธานการประชุมการพัฒนาเศรษฐกิจและสังคมกลุ่มจังหวัดภาคใต้ฝั่งอันดามัน",
        "ที่ประชุมเห็นชอบโครงการพัฒนาโครงสร้างพื้นฐาน 7 โครงการ",
        "นายกรัฐมนตรีกล่าวถึงการท่องเที่ยวในพื้นที่",
        "ซึ่งในการประชุมเอเปคที่ผ่านมา ยังได้แจ้งให้นายกรัฐมนตรีนิวซีแลนด์ ทราบถึงศักยภาพของพื้นที่",
    ]
    assert find_parties("นายกฯ ประชุมกลุ่มจังหวัดภาคใต้ฝั่งอันดามัน", paragraphs).countries == []


def test_a_ministry_name_does_not_run_into_the_sentence_nor_a_country_of_news_media() -> None:
    lead = (
        "วันนี้ (1 มี.ค.) รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์ หารือกับเอกอัครราชทูตญี่ปุ่นประจำประเทศไทย "
        "ณ กระทรวงเกษตรและสหกรณ์ เพื่อส่งเสริมการส่งออกผลไม้"
    )
    further = (
        "ทั้งนี้ ในปีที่ผ่านมา รัฐมนตรีว่าการกระทรวงเกษตรฯส่งออกทุเรียนไปจีน ได้มากกว่า 1 ล้านตัน "
        "ตามที่สำนักข่าวเกาหลีนำเสนอ"
    )
    parties = find_parties("รมว.เกษตรฯ หารือเอกอัครราชทูตญี่ปุ่น", [lead, *["ข่าว"] * 3, further])
    assert parties.countries == ["JP"]


def test_the_un_next_to_another_organisation_is_a_party() -> None:
    lead = "วันนี้ (1 มี.ค.) กระทรวงการคลังหารือกับสหประชาชาติ ธนาคารโลก เรื่องการฟื้นฟูเศรษฐกิจ"
    assert find_parties("กระทรวงการคลังหารือสหประชาชาติและธนาคารโลก", [lead]).organizations == [
        "United Nations",
        "World Bank",
    ]


def test_lists_in_brackets_after_the_group_they_spell_out() -> None:
    lead = (
        "นายสมชาย รองอธิบดีกรมเจ้าท่า เป็นประธานการประชุมคณะทำงานอาเซียนว่าด้วยการขนส่งทางน้ำ "
        "ครั้งที่ 40 ด้วยระบบการประชุมทางไกล โดยมีผู้แทนกรมเจ้าท่า การท่าเรือแห่งประเทศไทย และ"
        "สำนักงานปลัดกระทรวงคมนาคม เข้าร่วมการประชุม ร่วมกับผู้แทนจากประเทศสมาชิกอาเซียน "
        "(บรูไนดารุสซาลาม กัมพูชา อินโดนีเซีย ลาว มาเลเซีย เมียนมา ฟิลิปปินส์ สิงคโปร์ และเวียดนาม) "
        "ประเทศคู่เจรจา (จีน ญี่ปุ่น และเกาหลีใต้) ผู้แทนองค์การทางทะเลระหว่างประเทศ (IMO)"
    )
    parties = find_parties("กรมเจ้าท่าจัดประชุมคณะทำงานอาเซียนว่าด้วยการขนส่งทางน้ำ ครั้งที่ 40", [lead])
    assert parties.countries == [
        "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "VN", "CN", "JP", "KR"
    ]
    assert parties.organizations == ["ASEAN", "IMO"]


def test_a_bracketed_group_is_no_list_of_participants_without_words_of_taking_part() -> None:
    lead = (
        "ไทยพร้อมร่วมมือกับญี่ปุ่นให้ความช่วยเหลือด้านการพัฒนาแก่ประเทศสมาชิกอาเซียนใหม่ "
        "(กัมพูชา ลาว เมียนมา และเวียดนาม)"
    )
    assert find_parties("นายกฯ หารือนายกรัฐมนตรีญี่ปุ่น", [lead]).countries == ["JP"]


def test_a_list_of_participants_that_opens_with_the_asean_members_as_a_group() -> None:
    lead = (
        "วันนี้ (27 ตุลาคม 2564) เวลา 18.00 น. ณ ตึกภักดีบดินทร์ ทำเนียบรัฐบาล พลเอก ประยุทธ์ จันทร์โอชา "
        "นายกรัฐมนตรี เข้าร่วมและกล่าวถ้อยแถลงในการประชุมสุดยอดเอเชียตะวันออก ครั้งที่ 16 ผ่านระบบการ"
        "ประชุมทางไกล โดยมีผู้เข้าร่วม ได้แก่ ผู้นำและผู้แทนประเทศสมาชิกอาเซียน ออสเตรเลีย จีน อินเดีย "
        "ญี่ปุ่น สาธารณรัฐเกาหลี นิวซีแลนด์ รัสเซีย และสหรัฐอเมริกา"
    )
    parties = find_parties("นายกฯ เสนอที่ประชุมสุดยอดเอเชียตะวันออก", [lead])
    assert parties.countries == ["AU", "CN", "IN", "JP", "KR", "NZ", "RU", "US"]
    assert "ASEAN" in parties.organizations
    # the same shape telling a body's membership is no list of participants
    membership = (
        "กรมเจ้าท่าเป็นประธานการประชุมคณะทำงานด้านการขนส่งทางน้ำ ครั้งที่ 3 ทั้งนี้ กรอบความร่วมมือนี้"
        "มีสมาชิก ได้แก่ ประเทศสมาชิกอาเซียน ออสเตรเลีย จีน และอินเดีย"
    )
    assert find_parties("กรมเจ้าท่าจัดประชุมคณะทำงานด้านการขนส่งทางน้ำ", [membership]).countries == []
    # ... nor are markets listed so, with no word of taking part before them
    markets = (
        "วันนี้ รมว.พาณิชย์เป็นประธานการประชุมติดตามสถานการณ์การส่งออกข้าวไทย โดยตลาดส่งออกสำคัญ "
        "ได้แก่ ประเทศสมาชิกอาเซียน จีน ญี่ปุ่น และสหรัฐอเมริกา"
    )
    assert find_parties("รมว.พาณิชย์ประชุมติดตามสถานการณ์ส่งออกข้าว", [markets]).countries == []


def test_the_summits_of_a_programme_further_down_name_their_partners() -> None:
    title = "โฆษกรัฐบาลเผย นายกฯ ออกเดินทางไปร่วมการประชุมสุดยอดอาเซียน ณ ราชอาณาจักรกัมพูชา"
    paragraphs = [
        "วันนี้ (10 พฤศจิกายน 2565) นายกรัฐมนตรีออกเดินทางเพื่อเข้าร่วมการประชุมสุดยอดอาเซียน "
        "ครั้งที่ 40 และ 41 และการประชุมสุดยอดที่เกี่ยวข้อง ณ กรุงพนมเปญ ราชอาณาจักรกัมพูชา",
        *["สำหรับกำหนดการประชุมที่สำคัญของนายกรัฐมนตรี มีดังนี้"] * 8,
        "14.00 น. - การประชุมสุดยอดอาเซียน-จีน ครั้งที่ 25",
        "15.20 น. - การประชุมสุดยอดอาเซียน-สหรัฐฯ ครั้งที่ 10",
        "ทั้งนี้ ไทยและจีนจะฉลองความสัมพันธ์ครบรอบ 47 ปี",
    ]
    parties = find_parties(title, paragraphs)
    assert (parties.countries, parties.organizations) == (["CN", "US"], ["ASEAN"])
    # every party keeps where it was read, in the text searched
    start, end = parties.where["US"]
    assert parties.lead[start:end] == "สหรัฐฯ"
    # a domestic meeting's programme names no one
    assert find_parties("กระทรวงพาณิชย์ประชุมผู้ส่งออก", paragraphs[1:]).countries == []
