"""Names across languages: a country, city or organisation typed by any of its names finds the
records using any other, in titles and bodies, as partner and venue; the title first, then the
venue, then body mentions; an English article only containing the English word stays below a
Thai title naming the country. One small archive of thaigov-style news, built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.reference.entities import entities_in, entity_by_id, entity_named
from indexer.search.generations import Index
from indexer.search.query import parse_query
from indexer.search.service import SearchRequest, index_root, search
from tests.conftest import SearchArchive, build_search_archive

ARTICLES = {
    # name: (title, body)
    "a1_germany_title": (
        "นายกรัฐมนตรีหารือทวิภาคีกับนายกรัฐมนตรีสหพันธ์สาธารณรัฐเยอรมนี",
        "นายกรัฐมนตรีหารือกับนายกรัฐมนตรีเยอรมนี เรื่องการค้าและการลงทุน และพลังงานสะอาด",
    ),
    "a2_germany_short": (
        "ไทยและเยอรมนีร่วมมือพัฒนาการศึกษาอาชีวะ",
        "กระทรวงศึกษาธิการลงนามบันทึกความเข้าใจว่าด้วยการศึกษาอาชีวะระบบทวิภาคี",
    ),
    "a3_germany_body": (
        "รองนายกรัฐมนตรีเปิดงานสัมมนาพลังงานหมุนเวียน",
        "ผู้แทนจากเยอรมนีและญี่ปุ่นร่วมบรรยายเรื่องพลังงานหมุนเวียนในภูมิภาค",
    ),
    "a4_english_distractor": (
        "Thailand welcomes foreign investors to the EEC",
        "Investors from Germany, Japan and France attended the roadshow on the Eastern "
        "Economic Corridor. Germany was represented by its chamber of commerce.",
    ),
    "a5_laos_official": (
        "นายกรัฐมนตรีพบหารือนายกรัฐมนตรีแห่ง สปป.ลาว",
        "ทั้งสองฝ่ายหารือเรื่องการค้าชายแดนและรถไฟเชื่อมโยง",
    ),
    "a6_vientiane": (
        "รัฐมนตรีว่าการกระทรวงคมนาคมเยือนนครหลวงเวียงจันทน์",
        "หารือเรื่องการเชื่อมโยงระบบรางกับกรุงเวียงจันทน์",
    ),
    "a7_asean": (
        "ไทยร่วมประชุมรัฐมนตรีต่างประเทศอาเซียน",
        "ที่ประชุมหารือความร่วมมือในกรอบอาเซียนบวกสามและเอเปค",
    ),
    "a8_unrelated": (
        "นายกรัฐมนตรีติดตามสถานการณ์น้ำท่วมภาคใต้",
        "สั่งการให้หน่วยงานที่เกี่ยวข้องเร่งช่วยเหลือประชาชน",
    ),
    "a9_berlin_venue": (  # held in Germany: the venue names the city, nothing names the country
        "รัฐมนตรีว่าการกระทรวงแรงงานร่วมประชุมรัฐมนตรีแรงงานระดับโลก",
        "วันนี้ (25 ส.ค. 63) ณ กรุงเบอร์ลิน รัฐมนตรีว่าการกระทรวงแรงงานร่วมหารือเรื่องแรงงานข้ามชาติ",
    ),
    "b1_jica_title": (
        "ไจก้าสนับสนุนโครงการพัฒนาระบบขนส่งมวลชนของไทย",
        "ผู้แทนองค์การหารือกับกระทรวงคมนาคมเรื่องรถไฟฟ้าสายสีแดง",
    ),
    "b2_jica_body": (
        "กระทรวงสาธารณสุขเปิดโครงการฝึกอบรมบุคลากรทางการแพทย์",
        "โครงการนี้ได้รับการสนับสนุนจาก JICA ในการฝึกอบรมพยาบาลชุมชน",
    ),
    "b3_unodc_title": (
        "ไทยหารือกับสำนักงานว่าด้วยยาเสพติดและอาชญากรรมแห่งสหประชาชาติเรื่องยาเสพติดชายแดน",
        "ทั้งสองฝ่ายหารือการสกัดกั้นยาเสพติดตามแนวชายแดนภาคเหนือ",
    ),
    "b4_unodc_body": (
        "สำนักงาน ป.ป.ส. จัดสัมมนาการป้องกันยาเสพติดในสถานศึกษา",
        "ผู้แทนสำนักงานป้องกันยาเสพติดและปราบปรามอาชญากรรมแห่งสหประชาชาติร่วมบรรยาย",
    ),
    "b5_bimstec_title": (
        "ไทยเป็นเจ้าภาพการประชุมสุดยอดบิมสเทค ครั้งที่ 6",
        "ผู้นำประเทศสมาชิกรับรองวิสัยทัศน์กรุงเทพฯ และกฎบัตรฉบับใหม่",
    ),
    "b6_bimstec_body": (
        "กระทรวงการต่างประเทศแถลงผลการประชุมความร่วมมืออ่าวเบงกอล",
        "ที่ประชุม BIMSTEC รับรองแผนความร่วมมือด้านการเชื่อมโยงทางทะเล",
    ),
    "b7_mekong_lancang_thai": (
        "ไทยร่วมประชุมรัฐมนตรีต่างประเทศแม่โขง-ล้านช้าง",
        "ที่ประชุมหารือความร่วมมือด้านทรัพยากรน้ำและการเกษตร",
    ),
    "b8_mekong_lancang_english": (
        "Thailand joins the Mekong-Lancang Cooperation Week",
        "Officials discussed water resources, agriculture and connectivity in the sub-region.",
    ),
}


def thaigov(title: str, body: str) -> str:
    """A thaigov news article (layout 6 of corpus/README.md)."""
    return (
        f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}\n\n\nวันอังคารที่ 25 สิงหาคม 2563\n25/08/2563\n"
        f"พิมพ์\n{title}\n{title}\n{body}\nกลุ่มประชาสัมพันธ์และเผยแพร่ สำนักโฆษก\n"
        "ที่มา : https://www.thaigov.go.th/news/contents/details/12345\n"
    )


@pytest.fixture(scope="module")
def names_archive(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> SearchArchive:
    folder = tmp_path_factory.mktemp("names-articles")
    for name, (title, body) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(thaigov(title, body), encoding="utf-8")
    return build_search_archive(tmp_path_factory.mktemp("names") / "home", template_db, folder)


@pytest.fixture(scope="module")
def names_index(names_archive: SearchArchive) -> Iterator[Index]:
    index = Index(index_root(names_archive.home))
    yield index
    index.close()


def ranked(index: Index, names: SearchArchive, q: str) -> list[str]:
    """The article names of a search's hits, in rank order."""
    by_id = {names.id_of(name): name for name in ARTICLES}
    result = search(index, SearchRequest(q=q, per_page=20))
    return [by_id[hit["id"]] for hit in result["hits"]]


