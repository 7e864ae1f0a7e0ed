import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.corpus import provinces

from archive.reference import gazetteer
from archive.reference.gazetteer import (
    City,
    Country,
    cities,
    countries,
    country_by_code,
    dictionary_words,
    find_places,
    lookup,
    name_key,
)
from archive.reference.tables import load_tsv


def codes(text: str) -> list[tuple[str, str | None]]:
    return [(m.country.code, m.city.name_en if m.city else None) for m in find_places(text)]


# --- data integrity ---------------------------------------------------------------------------


def test_country_table_shape():
    rows = load_tsv("countries.tsv")
    assert tuple(rows[0]) == gazetteer.COUNTRY_COLUMNS
    found = [c.code for c in countries()]
    assert len(found) >= 245
    assert len(set(found)) == len(found)
    assert found == sorted(found)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in found)
    for c in countries():
        assert c.name_en and c.name_th and c.official_th, c
        assert re.search(r"[\u0e01-\u0e4e]", c.name_th) and re.search(
            r"[\u0e01-\u0e4e]", c.official_th
        )


def test_city_table_shape():
    rows = load_tsv("cities.tsv")
    assert tuple(rows[0]) == gazetteer.CITY_COLUMNS
    known = {c.code for c in countries()}
    cities_en = {(r[0], r[2]) for r in rows[1:] if len(r) < 5 or not r[4]}
    for row in rows[1:]:
        assert row[2] in known, row
        if len(row) > 4 and row[4]:
            assert (row[4], row[2]) in cities_en, row
    districts = [r for r in rows[1:] if len(r) > 4 and r[4] == "Bangkok"]
    assert len(districts) == 50
    assert all(r[1].startswith("เขต") for r in districts)


def test_official_thai_names():
    expected = {
        "SE": ("สวีเดน", "ราชอาณาจักรสวีเดน"),
        "LA": ("ลาว", "สาธารณรัฐประชาธิปไตยประชาชนลาว"),
        "SG": ("สิงคโปร์", "สาธารณรัฐสิงคโปร์"),
        "KR": ("เกาหลีใต้", "สาธารณรัฐเกาหลี"),
        "US": ("สหรัฐอเมริกา", "สหรัฐอเมริกา"),
        "CN": ("จีน", "สาธารณรัฐประชาชนจีน"),
        "JP": ("ญี่ปุ่น", "ญี่ปุ่น"),
        "TH": ("ไทย", "ราชอาณาจักรไทย"),
        "MM": ("เมียนมา", "สาธารณรัฐแห่งสหภาพเมียนมา"),
    }
    for code, (name_th, official_th) in expected.items():
        c = country_by_code(code)
        assert (c.name_th, c.official_th) == (name_th, official_th)
    assert {"สปป.ลาว", "สปป. ลาว", "Lao PDR"} <= set(country_by_code("LA").aliases)
    assert {"USA", "U.S.", "อเมริกา"} <= set(country_by_code("US").aliases)
    assert {"UK", "อังกฤษ", "Great Britain"} <= set(country_by_code("GB").aliases)
    assert {"ROK", "Korea", "เกาหลี"} <= set(country_by_code("KR").aliases)
    assert {"พม่า", "เมียนมาร์", "Burma"} <= set(country_by_code("MM").aliases)


def test_no_name_means_two_countries():
    owners: dict[str, set[str]] = {}
    for c in countries():
        for name in (c.name_en, c.name_th, c.official_th, *c.aliases):
            owners.setdefault(name_key(name), set()).add(c.code)
    for ci in cities():
        for name in (ci.name_en, ci.name_th, *ci.aliases):
            owners.setdefault(name_key(name), set()).add(ci.country_code)
    clashes = {key: found for key, found in owners.items() if len(found) > 1}
    assert clashes == {}


