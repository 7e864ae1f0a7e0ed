"""Venue of a meeting reported in prose: "ณ …", buildings, foreign places, online meetings."""

from __future__ import annotations

import pytest

from archive.store.recorddata import VenueData
from indexer.extract.venue_prose import in_thai_office, prose_venue, venue_phrases


def where(title: str, *paragraphs: str) -> tuple[str | None, str | None, bool] | None:
    venue = prose_venue(title, list(paragraphs))
    if venue is None:
        return None
    venue = in_thai_office(venue)
    return venue.city, venue.country_code, venue.online


def test_government_house_building_is_bangkok() -> None:
    lead = (
        "วันนี้ (วันศุกร์ที่ 9 ตุลาคม 2563) เวลา 14.00 น. ณ ห้องสีงาช้าง ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล "
        "นายเชวัง โชเฟล ดอร์จี เอกอัครราชทูตราชอาณาจักรภูฏานประจำประเทศไทย เข้าเยี่ยมคารวะ นายกรัฐมนตรี"
    )
    venue = prose_venue("นายกฯ ย้ำความร่วมมือไทย-ภูฏาน", [lead])
    assert venue is not None
    assert venue.raw == "ห้องสีงาช้าง ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล"  # not cut at "ไทย" inside the name
    assert (venue.city, venue.country_code, venue.online) == ("Bangkok", "TH", False)


def test_a_ministry_without_a_city_is_in_bangkok() -> None:
    lead = (
        "นายเฉลิมชัย รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์ ให้การต้อนรับเอกอัครราชทูต "
        "ณ ห้อง 112 กระทรวงเกษตรและสหกรณ์"
    )
    assert where("ไทย-ออสเตรเลีย หารือ", lead) == ("Bangkok", "TH", False)
    # a foreign ministry is not
    assert in_thai_office(VenueData(raw="กระทรวงการไปรษณีย์และโทรคมนาคม")).country_code == "TH"
    assert in_thai_office(VenueData(raw="ห้องประชุม", online=True)).country_code is None


def test_the_industry_permanent_secretary_office_by_its_acronym_is_in_bangkok() -> None:
    # "สปอ.", as the ministry's own news writes the Office of the Permanent Secretary; others
    # joined the committee by video from their offices
    lead = (
        "วันนี้ (21 มิถุนายน 2564) นายกอบชัย สังสิทธิสวัสดิ์ ปลัดกระทรวงอุตสาหกรรม เป็นประธานการประชุม"
        "คณะกรรมการบริหารจัดการแก้ไขปัญหากากอุตสาหกรรม ครั้งที่ 2/2564 โดยมี นางวรวรรณ ชิตอรุณ "
        "รองปลัดกระทรวงอุตสาหกรรม เข้าร่วมประชุม ณ ห้องประชุม อก.1 ชั้น 2 สปอ. "
        "และผ่านระบบเทคโนโลยีสารสนเทศ Video Conference (Zoom)"
    )
    venue = prose_venue("การประชุมคณะกรรมการบริหารจัดการแก้ไขปัญหากากอุตสาหกรรม", [lead], domestic=True)
    assert venue is not None and venue.raw == "ห้องประชุม อก.1 ชั้น 2 สปอ."
    venue = in_thai_office(venue)
    assert (venue.city, venue.country_code, venue.online) == ("Bangkok", "TH", False)


@pytest.mark.parametrize(
    "lead",
    [
        # the Ministry of Education's meeting room
        "สำหรับการประชุมครั้งนี้ นายสุภัทร จำปาทอง ปลัด ศธ. เป็นประธานการประชุม โดยมีนายวีระ "
        "แข็งกสิการ รองปลัด ศธ. พร้อมด้วยคณะกรรมการฯ เข้าร่วมประชุม ณ ห้องประชุมจันทรเกษม "
        "เพื่อติดตามผลการดำเนินงาน",
        # the higher-education ministry's building, its office's acronym written without its dot
        "ดร.ดนุช ตันเทอดทิตย์ กรรมการผู้ช่วยรัฐมนตรีประจำกระทรวงการอุดมศึกษาฯ เข้าร่วมประชุม "
        "ณ ห้องประชุมรัฐมนตรีชั้น 2 อาคารพระจอมเกล้า สป.อว\nสำหรับการต่อยอด",
        "ณ ห้องประชุมศุภชัย วาณิชวัฒนา ชั้น 2 อาคารจามจุรี 9 จุฬาลงกรณ์มหาวิทยาลัย",
    ],
)
def test_well_known_bangkok_buildings_are_in_bangkok(lead: str) -> None:
    assert where("", lead) == ("Bangkok", "TH", False)