def test_one_entity_has_all_its_names():
    laos = entity_named("Laos")
    assert laos is not None and laos.id == "country:LA"
    for name in ("ลาว", "สาธารณรัฐประชาธิปไตยประชาชนลาว", "สปป.ลาว", "Lao PDR", "LA", "ประเทศลาว"):
        assert entity_named(name) == laos, name
    vientiane = entity_named("Vientiane")
    assert vientiane is not None and vientiane.id == "city:Vientiane"
    assert entity_named("กรุงเวียงจันทน์") == entity_named("นครหลวงเวียงจันทน์") == vientiane
    for a, b in [("ASEAN", "อาเซียน"), ("JICA", "ไจก้า"), ("BIMSTEC", "บิมสเทค"), ("APEC", "เอเปค"),
                 ("ASEAN+3", "อาเซียนบวกสาม"), ("Mekong-Lancang", "แม่โขง-ล้านช้าง"),
                 ("EU", "อียู"), ("APEC", "เอเปก")]:  # fmt: skip
        assert entity_named(a) is not None and entity_named(a) == entity_named(b), (a, b)
    assert entity_named("UNODC") == entity_by_id("org:UNODC")
    assert entity_named("ประชุม") is None
    assert [e.id for e in entities_in("ไทย–เยอรมนี ณ กรุงเวียงจันทน์ กับอาเซียน")] == [
        "country:TH",
        "country:DE",
        "city:Vientiane",
        "org:ASEAN",
    ]