def test_asean_capitals_and_major_cities():
    have = {(c.name_en, c.country_code) for c in cities()}
    asean = {
        ("Bangkok", "TH"),
        ("Vientiane", "LA"),
        ("Phnom Penh", "KH"),
        ("Naypyidaw", "MM"),
        ("Hanoi", "VN"),
        ("Kuala Lumpur", "MY"),
        ("Singapore", "SG"),
        ("Jakarta", "ID"),
        ("Manila", "PH"),
        ("Bandar Seri Begawan", "BN"),
        ("Dili", "TL"),
    }
    assert asean <= have
    others = {("Tokyo", "JP"), ("Seoul", "KR"), ("Beijing", "CN"), ("New Delhi", "IN")}
    others |= {("Stockholm", "SE"), ("Gothenburg", "SE"), ("Chicago", "US"), ("London", "GB")}
    others |= {("Canberra", "AU"), ("Riyadh", "SA"), ("Nairobi", "KE"), ("Brasília", "BR")}
    assert others <= have


def test_every_thai_province_is_a_city():
    thai = {c.name_th for c in cities() if c.country_code == "TH"}
    for p in provinces(details=True):
        assert p["name_th"] in thai
        assert isinstance(lookup(p["name_en"]), City)
        assert lookup(f"จ.{p['name_th']}").name_th == p["name_th"]


def test_every_name_alone_is_found():
    for c in countries():
        for name in (c.name_th, c.official_th, c.name_en):
            (m,) = find_places(name)
            assert (m.country.code, m.pos, m.endpos) == (c.code, 0, len(name)), name
    for ci in cities():
        for name in (ci.name_th, ci.name_en):
            (m,) = find_places(name)
            assert m.city == ci and (m.pos, m.endpos) == (0, len(name)), name


# --- lookup ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Japan", "JP"),
        ("japan", "JP"),
        ("ญี่ปุ่น", "JP"),
        ("JP", "JP"),
        ("SE", "SE"),
        ("ราชอาณาจักรสวีเดน", "SE"),
        ("สปป.ลาว", "LA"),
        ("สปป. ลาว", "LA"),
        ("Lao PDR", "LA"),
        ("สาธารณรัฐสิงคโปร์", "SG"),
        ("สิงคโปร์", "SG"),
        ("USA", "US"),
        ("สหรัฐฯ", "US"),
        ("Viet Nam", "VN"),
        ("เกาหลี", "KR"),
        ("ประเทศมาลี", "ML"),
        ("Cote d'Ivoire", "CI"),
        ("  Sweden ", "SE"),
        # common misspellings in government news
        ("บังคลาเทศ", "BD"),
        ("เบลเยี่ยม", "BE"),
        ("สิงค์โปร์", "SG"),
        ("ภูฐาน", "BT"),
        ("เนเธอแลนด์", "NL"),
        ("ติมอร์ตะวันออก", "TL"),
    ],
)
def test_lookup_country(name, code):
    found = lookup(name)
    assert isinstance(found, Country) and found.code == code


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("กรุงเทพฯ", "Bangkok"),
        ("กทม.", "Bangkok"),
        ("Bangkok", "Bangkok"),
        ("เขตบางรัก", "Bangkok"),
        ("กรุงสตอกโฮล์ม", "Stockholm"),
        ("stockholm", "Stockholm"),
        ("Goteborg", "Gothenburg"),
        ("นครชิคาโก", "Chicago"),
        ("บันดาร์ เสรี เบกาวัน", "Bandar Seri Begawan"),
        ("กรุงเนปยีดอ", "Naypyidaw"),
        ("จ.ระยอง", "Rayong"),
        ("จังหวัดระยอง", "Rayong"),
    ],
)
def test_lookup_city(name, city):
    found = lookup(name)
    assert isinstance(found, City) and found.name_en == city


def test_lookup_misses():
    assert lookup("") is None
    assert lookup("Atlantis") is None
    assert lookup("jp") is None  # codes only in upper case
    assert lookup("XX") is None
    assert country_by_code("se").code == "SE"
    assert country_by_code("ZZ") is None