def test_video_and_phone_meetings_are_online_even_from_government_house() -> None:
    phone = (
        "วันนี้ (8 เมษายน 2564) เวลา 16.30 น. ณ ห้องโดม ชั้น 2 ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล "
        "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี หารือทางโทรศัพท์กับนายพันคำ วิพาวัน นายกรัฐมนตรี สปป. ลาว"
    )
    assert where("นายกฯ หารือนายกรัฐมนตรี สปป. ลาว", phone) == (None, None, True)
    video = prose_venue("", ["ประชุมหารือทวิภาคี ผ่านระบบ Zoom ณ ห้องประชุม 123 กระทรวงเกษตรและสหกรณ์"])
    assert video is not None and video.online and video.raw == "ผ่านระบบ Zoom"


@pytest.mark.parametrize(
    "lead",
    [
        # a second channel of a meeting held in a room
        "การประชุมจัดขึ้น ณ ห้องประชุมกระทรวงยุติธรรม ชั้น ๑๐ อาคารกระทรวงยุติธรรม "
        "และผ่านระบบการประชุมทางไกล (Video Conference)",
        # a hybrid meeting
        "การประชุมเจ้าหน้าที่อาวุโสอาเซียน ในรูปแบบการประชุมแบบผสมผสาน "
        "ณ ห้องประชุมชั้น 2 อาคารกรมพัฒนาสังคมและสวัสดิการ กรุงเทพฯ",
        # on site and online, in Thai
        "กระทรวงสาธารณสุขเป็นเจ้าภาพการจัดประชุม APEC Health Week ขึ้นที่กรุงเทพฯ ซึ่งมีผู้เข้าร่วม"
        "ประชุมระดับรัฐมนตรีจากสมาชิกเขตเศรษฐกิจเอเปคเข้าร่วมทั้งรูปแบบออนไลน์และออนไซต์",
    ],
)
def test_hybrid_meetings_keep_their_room(lead: str) -> None:
    assert where("", lead) == ("Bangkok", "TH", False)


def test_the_real_venue_of_a_congress_joined_remotely() -> None:
    paragraphs = [
        "รัฐมนตรีว่าการกระทรวงยุติธรรม เป็นประธานพิธีเปิดการประชุม โดยคณะผู้แทนไทย ในรูปแบบการประชุมทางไกล",
        "ณ ห้องสนฉัตร ชั้น ๓ อาคารกระทรวงยุติธรรม กรุงเทพฯ นายสมศักดิ์ เป็นประธานพิธีเปิดการประชุม",
        "ในรูปแบบการประชุมทางไกล ซึ่งการประชุมจริง เกิดขึ้น ณ นครเกียวโต ประเทศญี่ปุ่น "
        "ระหว่างวันที่ ๗ - ๑๒ มีนาคม ๒๕๖๔",
    ]
    assert where("", *paragraphs) == ("Kyoto", "JP", False)


def test_a_past_online_event_later_in_the_report_does_not_make_it_online() -> None:
    paragraphs = [
        "วันนี้ (26 พ.ค. 2565) เวลา 18.00 น. ตามเวลาท้องถิ่นประเทศญี่ปุ่น ณ ทำเนียบนายกรัฐมนตรีญี่ปุ่น "
        "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี หารือทวิภาคีกับนายคิชิดะ ฟูมิโอะ นายกรัฐมนตรีญี่ปุ่น "
        "โดยภายหลังเสร็จสิ้นการหารือ โฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยสาระสำคัญ ดังนี้",
        "นายกรัฐมนตรียินดีที่ได้พบกันอีกครั้ง ชื่นชมญี่ปุ่นต่อความสำเร็จในการจัดการประชุม IPEF "
        "ซึ่งนายกรัฐมนตรีได้เข้าร่วมผ่านระบบการประชุมทางไกล เมื่อวันที่ 23 พฤษภาคม ที่ผ่านมา",
    ]
    assert where("นายกฯ ไทย-ญี่ปุ่น หารือทวิภาคี", *paragraphs) == ("Tokyo", "JP", False)


def test_a_foreign_venue_takes_its_city_from_the_lead() -> None:
    lead = (
        "วันนี้ (25 มกราคม 2565) เวลา 16.00 น. ตามเวลาท้องถิ่นกรุงริยาด ราชอาณาจักรซาอุดีอาระเบีย "
        "นายสุชาติ ชมกลิ่น รัฐมนตรีว่าการกระทรวงแรงงาน พบหารือทวิภาคี ณ เรือนรับรองแขกต่างประเทศ พระราชวังคิงซาอุด"
    )
    assert where("", lead) == ("Riyadh", "SA", False)


