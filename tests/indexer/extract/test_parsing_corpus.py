"""The fourteen sample documents in corpus/, parsed to what a careful human reader extracts.

Every expected value here is the one stated in corpus/README.md ("Expected values", "Further
values", "Decoys on purpose"); the decoys are values that must NOT come out of the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import pytest

from archive.store.recorddata import RecordData, ReporterData
from indexer.extract.parsing import parse_text
from indexer.extract.reading import read_document
from tests.conftest import CORPUS

BMA_UNIT = "กองการต่างประเทศ สำนักปลัดกรุงเทพมหานคร"
THAIGOV_CREDIT = ReporterData(unit="กลุ่มประชาสัมพันธ์และเผยแพร่ สำนักโฆษก")


@dataclass(frozen=True)
class Expected:
    title: str
    kind: str
    venue: tuple[str, str] | None  # (English city, ISO country code)
    span: tuple[date, date] | None
    agencies: tuple[str, ...]
    # (due date, agencies whose item carries it)
    due: tuple[tuple[date, tuple[str, ...]], ...] = ()
    published: date | None = None
    updated: date | None = None
    reporter: ReporterData | None = None
    source_url: str | None = None


EXPECTED: dict[str, Expected] = {
    "01": Expected(
        title=(
            "การศึกษาดูงานหลักสูตร Disaster Risk Reduction for Metropolitan Cities "
            "ภายใต้ความร่วมมือกับองค์การความร่วมมือระหว่างประเทศของญี่ปุ่น "
            "(Japan International Cooperation Agency: JICA)"
        ),
        kind="visit",
        venue=("Tokyo", "JP"),
        span=(date(2018, 11, 4), date(2018, 11, 15)),
        agencies=("สำนักป้องกันและบรรเทาสาธารณภัย", "กองการต่างประเทศ"),
        due=((date(2019, 2, 28), ("สำนักป้องกันและบรรเทาสาธารณภัย",)),),
        reporter=ReporterData(
            name="นายธนพล เกียรติวงศ์ไพศาล",
            position="นักวิเทศสัมพันธ์ปฏิบัติการ",
            unit=f"กลุ่มงานต่างประเทศ 1 {BMA_UNIT}",
            phone="0 2224 8179",
        ),
    ),
    "02": Expected(
        title=(
            "การประชุม Seoul International Forum on Sustainable Urban Transport 2019 "
            "และการหารือความร่วมมือด้านระบบขนส่งสาธารณะกับรัฐบาลกรุงโซล "
            "(Seoul Metropolitan Government)"
        ),
        kind="meeting",
        venue=("Seoul", "KR"),
        span=(date(2019, 10, 28), date(2019, 11, 1)),
        agencies=("สำนักการจราจรและขนส่ง", "สำนักการโยธา", "กองการต่างประเทศ"),
        due=((date(2020, 3, 31), ("สำนักการจราจรและขนส่ง",)),),
        reporter=ReporterData(
            name="นางสาวพิมพ์ชนก อุดมสุข",
            position="นักวิเทศสัมพันธ์ชำนาญการ",
            unit=f"กลุ่มงานต่างประเทศ 2 {BMA_UNIT}",
            phone="0 2224 8176",
        ),
    ),
    "03": Expected(
        title=(
            "การประชุมเชิงปฏิบัติการ Regional Workshop on Urban Flood Resilience "
            "in Southeast Asian Cities"
        ),
        kind="meeting",
        venue=("Kuala Lumpur", "MY"),
        span=(date(2017, 7, 12), date(2017, 7, 14)),
        agencies=(
            "สำนักการระบายน้ำ",
            "สำนักการวางผังและพัฒนาเมือง",
            "กรมชลประทาน",
            "กรมอุตุนิยมวิทยา",
        ),
        due=((date(2017, 12, 31), ("สำนักการระบายน้ำ",)),),
        reporter=ReporterData(
            name="นายศุภกร วงศ์ประเสริฐ",
            position="นักวิเทศสัมพันธ์ปฏิบัติการ",
            unit=f"กลุ่มงานต่างประเทศ 3 {BMA_UNIT}",
            phone="0 2224 8175",
        ),
    ),
    "04": Expected(
        title=(
            "การประชุม Cities Climate Action Forum 2023 "
            "และการหารือความร่วมมือด้านการปรับตัวต่อการเปลี่ยนแปลงสภาพภูมิอากาศกับนครปารีส "
            "(Ville de Paris)"
        ),
        kind="meeting",
        venue=("Paris", "FR"),
        span=(date(2023, 3, 20), date(2023, 3, 22)),
        agencies=(
            "สำนักสิ่งแวดล้อม",
            "สำนักการวางผังและพัฒนาเมือง",
            "สำนักการศึกษา",
            "กรมการเปลี่ยนแปลงสภาพภูมิอากาศและสิ่งแวดล้อม",
        ),
        reporter=ReporterData(
            name="นางวรรณวิสา ทองประเสริฐ",
            position="นักวิเทศสัมพันธ์ชำนาญการพิเศษ",
            unit=BMA_UNIT,
            phone="0 2224 8174",
        ),
    ),
    "05": Expected(
        title=(
            "ผลการประชุมคณะกรรมการร่วมไทย – ลาว "
            "ว่าด้วยความร่วมมือในการป้องกันและปราบปรามอาชญากรรมข้ามชาติตามแนวชายแดน ครั้งที่ ๙"
        ),
        kind="meeting",
        venue=("Vientiane", "LA"),
        span=(date(2018, 11, 28), date(2018, 11, 29)),
        agencies=(
            "สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด",
            "กองบัญชาการตำรวจปราบปรามยาเสพติด",
        ),
        due=(
            (
                date(2019, 3, 31),
                (
                    "สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด",
                    "กองบัญชาการตำรวจปราบปรามยาเสพติด",
                ),
            ),
        ),
        published=date(2018, 12, 3),
        updated=date(2022, 11, 29),
    ),
    "06": Expected(
        title=(
            "ผลการประชุม Regional Policy Dialogue on Sustainable Urban Mobility and Road Safety "
            "in Asia and the Pacific"
        ),
        kind="meeting",
        venue=("Bangkok", "TH"),
        span=(date(2022, 8, 23), date(2022, 8, 24)),
        agencies=("กระทรวงคมนาคม", "สำนักงานนโยบายและแผนการขนส่งและจราจร"),
        due=((date(2022, 11, 30), ("กระทรวงคมนาคม", "สำนักงานนโยบายและแผนการขนส่งและจราจร")),),
        published=date(2022, 8, 26),
        updated=date(2022, 8, 26),
    ),
    "07": Expected(
        title=(
            "ไทย – กัมพูชา เห็นพ้องยกระดับจุดผ่านแดนและเชื่อมโยงข้อมูลด่านชายแดน "
            "อำนวยความสะดวกการค้าและการเดินทาง"
        ),
        kind="news",
        venue=("Phnom Penh", "KH"),
        span=(date(2023, 1, 18), date(2023, 1, 18)),
        agencies=("กรมการปกครอง", "กรมศุลกากร", "สำนักงานตรวจคนเข้าเมือง"),
        due=((date(2023, 3, 31), ("กรมการปกครอง", "กรมศุลกากร", "สำนักงานตรวจคนเข้าเมือง")),),
        published=date(2023, 1, 18),
        reporter=THAIGOV_CREDIT,
        source_url="https://www.thaigov.go.th/news/contents/details/64215",
    ),
    "08": Expected(
        title=(
            "ไทย – จีน หารือฟื้นฟูการท่องเที่ยวระหว่างกันที่นครคุนหมิง "
            "ตั้งเป้านักท่องเที่ยวจีนเดินทางเข้าไทยปี 2566 ไม่ต่ำกว่า 5 ล้านคน"
        ),
        kind="news",
        venue=("Kunming", "CN"),
        span=(date(2023, 2, 8), date(2023, 2, 9)),
        agencies=("กระทรวงการท่องเที่ยวและกีฬา", "กรมการท่องเที่ยว", "สำนักงานตรวจคนเข้าเมือง"),
        published=date(2023, 2, 10),
        reporter=THAIGOV_CREDIT,
        source_url="https://www.thaigov.go.th/news/contents/details/65102",
    ),
    "09": Expected(
        title=(
            "ไทย – เมียนมา ประชุมคณะทำงานร่วมด้านแรงงาน ครั้งที่ 7 ที่นครย่างกุ้ง "
            "เร่งจัดระบบการจ้างแรงงานตาม MOU ลดค่าใช้จ่ายแรงงาน ป้องกันการค้ามนุษย์"
        ),
        kind="news",
        venue=("Yangon", "MM"),
        span=(date(2020, 1, 15), date(2020, 1, 16)),
        agencies=("กรมการจัดหางาน", "กรมสวัสดิการและคุ้มครองแรงงาน", "สำนักงานประกันสังคม"),
        due=((date(2020, 2, 29), ("กรมการจัดหางาน", "กรมสวัสดิการและคุ้มครองแรงงาน")),),
        published=date(2020, 1, 16),
        reporter=THAIGOV_CREDIT,
        source_url="https://www.thaigov.go.th/news/contents/details/26840",
    ),
    "10": Expected(
        title=(
            "การเดินทางเยือนกรุงฮานอย สาธารณรัฐสังคมนิยมเวียดนาม "
            "เพื่อกระชับความสัมพันธ์ฉันเมืองพี่เมืองน้องระหว่างกรุงเทพมหานครกับกรุงฮานอย"
        ),
        kind="visit",
        venue=("Hanoi", "VN"),
        span=(date(2018, 8, 21), date(2018, 8, 23)),
        agencies=(
            "สำนักการศึกษา",
            "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว",
            "สำนักการจราจรและขนส่ง",
            "กองการต่างประเทศ",
        ),
    ),
    "11": Expected(
        title=(
            "การประชุมเชิงปฏิบัติการเครือข่ายเมืองอัจฉริยะอาเซียน "
            "(ASEAN Smart Cities Network Workshop on Smart Urban Services)"
        ),
        kind="meeting",
        venue=("Singapore", "SG"),
        span=(date(2019, 6, 30), date(2019, 7, 2)),
        agencies=(
            "สำนักยุทธศาสตร์และประเมินผล",
            "สำนักการวางผังและพัฒนาเมือง",
            "กองการต่างประเทศ",
            "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
        ),
        due=((date(2019, 9, 30), ("สำนักยุทธศาสตร์และประเมินผล",)),),
        reporter=ReporterData(
            name="นางสาวอรุณี ศักดิ์ศรีสกุล",
            position="นักวิเทศสัมพันธ์ชำนาญการ",
            unit=f"กลุ่มงานต่างประเทศ ๒ {BMA_UNIT}",
            phone="0 2224 8178",
        ),
    ),
    "12": Expected(
        title=(
            "การประชุมเชิงปฏิบัติการ Regional Workshop on Combating Trafficking in Persons: "
            "The Role of City and Local Authorities"
        ),
        kind="meeting",
        venue=("Canberra", "AU"),
        span=(date(2016, 9, 5), date(2016, 9, 9)),
        agencies=("สำนักพัฒนาสังคม", "สำนักเทศกิจ", "กรมพัฒนาสังคมและสวัสดิการ"),
        due=(
            (date(2016, 10, 31), ("สำนักพัฒนาสังคม",)),
            (date(2017, 1, 31), ("สำนักเทศกิจ",)),
        ),
        reporter=ReporterData(
            name="นายกิตติศักดิ์ บุญญาศิริ",
            position="นักวิเทศสัมพันธ์ชำนาญการ",
            unit=f"กลุ่มงานต่างประเทศ 3 {BMA_UNIT}",
            phone="0 2224 8173",
        ),
    ),
    "13": Expected(
        title="กอ.รมน.ประชุมประสานความร่วมมือเฝ้าระวังภัยคุกคามข้ามชาติ รองรับการประชุมเอเปค ๒๐๒๒",
        kind="meeting",
        venue=("Bangkok", "TH"),
        span=(date(2022, 9, 28), date(2022, 9, 28)),
        agencies=(
            "สำนักงานตรวจคนเข้าเมือง",
            "สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ",
            "กรมการปกครอง",
            "สำนักงานการบินพลเรือนแห่งประเทศไทย",
            "กองอำนวยการรักษาความมั่นคงภายในราชอาณาจักร",  # กอ.รมน. holds the progress meeting
        ),
        due=((date(2022, 10, 15), ("สำนักงานตรวจคนเข้าเมือง",)),),
        published=date(2022, 9, 28),
        reporter=ReporterData(unit="สง.โฆษก กอ.รมน.", phone="0-2241-4109"),
    ),
    "14": Expected(
        title=(
            "โครงการเมืองคู่ความร่วมมือลุ่มน้ำโขงเพื่อการจัดการน้ำเสียชุมชน "
            "(Mekong Twin Cities for Community Wastewater Management)"
        ),
        kind="project",
        venue=None,
        span=None,
        agencies=(),
    ),
}
DOCS = sorted(EXPECTED)
BMA_FORMS = ["01", "02", "03", "04", "11", "12"]


def _path(key: str):  # type: ignore[no-untyped-def]
    (path,) = [p for p in CORPUS.glob(f"{key}_*") if p.name != "README.md"]
    return path


@cache
def record(key: str) -> RecordData:
    """The corpus document ``key`` read from disk and parsed, as ingest would."""
    path = _path(key)
    source = read_document(path)
    return parse_text(source.text, source_path=path.name, source_format=source.format)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def all_agencies(rec: RecordData) -> list[str]:
    """Follow-up agencies over all items, each once, in order of first mention."""
    names: list[str] = []
    for item in rec.follow_ups:
        names += [a for a in item.agencies if a not in names]
    return names


def findings_text(rec: RecordData) -> str:
    return "\n".join(f"{f.heading or ''}\n{f.text}" for f in rec.findings)


def finding(rec: RecordData, number: str):  # type: ignore[no-untyped-def]
    (found,) = [f for f in rec.findings if f.number == number]
    return found


# --------------------------------------------------------------------------- reading


def test_corpus_holds_the_fourteen_documents() -> None:
    names = sorted(p.name for p in CORPUS.iterdir() if p.name != "README.md")
    assert [name[:2] for name in names] == DOCS


def test_formats_and_encodings_are_sniffed() -> None:
    formats = {key: read_document(_path(key)) for key in ("02", "04", "05", "12")}
    assert formats["02"].format == "markdown"
    assert formats["04"].format == "docx" and formats["04"].encoding is None
    assert formats["05"].format == "html"
    # cp874 (not strict TIS-620: byte 0x96 is the en dash) with CRLF line ends
    assert formats["12"].encoding == "cp874"
    assert "5 – 9 ก.ย. 2559" in formats["12"].text
    rec = record("12")
    assert not any("\r" in f.text for f in rec.findings) and "\r" not in rec.title


# --------------------------------------------------------------------------- header fields


@pytest.mark.parametrize("key", DOCS)
def test_title(key: str) -> None:
    assert record(key).title == EXPECTED[key].title


@pytest.mark.parametrize("key", DOCS)
def test_kind(key: str) -> None:
    assert record(key).document_kind == EXPECTED[key].kind


@pytest.mark.parametrize("key", DOCS)
def test_venue(key: str) -> None:
    venue = record(key).venue
    if EXPECTED[key].venue is None:
        assert venue is None
    else:
        assert venue is not None
        assert (venue.city, venue.country_code) == EXPECTED[key].venue


@pytest.mark.parametrize("key", DOCS)
def test_meeting_span(key: str) -> None:
    rec = record(key)
    assert (rec.date_start, rec.date_end) == (EXPECTED[key].span or (None, None))


@pytest.mark.parametrize("key", DOCS)
def test_published_and_updated(key: str) -> None:
    rec = record(key)
    assert (rec.published, rec.updated) == (EXPECTED[key].published, EXPECTED[key].updated)


@pytest.mark.parametrize("key", DOCS)
def test_reporter(key: str) -> None:
    assert record(key).reporter == EXPECTED[key].reporter


@pytest.mark.parametrize("key", DOCS)
def test_source_url(key: str) -> None:
    assert record(key).source_url == EXPECTED[key].source_url


# --------------------------------------------------------------------------- follow-ups


@pytest.mark.parametrize("key", DOCS)
def test_follow_up_agencies(key: str) -> None:
    assert all_agencies(record(key)) == list(EXPECTED[key].agencies)


@pytest.mark.parametrize("key", DOCS)
def test_due_dates(key: str) -> None:
    rec = record(key)
    expected = EXPECTED[key].due
    found = sorted({item.due_date for item in rec.follow_ups if item.due_date})
    assert found == sorted({due for due, _ in expected})
    for due, agencies in expected:
        carriers = [item for item in rec.follow_ups if item.due_date == due]
        assert any(
            all(a in item.agencies and compact(a) in compact(item.text) for a in agencies)
            for item in carriers
        ), (due, agencies, [(i.agencies, i.text[:80]) for i in carriers])


@pytest.mark.parametrize("key", DOCS)
def test_agencies_whose_own_commitment_has_no_deadline_get_no_due_date(key: str) -> None:
    """An agency named in a separate commitment without a deadline does not inherit another
    item's date. (In 01, กองการต่างประเทศ is the recipient inside the dated sentence itself.)"""
    exp = EXPECTED[key]
    carrying = {a for _, agencies in exp.due for a in agencies}
    inside_dated_sentence = {"01": {"กองการต่างประเทศ"}}.get(key, set())
    undated = set(exp.agencies) - carrying - inside_dated_sentence
    for item in record(key).follow_ups:
        if item.due_date is not None:
            assert not undated & set(item.agencies), (item.due_date, item.text)


