"""The thaigov news layout on real shared articles, and the same articles in other formats."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.extract.parsing import parse_text
from indexer.extract.reading import read_bytes
from tests.conftest import load_articles

# An independent reading of the article header, deliberately not using indexer.extract.dates.
MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
WEEKDAY_LINE = re.compile(r"^วัน\S+ที่ (\d{1,2}) (\S+) (\d{4})$")
NUMERIC_LINE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def expected_header(text: str) -> tuple[str, date | None, str | None]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = re.sub(r"^รัฐบาลไทย-(?:ข่าวทำเนียบรัฐบาล-)?", "", lines[0])
    title = " ".join(title.replace("\u200b", "").split())
    published = None
    for line in lines[1:4]:
        numeric = NUMERIC_LINE.match(line)
        weekday = WEEKDAY_LINE.match(line)
        if numeric:
            day, month, year = map(int, numeric.groups())
            published = date(year - 543, month, day)
        elif weekday and weekday.group(2) in MONTHS and published is None:
            month = MONTHS.index(weekday.group(2)) + 1
            published = date(int(weekday.group(3)) - 543, month, int(weekday.group(1)))
    url = lines[-1].split(":", 1)[1].strip() if lines[-1].startswith("ที่มา") else None
    return title, published, url


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    return load_articles(600, every=45)


def test_thaigov_title_date_and_url_at_least_99_percent(articles: list[dict[str, str]]) -> None:
    right = {"title": 0, "published": 0, "url": 0}
    for article in articles:
        title, published, url = expected_header(article["text"])
        record = parse_text(article["text"], source_path=article["path"])
        right["title"] += record.title == title
        right["published"] += record.published == published
        right["url"] += record.source_url == url
        assert record.document_kind == "news"
        assert record.organization == "รัฐบาลไทย"
    total = len(articles)
    assert total >= 500
    rates = {field: count / total for field, count in right.items()}
    assert min(rates.values()) >= 0.99, rates


def test_thaigov_event_date_is_close_to_publication(articles: list[dict[str, str]]) -> None:
    for article in articles[:200]:
        record = parse_text(article["text"], source_path=article["path"])
        assert record.date_start is not None and record.published is not None
        assert abs((record.date_start - record.published).days) <= 31


def _as_cp874(text: str) -> bytes | None:
    try:
        return text.encode("cp874")
    except UnicodeEncodeError:
        return None


def _as_html(text: str) -> bytes:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>ข่าว</title>"
        "<script>var x = 1;</script></head><body>"
        "<nav><ul><li>หน้าแรก</li><li>ข่าวทำเนียบรัฐบาล</li></ul></nav>"
        f"<main>{body}</main><footer><p>ติดตามเรา</p><p>Facebook</p></footer></body></html>"
    )
    return page.encode("utf-8")


def _as_docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fields(record) -> tuple:  # type: ignore[no-untyped-def]
    venue = record.venue and (record.venue.raw, record.venue.city, record.venue.country_code)
    return (
        record.title,
        record.published,
        record.date_start,
        record.date_end,
        record.source_url,
        venue,
        [f.text for f in record.follow_ups],
        [f.text for f in record.findings],
        record.document_kind,
        record.organization,
    )


def test_same_article_in_cp874_html_and_docx_gives_the_same_record() -> None:
    articles = load_articles(40, every=300)
    compared = 0
    for article in articles:
        text = article["text"]
        reference = _fields(parse_text(text, source_path="a.txt"))
        variants = {"html": _as_html(text), "docx": _as_docx(text)}
        encoded = _as_cp874(text)
        if encoded is not None:
            variants["cp874"] = encoded
        for kind, data in variants.items():
            name = {"html": "a.html", "docx": "a.docx", "cp874": "a.txt"}[kind]
            source = read_bytes(data, name=name)
            if kind == "cp874":
                assert source.encoding == "cp874"
            record = parse_text(source.text, source_path=name, source_format=source.format)
            assert _fields(record) == reference, (article["path"], kind)
            compared += 1
    assert compared >= 100


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parser_never_raises_on_arbitrary_text(text: str) -> None:
    record = parse_text(text, source_path="fuzz.txt")
    assert record.title
    assert isinstance(record.warnings, list)


THAI_PIECES = st.sampled_from(
    [
        "1. ชื่อการประชุม",
        "2. สถานที่",
        "3. วันที่",
        "4. สรุปเนื้อหา",
        "5. การดำเนินงานต่อเนื่อง",
        "สถานที่/วันที่",
        "กลุ่มภารกิจ :",
        "ณ",
        "วันนี้ (",
        "๒๒ก.พ.63",
        "13 – 18 กันยายน 2559",
        "\n",
        "\n\n",
        "  ",
        "(1)",
        "- ",
        "4.3.1",
        "สำนักเทศกิจ",
        "กรุงเทพฯ",
        "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-",
        "ที่มา : http://x",
        "โครงการ",
        "เห็นชอบให้",
        "ภายในวันที่",
        "โทร. 0-2241-4109",
        ":",
        "นาย",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(THAI_PIECES | st.text(max_size=8), max_size=40).map("".join))
def test_parser_never_raises_on_layout_like_text(text: str) -> None:
    record = parse_text(text, source_path="fuzz.txt")
    assert record.title
    if record.date_start and record.date_end:
        assert record.date_start <= record.date_end


def _news(published: str, *body: str, title: str = "ปลัดกระทรวงคมนาคม ประชุมหารือร่วมกับมาเลเซีย") -> str:
    return "\n".join(
        [f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}", "", published, title, *body, "ที่มา : https://x"]
    )


def test_the_meeting_day_written_with_its_weekday_beats_a_background_date() -> None:
    text = _news(
        "วันเสาร์ที่ 5 มีนาคม 2565",
        "นายชยธรรม์ ประชุมหารือร่วมกับปลัดกระทรวงคมนาคมของมาเลเซีย ในวันศุกร์ที่ 4 มีนาคม 2565 "
        "ติดตามผลการหารือของนายกรัฐมนตรีกับนายกรัฐมนตรีมาเลเซีย เมื่อวันที่ 25 กุมภาพันธ์ 2565",
    )
    assert parse_text(text, source_path="x.txt").date_start == date(2022, 3, 4)


def test_the_cabinets_session_and_a_dated_decree_are_not_the_meeting() -> None:
    text = _news(
        "วันศุกร์ที่ 16 กรกฎาคม 2564",
        "รองโฆษกฯ เปิดเผยหลังการประชุมคณะรัฐมนตรี (ครม.) เมื่อวันที่ 14 กรกฎาคม 2564 ว่า "
        "คณะทำงานประชุมผ่านระบบออนไลน์ ตามข้อกำหนด ฉบับที่ 27 ลงวันที่ 10 กรกฎาคม พ.ศ. 2564",
        title="การประชุมคณะทำงาน ครั้งที่ 1/2564",
    )
    assert parse_text(text, source_path="x.txt").date_start == date(2021, 7, 16)


def test_a_meeting_announced_ahead_takes_its_own_later_date() -> None:
    text = _news(
        "วันพุธที่ 5 ตุลาคม 2565",
        "รองโฆษกฯ กล่าวว่า ระหว่างวันที่ 6-7 ต.ค. 65 รองนายกรัฐมนตรีจะนำคณะเยือนเวียงจันทน์",
        title="รองนายกฯ เตรียมนำทีมเยือนเวียงจันทน์ ร่วมหารือผู้แทน สปป.ลาว",
    )
    record = parse_text(text, source_path="x.txt")
    assert (record.date_start, record.date_end) == (date(2022, 10, 6), date(2022, 10, 7))


def test_a_speech_at_a_summit_has_its_parties_but_no_follow_ups() -> None:
    text = _news(
        "วันศุกร์ที่ 4 ธันวาคม 2563",
        "ประการที่สอง เราต้องมีกลไกทางการเงินที่จะสนับสนุนการพัฒนา ACMECS โดยไทยขอยืนยันคำมั่นที่จะ"
        "สนับสนุนเงินจำนวน 200 ล้านดอลลาร์สหรัฐแก่กองทุนเพื่อใช้ในการพัฒนาโครงการ",
        "โดยไทยจะผลักดันประเด็นเศรษฐกิจ BCG ในการเป็นเจ้าภาพการประชุมเอเปคปี 2565 ต่อไป",
        title="คำกล่าวของนายกรัฐมนตรี ในการประชุมผู้นำ ACMECS ครั้งที่ 9",
    )
    record = parse_text(text, source_path="x.txt")
    assert record.party_organizations == ["ACMECS"]
    assert record.follow_ups == []  # a speech is no meeting news to follow up


def test_the_meeting_a_report_announces_is_no_follow_up_but_a_step_after_it_is() -> None:
    text = _news(
        "วันพุธที่ 24 พฤศจิกายน 2564",
        "ระหว่างวันที่ 27 พ.ย.-2 ธ.ค. 64 นายอนุทิน ชาญวีรกุล รองนายกรัฐมนตรีและ รมว.สาธารณสุข "
        "มีกำหนดจะนำคณะเข้าร่วมการประชุมสมัชชาอนามัยโลก สมัยพิเศษ ณ นครเจนีวา สมาพันธรัฐสวิส",
        "โดยกระทรวงสาธารณสุขจะลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านสาธารณสุขกับสมาพันธรัฐสวิส"
        "ในช่วงการประชุม",
        title="รองนายกรัฐมนตรี เตรียมนำคณะร่วมประชุมสมัชชาอนามัยโลก สมัยพิเศษ ณ นครเจนีวา",
    )
    record = parse_text(text, source_path="x.txt")
    assert record.date_start == date(2021, 11, 27)
    assert [item.text for item in record.follow_ups] == [
        "โดยกระทรวงสาธารณสุขจะลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านสาธารณสุขกับสมาพันธรัฐสวิส"
        "ในช่วงการประชุม"
    ]
    # those taking part in the meeting ("ผู้เข้าร่วมประชุม") are not the report's own attendance
    text = _news(
        "วันจันทร์ที่ 14 พฤศจิกายน 2565",
        "ในช่วงการประชุมผู้นำเขตเศรษฐกิจเอเปค ระหว่างวันที่ 16 - 18 พฤศจิกายน 2565 รฟฟท. ได้เตรียม"
        "มาตรการรักษาความปลอดภัยให้แก่ประชาชน รวมถึงผู้เข้าร่วมการประชุม โดยเน้นย้ำให้เจ้าหน้าที่"
        "รักษาความปลอดภัยตรวจสอบอย่างเข้มงวดทุกสถานี",
        title="รฟฟท. เตรียมพร้อมมาตรการด้านความปลอดภัยรองรับการเดินทางของประชาชน",
    )
    assert len(parse_text(text, source_path="x.txt").follow_ups) == 1


def test_the_days_of_an_announced_meetings_programme_are_no_follow_ups() -> None:
    text = _news(
        "วันพฤหัสบดีที่ 7 เมษายน 2565",
        "โฆษกกระทรวงการคลัง แถลงว่า ในระหว่างวันที่ 7 – 8 เมษายน 2565 รัฐมนตรีว่าการกระทรวงการคลัง"
        "มีกำหนดเข้าร่วมการประชุมรัฐมนตรีว่าการกระทรวงการคลังและผู้ว่าการธนาคารกลางอาเซียน"
        "ผ่านสื่ออิเล็กทรอนิกส์ ดังนี้",
        "1. วันที่ 7 เมษายน 2565 รัฐมนตรีว่าการกระทรวงการคลังจะเข้าร่วมการเสวนาในหัวข้อ "
        "“การเงินยั่งยืน” โดยที่ประชุมจะได้แลกเปลี่ยนความเห็นเกี่ยวกับประเด็นทางเศรษฐกิจ",
        "2. วันที่ 8 เมษายน 2565 รัฐมนตรีว่าการกระทรวงการคลังจะเข้าร่วมการประชุมที่สำคัญ ดังนี้",
        "ทั้งนี้ กระทรวงการคลังจะเสนอผลการประชุมต่อคณะรัฐมนตรีภายในเดือนพฤษภาคม 2565",
        title="การประชุม รมว.คลังและผู้ว่าการธนาคารกลางอาเซียน ระหว่างวันที่ 7 - 8 เม.ย.2565",
    )
    record = parse_text(text, source_path="x.txt")
    assert (record.date_start, record.date_end) == (date(2022, 4, 7), date(2022, 4, 8))
    assert [item.text for item in record.follow_ups] == [
        "กระทรวงการคลังจะเสนอผลการประชุมต่อคณะรัฐมนตรีภายในเดือนพฤษภาคม 2565"
    ]


def test_the_report_of_a_meeting_keeps_what_its_opening_sentence_asks_for() -> None:
    # an instruction before the announced meeting, in the same sentence
    text = _news(
        "วันพุธที่ 21 กรกฎาคม 2564",
        "ทั้งนี้ พล.อ.ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี มีความห่วงใยประชาชนที่ได้รับผลกระทบ "
        "จึงสั่งการให้กระทรวงการคลังเร่งช่วยเหลือโดยเร่งด่วน และในวันพรุ่งนี้ (22 ก.ค. 64) "
        "ท่านนายกจะเป็นประธานประชุมคณะกรรมการบริหารสถานการณ์เศรษฐกิจ ครั้งที่ 3/2564",
        title="“โฆษกศบศ.”เผย”บิ๊กตู่”เรียกประชุมศบศ.หารือมาตรการกระตุ้นเศรษฐกิจและการลงทุนพรุ่งนี้",
    )
    record = parse_text(text, source_path="x.txt")
    assert record.date_start == date(2021, 7, 22)
    assert len(record.follow_ups) == 1
    # an instruction after the attendance the opening sentence tells
    text = _news(
        "วันพุธที่ 25 สิงหาคม 2564",
        "วันนี้ (25 สิงหาคม 2564) เวลา 09.00 น. รัฐมนตรีว่าการกระทรวงทรัพยากรธรรมชาติและ"
        "สิ่งแวดล้อม เข้าร่วมประชุมคณะกรรมการสงวนและคุ้มครองสัตว์ป่าแห่งชาติ ผ่านระบบการประชุมทางไกล "
        "กำชับ กรมอุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช เร่งดำเนินการออกกฎหมายลำดับรองให้แล้วเสร็จ",
        title="รมว.ทส. ประชุมคณะกรรมการสงวนและคุ้มครองสัตว์ป่าแห่งชาติ",
    )
    assert len(parse_text(text, source_path="x.txt").follow_ups) == 1
    # who was sent to attend is no follow-up
    text = _news(
        "วันจันทร์ที่ 26 กรกฎาคม 2564",
        "เมื่อวันที่ 26 กรกฎาคม 2564 รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์ ได้มอบหมายให้"
        "ปลัดกระทรวงเกษตรและสหกรณ์ และรองปลัดกระทรวงเกษตรและสหกรณ์ เข้าร่วมประชุมสุดยอดผู้นำ"
        "ระบบอาหารโลกของสหประชาชาติ ณ กรุงโรม ผ่านระบบการประชุมออนไลน์",
        title="เกษตรฯ ร่วมประชุมสุดยอดผู้นำระบบอาหารโลกของสหประชาชาติ",
    )
    assert parse_text(text, source_path="x.txt").follow_ups == []
