"""The search evaluation's pieces: metrics, baselines on a tiny set, the query file. The full
evaluation is a script (``python -m evaluation.harness``) and never runs here."""

import re
from collections import Counter

import pytest

from evaluation import harness as evaluate
from evaluation.harness import (
    KINDS,
    Baseline,
    EvalRecord,
    RecordSet,
    check_targets,
    load_queries,
    mean_scores,
    precision_at,
    query_scores,
    reciprocal_rank,
    short_path,
    success_at,
)
from tests.conftest import CORPUS, SEEDS

RECORDS = [
    EvalRecord(
        1,
        "seeds/000_a.txt",
        "Stockholm Security Conference",
        "การประชุมความร่วมมือด้านการรักษาความปลอดภัย ณ กรุงสตอกโฮล์ม ราชอาณาจักรสวีเดน",
        frozenset({"SE"}),
    ),
    EvalRecord(
        2,
        "corpus/01_tokyo.txt",
        "การศึกษาดูงานด้านภัยพิบัติ",
        "JICA จัดการฝึกอบรมการป้องกันภัยพิบัติ ณ กรุงโตเกียว ประเทศญี่ปุ่น",
        frozenset({"JP"}),
    ),
    EvalRecord(
        3,
        "2021/03/25/ด้านความมั่นคง_5.txt",
        "ความร่วมมือต่อต้านการก่อการร้าย",
        "ที่ประชุมหารือมาตรการต่อต้านการก่อการร้ายข้ามชาติ",
        frozenset({"TH", "JP"}),
    ),
]


# --- metrics -------------------------------------------------------------------------------------


def test_success_is_any_relevant_in_the_top_k():
    assert success_at([5, 6, 7], {7}) == 1.0
    assert success_at([5, 6, 7], {8}) == 0.0
    assert success_at([], {1}) == 0.0
    assert success_at(list(range(20)), {12}) == 0.0  # beyond 10
    assert success_at([1, 2, 3], {3}, k=2) == 0.0


def test_reciprocal_rank_of_the_first_relevant_within_ten():
    assert reciprocal_rank([1, 2, 3], {1}) == 1.0
    assert reciprocal_rank([1, 2, 3], {3, 2}) == 0.5
    assert reciprocal_rank(list(range(1, 11)), {10}) == pytest.approx(0.1)
    assert reciprocal_rank(list(range(1, 12)), {11}) == 0.0
    assert reciprocal_rank([], {1}) == 0.0


def test_precision_divides_by_the_relevant_records_there_can_be():
    assert precision_at([1, 9, 9, 9], {1}) == 1.0  # one relevant record: found = perfect
    assert precision_at([1, 2, 8, 9], {1, 2, 3}) == pytest.approx(2 / 3)
    many = set(range(100))
    assert precision_at(list(range(5)) + [200] * 5, many) == 0.5  # 5 of at most 10
    assert precision_at([1, 2], set()) == 0.0


def test_scores_and_means():
    assert query_scores([4, 1], {1}) == (1.0, 0.5, 1.0)
    assert mean_scores([(1.0, 1.0, 1.0), (0.0, 0.0, 0.5)]) == (0.5, 0.5, 0.75)
    assert mean_scores([]) == (0.0, 0.0, 0.0)


def test_targets_name_each_miss():
    good, bad = (1.0, 1.0, 1.0), (0.5, 0.25, 0.5)
    table = {(kind, system): good for kind in KINDS for system in ("project", "trigram")}
    counts = dict.fromkeys(KINDS, 1)
    assert check_targets(table, counts, ["trigram"]) == []  # a tie at 1.0 is not a loss
    table["typo", "project"] = bad
    table["country_en", "project"] = (1.0, 1.0, 0.8)
    table["known_body", "project"] = (0.98, 0.99, 1.0)
    table["known_body", "trigram"] = (0.5, 0.5, 0.5)
    misses = check_targets(table, counts, ["trigram"])
    assert any(m.startswith("typo: MRR above the trigram baseline") for m in misses)
    assert any(m.startswith("typo: beat: project success@10") for m in misses)
    assert any("country_en: precision@10 0.800 < 0.9" in m for m in misses)
    assert any("known_body: success@10 0.980 < 0.99" in m for m in misses)
    assert not any(m.startswith("known_body: beat") for m in misses)


# --- records and relevance -------------------------------------------------------------------


def test_short_path_keeps_folder_and_name_of_absolute_paths():
    assert short_path("/work/shared/seeds/000_a.txt") == "seeds/000_a.txt"
    assert short_path("/x/main/corpus/01_tokyo.txt") == "corpus/01_tokyo.txt"
    assert short_path("2020/09/17/ข่าว_1.txt") == "2020/09/17/ข่าว_1.txt"