def test_names_and_titles_are_not_venues() -> None:
    text = (
        "โดยมี นางยุถิกา อิศรางกูร ณ อยุธยา ผู้ช่วยปลัดกระทรวง พลเอก ณัฐ อินทรเจริญ "
        "และเอกอัครราชทูต ณ กรุงเวลลิงตัน เข้าร่วม ณ ห้องประชุม ๑ ชั้น ๘ กระทรวงวัฒนธรรม"
    )
    assert [phrase for _, phrase in venue_phrases(text)] == ["ห้องประชุม ๑ ชั้น ๘ กระทรวงวัฒนธรรม"]


def test_a_later_events_venue_is_not_this_meetings() -> None:
    lead = (
        "ที่ประชุมหารือความร่วมมือ ณ ศูนย์การประชุมสหประชาชาติ กรุงเทพฯ เพื่อเตรียมการประชุม "
        "ซึ่งจะจัดขึ้นในระหว่างวันที่ ๒๒ – ๒๗ พฤษภาคม ๒๕๖๐ ณ เวียงจันทน์ สปป.ลาว"
    )
    assert where("", lead) == ("Bangkok", "TH", False)


def test_a_past_visit_the_report_looks_back_on_is_not_this_meetings_venue() -> None:
    lead = (
        "กระทรวงแรงงานผลักดันความร่วมมือแรงงานมาอย่างต่อเนื่องนับตั้งแต่นายกรัฐมนตรีเดินทางเยือนซาอุดีฯ "
        "อย่างเป็นทางการ โดยเมื่อวันที่ 15 มีนาคมที่ผ่านมา กระทรวงแรงงานได้หารือกับรัฐมนตรีช่วยว่าการ"
        "กระทรวงทรัพยากรมนุษย์ซาอุดีอาระเบีย ณ โรงแรมอมารี วอเตอร์เกต กรุงเทพฯ"
    )
    assert where("", lead) == ("Bangkok", "TH", False)


def test_saudi_arabia_abbreviated_is_placed() -> None:
    lead = "นายดอน ปรมัตถ์วินัย นำคณะผู้แทนภาคเอกชนเดินทางเยือนซาอุดีฯ เพื่อกระชับความร่วมมือ"
    assert where("", lead) == (None, "SA", False)


def test_an_ambassadors_residence_abroad_and_na_written_with_a_full_stop() -> None:
    lead = (
        "รัฐมนตรีว่าการกระทรวงแรงงาน เข้าพบ นายวิชชุ เวชชาชีวะ เอกอัครราชทูต ณ กรุงโซล เพื่อหารือ"
        "ข้อราชการด้านแรงงาน ณ ทำเนียบสถานเอกอัครราชทูต ณ กรุงโซล สาธารณรัฐเกาหลี"
    )
    assert where("", lead) == ("Seoul", "KR", False)
    lead = "ยังมีการหารือเกี่ยวกับความร่วมมือทางด้านเเผนการพัฒนาเศรษฐกิจดิจิทัล  เข้าร่วม ณ.กรุงฮานอย ประเทศเวียดนาม"
    assert where("", lead) == ("Hanoi", "VN", False)


def test_where_an_office_a_guest_heads_sits_is_not_the_venue() -> None:
    lead = (
        "ให้การต้อนรับ นางฑอดะฮ์ วาลี ผู้อำนวยการบริหารของ UNODC และผู้อำนวยการใหญ่ สำนักงาน"
        "สหประชาชาติ ณ กรุงเวียนนา พร้อมคณะ ณ ห้องรับรองกระทรวงยุติธรรม ชั้น ๓ อาคารกระทรวงยุติธรรม"
    )
    assert where("", lead) == ("Bangkok", "TH", False)


@pytest.mark.parametrize(
    ("lead", "city", "country"),
    [
        ("การประชุมจัดขึ้น ณ โรงแรมแบงค็อกแมริออท เดอะ สุรวงศ์", "Bangkok", "TH"),
        ("รมว.ดีอีเอส หารือกับ รมว.ไอซีที ลาว ณ.นครเวียงจันทร์ สปป.ลาว", "Vientiane", "LA"),
        ("เวทีการประชุมเมืองโลก ครั้งที่ 11 ณ เมืองคาโตวิทเซ (Katowice) ประเทศโปแลนด์", "Katowice", "PL"),
    ],
)
def test_more_spellings_of_cities(lead: str, city: str, country: str) -> None:
    assert where("", lead) == (city, country, False)