@pytest.mark.parametrize(
    ("key", "first_item_only", "later_items"),
    [
        ("03", date(2017, 12, 31), ["สำนักการวางผังและพัฒนาเมือง", "กรมชลประทาน"]),
        ("12", date(2016, 10, 31), ["สำนักเทศกิจ", "กรมพัฒนาสังคมและสวัสดิการ"]),
    ],
)
def test_due_date_belongs_to_item_one(
    key: str, first_item_only: date, later_items: list[str]
) -> None:
    (item,) = [i for i in record(key).follow_ups if i.due_date == first_item_only]
    assert not any(name in item.text for name in later_items)


@pytest.mark.parametrize("key", ["02", "03", "11", "12"])
def test_numbered_follow_ups_are_separate_items(key: str) -> None:
    numbered = [i for i in record(key).follow_ups if not i.text.startswith("ทั้งสองฝ่าย")]
    assert len(numbered) == 3


def test_02_the_agreement_told_in_the_summary_is_an_item_too() -> None:
    """RULES.md: what both sides agreed is an action, wherever the form tells it; 02's summary
    says "ทั้งสองฝ่ายเห็นควรให้จัดทำบันทึกความเข้าใจ…" besides its three numbered follow-ups."""
    items = record("02").follow_ups
    assert len(items) == 4
    assert items[3].text.startswith("ทั้งสองฝ่ายเห็นควรให้จัดทำบันทึกความเข้าใจว่าด้วยความร่วมมือด้านการขนส่ง")
    assert items[3].agencies == [] and items[3].due_date is None