def test_relevant_paths_and_rules():
    records = RecordSet(RECORDS)
    assert records.relevant(["seeds/000_a.txt"]) == {1}
    assert records.relevant(["000_a.txt"]) == {1}  # by suffix
    assert records.relevant(["corpus/99_missing.txt"]) == set()
    assert records.relevant([{"country": "JP"}]) == {2, 3}
    assert records.relevant([{"contains": "ร่วมมือ"}]) == {1, 3}  # title or text
    assert records.relevant([{"contains": "ภัยพิบัติ"}, "seeds/000_a.txt"]) == {1, 2}
    with pytest.raises(ValueError):
        records.relevant([{"venue": "x"}])


# --- baselines on three records ------------------------------------------------------------------


@pytest.fixture
def trigram(tmp_path):
    baseline = Baseline("trigram", evaluate.trigram_analyzer, fts5=True)
    baseline.open_or_build(tmp_path / "trigram", RECORDS)  # built, then reopened from disk
    yield baseline
    baseline.close()


def test_trigram_tokens_are_every_window_of_the_lowered_text():
    tokens = [(t.text, t.pos) for t in evaluate.TrigramTokenizer()("AbcD e", positions=True)]
    assert tokens == [("abc", 0), ("bcd", 1), ("cd ", 2), ("d e", 3)]
    assert list(evaluate.TrigramTokenizer()("ab")) == []


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


def test_trigram_index_is_reused_when_complete(tmp_path):
    folder = tmp_path / "trigram"
    first = Baseline("trigram", evaluate.trigram_analyzer, fts5=True)
    first.open_or_build(folder, RECORDS)
    first.close()
    again = Baseline("trigram", evaluate.trigram_analyzer, fts5=True)
    again.open_or_build(folder, RECORDS)
    assert again.build_seconds == 0.0  # not rebuilt
    assert again.search("สวีเดน") == [1]
    again.close()


def test_word_baselines_and_their_terms(tmp_path):
    standard = Baseline("standard", evaluate.standard_analyzer)
    standard.open_or_build(tmp_path / "standard", RECORDS)
    assert standard.search("Stockholm security") == [1]
    assert standard.search("Stockholm JICA") == []  # AND of the terms
    assert standard.search("the") == []  # only a stop word: matches nothing
    standard.close()
    nlpo3 = Baseline("nlpo3", evaluate.nlpo3_analyzer)
    nlpo3.open_or_build(tmp_path / "nlpo3", RECORDS)
    assert nlpo3.search("jica ภัยพิบัติ") == [2]
    assert nlpo3.search("ร่วมมือ") == []  # a whole word inside ความร่วมมือ only
    nlpo3.close()


def test_icu_baseline(tmp_path):
    pytest.importorskip("icu")
    text = "ความร่วมมือ 😀 COVID-19 ณ กรุงสตอกโฮล์ม"
    segments = [text[s:e] for s, e in evaluate.icu_segments(text)]
    assert "😀" not in segments and "-" not in segments and " " not in segments
    assert segments[-2:] == ["กรุง", "สตอกโฮล์ม"]  # offsets right after an emoji
    icu = Baseline("icu", evaluate.icu_analyzer)
    icu.open_or_build(tmp_path / "icu", RECORDS)
    assert icu.search("Stockholm") == [1]
    assert icu.search("ญี่ปุ่น jica") == [2]
    icu.close()


# --- the query file ------------------------------------------------------------------------------

THAIGOV_PATH = re.compile(r"^20\d\d/\d\d/\d\d/[^/]+_\d+\.txt$")


def test_query_file_is_valid():
    queries = load_queries()
    assert len(queries) >= 100
    per_kind = Counter(q.kind for q in queries)
    assert set(per_kind) == set(KINDS)
    assert min(per_kind.values()) >= 15, per_kind
    assert len({(q.kind, q.query) for q in queries}) == len(queries)
    for q in queries:
        for entry in q.relevant:
            if isinstance(entry, dict):
                assert q.kind in ("country_en", "subword"), q
                continue
            if entry.startswith("seeds/"):
                if SEEDS.exists():
                    assert (SEEDS / entry.removeprefix("seeds/")).is_file(), entry
            elif entry.startswith("corpus/"):
                assert (CORPUS / entry.removeprefix("corpus/")).is_file(), entry
            else:
                assert THAIGOV_PATH.match(entry), entry


def test_query_kinds_follow_their_rules():
    from archive.reference.gazetteer import country_by_code

    thai_only = re.compile("[\u0e01-\u0e4e]+")
    for q in load_queries():
        if q.kind in ("known_title", "known_body", "typo"):
            assert len(q.relevant) == 1 and isinstance(q.relevant[0], str), q
            assert thai_only.fullmatch(q.query), q  # Thai without spaces
        elif q.kind == "subword":
            assert q.relevant == [{"contains": q.query}], q
        elif q.kind == "country_en":
            (rule,) = q.relevant
            country = country_by_code(rule["country"])
            assert country is not None and country.name_en == q.query, q
        elif q.kind == "mixed":
            assert re.search("[A-Za-z]", q.query) and re.search("[\u0e01-\u0e4e]", q.query), q