def test_review_of_the_sixth_round_venue_rules() -> None:
    # an office that is itself the venue keeps its city
    lead = "ผู้แทนไทยเข้าร่วมการประชุมคณะมนตรีสิทธิมนุษยชน ณ สำนักงานสหประชาชาติ ณ นครเจนีวา สมาพันธรัฐสวิส"
    assert where("", lead) == ("Geneva", "CH", False)
    # "นับตั้งแต่" in an earlier clause does not hide this meeting's venue or its video link
    lead = "ไทยและญี่ปุ่นมีความสัมพันธ์อันดีนับตั้งแต่สถาปนาความสัมพันธ์ทางการทูต วันนี้ได้หารือกัน ณ ทำเนียบรัฐบาล"
    assert where("", lead) == ("Bangkok", "TH", False)
    lead = "นับตั้งแต่มีการแพร่ระบาดของโควิด-19 ทั้งสองฝ่ายได้หารือกันผ่านระบบการประชุมทางไกลเป็นประจำ"
    assert where("", lead) == (None, None, True)
    # an ambassador's post after the room is not where the meeting was
    lead = (
        "วันนี้ (25 มี.ค. 65) ณ ห้องประชุม 1 กระทรวงพาณิชย์ รมว.พาณิชย์ พบปะหารือกับเอกอัครราชทูต "
        "ณ กรุงวอชิงตัน ดี.ซี. เรื่องการส่งออก"
    )
    assert where("", lead)[1] == "TH"
    # "ณ." before a name is an initial
    assert prose_venue("", ["ผู้แทนภาคเอกชน นำโดย ณ. สมชาย ใจดี เข้าร่วมประชุมหารือ"]) is None


def test_thailand_hosting_without_a_venue_is_thailand() -> None:
    lead = "ครม. เห็นชอบร่างเอกสารผลลัพธ์การประชุมคณะกรรมาธิการร่วม ซึ่งจะรับรองในการประชุมที่ประเทศไทยเป็นเจ้าภาพ"
    assert where("", lead) == (None, "TH", False)


def test_no_venue() -> None:
    assert prose_venue("ข่าว", ["นายกรัฐมนตรีแสดงความยินดีกับนักกีฬาทีมชาติ"]) is None


def test_a_domestic_meeting_chaired_from_a_room_and_joined_by_video_is_in_that_room() -> None:
    lead = (
        "เมื่อวันที่ 8 ธันวาคม 2564 ณ ห้องประชุม ๑๐-๐๑ อาคารกระทรวงยุติธรรม นายสมศักดิ์ เป็นประธาน"
        "การประชุมคณะกรรมการ ผ่านระบบการประชุมทางไกล ร่วมกับผู้บัญชาการเรือนจำทั่วประเทศ"
    )
    venue = prose_venue("ยุติธรรม ประชุมติดตามสถานการณ์", [lead], domestic=True)
    assert venue is not None
    venue = in_thai_office(venue)
    assert (venue.city, venue.country_code, venue.online) == ("Bangkok", "TH", False)
    # talks with a foreign side over video stay online, wherever the Thai side sat
    assert where("ยุติธรรม ประชุมติดตามสถานการณ์", lead) == (None, None, True)


@pytest.mark.parametrize(
    "cue",
    ["ผ่านระบบ Application Cisco WebEx Meetings", "โดย Application Zoom",
     "ผ่านสื่ออิเล็คทรอนิกส์ (Zoom Meeting)", "แบบทางไกล"],
)
def test_more_ways_of_saying_online(cue: str) -> None:
    lead = f"วันนี้ (28 เมษายน 2564) กระทรวงแรงงานประชุมหารือร่วมกับองค์การแรงงานระหว่างประเทศ {cue} เพื่อ"
    assert where("แรงงานหารือ ILO", lead) == (None, None, True)


def test_a_room_and_its_building_apart_by_two_spaces_are_one_venue() -> None:
    lead = "เมื่อวันที่ 19 เมษายน 2565 ณ ห้องประชุม อก.1  อาคารสำนักงานปลัดกระทรวงอุตสาหกรรม นายกอบชัย"
    assert where("อุตสาหกรรม ประชุมเตรียมการ", lead) == ("Bangkok", "TH", False)