def test_13_each_action_of_a_numbered_decision_is_its_own_item() -> None:
    """RULES.md (tests/indexer/extract/meeting_facts): decisions 1 and 3 each agree on one thing
    and assign another (two actions each), decision 2 assigns one, and กอ.รมน. will hold a
    progress meeting (a planned step; its date is no deadline): six items, as labelled."""
    items = record("13").follow_ups
    starts = [
        "ที่ประชุมเห็นพ้องให้มีการแลกเปลี่ยนข้อมูล",
        "มอบหมายให้สำนักงานตรวจคนเข้าเมือง",
        "โดยมอบหมายให้สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ",
        "ที่ประชุมฯ เห็นควรกำหนดพื้นที่ห้ามทำการบินโดรน",
        "โดยมอบหมายให้กรมการปกครอง และสำนักงานการบินพลเรือน",
        "กอ.รมน. จะจัดการประชุมติดตามความคืบหน้า",
    ]
    assert len(items) == len(starts)
    for item, start in zip(items, starts, strict=True):
        assert item.text.startswith(start), item.text
    assert [i.due_date for i in items] == [None, date(2022, 10, 15), None, None, None, None]


def test_10_recommendation_is_not_glued_to_the_joint_action_plan() -> None:
    """ "ข้อเสนอแนะ" is its own trailing section, not part of the last follow-up bullet."""
    (plan,) = [i for i in record("10").follow_ups if "Joint Action Plan" in i.text]
    assert "ควรใช้โอกาสการครบรอบ 15 ปี" not in plan.text
    assert "กองการต่างประเทศ" in plan.agencies


