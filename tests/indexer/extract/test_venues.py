import pytest

from archive.reference.gazetteer import cities
from archive.reference.tables import load_tsv
from archive.store.recorddata import VenueData
from indexer.extract.venues import VENUE_COLUMNS, resolve_venue, venue_city


def where(raw: str) -> tuple[str | None, str | None]:
    venue = resolve_venue(raw)
    assert venue.raw == raw
    return venue.city, venue.country_code


def test_city_and_country():
    assert resolve_venue("กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน") == VenueData(
        raw="กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน",
        city="Stockholm",
        city_th="สตอกโฮล์ม",
        country_code="SE",
        country_name_th="สวีเดน",
        country_name_en="Sweden",
    )


@pytest.mark.parametrize(
    ("raw", "city", "code"),
    [
        ("ณ ศูนย์การประชุมสหประชาชาติ กรุงเทพฯ", "Bangkok", "TH"),
        ("โรงแรมเดอะสุโกศล กรุงเทพฯ", "Bangkok", "TH"),
        ("ณ โรงแรมแชงกรี-ล่า เขตบางรัก กรุงเทพมหานคร", "Bangkok", "TH"),
        ("โรงแรมแชงกรี–ลา", "Bangkok", "TH"),
        ("ที่เวียงจันทน์ สปป.ลาว", "Vientiane", "LA"),
        ("สาธารณรัฐสิงคโปร์", "Singapore", "SG"),
        ("ณ โรงแรมสตาร์ คอนเวนชั่น จ.ระยอง", "Rayong", "TH"),
        ("ตึกภักดีบดินทร์ ทำเนียบรัฐบาล", "Bangkok", "TH"),
        ("ณ ศูนย์การประชุมแห่งชาติสิริกิติ์", "Bangkok", "TH"),
        ("Queen Sirikit National Convention Center (QSNCC)", "Bangkok", "TH"),
        ("ณ ห้องประชุม ๑ กระทรวงการต่างประเทศ", "Bangkok", "TH"),
        ("ศาลาว่าการกรุงเทพมหานคร (เสาชิงช้า)", "Bangkok", "TH"),
        ("เขตปทุมวัน", "Bangkok", "TH"),
        ("Stockholm, Sweden", "Stockholm", "SE"),
        ("Tokyo", "Tokyo", "JP"),
        ("Jakarta, Indonesia", "Jakarta", "ID"),
        ("กรุงเนปยีดอ สาธารณรัฐแห่งสหภาพเมียนมา", "Naypyidaw", "MM"),
        ("บันดาร์ เสรี เบกาวัน เนการาบรูไนดารุสซาลาม", "Bandar Seri Begawan", "BN"),
        # provinces and towns across the border, where border committees meet
        ("บริเวณพื้นที่โครงการก่อสร้างสะพานมิตรภาพไทย - ลาว แห่งที่ 5 แขวงบอลิคำไซ", "Bolikhamxay", "LA"),
        ("ณ เมืองท่าแขก แขวงคำม่วน สปป.ลาว", "Thakhek", "LA"),
        ("ณ จังหวัดเกาะกง ราชอาณาจักรกัมพูชา", "Koh Kong", "KH"),
        ("ณ โรงแรมในเมืองเกาะสอง เขตตะนาวศรี", "Kawthaung", "MM"),
        ("ณ เมืองอลอร์สตาร์ รัฐเคดาห์ มาเลเซีย", "Alor Setar", "MY"),
        ("ณ จังหวัดสระแก้ว", "Sa Kaeo", "TH"),
        # China's provinces and the cities of Thai-Chinese trade; a city before its province wins
        ("ณ นครคุนหมิง มณฑลยูนนาน สาธารณรัฐประชาชนจีน", "Kunming", "CN"),
        ("ณ มณฑลยูนนาน", "Yunnan", "CN"),
        ("เมืองกุ้ยหลิน เขตปกครองตนเองกว่างซีจ้วง สาธารณรัฐประชาชนจีน", "Guilin", "CN"),
        ("ณ ด่านโหย่วอี้กวาน เมืองผิงเสียง", "Pingxiang", "CN"),
        ("ณ เมืองฟุกุโอกะ ประเทศญี่ปุ่น", "Fukuoka", "JP"),
        # a city the meeting is held outside of is not where it is
        ("ที่ประเทศไทยครั้งนี้ นอกจากจะเป็นการประชุมนอกนครเจนีวา", None, "TH"),
        ("องค์การอุตสาหกรรมป่าไม้ ถนนราชดำเนินนอก กรุงเทพฯ", "Bangkok", "TH"),
    ],
)
def test_real_venues(raw, city, code):
    assert where(raw) == (city, code)