@pytest.mark.parametrize(
    "lead",
    [
        "เมื่อวันที่ 22 กันยายน 2563 ณ ห้องประชุม  802 กระทรวงดิจิทัลฯ อาคารศูนย์ราชการแจ้งวัฒนะ นายชัยวุฒิ",
        "เมื่อวันที่ 20 มกราคม 2564 ณ ห้องประชุมคณะกรรมาธิการ (สว.) หมายเลข ๔๑๑ ชั้น ๔ อาคารรัฐสภา นายสมชาย",
    ],
)
def test_rooms_with_numbers_and_brackets_are_placed(lead: str) -> None:
    assert where("ประชุมติดตามการดำเนินงาน", lead) == ("Bangkok", "TH", False)


def test_a_centre_is_a_place() -> None:
    lead = (
        "เมื่อวันที่ 8 กันยายน 2564 ที่ศูนย์ปฏิบัติการฉุกเฉินด้านการแพทย์และสาธารณสุข กระทรวงสาธารณสุข "
        "นายแพทย์เกียรติภูมิ"
    )
    # the Ministry of Public Health sits in Nonthaburi (the venues table knows)
    assert where("สธ. ประชุมติดตามสถานการณ์", lead) == ("Nonthaburi", "TH", False)


@pytest.mark.parametrize(
    "cue",
    ["ผ่านระบบวีดิทัศน์แบบถ่ายทอดสด", "ผ่านระบบวีดีโอ", "ผ่านทางออนไลน์",
     "ผ่านการบันทึกวีดิทัศน์ (Video message)"],
)
def test_video_spelt_any_way_and_video_messages_are_online(cue: str) -> None:
    lead = (
        "วันนี้ (9 กันยายน 2564) เวลา 09.00 น. นายกรัฐมนตรีร่วมประชุมและกล่าวถ้อยแถลงในการประชุม"
        f"ระดับสุดยอดผู้นำแผนงานความร่วมมือทางเศรษฐกิจในอนุภูมิภาคลุ่มน้ำโขง {cue} ภายใต้หัวข้อหลัก"
    )
    assert where("นายกฯ ร่วมประชุม GMS ครั้งที่ 7", lead) == (None, None, True)


def test_a_title_ending_in_online_is_online() -> None:
    lead = "นายชัยวุฒิ รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ได้เข้าร่วมประชุมรัฐมนตรีอาเซียน"
    assert where("ชัยวุฒิ อาการดีขึ้นประชุมรมว.DE อาเซียน ออนไลน์", lead) == (None, None, True)


def test_a_visit_to_a_country_takes_the_city_of_a_later_paragraph() -> None:
    first = (
        "นายกรัฐมนตรีให้การต้อนรับประธานาธิบดีสาธารณรัฐเกาหลี ในโอกาสเยือนไทยอย่างเป็นทางการ "
        "ระหว่างวันที่ 18-19 พฤศจิกายน 2565"
    )
    later = "ทั้งสองฝ่ายร่วมหารือข้อราชการเต็มคณะ ในเวลา 16.50 น. ณ ตึกภักดีบดินทร์ ทำเนียบรัฐบาล"
    assert where("นายกฯ หารือประธานาธิบดีเกาหลี", first, later) == ("Bangkok", "TH", False)
    # in the same paragraph a Thai office narrows it too
    lead = (
        "ผู้บัญชาการทหารบกมาเลเซีย ในโอกาสเดินทางเยือนไทยอย่างเป็นทางการ ระหว่าง 20 - 22 ก.ค.65 "
        "ณ ห้องพระบารมีปกเกล้า ในศาลาว่าการกลาโหม"
    )
    assert where("ผบ.ทบ.มาเลเซีย เยี่ยมคำนับ ปล.กห.", lead) == ("Bangkok", "TH", False)


def test_a_diplomats_post_is_not_the_venue() -> None:
    lead = (
        "นายศักดิ์สยาม รัฐมนตรีว่าการกระทรวงคมนาคม ให้ Mr. Günther Sucher อัครราชทูตที่ปรึกษาฝ่าย"
        "การพาณิชย์ ณ สถานเอกอัครราชทูตออสเตรียประจำประเทศไทยเข้าเยี่ยมคารวะ "
        "เมื่อวันที่ 11 พฤษภาคม 2565 ณ กระทรวงคมนาคม"
    )
    assert venue_phrases(lead)[0][1] == "กระทรวงคมนาคม"


