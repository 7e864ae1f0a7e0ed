"""The four baselines on three records: tokens, queries, index reuse, pickled schemas."""

import pickle

import pytest
from whoosh import fields

from evaluation.baselines import (
    Baseline,
    NaiveNlpo3Tokenizer,
    TrigramTokenizer,
    icu_analyzer,
    make_baselines,
    nlpo3_analyzer,
    standard_analyzer,
    trigram_analyzer,
)


def test_trigram_tokens_are_every_window_of_the_lowered_text():
    tokens = [(t.text, t.pos) for t in TrigramTokenizer()("AbcD e", positions=True)]
    assert tokens == [("abc", 0), ("bcd", 1), ("cd ", 2), ("d e", 3)]
    assert list(TrigramTokenizer()("ab")) == []


def test_trigram_finds_substrings_inside_words(trigram):
    assert trigram.search("สตอกโฮล์ม") == [1]  # inside กรุงสตอกโฮล์ม
    assert sorted(trigram.search("ร่วมมือ")) == [1, 3]  # inside ความร่วมมือ
    assert sorted(trigram.search("ก่อการร้าย")) == [3]
    assert trigram.search("jica") == [2]  # case-insensitive


def test_trigram_query_is_a_phrase_per_part_and_parts_are_anded(trigram):
    assert trigram.search("มือความ") == []  # both trigram sets exist, never adjacent there
    assert trigram.search("JICA ภัยพิบัติ") == [2]
    assert trigram.search("JICA ร่วมมือ") == []
    assert trigram.search("ณ") == []  # under 3 characters: FTS5 matches nothing
    assert trigram.search("JICA ณ") == []


def test_trigram_index_is_reused_when_complete(tmp_path, records):
    folder = tmp_path / "trigram"
    first = Baseline("trigram", trigram_analyzer, fts5=True)
    first.open_or_build(folder, records)
    first.close()
    again = Baseline("trigram", trigram_analyzer, fts5=True)
    again.open_or_build(folder, records)
    assert again.build_seconds == 0.0  # not rebuilt
    assert again.search("สวีเดน") == [1]
    again.close()


def test_word_baselines_and_their_terms(tmp_path, records):
    standard = Baseline("standard", standard_analyzer)
    standard.open_or_build(tmp_path / "standard", records)
    assert standard.search("Stockholm security") == [1]
    assert standard.search("Stockholm JICA") == []  # AND of the terms
    assert standard.search("the") == []  # only a stop word: matches nothing
    standard.close()
    nlpo3 = Baseline("nlpo3", nlpo3_analyzer)
    nlpo3.open_or_build(tmp_path / "nlpo3", records)
    assert nlpo3.search("jica ภัยพิบัติ") == [2]
    assert nlpo3.search("ร่วมมือ") == []  # a whole word inside ความร่วมมือ only
    nlpo3.close()


def test_icu_baseline(tmp_path, records):
    pytest.importorskip("icu")
    icu = Baseline("icu", icu_analyzer)
    icu.open_or_build(tmp_path / "icu", records)
    assert icu.search("Stockholm") == [1]
    assert icu.search("ญี่ปุ่น jica") == [2]
    icu.close()


def test_naive_tokenizer_yields_nlpo3_tokens_with_positions():
    found = [(t.text, t.pos) for t in NaiveNlpo3Tokenizer()("ประชุม ณ กรุงเทพ", positions=True)]
    assert [text for text, _ in found] == ["ประชุม", "ณ", "กรุงเทพ"]
    assert [pos for _, pos in found] == [0, 1, 2]


def test_schemas_pickle_with_analyzers_from_an_importable_module():
    naive = fields.Schema(body=fields.TEXT(analyzer=NaiveNlpo3Tokenizer()))
    assert pickle.loads(pickle.dumps(naive)) == naive
    for baseline in make_baselines():
        data = pickle.dumps(baseline.schema())
        if baseline.name != "standard":
            assert b"evaluation.baselines" in data, baseline.name
        assert pickle.loads(data).names() == ["body", "id"]