def test_country_alone_gives_no_city():
    venue = resolve_venue("ราชอาณาจักรกัมพูชา")
    assert (venue.city, venue.city_th, venue.country_code) == (None, None, "KH")
    assert (venue.country_name_th, venue.country_name_en) == ("กัมพูชา", "Cambodia")


def test_nothing_found_keeps_raw():
    raw = "ห้องประชุมชั้น ๑ อาคารเพชรรัตน์ กอ.รมน."
    assert resolve_venue(raw) == VenueData(raw=raw)
    assert resolve_venue("") == VenueData(raw="")


def test_city_wins_over_a_conflicting_country():
    assert where("กรุงโตเกียว สาธารณรัฐเกาหลี") == ("Tokyo", "JP")
    assert where("สถานเอกอัครราชทูตไทย ณ กรุงโซล") == ("Seoul", "KR")


def test_named_city_wins_over_a_known_venue():
    assert where("โรงแรมแชงกรี-ลา จังหวัดเชียงใหม่") == ("Chiang Mai", "TH")
    assert where("Shangri-La Hotel, Singapore") == ("Singapore", "SG")


def test_known_venue_in_another_country_is_ignored():
    assert where("กระทรวงการต่างประเทศญี่ปุ่น") == (None, "JP")


def test_venue_table():
    header, *rows = load_tsv("venues.tsv")
    assert tuple(header) == VENUE_COLUMNS
    known = {c.name_en for c in cities()}
    for name, city, *_ in rows:
        assert city in known
        found = venue_city(name)
        assert found is not None and found.name_en == city, name


def test_a_stated_province_wins_over_the_city_in_a_hotels_name():
    raw = "โรงแรมโนโวเทล กรุงเทพ ฟิวเจอร์พาร์ค รังสิต อำเภอธัญบุรี จังหวัดปทุมธานี"
    assert where(raw) == ("Pathum Thani", "TH")
    # a town inside the province is nearer than the province
    assert where("ณ โรงแรมรอยัล คลิฟ เมืองพัทยา จังหวัดชลบุรี") == ("Pattaya", "TH")


def test_an_embassy_is_in_its_host_country():
    assert where("สถานเอกอัครราชทูตออสเตรียประจำประเทศไทย") == (None, "TH")


def test_headquarters_and_cities_abroad():
    assert where("ณ สำนักงานใหญ่องค์การอนามัยโลก(WHO)") == ("Geneva", "CH")
    assert where("ณ สำนักงานใหญ่สหประชาชาติ") == ("New York", "US")
    assert where("ณ โรงแรม Conrad เมืองบาหลี ประเทศอินโดนีเซีย") == ("Bali", "ID")
    assert where("ณ กรุงวอชิงตัน สหรัฐอเมริกา") == ("Washington", "US")
    assert where("ณ เมืองคุมาโมโตะ ประเทศญี่ปุ่น") == ("Kumamoto", "JP")
    # a province named as the address is not its capital city (Ho Tram is far from Vung Tau)
    raw = "ณ โรงแรม Inter Continental Grand Ho Tram จังหวัดบ่าเหรียะ-หวุงเต่า"
    assert where(raw) == ("Ba Ria-Vung Tau", "VN")


def test_bangkok_landmarks_a_report_names_without_its_city():
    for raw in ("ท่าอากาศยานทหาร (บน.6)", "โรงพยาบาลศิริราช", "ห้องกุมาริกา ชั้น 2 โรงแรมสวนดุสิตเพลส"):
        venue = resolve_venue(raw)
        assert (venue.city, venue.country_code) == ("Bangkok", "TH"), raw
    assert resolve_venue("รัฐสภายุโรป กรุงบรัสเซลส์").country_code == "BE"