def test_a_room_named_after_the_video_link_holds_a_domestic_meeting() -> None:
    lead = (
        "รองปลัดกระทรวงยุติธรรม พร้อมด้วยผู้บริหารของหน่วยงานในสังกัด เข้าร่วมผ่านระบบการประชุมทางไกล "
        "(Cisco Webex Meeting) และห้องประชุมกระทรวงยุติธรรม ๑๐-๐๑ อาคารกระทรวงยุติธรรม"
    )
    venue = prose_venue("ยุติธรรม ประชุมติดตามการฉีดวัคซีน", [lead], domestic=True)
    assert venue is not None
    venue = in_thai_office(venue)
    assert (venue.city, venue.country_code, venue.online) == ("Bangkok", "TH", False)


def test_a_field_trip_to_a_province_and_a_place_with_a_long_bracket() -> None:
    lead = (
        "นายวีรศักดิ์ รัฐมนตรีช่วยว่าการกระทรวงพาณิชย์ เปิดเผยภายหลังได้ลงพื้นที่จังหวัดอุบลราชธานี "
        "ระหว่างวันที่ 4-5 ก.พ.2564"
    )
    assert where("พาณิชย์ลงพื้นที่ประชุมร่วมกับภาคเอกชน", lead) == ("Ubon Ratchathani", "TH", False)
    lead = (
        "ให้การต้อนรับ ณ โครงการก่อสร้างสะพานมิตรภาพไทย - ลาว แห่งที่ 5 (บึงกาฬ - บอลิคำไซ) "
        "จังหวัดบึงกาฬ ในวันที่ 28 ตุลาคม 2565"
    )
    assert where("คมนาคมจัดพิธีวางศิลาฤกษ์", lead) == ("Bueng Kan", "TH", False)


def test_a_domestic_meeting_chaired_from_a_room_keeps_it_whatever_the_title_says() -> None:
    title = "ผู้ตรวจฯ ดีอีเอส ติดตามภารกิจสำคัญในพื้นที่ ปัตตานี - เชียงใหม่ ผ่านระบบการประชุมออนไลน์"
    lead = (
        "เมื่อวันที่ 21 มีนาคม 2565 ผู้ตรวจราชการกระทรวง เป็นประธานการประชุมตรวจราชการ ผ่านระบบ"
        "การประชุมออนไลน์ ณ ห้องประชุม 802 ชั้น 8 สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
    )
    venue = prose_venue(title, [lead], domestic=True)
    assert venue is not None
    venue = in_thai_office(venue)
    assert (venue.city, venue.country_code, venue.online) == ("Bangkok", "TH", False)
    lead = (
        "โดยมีรองนายกรัฐมนตรี เป็นประธาน ดำเนินการประชุมผ่านระบบวิดีทัศน์ทางไกล (Video Conference) "
        "จากห้องประชุม 301 ชั้น 3 ตึกบัญชาการ 1 ทำเนียบรัฐบาล โดยมีสาระสำคัญ"
    )
    venue = prose_venue("เกษตรฯ เข้าร่วมประชุมคณะกรรมการ", [lead], domestic=True)
    assert venue is not None and (venue.city, venue.online) == ("Bangkok", False)


def test_who_hosts_a_meeting_is_not_where_it_is() -> None:
    lead = (
        "ครม.เห็นชอบร่างปฏิญญา ซึ่งจะมีการรับรองในการประชุมที่กระทรวงกลาโหม บูรไน เป็นเจ้าภาพ "
        "จัดขึ้นระหว่างวันที่ 15-16 มิถุนายน 2564 ด้วยระบบการประชุมผ่านสื่ออิเล็กทรอนิกส์"
    )
    venue = prose_venue("ครม.เห็นชอบบทบาทกลาโหมอาเซียน", [lead], domestic=True)
    assert venue is not None and venue.online


def test_hybrid_activities_named_further_on_do_not_make_the_meeting_hybrid() -> None:
    lead = (
        "เมื่อวันที่ 27 ตุลาคม 2565 รัฐมนตรีว่าการกระทรวงวัฒนธรรม เข้าร่วมการประชุมรัฐมนตรีอาเซียน"
        "ที่กำกับดูแลงานด้านวัฒนธรรมและศิลปะ ผ่านระบบการประชุมทางไกล (Video Conference) ณ ห้องประชุม 1 "
        "ชั้น 8 อาคารวัฒนธรรมวิศิษฏ์ กระทรวงวัฒนธรรม โดยมี สปป.ลาว เป็นเจ้าภาพ"
    )
    later = "ไทยได้เสนอการจัดกิจกรรมในรูปแบบผสมผสานทั้งออนไลน์และออฟไลน์ เพื่อเผยแพร่วัฒนธรรมอาเซียน"
    assert where("วธ.ร่วมประชุมรัฐมนตรีอาเซียน (AMCA) ครั้งที่ 10", lead, later) == (None, None, True)


