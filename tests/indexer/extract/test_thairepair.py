from __future__ import annotations

import pytest

from indexer.extract.thairepair import (
    PRIVATE_USE_TABLE,
    collapse_doubled_marks,
    fix_am_for_aa,
    has_am_for_aa,
    join_sara_am,
    map_latin_marks,
    map_private_use,
    map_symbol_font,
    place_stray_tones,
    repair_thai,
    restore_lost_am,
)


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ศาสตร\uf70e", "ศาสตร์"),  # thanthakhat, Windows SD (seen in real PDFs)
        ("การใช\uf70bงาน", "การใช้งาน"),  # mai tho (PyThaiNLP manual)
        ("ที\uf705", "ที่"),  # Windows SDL
        ("ป\uf701", "ปิ"),  # sara i shifted left (after a consonant with ascender)
        ("\uf70fาณ", "ญาณ"),  # yo ying without descender
        ("\uf700าน", "ฐาน"),  # tho than without descender
        ("น\uf88bา", "น่า"),  # Mac range: mai ek shifted down
        ("ป\uf884ญญา", "ปัญญา"),  # Mac range: mai han-akat shifted left
        ("\uf89eาน", "ฐาน"),  # Mac range: tho than without descender
    ],
)
def test_private_use_glyphs_from_harfbuzz_table(broken: str, fixed: str) -> None:
    assert map_private_use(broken) == fixed


def test_private_use_table_covers_both_ranges_from_harfbuzz() -> None:
    assert len(PRIVATE_USE_TABLE) == 54  # 27 HarfBuzz rows, Windows and Mac each
    assert {ord(c) for c in PRIVATE_USE_TABLE.values()} <= set(range(0x0E01, 0x0E5C))
    windows = [k for k in PRIVATE_USE_TABLE if 0xF700 <= k <= 0xF71A]
    mac = [k for k in PRIVATE_USE_TABLE if 0xF884 <= k <= 0xF89E]
    assert len(windows) == len(mac) == 27
    assert map_private_use("\ue123") == "\ue123"  # not in the table: left for the gate


def test_symbol_font_pictographs_become_bullets() -> None:
    # Word's Wingdings bullets and check marks in a Parliamentary Budget Office report
    assert map_symbol_font("\uf0d8 จังหวัดที่ได้รับงบประมาณสูงสุด") == "• จังหวัดที่ได้รับงบประมาณสูงสุด"
    assert map_symbol_font("\uf0fc \uf0fc") == "• •"
    assert map_symbol_font("\uf70aที่\ue123") == "\uf70aที่\ue123"  # Thai variants: not symbols


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ทีÉ", "ที่"),
        ("เพืÉอจัดชัÊนเรียน", "เพื่อจัดชั้นเรียน"),
        ("โต๊ะ กÊอน", "โต๊ะ ก้อน"),
    ],
)
def test_latin1_letters_standing_for_tone_marks(broken: str, fixed: str) -> None:
    assert map_latin_marks(broken) == fixed


@pytest.mark.parametrize("latin", ["Élysée Palace", "café É", "CRÊPE", "ÉCOLE ที่"])
def test_latin_words_keep_their_letters(latin: str) -> None:
    assert map_latin_marks(latin) == latin


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ประจlาปี", "ประจำปี"),  # nikhahit extracted as "l"
        ("ประจ\ufffdาปี", "ประจำปี"),  # ... as U+FFFD
        ("ก\u0e4dา", "กำ"),  # decomposed sara am
        ("น\u0e4d\u0e49า", "น้ำ"),  # HarfBuzz order: nikhahit before the tone mark
        ("น\u0e49lา", "น้ำ"),
        ("ค ำน ำ", "คำนำ"),  # spaces torn into the word
        ("ก ้า", "ก้า"),  # a space before a tone mark
    ],
)
def test_sara_am_joined(broken: str, fixed: str) -> None:
    assert join_sara_am(broken) == fixed


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ค าน า", "คำนำ"),  # the nikhahit lost, a space left (firecrawl/pdf-inspector#249)
        ("ก าหนดการประชุม", "กำหนดการประชุม"),
        ("ส านักงานท าการส ารวจ", "สำนักงานทำการสำรวจ"),
        ("ด าเนินงานจ านวนม าก", "ดำเนินงานจำนวนมาก"),  # four gaps chosen together
        ("ม า ประชุม", "มา ประชุม"),  # only a torn space: the dictionary says sara aa
    ],
)
def test_lost_sara_am_chosen_by_the_dictionary(broken: str, fixed: str) -> None:
    assert restore_lost_am(broken) == fixed