@pytest.mark.parametrize(
    ("key", "foreign"),
    [
        ("03", ["กรมชลประทานและการระบายน้ำมาเลเซีย"]),
        ("05", ["กรมการกงสุล", "กรมสารนิเทศ", "กรมเอเชียตะวันออก", "กรมความร่วมมือระหว่างประเทศ"]),
        ("06", ["สำนักเลขาธิการ UNESCAP", "สำนักเลขาธิการ"]),
        ("07", ["สำนักโฆษก", "กลุ่มประชาสัมพันธ์และเผยแพร่ สำนักโฆษก"]),
        ("08", ["กรมวัฒนธรรมและการท่องเที่ยวมณฑลยูนนาน", "กรมวัฒนธรรมและการท่องเที่ยว"]),
        (
            "10",
            [
                "กรมการท่องเที่ยวกรุงฮานอย",
                "กรมการท่องเที่ยว",
                "กรมการศึกษาและฝึกอบรมกรุงฮานอย",
                "กรมการศึกษาและฝึกอบรม",
            ],
        ),
        ("11", ["กระทรวงการต่างประเทศสิงคโปร์", "กระทรวงการต่างประเทศ"]),
        ("12", ["กระทรวงการต่างประเทศและการค้าออสเตรเลีย"]),
    ],
)
def test_decoy_bodies_are_not_agencies(key: str, foreign: list[str]) -> None:
    agencies = all_agencies(record(key))
    assert not set(foreign) & set(agencies)