def test_a_report_announcing_a_meeting_takes_that_meetings_venue() -> None:
    lead = (
        "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี มีกำหนดเข้าร่วมการประชุมสุดยอดอาเซียน-สหรัฐฯ สมัยพิเศษ "
        "ซึ่งจะจัดขึ้นระหว่างวันที่ 12 - 13 พฤษภาคม 2565 ณ กรุงวอชิงตัน สหรัฐอเมริกา"
    )
    title = "โฆษกรัฐบาลเผย นายกฯ พร้อมเดินทางร่วมการประชุมอาเซียน-สหรัฐฯ สมัยพิเศษ"
    assert where(title, lead) == ("Washington", "US", False)
    # a report of another meeting does not take the venue of the next one
    assert where("ยุติธรรม ประชุมคณะทำงาน", lead) is None


@pytest.mark.parametrize(
    "lead",
    [
        "ยอดสินเชื่อคงค้าง ณ วันที่ 31 ธันวาคม 2563 มีจำนวน 1.2 ล้านล้านบาท",
        "ผลิตภัณฑ์มวลรวมในประเทศ ณ ราคาคงที่ (ข้อมูลเบื้องต้น) ขยายตัวร้อยละ 2.1",
        "ณ ปัจจุบัน มีผู้ลงทะเบียนแล้วกว่า 10 ล้านคน",
        "หนี้สาธารณะคงค้าง ณ สิ้นเดือนเมษายน 2564 เท่ากับ 8.4 ล้านล้านบาท",
        "รับซื้อข้าวเปลือกเจ้า ณ ความชื้น 15% ตันละ 10,000 บาท",
        "รัฐมนตรีว่าการกระทรวงแรงงาน ลงพื้นที่ตรวจเยี่ยมการให้บริการฉีดวัคซีนโควิด-19",
        "แรงงานที่ประสงค์จะเดินทางไปทำงานในต่างประเทศ ต้องลงทะเบียนก่อน",
        "ขอให้ทุกท่านมาพบกัน ณ ที่นี่ ทุกปี",
    ],
)
def test_a_time_a_measure_or_a_verb_is_no_venue(lead: str) -> None:
    assert prose_venue("ข่าวเศรษฐกิจ", [lead]) is None


@pytest.mark.parametrize(
    ("lead", "city"),
    [
        ("พระบาทสมเด็จพระเจ้าอยู่หัว เสด็จ ณ ศาลาสหทัยสมาคม ในพระบรมมหาราชวัง", "Bangkok"),
        ("นายกรัฐมนตรี เป็นประธานในพิธี ณ มณฑลพิธีท้องสนามหลวง", "Bangkok"),
        ("รัฐมนตรีว่าการกระทรวงคมนาคม ตรวจความพร้อม ณ ท่าอากาศยานสุวรรณภูมิ", "Samut Prakan"),
        ("ณ ห้องคริสตัล ฮอลล์ โรงแรม ดิ แอทธินี โฮเทล แบงค็อก", "Bangkok"),
    ],
)
def test_well_known_landmarks_are_placed(lead: str, city: str) -> None:
    assert where("การประชุม", lead) == (city, "TH", False)


def test_a_number_that_starts_a_named_place_is_a_venue() -> None:
    lead = "รัฐมนตรีช่วยว่าการกระทรวงพาณิชย์ ลงพื้นที่ 2 อำเภอของจังหวัดศรีสะเกษ เพื่อติดตามสถานการณ์"
    assert where("ลงพื้นที่", lead) == ("Si Sa Ket", "TH", False)


def test_a_room_named_after_another_events_venue_is_the_meetings_own() -> None:
    lead = (
        "วันพุธที่ 12 พฤษภาคม 2564 นายอำพันธุ์ เวฬุตันติ รองปลัดกระทรวงเกษตรและสหกรณ์ เป็นประธานการประชุม"
        "คณะกรรมการจัดงานมหกรรมพืชสวนโลก 2021 ที่จะจัดขึ้น ณ สาธารณรัฐประชาชนจีน ผ่านระบบโปรแกรม Zoom "
        "Cloud Meetings ณ ห้องประชุมกระทรวงเกษตรและสหกรณ์"
    )
    assert where("การจัดงานมหกรรมพืชสวนโลก 2021", lead) == ("Bangkok", "TH", False)
    # the event's own place told in two phrases stays the event's
    lead = (
        "ธนาคารออมสินเตรียมบริการในงานมหกรรมการเงิน ซึ่งจะจัดขึ้นในวันที่ 17-20 ธันวาคม 2563 "
        "ณ ฮอลล์ EH103-104 ณ ศูนย์นิทรรศการและการประชุมไบเทค"
    )
    assert where("ออมสินร่วมงาน Money Expo", lead) is None