def test_english_name_finds_thai_titles_first_then_venue_then_body(names_index, names_archive):
    hits = ranked(names_index, names_archive, "Germany")
    assert set(hits) == {"a1_germany_title", "a2_germany_short", "a3_germany_body",
                         "a4_english_distractor", "a9_berlin_venue"}  # fmt: skip
    # titles naming the country (official or short name) before body mentions
    assert set(hits[:2]) == {"a1_germany_title", "a2_germany_short"}
    # then the meeting held in Berlin, whose text never names the country
    assert hits[2] == "a9_berlin_venue"
    # an English article that only contains the word is not above a Thai title
    assert hits.index("a4_english_distractor") > hits.index("a2_germany_short")


def test_thai_name_finds_the_same_records_as_the_english_name(names_index, names_archive):
    english = ranked(names_index, names_archive, "Germany")
    thai = ranked(names_index, names_archive, "เยอรมนี")
    assert set(thai) == set(english)
    assert set(thai[:2]) == {"a1_germany_title", "a2_germany_short"}


def test_every_name_of_laos_and_vientiane(names_index, names_archive):
    for q in ("Laos", "ลาว", "Lao PDR", "สปป.ลาว", "สาธารณรัฐประชาธิปไตยประชาชนลาว"):
        # the visit to Vientiane has Laos as partner and venue: about Laos too
        assert set(ranked(names_index, names_archive, q)[:2]) == {
            "a5_laos_official",
            "a6_vientiane",
        }, q
    for q in ("Vientiane", "กรุงเวียงจันทน์", "นครหลวงเวียงจันทน์", "เวียงจันทน์"):
        assert ranked(names_index, names_archive, q)[0] == "a6_vientiane", q


def test_organisations_by_acronym_and_thai_name(names_index, names_archive):
    for q in ("ASEAN", "อาเซียน", "APEC", "ASEAN+3", "ASEAN Plus Three"):
        assert ranked(names_index, names_archive, q)[:1] == ["a7_asean"], q


@pytest.mark.parametrize(
    ("names", "title", "body"),
    [
        (("JICA", "ไจก้า", "Japan International Cooperation Agency"), "b1_jica_title",
         "b2_jica_body"),
        (("UNODC", "สำนักงานว่าด้วยยาเสพติดและอาชญากรรมแห่งสหประชาชาติ"), "b3_unodc_title",
         "b4_unodc_body"),
        (("BIMSTEC", "บิมสเทค"), "b5_bimstec_title", "b6_bimstec_body"),
    ],
)  # fmt: skip
def test_organisations_by_any_name_title_first(names_index, names_archive, names, title, body):
    """Each name finds the record naming the organisation in its title first, then the one
    naming it, by another name, only in its body."""
    for q in names:
        assert ranked(names_index, names_archive, q) == [title, body], q


def test_mekong_lancang_in_thai_and_english(names_index, names_archive):
    for q in ("แม่โขง-ล้านช้าง", "Mekong-Lancang", "Lancang-Mekong Cooperation", "LMC"):
        assert set(ranked(names_index, names_archive, q)) == {
            "b7_mekong_lancang_thai",
            "b8_mekong_lancang_english",
        }, q


def test_multiword_and_signed_names_stay_whole():
    lao = parse_query("Lao PDR")
    assert lao.words == ["Lao PDR"]
    plus = parse_query("ASEAN+3 ประชุม")
    assert plus.words == ["ASEAN+3", "ประชุม"]
    assert "org:ASEAN Plus Three" in str(plus.query)
    assert parse_query('"Lao" PDR').words == ["Lao", "PDR"]  # quotes typed: left as typed
    excluded = parse_query("ประชุม -ลาว")
    assert repr(excluded.query).startswith("AndNot(")  # "-ลาว" stays an exclusion


def test_names_map_to_partner_and_venue_facets(names_index, names_archive):
    query = str(parse_query("Laos").query)
    assert "entities:country:LA" in query and "f_country:LA" in query
    assert "f_city:Vientiane" in str(parse_query("กรุงเวียงจันทน์").query)
    # the partner facet of the Laos meeting, typed in Thai or English
    result = search(names_index, SearchRequest(q="Laos", per_page=20))
    partners = dict(result["facets"]["partner"])
    assert partners.get("LA", 0) >= 1
    by_thai = search(names_index, SearchRequest(filters={"partner": ["LA"]}, per_page=20))
    laos_id = names_archive.id_of("a5_laos_official")
    assert laos_id in {h["id"] for h in by_thai["hits"]}