# --- find_places ----------------------------------------------------------------------------


def test_embassy_sentence():
    text = "ผู้แทนจากสถานเอกอัครราชทูตสหรัฐอเมริกาประจำราชอาณาจักรสวีเดน"
    assert codes(text) == [("US", None), ("SE", None)]
    assert [m.text for m in find_places(text)] == ["สหรัฐอเมริกา", "ราชอาณาจักรสวีเดน"]


def test_cities_with_their_countries():
    text = "นครชิคาโก สหรัฐอเมริกา และเมืองโกเธนเบิร์ก ราชอาณาจักรสวีเดน"
    assert codes(text) == [("US", "Chicago"), ("US", None), ("SE", "Gothenburg"), ("SE", None)]


def test_offsets_refer_to_the_original_text():
    text = "ณ\u00a0กรุง\u200bเทพฯ และ ๓ วันที่\u200bเวียงจันทน์ สปป.\u00a0ลาว ; ญี่ปุ่น"
    found = find_places(text)
    assert codes(text) == [("TH", "Bangkok"), ("LA", "Vientiane"), ("LA", None), ("JP", None)]
    for m in found:
        assert text[m.pos : m.endpos] == m.text
    assert found[0].text == "กรุง\u200bเทพฯ"
    decomposed = "จังหวัดลําปาง"  # sara am typed as nikhahit + sara aa
    (m,) = find_places(decomposed)
    assert m.city.name_en == "Lampang" and (m.pos, m.endpos) == (0, len(decomposed))


def test_spacing_and_dash_variants():
    assert codes("ติมอร์ – เลสเต") == [("TL", None)]
    assert codes("บันดาร์เสรีเบกาวัน") == [("BN", "Bandar Seri Begawan")]
    assert codes("สปป ลาว") == [("LA", None)]
    assert codes("GUINEA-BISSAU and Guinea Bissau") == [("GW", None), ("GW", None)]


def test_longest_match_wins():
    assert codes("อินเดีย อินโดนีเซีย") == [("IN", None), ("ID", None)]
    assert codes("ปาปัวนิวกินี") == [("PG", None)]
    assert codes("อิเควทอเรียลกินี และกินี-บิสเซา") == [("GQ", None), ("GW", None)]
    assert codes("เกาหลีเหนือ เกาหลีใต้ เกาหลี") == [("KP", None), ("KR", None), ("KR", None)]
    assert codes("สหรัฐอาหรับเอมิเรตส์") == [("AE", None)]
    assert codes("โรมาเนีย") == [("RO", None)]