def test_a_zoom_program_makes_a_meeting_online() -> None:
    lead = (
        "วันนี้ (3 มีนาคม 2565) อธิบดีกรมการค้าต่างประเทศ หารือกับผู้แทนกระทรวงพาณิชย์อินเดีย "
        "ผ่านระบบโปรแกรม Zoom"
    )
    assert where("พาณิชย์หารืออินเดีย", lead) == (None, None, True)


def test_the_success_of_a_past_visit_is_not_where_the_meeting_is() -> None:
    title = "โฆษกรัฐบาลเผย “นายกฯ” นั่งประชุม ครม. ชูความสำเร็จเยือนซาอุฯ สั่งการติดตามสถานการณ์ของแพง"
    summary = (
        f"{title} ขอบคุณทุกฝ่ายควบคุมโอมิครอนวงจำกัด เร่งเตรียมพร้อมรับนักท่องเที่ยว "
        "วอนพรรคร่วมรัฐบาลทำงานเพื่อประเทศ"
    )
    lead = (
        "วันนี้ (1 กุมภาพันธ์ 2565) นายธนกร วังบุญคงชนะ โฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยว่า "
        "ในที่ประชุมคณะรัฐมนตรี (ครม.) พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี ได้กล่าวถึงการประชุม "
        "ครม. ในรูปแบบ Video Conference วันนี้ เนื่องจากอยู่ระหว่างการกักตัว"
    )
    assert where(title, summary, lead) == (None, None, True)


@pytest.mark.parametrize(
    "lead",
    [
        "รองปลัดกระทรวงเกษตรและสหกรณ์ เป็นประธานการประชุมคณะกรรมการจัดงานมหกรรมพืชสวนโลก 2021 "
        "ซึ่งจะจัดขึ้น ณ สาธารณรัฐประชาชนจีน ระหว่างวันที่ 8 เมษายน – 8 ตุลาคม 2564 ณ เมืองหยางโจว",
        "ที่ประชุมเห็นชอบให้จัดการประชุมคณะกรรมาธิการร่วมครั้งต่อไป ณ สาธารณรัฐสังคมนิยมเวียดนาม "
        "ในช่วงต้นปี 2566 ณ กรุงฮานอย",
    ],
)
def test_a_later_events_place_told_around_its_date_stays_that_events(lead: str) -> None:
    assert where("การประชุมคณะกรรมการ", lead) is None


def test_who_visits_is_not_where() -> None:
    lead = (
        "จัดนิทรรศการศิลปะจากกระดาษ ที่บอกเล่าเรื่องราวการเสด็จราชดำเนินเยือนของราชวงศ์เบลเยี่ยม "
        "ณ ชั้น L หอศิลปวัฒนธรรมแห่งกรุงเทพมหานคร"
    )
    assert where("เปิดนิทรรศการความสัมพันธ์ไทย-เบลเยียม", lead) == ("Bangkok", "TH", False)


@pytest.mark.parametrize(
    ("lead", "place"),
    [
        (
            "การประชุมรัฐภาคีกรอบอนุสัญญาสหประชาชาติว่าด้วยการเปลี่ยนแปลงสภาพภูมิอากาศ สมัยที่ 27 "
            "(COP27) ระหว่างวันที่ 6-18 พฤศจิกายน 2565 ณ เมืองชาร์ม เอล เชค สาธารณรัฐอาหรับอียิปต์",
            ("Sharm El Sheikh", "EG", False),
        ),
        ("เข้าร่วมการประชุม ณ นครเมกกะห์ ราชอาณาจักรซาอุดีอาระเบีย", ("Mecca", "SA", False)),
        ("ร่วมหารือ ณ นครโอซาก้า ประเทศญี่ปุ่น", ("Osaka", "JP", False)),
        ("ร่วมประชุม ณ เมืองคราคอฟ สาธารณรัฐโปแลนด์", ("Kraków", "PL", False)),
    ],
)
def test_foreign_cities_are_found_as_thai_news_spells_them(
    lead: str, place: tuple[str, str, bool]
) -> None:
    assert where("", lead) == place
