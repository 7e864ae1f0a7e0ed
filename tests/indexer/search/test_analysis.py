import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import normalize as thai_normalize
from whoosh import fields, formats, highlight, query
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from indexer.search import analysis
from indexer.search.analysis import (
    FoldFilter,
    SubwordTokenizer,
    ThaiTokenizer,
    WordCharacters,
    WordPositions,
    custom_dictionary_words,
    dictionary_name,
    fold_token,
    needs_repair,
    subword_analyzer,
    subwords,
    word_analyzer,
    word_format,
    word_spans,
    words,
)

TITLE = (
    "การประชุมความร่วมมือด้านการรักษาความปลอดภัย ณ กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน"
    " วันที่ ๑๓ – ๑๘ กันยายน ๒๕๕๙ (Stockholm Security Conference)"
)
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def tokens(analyzer, value: str, **kwargs) -> list[tuple[str, int, int, int]]:
    """(text, pos, startchar, endchar) of every token; copies, as whoosh reuses one Token."""
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(value, positions=True, chars=True, **kwargs)
    ]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


# --- word analyzer ---------------------------------------------------------------------------


def test_words_of_a_meeting_title():
    assert words(TITLE) == [
        "การประชุม",
        "ความร่วมมือ",
        "ด้าน",
        "การรักษา",
        "ความปลอดภัย",
        "ณ",
        "กรุงสตอกโฮล์ม",
        "ราชอาณาจักรสวีเดน",
        "วันที่",
        "13",
        "18",
        "กันยายน",
        "2559",
        "stockholm",
        "security",
        "conference",
    ]


def test_positions_consecutive_and_offsets_are_the_surface():
    found = tokens(word_analyzer(), TITLE)
    assert [pos for _, pos, _, _ in found] == list(range(len(found)))
    surfaces = [TITLE[s:e] for _, _, s, e in found]
    assert surfaces[:3] == ["การประชุม", "ความร่วมมือ", "ด้าน"]
    assert surfaces[9:] == ["๑๓", "๑๘", "กันยายน", "๒๕๕๙", "Stockholm", "Security", "Conference"]
    # Folding changes the text, never the offsets: the tokenizer alone gives the same spans.
    raw = tokens(ThaiTokenizer(), TITLE)
    assert [(s, e) for _, _, s, e in raw] == [(s, e) for _, _, s, e in found]
    assert all(TITLE[s:e] == text for text, _, s, e in raw)


def test_start_pos_and_start_char_shift_everything():
    plain = tokens(word_analyzer(), TITLE)
    shifted = tokens(word_analyzer(), TITLE, start_pos=10, start_char=100)
    assert shifted == [(t, p + 10, s + 100, e + 100) for t, p, s, e in plain]


def test_without_positions_or_chars():
    assert [t.text for t in word_analyzer()("ณ กรุงสตอกโฮล์ม")] == ["ณ", "กรุงสตอกโฮล์ม"]


def test_tokenize_false_yields_the_value():
    found = [
        (t.text, t.startchar, t.endchar) for t in ThaiTokenizer()("ก ข", tokenize=False, chars=True)
    ]
    assert found == [("ก ข", 0, 3)]


def test_thai_digits_folded_latin_lower_cased():
    assert words("๒๕๕๙ ๑๓/๐๙ COVID Zürich ASEAN๒๐๒๐") == [
        "2559",
        "13",
        "09",
        "covid",
        "zurich",
        "asean2020",
    ]


def test_names_from_the_gazetteer_and_agency_tables_stay_whole():
    text = "กรมป้องกันและบรรเทาสาธารณภัยและสำนักป้องกันและบรรเทาสาธารณภัยประสานกระทรวงการต่างประเทศ"
    found = words(text)
    assert "สำนักป้องกันและบรรเทาสาธารณภัย" in found
    assert "กรมป้องกันและบรรเทาสาธารณภัย" in found
    assert "กระทรวงการต่างประเทศ" in found
    assert "กรุงสตอกโฮล์ม" in words("เดินทางไปกรุงสตอกโฮล์ม")