def test_latin_l_outside_thai_is_kept() -> None:
    assert join_sara_am("hello lา world, vol. 1") == "hello lา world, vol. 1"


def test_marks_written_twice_over_count_once() -> None:
    # a Budget Bureau volume's contents page draws every mark twice
    assert collapse_doubled_marks("หน่่วยงานอื่่นของรััฐ") == "หน่วยงานอื่นของรัฐ"
    assert collapse_doubled_marks("ประจำำปีี") == "ประจำปี"
    # not taken for stray tone marks and moved onto other syllables (``หน่วยง่าน``)
    assert repair_thai("งบประมาณรายจ่่ายประจำำปีีงบประมาณ ของหน่่วยงาน") == (
        "งบประมาณรายจ่ายประจำปีงบประมาณ ของหน่วยงาน"
    )


def test_a_glyph_without_unicode_after_a_mark_is_dropped() -> None:
    broken = "ผลสััมฤทธิ์์\ufffdและประโยชน์์ที่่\ufffdคาดว่่าจะได้้รัับ"
    assert repair_thai(broken) == "ผลสัมฤทธิ์และประโยชน์ที่คาดว่าจะได้รับ"
    assert repair_thai("ประจ\ufffdาปี น\ufffd้า") == "ประจำปี น้ำ"  # a nikhahit: sara am


def test_a_tone_mark_drawn_late_goes_back_where_the_dictionary_wants_it() -> None:
    # PyThaiNLP manual, page 1, as PDFium extracts it
    assert place_stray_tones("พัฒนาขึนเพื้่อ") == "พัฒนาขึ้นเพื่อ"
    assert repair_thai("ถูกพัฒนาขึนเพื ้ ่อพัฒนา") == "ถูกพัฒนาขึ้นเพื่อพัฒนา"


WORD_2010 = "ค ำน ำ ระเบียบสำนักนำยกรัฐมนตรี ว่ำด้วยงำนสำรบรรณ ทำงรำชกำร ทำกำร จำนวน"


def test_sara_am_for_sara_aa_chosen_by_the_dictionary() -> None:
    assert has_am_for_aa(WORD_2010)
    fixed = repair_thai(WORD_2010)
    assert fixed == "คำนำ ระเบียบสำนักนายกรัฐมนตรี ว่าด้วยงานสารบรรณ ทางราชการ ทำการ จำนวน"


def test_normal_text_keeps_its_sara_am() -> None:
    text = "ทำงานทุกวัน ทาสีบ้าน น้ำท่วม จำนวนมาก กำหนดการ"
    assert not has_am_for_aa(text)
    assert fix_am_for_aa(text) == text
    assert repair_thai(text) == text


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("เเปลก", "แปลก"),  # two sara e typed for sara ae
        ("ก่่อน", "ก่อน"),  # duplicate tone mark
        ("ที ่ประชุม", "ที่ประชุม"),  # space before a mark
        ("  การประชุม   ครั้งที่ ๑  ", "การประชุม ครั้งที่ ๑"),
    ],
)
def test_normalised_mark_order_and_spaces(broken: str, fixed: str) -> None:
    assert repair_thai(broken) == fixed


def test_marks_put_in_order_after_mapping() -> None:
    # the manual draws mai ek before sara uu: mapped, then ordered as Thai is typed
    assert repair_thai("ค\uf70aูมือ") == "คู่มือ"


def test_line_breaks_are_kept() -> None:
    assert repair_thai("บรรทัดแรก\n\nบรรทัดที\uf70aสอง\n") == "บรรทัดแรก\n\nบรรทัดที่สอง\n"