# --------------------------------------------------------------------------- decoy dates


@pytest.mark.parametrize(
    ("key", "year", "month", "day"),
    [
        ("01", 2018, 11, 7),  # field-trip sub-range 7 – 13 พฤศจิกายน 2561
        ("01", 2018, 11, 13),
        ("01", 2015, None, None),  # Sendai Framework พ.ศ. 2558 – 2573
        ("04", 2024, None, None),  # ปีงบประมาณ พ.ศ. 2567
        ("05", 2019, 8, None),  # next meeting ๒๐ – ๒๒ สิงหาคม ๒๕๖๒
        ("05", 2018, 12, 3),  # publication date
        ("06", 2022, 12, None),  # Committee on Transport 13 – 15 ธันวาคม 2565
        ("07", 2023, 7, None),  # next meeting เดือนกรกฎาคม 2566
        ("08", 2023, 2, 10),  # publication date
        ("08", 2023, 9, None),  # next meeting, September 2566
        ("09", 2020, 12, None),  # next meeting, end of 2563
        ("10", 2004, None, None),  # MOU signed ปี 2547
        ("10", 2019, None, None),  # ปี 2562, ปีงบประมาณ พ.ศ. 2562
        ("13", 2022, 11, None),  # APEC leaders' meeting, follow-up meeting in November
    ],
)
def test_decoy_dates_are_neither_meeting_nor_due_dates(
    key: str, year: int, month: int | None, day: int | None
) -> None:
    rec = record(key)

    def decoy(value: date | None) -> bool:
        return (
            value is not None
            and value.year == year
            and (month is None or value.month == month)
            and (day is None or value.day == day)
        )

    dates = [rec.date_start, rec.date_end]
    dates += [d for m in rec.meetings for d in (m.date_start, m.date_end)]
    dates += [item.due_date for item in rec.follow_ups]
    assert not any(decoy(d) for d in dates), dates