def test_hyphens_dots_and_thai_signs_separate_and_are_never_tokens():
    assert words("โควิด-19 COVID-19 เวลา 8.30 น.") == [
        "โควิด",
        "19",
        "covid",
        "19",
        "เวลา",
        "8",
        "30",
        "น",
    ]
    assert words("กรุงเทพฯ เรื่อยๆ ๆ ฯ") == ["กรุงเทพ", "เรื่อย"]
    assert words("  ,;()–“”  ") == []


def test_phinthu_and_dangling_marks_are_not_tokens():
    assert words("่่ ้การประชุม") == ["การประชุม"]
    assert all(w.strip("\u0e3a") for w in words("พุทฺธ"))


def test_zero_width_inside_a_word_keeps_it_whole():
    value = "ความ\u200bร่วมมือ \u200bรัฐบาล"
    found = tokens(word_analyzer(), value)
    assert [t[0] for t in found] == ["ความร่วมมือ", "รัฐบาล"]
    assert [value[s:e] for _, _, s, e in found] == ["ความ\u200bร่วมมือ", "รัฐบาล"]
    assert [p for _, p, _, _ in found] == [0, 1]


def test_thai_repair():
    # Double sara e, decomposed sara am, repeated tone marks and vowels.
    assert fold_token("เเม่") == "แม่"
    assert fold_token("นํา") == "นำ"
    assert fold_token("ที่่") == "ที่"
    assert fold_token("นาาน") == "นาน"
    # Repair is per token: the segmenter sees the text as written.
    assert words("เเม่ นํ้า") == ["แม่", "น้ำ"]
    assert fold_token("ความร่วมมือ") == "ความร่วมมือ"
    assert not needs_repair("ความร่วมมือ")


_THAI_ALPHABET = [chr(c) for c in range(0x0E01, 0x0E3B)] + [chr(c) for c in range(0x0E40, 0x0E4F)]


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(_THAI_ALPHABET), min_size=1, max_size=8))
def test_needs_repair_is_never_wrong_about_clean_tokens(token):
    # The fast check may send clean tokens to the normaliser, never skip a dirty one.
    if not needs_repair(token):
        assert thai_normalize(token) == token


def test_fold_filter_memo_is_not_part_of_the_pickled_filter():
    fold = FoldFilter()
    list(word_analyzer()(TITLE))
    assert fold.__dict__ == {}
    assert pickle.loads(pickle.dumps(fold)) == fold


# --- dictionary ------------------------------------------------------------------------------


def test_dictionary_has_pythainlp_words_and_space_free_names():
    entries = set(custom_dictionary_words())
    assert {"ความร่วมมือ", "กรุงสตอกโฮล์ม", "กระทรวงการต่างประเทศ"} <= entries
    assert "สำนักป้องกันและบรรเทาสาธารณภัย" in entries
    assert all(" " not in w and "." not in w and "ๆ" not in w for w in entries)


def test_dictionary_file_is_named_by_its_content_and_reused(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis.tempfile, "tempdir", str(tmp_path))
    first = analysis._cached_file("กา\nขา\n", "test")
    assert re.fullmatch(r"thai-meeting-archive-test-[0-9a-f]{20}\.txt", first.name)
    assert first.read_text(encoding="utf-8") == "กา\nขา\n"
    mtime = first.stat().st_mtime_ns
    assert analysis._cached_file("กา\nขา\n", "test") == first
    assert first.stat().st_mtime_ns == mtime
    assert analysis._cached_file("กา\n", "test") != first
    assert not list(tmp_path.glob("*.tmp"))