@pytest.mark.parametrize(
    "text",
    [
        "ชาดก",  # Chad inside a Jataka tale
        "ลาวา",  # Laos inside lava
        "นางลาวัณย์",
        "หลาว",
        "นางสาววิลาวรรณ",
        "นางสาวมาลี ใจดี",  # Mali inside a person's name
        "ดอกมาลีบาน",
        "นายสุรินทร์ พิศสุวรรณ",
        "การเผยแพร่ข้อมูล",  # Phrae inside "publish"
        "ไม่ได้เลยครับ",  # Loei inside "at all"
        "โรมรันพันตู",  # Rome inside "to fight"
        "ปรากฏว่า",  # Prague inside "it appears"
        "ภาษาอังกฤษ และภาษาจีน",  # languages are not places
        "ทวีปอเมริกาใต้ และทะเลจีนใต้",
        "ขนมจีนน้ำยา",
        "tell us about it",  # abbreviations are case-sensitive
        "fine china and roast turkey",
        "South America, Latin America, New Jersey",
        "Chadwick Niger­ians Omani",
        # names across the border that are also Thai words, places or people
        "กรมวิชาการเกษตรผลิตหัวพันธุ์มันฝรั่ง",
        "ตำบลวังกระแจะ อำเภอไทรโยค",
        "นางรัชนี โพธิสัตยา",
        "วัดสังกัสรัตนคีรี",
        "ไม้หมอนมะริด",
        "หน้าผาอันสูงชัน",
        "เกาะสองเกาะ",
        "ผักกวางตุ้งและผักกาดกวางตุ้ง",
        "สิงโตฮกเกี้ยน",
        "Sheikh Sabah Al-Ahmad Al-Sabah",
        "Salvador Dali and Mohan Singh",
    ],
)
def test_false_positives(text):
    assert find_places(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ประเทศมาลี", [("ML", None)]),
        ("สาธารณรัฐชาด", [("TD", None)]),
        ("ไทย ลาว มาลี", [("TH", None), ("LA", None), ("ML", None)]),
        ("(ชาด)", [("TD", None)]),
        ("จ.แพร่", [("TH", "Phrae")]),
        ("จังหวัดเลย", [("TH", "Loei")]),
        ("กรุงโรม", [("IT", "Rome")]),
        ("จังหวัดสุรินทร์", [("TH", "Surin")]),
        ("ฝ่ายไทยและฝ่ายลาว", [("TH", None), ("LA", None)]),
        ("รัฐบาลจีน", [("CN", None)]),
        ("the US and the U.S.", [("US", None), ("US", None)]),
        ("China, Turkey and Chad", [("CN", None), ("TR", None), ("TD", None)]),
        ("STOCKHOLM", [("SE", "Stockholm")]),
        ("ณ แขวงหัวพัน สปป.ลาว", [("LA", "Houaphanh"), ("LA", None)]),
        ("ณ จังหวัดกระแจะ", [("KH", "Kratie")]),
        ("ณ เมืองมะริด", [("MM", "Myeik")]),
        ("ณ เกาะสอง", [("MM", "Kawthaung")]),
        ("ณ จังหวัดไพลิน", [("KH", "Pailin")]),
        ("ณ ด่านโม่ฮาน", [("CN", "Xishuangbanna")]),
    ],
)
def test_guarded_names_with_context(text, expected):
    assert codes(text) == expected


def test_empty_and_placeless_text():
    assert find_places("") == []
    assert find_places("ห้องประชุมชั้น ๑ อาคารเพชรรัตน์ กอ.รมน.") == []


_PIECES = st.sampled_from(
    ["สวีเดน", "ลาว", "มาลี", "นาย", "ภาษา", "จ.", "กรุงเทพฯ", "เขตบางรัก", " ", "-", "\u200b",
     "า", "เ", "์", "ก", "US", "us", "Tokyo", "x", "๑", "\u2013", "อินเดีย", "โนนีเซีย"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_matches_are_ordered_disjoint_and_exact(text):
    found = find_places(text)
    last = 0
    for m in found:
        assert last <= m.pos < m.endpos <= len(text)
        assert text[m.pos : m.endpos] == m.text
        assert m.city is None or m.city.country_code == m.country.code
        last = m.endpos


def test_dictionary_words():
    words = dictionary_words()
    assert {"สวีเดน", "ราชอาณาจักรสวีเดน", "สปป.ลาว", "กรุงเทพมหานคร", "เขตบางรัก", "ระยอง"} <= words
    assert all(re.search(r"[\u0e00-\u0e7f]", w) for w in words)
    assert "Sweden" not in words


def test_speed_on_an_article():
    text = ("คณะผู้แทนไทยเดินทางไปประชุมที่กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน ร่วมกับผู้แทนจาก"
            "สปป.ลาว ญี่ปุ่น และสหรัฐอเมริกา เพื่อหารือความร่วมมือด้านการพัฒนาเมืองอย่างยั่งยืน "
            "โดยได้เผยแพร่ข้อมูลการดำเนินงานของกรุงเทพมหานคร ") * 12  # fmt: skip
    text = text[:3500]
    find_places(text)
    start = time.perf_counter()
    for _ in range(20):
        find_places(text)
    per_article = (time.perf_counter() - start) / 20
    assert per_article < 0.02  # ~0.5 ms here; the bound only catches pathological slowdowns