@pytest.mark.parametrize("key", [k for k in DOCS if k != "10"])
def test_no_extra_meetings_beyond_the_reported_one(key: str) -> None:
    """Only 10 lists meetings; elsewhere a record holds at most its one meeting, with its span
    (12's "9 ก.ย. 2559" in 4.5 is the last day, not a second meeting)."""
    rec = record(key)
    assert len(rec.meetings) <= 1
    for meeting in rec.meetings:
        assert (meeting.date_start, meeting.date_end) == EXPECTED[key].span


def test_10_lists_four_meetings() -> None:
    meetings = record("10").meetings
    assert [(m.date_start, m.date_end) for m in meetings] == [
        (date(2018, 8, 21), date(2018, 8, 21)),
        (date(2018, 8, 22), date(2018, 8, 22)),
        (date(2018, 8, 22), date(2018, 8, 22)),
        (date(2018, 8, 23), date(2018, 8, 23)),
    ]
    names = [m.name for m in meetings]
    assert "Hanoi People's Committee" in names[0]
    assert "Hanoi Department of Tourism" in names[1]
    assert "Hanoi Department of Education and Training" in names[2]
    assert "Cat Linh – Ha Dong" in names[3]
    # a meeting name stops before its date
    assert not any("สิงหาคม" in name for name in names)


# --------------------------------------------------------------------------- findings


NUMBERS = {
    "01": ["4.1", "4.2", "4.3", "4.3.1", "4.3.2", "4.3.3", "4.4"],
    "02": ["4.1", "4.2", "4.2.1", "4.2.2", "4.3"],
    "03": ["4.1", "4.2", "4.3", "4.4", "4.5"],
    "04": ["4.1", "4.2", "4.3", "4.4"],
    "07": ["1", "2", "3", "4"],
    "09": ["1", "2", "3", "4"],
    "10": ["1", "2", "3", "4"],
    "11": ["4.1", "4.2", "4.3", "4.4", "4.5"],  # written ๔.๑ … ๔.๕
    "12": ["4.1", "4.2", "4.3", "4.4", "4.5"],
    "13": ["1", "2", "3"],
}