def test_dictionary_is_kept_in_the_cache_folder_and_not_built_again(tmp_path, monkeypatch):
    """A new process reads the word list a previous one wrote (named by what it is made from)
    instead of building it; a changed table or module makes a new one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("ARCHIVE_REFERENCE_CACHE", raising=False)
    built = analysis._prepared_dictionary()
    assert built.parent == tmp_path / "thai-meeting-archive"
    assert re.fullmatch(r"thai-meeting-archive-words-[0-9a-f]{20}\.txt", built.name)
    words = built.read_text(encoding="utf-8")
    assert words.splitlines() == custom_dictionary_words()

    def no_build() -> list[str]:
        raise AssertionError("the word list was built again")

    monkeypatch.setattr(analysis, "custom_dictionary_words", no_build)
    assert analysis._prepared_dictionary() == built
    monkeypatch.undo()

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(analysis, "_sources_digest", lambda: "0" * 20)  # a table changed
    again = analysis._prepared_dictionary()
    assert again != built and again.read_text(encoding="utf-8") == words
    assert not built.exists()  # the old one is removed
    assert not list(again.parent.glob("*.tmp"))


def test_dictionary_is_built_in_the_temp_dir_when_the_cache_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("ARCHIVE_REFERENCE_CACHE", "0")
    monkeypatch.setattr(analysis.tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    path = analysis._prepared_dictionary()
    assert path.parent == tmp_path / "temp" and not (tmp_path / "cache").exists()
    assert path.read_text(encoding="utf-8").splitlines() == custom_dictionary_words()


def test_dictionary_is_loaded_under_a_content_name():
    assert dictionary_name().startswith("thai-meeting-archive-words-")
    assert dictionary_name() == dictionary_name()


# --- sub-word analyzer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole"),
    [
        ("ร่วมมือ", "ความร่วมมือ"),
        ("ก่อการร้าย", "การก่อการร้าย"),
        ("สตอกโฮล์ม", "กรุงสตอกโฮล์ม"),
        ("ปลอดภัย", "การประชุมความร่วมมือด้านการรักษาความปลอดภัย"),
        ("ไทย", "ราชอาณาจักรไทย"),
        ("covid", "COVID19"),
    ],
)
def test_subwords_of_a_part_are_a_run_of_those_of_the_whole(part, whole):
    assert len(subwords(part)) >= 1
    assert contains_run(subwords(whole), subwords(part))


def test_subword_bigrams_positions_and_offsets():
    value = "ความร่วมมือ ณ Stockholm ๒๕๕๙"
    found = tokens(subword_analyzer(), value)
    assert [t[0] for t in found] == [
        "ควา", "วาม", "มร่", "ร่ว", "วม", "มมื", "มือ",
        "ณ",
        "sto", "toc", "ock", "ckh", "kho", "hol", "olm",
        "2559",
    ]  # fmt: skip
    assert [p for _, p, _, _ in found] == list(range(len(found)))
    raw = tokens(SubwordTokenizer(), value)
    assert all(value[s:e] == text for text, _, s, e in raw)
    # Overlapping bigrams: each starts where the previous one's first cluster ends.
    assert [(s, e) for _, _, s, e in found[:3]] == [(0, 3), (1, 4), (3, 6)]


def test_subword_zero_width_offsets():
    value = "ความ\u200bร่วมมือ"
    found = tokens(SubwordTokenizer(), value)
    assert [t[0] for t in found] == subwords("ความร่วมมือ")
    assert all(INVISIBLE.sub("", value[s:e]) == text for text, _, s, e in found)


def test_short_latin_words_and_single_clusters_are_whole():
    assert subwords("ณ ไป UN of") == ["ณ", "ไป", "un", "of"]


# --- whoosh integration ----------------------------------------------------------------------


def schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True),
        body=fields.TEXT(analyzer=word_analyzer(), chars=True, stored=True),
        sub=fields.TEXT(analyzer=subword_analyzer(), multitoken_query="phrase"),
    )


# --- index formats ---------------------------------------------------------------------------

FORMAT_VALUES = [
    TITLE,
    "ความร่วมมือ ความร่วมมือ COVID-19 ความร่วมมือ ๑๒ 12",
    "กระ\u200bทรวง ่การต่างประเทศ ฯ ๆ" + " ประชุม" * 3,
    "",
]


@pytest.mark.parametrize("value", FORMAT_VALUES)
def test_word_formats_give_the_postings_of_whooshs_formats(value):
    for chars, fast, plain in (
        (False, WordPositions, formats.Positions),
        (True, WordCharacters, formats.Characters),
    ):
        made = word_format(chars=chars, field_boost=2.0)
        assert type(made) is fast
        assert analysis._folded_words(value, word_analyzer(), {"mode": "index"}) is not None
        expected = list(plain(field_boost=2.0).word_values(value, word_analyzer(), mode="index"))
        assert list(made.word_values(value, word_analyzer(), mode="index")) == expected
        # Another analyzer, or a call with other options: Whoosh's own path.
        for analyzer, kwargs in ((subword_analyzer(), {}), (word_analyzer(), {"start_pos": 3})):
            assert list(made.word_values(value, analyzer, **kwargs)) == list(
                plain(field_boost=2.0).word_values(value, analyzer, **kwargs)
            )


def test_word_spans_are_the_tokenizers_tokens():
    for value in FORMAT_VALUES:
        expected = [(text, start, end) for text, _, start, end in tokens(ThaiTokenizer(), value)]
        assert word_spans(value) == expected


def test_schema_pickles_and_unpickles():
    restored = pickle.loads(pickle.dumps(schema()))
    assert restored == schema()
    assert [t.text for t in restored["body"].analyzer(TITLE)] == words(TITLE)
    assert [t.text for t in restored["sub"].analyzer(TITLE)] == subwords(TITLE)


@pytest.fixture
def index():
    ix = RamStorage().create_index(schema())
    writer = ix.writer()
    docs = {
        "1": TITLE,
        "2": "ผลการประชุมว่าด้วยการต่อต้านการก่อการร้าย ณ กรุงจาการ์ตา",
        "3": "รายงานการเดินทางไปราชการ ณ กรุงโตเกียว ประเทศญี่ปุ่น",
    }
    for key, text in docs.items():
        writer.add_document(id=key, body=text, sub=text)
    writer.commit()
    with ix.searcher() as searcher:
        yield searcher


def ids(results) -> list[str]:
    return sorted(hit["id"] for hit in results)


def test_subword_phrase_finds_a_substring_of_a_compound(index):
    # The word field keeps "ความร่วมมือ" whole, so the word alone misses it ...
    assert ids(index.search(query.Term("body", "ร่วมมือ"))) == []
    # ... and the sub-word phrase finds it.
    assert ids(index.search(query.Phrase("sub", subwords("ร่วมมือ")))) == ["1"]
    assert ids(index.search(query.Phrase("sub", subwords("ก่อการร้าย")))) == ["2"]
    assert ids(index.search(query.Phrase("sub", subwords("สตอกโฮล์ม")))) == ["1"]
    assert ids(index.search(query.Phrase("sub", subwords("ร่วมมือทาง")))) == []
    parser = QueryParser("sub", index.schema)
    assert ids(index.search(parser.parse("ร่วมมือ"))) == ["1"]
    assert ids(index.search(parser.parse("โตเกียว"))) == ["3"]


def test_word_phrase_query(index):
    parser = QueryParser("body", index.schema)
    assert ids(index.search(parser.parse('"กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน"'))) == ["1"]
    assert ids(index.search(parser.parse("๒๕๕๙"))) == ["1"]
    assert ids(index.search(parser.parse("STOCKHOLM"))) == ["1"]


MARKED = re.compile(r"<b[^>]*>(.*?)</b>")


@pytest.mark.parametrize(
    ("terms", "marked"),
    [
        (["ความร่วมมือ"], ["ความร่วมมือ"]),
        (["2559"], ["๒๕๕๙"]),
        (["stockholm"], ["Stockholm"]),
        (["กรุงสตอกโฮล์ม", "ราชอาณาจักรสวีเดน"], ["กรุงสตอกโฮล์ม", "ราชอาณาจักรสวีเดน"]),
    ],
)
def test_pinpoint_highlight_marks_exactly_the_surface(index, terms, marked):
    q = query.Term("body", terms[0]) if len(terms) == 1 else query.Phrase("body", terms)
    results = index.search(q, terms=True)
    results.fragmenter = highlight.PinpointFragmenter(surround=10)
    results.formatter = highlight.HtmlFormatter(tagname="b")
    assert results.highlighter.can_load_chars(results, "body")  # pinpoint, no re-tokenizing
    [hit] = results
    assert MARKED.findall(hit.highlights("body")) == marked