@pytest.mark.parametrize("key", sorted(NUMBERS))
def test_findings_keep_their_numbering(key: str) -> None:
    assert [f.number for f in record(key).findings if f.number] == NUMBERS[key]


@pytest.mark.parametrize("key", BMA_FORMS)
def test_bma_findings_are_all_numbered_sections_of_section_4(key: str) -> None:
    rec = record(key)
    assert all(f.number for f in rec.findings)
    joined = findings_text(rec)
    for later in ("การดำเนินงานต่อเนื่อง", "ผู้รายงาน", EXPECTED[key].reporter.name):  # type: ignore[union-attr]
        assert later not in joined


HEADINGS = {
    "02": {
        "4.1": "พิธีเปิดและการประชุมใหญ่",
        "4.2": "การประชุมกลุ่มย่อย",
        "4.2.1": "หัวข้อ Data-driven Traffic Management",
        "4.2.2": "หัวข้อ Walkable City and Road Diet",
        "4.3": "การหารือทวิภาคีกับสำนักงานใหญ่ด้านการขนส่งของรัฐบาลกรุงโซล",
    },
    "10": {
        "1": "การเข้าเยี่ยมคารวะประธานคณะกรรมการประชาชนกรุงฮานอย",
        "2": "การหารือความร่วมมือด้านการท่องเที่ยวและวัฒนธรรม",
        "3": "การหารือด้านการศึกษาและการแลกเปลี่ยนเยาวชน",
        "4": "การศึกษาดูงานโครงการรถไฟฟ้าและศูนย์ควบคุมการจราจร",
    },
    "13": {
        "1": "การแลกเปลี่ยนข้อมูลบุคคลเฝ้าระวังข้ามชาติ",
        "2": "การรักษาความมั่นคงปลอดภัยไซเบอร์",
        "3": "การเฝ้าระวังอากาศยานไร้คนขับ (โดรน)",
    },
}


@pytest.mark.parametrize("key", sorted(HEADINGS))
def test_findings_headings(key: str) -> None:
    rec = record(key)
    headings = {f.number: f.heading for f in rec.findings if f.number}
    assert headings == HEADINGS[key]


def test_01_sub_sections_and_the_field_trip_range_stay_in_4_3() -> None:
    rec = record("01")
    assert "7 – 13 พฤศจิกายน 2561" in finding(rec, "4.3").text
    assert finding(rec, "4.3.1").text.startswith("ศูนย์การเรียนรู้ความปลอดภัยในชีวิตอิเคะบุคุโระ")
    assert "Sendai Framework" in finding(rec, "4.1").text


def test_02_markdown_list_inside_4_3_stays_in_4_3() -> None:
    rec = record("02")
    text = finding(rec, "4.3").text
    assert "การออกแบบช่องทางเดินรถประจำทางกึ่งกลางถนนนำร่อง" in text
    assert "การพัฒนาศูนย์ควบคุมและบริหารจัดการข้อมูลการจราจรแบบรวมศูนย์" in text
    assert "ทั้งสองฝ่ายเห็นควรให้จัดทำบันทึกความเข้าใจ" in text


def test_11_thai_digit_sections_come_out_arabic_with_their_text() -> None:
    rec = record("11")
    assert finding(rec, "4.1").text.startswith("การประชุมจัดขึ้นโดยกระทรวงการต่างประเทศสิงคโปร์")
    assert finding(rec, "4.5").text.startswith("ในวันที่ ๒ กรกฎาคม ๒๕๖๒")
    assert [i.text[:5] for i in rec.follow_ups] == ["(5.1)", "(5.2)", "(5.3)"]


@pytest.mark.parametrize(
    ("key", "last", "after_the_list"),
    [
        ("07", "4", ["ที่ประชุมมอบหมายให้กรมการปกครอง", "ผู้ตรวจราชการกระทรวงมหาดไทยกล่าวในตอนท้าย"]),
        ("09", "4", ["ที่ประชุมมอบหมายให้กรมการจัดหางาน", "ผู้แทนฝ่ายไทยระบุว่า"]),
        ("13", "3", ["ผู้ช่วยทูตฝ่ายทหารของประเทศที่เข้าร่วมประชุมได้แสดงความพร้อม"]),
    ],
)
def test_last_list_item_ends_where_the_list_ends(
    key: str, last: str, after_the_list: list[str]
) -> None:
    """The paragraphs after a numbered list are paragraphs of their own, not part of its last
    item."""
    rec = record(key)
    item = finding(rec, last)
    for paragraph in after_the_list:
        assert paragraph not in item.text
        assert paragraph in findings_text(rec)


def test_14_activity_groups_are_headings() -> None:
    headings = [f.heading for f in record("14").findings if f.heading]
    assert headings == [
        "การพัฒนาบุคลากร",
        "โครงการนำร่องระบบบำบัดน้ำเสียแบบกระจายศูนย์",
        "การสร้างเครือข่ายการมีส่วนร่วมของชุมชน",
        "การติดตามผลการดำเนินการและการประเมินผล",
    ]


FURNITURE = {
    "02": ["**", "##", "---"],
    "03": ["**", "##", "---"],
    "05": [
        "ติดตามเรา", "view", "1,847", "รูปภาพประกอบ", "ข่าวที่เกี่ยวข้อง",
        "การประชุมเจ้าหน้าที่อาวุโสอาเซียนด้านอาชญากรรมข้ามชาติ", "ผลการหารือทวิภาคีไทย – เมียนมา",
        "๑๔ พ.ย. ๒๕๖๑", "กรมการกงสุล", "กรมสารนิเทศ", "หน้าหลัก", "ข้ามไปยังเนื้อหาหลัก",
        "แชร์", "ถนนศรีอยุธยา", "สงวนลิขสิทธิ์", "gtag", "&ndash;", "&nbsp;", "\xa0",
        "วันที่นำเข้าข้อมูล",
    ],
    "06": [
        "ติดตามเรา", "view", "รูปภาพประกอบ", "จำนวนผู้เข้าชมเว็บไซต์", "เกี่ยวกับเรา",
        "กรมองค์การระหว่างประเทศ", "ติดต่อกระทรวง", "siteConfig", "Copyright", "ถนนศรีอยุธยา",
        "Instagram", "วันที่ปรับปรุงข้อมูล",
    ],
    "07": ["รัฐบาลไทย-ข่าวทำเนียบรัฐบาล", "กลุ่มประชาสัมพันธ์และเผยแพร่", "ที่มา :", "18/01/2566", "....."],
    "08": ["รัฐบาลไทย-ข่าวทำเนียบรัฐบาล", "กลุ่มประชาสัมพันธ์และเผยแพร่", "ที่มา :", "-----", "\u200b"],
    "09": ["รัฐบาลไทย-ข่าวทำเนียบรัฐบาล", "กลุ่มประชาสัมพันธ์และเผยแพร่", "ที่มา :", "16/01/2563", "-----"],
    "13": ["สง.โฆษก", "0-2241-4109", "ถ.นครราชสีมา"],
    "14": ["Clean Water, Shared Rivers"],
}  # fmt: skip


@pytest.mark.parametrize("key", sorted(FURNITURE))
def test_findings_leave_out_page_furniture(key: str) -> None:
    rec = record(key)
    joined = findings_text(rec)
    for piece in FURNITURE[key]:
        assert piece not in joined, piece
    # the title line and lone lines such as "พิมพ์" are not findings either (14's title is the
    # opening of its first sentence, which is content)
    if key != "14":
        assert rec.title not in joined
    assert not any(f.text.strip() in ("พิมพ์", "Print") for f in rec.findings)


@pytest.mark.parametrize("key", ["05", "06"])
def test_mfa_findings_are_the_five_paragraphs(key: str) -> None:
    rec = record(key)
    assert [f.number for f in rec.findings] == [None] * 5
    assert rec.findings[0].text.startswith("เมื่อวันที่")
    assert rec.findings[-1].text.startswith("ในตอนท้าย" if key == "05" else "ในการนี้")


# --------------------------------------------------------------------------- project


def test_14_project_has_no_date_venue_follow_up_or_reporter_and_says_so() -> None:
    rec = record("14")
    assert rec.date_start is None and rec.date_end is None
    assert rec.venue is None
    assert rec.follow_ups == [] and rec.meetings == []
    assert rec.reporter is None
    assert any("no meeting date" in w for w in rec.warnings), rec.warnings
    assert any("no venue" in w for w in rec.warnings), rec.warnings


@pytest.mark.parametrize("key", [k for k in DOCS if k != "14"])
def test_no_missing_field_warnings_where_the_fields_are_stated(key: str) -> None:
    warnings = record(key).warnings
    assert not any(w.startswith(("no meeting date", "no venue", "no title")) for w in warnings)
