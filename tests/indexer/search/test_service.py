"""The search service (``indexer.search.service``) and ``archive search``: what a query finds across
languages and inside compounds, the query syntax, ranking, facet counts, snippets, corrections,
pagination and the command line.

Most tests read one archive of corpus/ built once per session (``corpus_archive``); the seed
tests read corpus/ + ../shared/seeds (``seeded_archive``, skipped without ../shared). Records
are named by the number their file name starts with ("01" is the Tokyo visit of corpus/01_...,
"000" the Stockholm seed), never by database id.
"""

from __future__ import annotations

import gc
import html
import json
import os
import random
import re
import string
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import indexer.search.service as search_module
from indexer.search.generations import Index
from indexer.search.service import (
    FACET_NAMES,
    SearchError,
    SearchRequest,
    all_ids,
    index_root,
    parse_filters,
    search,
)
from tests.conftest import ROOT, SearchArchive, build_search_archive, cli_run, write_bma

# --------------------------------------------------------------------------- helpers


@pytest.fixture
def seeded_index(seeded_archive: SearchArchive) -> Iterator[Index]:
    index = Index(index_root(seeded_archive.home))
    yield index
    index.close()


def run(index: Index, q: str = "", **fields: Any) -> dict[str, Any]:
    """One search, every hit on the first page."""
    fields.setdefault("per_page", 100)
    return search(index, SearchRequest(q=q, **fields))


def found(index: Index, q: str = "", **fields: Any) -> set[int]:
    """Ids of every record a search finds (checked against ``total``)."""
    result = run(index, q, **fields)
    ids = [hit["id"] for hit in result["hits"]]
    assert result["total"] == len(ids) == len(set(ids)), (q, result["total"], ids)
    return set(ids)


def ranked_ids(index: Index, q: str, **fields: Any) -> list[int]:
    return [hit["id"] for hit in run(index, q, **fields)["hits"]]


# --------------------------------------------------------------------------- entities


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Every name of a country finds the same records: held there, with it as a partner,
        # or naming it in any language (issue 15: "Japan" finds the Thai text's ญี่ปุ่น).
        ("Japan", {"01", "11", "13"}),
        ("JP", {"01", "11", "13"}),
        ("ญี่ปุ่น", {"01", "11", "13"}),
        ("Korea", {"02", "11", "13"}),
        ("เกาหลีใต้", {"02", "11", "13"}),
        ("KR", {"02", "11", "13"}),
        ("Laos", {"05", "08", "14"}),
        ("ลาว", {"05", "08", "14"}),
        ("Myanmar", {"01", "09", "14"}),
        ("เมียนมา", {"01", "09", "14"}),
        # Cities, in English, Thai, and the Thai name with its prefix.
        ("Tokyo", {"01"}),
        ("โตเกียว", {"01"}),
        ("กรุงโตเกียว", {"01"}),
        ("Seoul", {"02", "06"}),
        ("Vientiane", {"03", "05", "08", "14"}),
        ("เวียงจันทน์", {"03", "05", "08", "14"}),
        # Years in the Buddhist era and in the Common Era: the meetings held in 2018.
        ("2561", {"01", "05", "10"}),
        ("2018", {"01", "05", "10"}),
        ("year:2561", {"01", "05", "10"}),
        ("year:2018", {"01", "05", "10"}),
        ("year:๒๕๖๑", {"01", "05", "10"}),
    ],
)
def test_countries_cities_and_years_in_any_language(
    corpus_archive: SearchArchive, corpus_index: Index, query: str, expected: set[str]
) -> None:
    assert found(corpus_index, query) == corpus_archive.ids_of(*expected)


def test_the_record_held_in_a_country_ranks_first(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    assert ranked_ids(corpus_index, "ญี่ปุ่น")[0] == corpus_archive.id_of("01")
    assert ranked_ids(corpus_index, "Japan")[0] == corpus_archive.id_of("01")


@pytest.mark.parametrize("query", ["สตอกโฮล์ม", "กรุงสตอกโฮล์ม", "Stockholm", "Sweden", "สวีเดน"])
def test_seed_000_is_found_by_its_city_and_country_in_any_language(
    seeded_archive: SearchArchive, seeded_index: Index, query: str
) -> None:
    assert found(seeded_index, query) == {seeded_archive.id_of("000")}


def test_seed_000_is_found_by_its_country_code(
    seeded_archive: SearchArchive, seeded_index: Index
) -> None:
    # Found and first; that nothing else comes back is test_seed_country_code_does_not_flood.
    assert ranked_ids(seeded_index, "SE")[0] == seeded_archive.id_of("000")


_FLOOD = (
    "a two-letter query goes through Vocabulary.containing like any sub-word: 'la' expands to "
    "the (up to 60) indexed words containing 'la' ('regional', 'translation', ...), so an ISO "
    "code returns most English-language records; sub-word expansion needs a minimum length "
    "(Latin: 3 letters, as the trigram design of indexer.search.analysis states)"
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # An ISO code is a name of its country (every record about Laos, in any language;
        # Thailand's other names are in most records and are not added); 04 quotes "la ville
        # du quart d'heure"; not "Committee", "Community" for MM.
        ("LA", {"04", "05", "08", "14"}),
        ("MM", {"01", "09", "14"}),
        ("TH", {"05", "06", "07", "08", "09", "13"}),  # held in or with Thailand; "TH"
    ],
)
def test_two_letter_codes_do_not_flood(
    corpus_archive: SearchArchive, corpus_index: Index, query: str, expected: set[str]
) -> None:
    assert found(corpus_index, query) == corpus_archive.ids_of(*expected)


def test_seed_country_code_does_not_flood(
    seeded_archive: SearchArchive, seeded_index: Index
) -> None:
    assert found(seeded_index, "SE") == {seeded_archive.id_of("000")}


@pytest.mark.parametrize("query", ["2559", "2016", "๒๕๕๙", "year:2559", "year:2016"])
def test_seed_000_is_found_by_its_year_in_either_era(
    seeded_archive: SearchArchive, seeded_index: Index, query: str
) -> None:
    # Stockholm (13-18 Sep 2016) and the Canberra workshop (5-9 Sep 2016, corpus 12).
    assert found(seeded_index, query) == seeded_archive.ids_of("000", "12")


def test_seed_000_with_filters_in_thai_and_buddhist_era(
    seeded_archive: SearchArchive, seeded_index: Index
) -> None:
    filters, excluded = parse_filters(["year=2559", "country=สวีเดน"])
    assert (filters, excluded) == ({"year": ["2016"], "country": ["SE"]}, {})
    assert found(seeded_index, filters=filters) == {seeded_archive.id_of("000")}


# --------------------------------------------------------------------------- sub-words


@pytest.mark.parametrize(
    ("part", "compound", "expected"),
    [
        ("ก่อการร้าย", "การก่อการร้าย", {"000", "001"}),
        ("สตอกโฮล์ม", "กรุงสตอกโฮล์ม", {"000"}),
    ],
)
def test_part_of_a_compound_finds_the_compound(
    seeded_archive: SearchArchive, seeded_index: Index, part: str, compound: str, expected: set[str]
) -> None:
    assert found(seeded_index, part) == seeded_archive.ids_of(*expected)
    assert found(seeded_index, part) >= found(seeded_index, compound)


def test_part_of_a_compound_finds_every_record_the_compound_finds(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    compound = found(corpus_index, "ความร่วมมือ")
    assert len(compound) == 13  # every record but 06 (an English-titled page)
    assert found(corpus_index, "ร่วมมือ") >= compound


def _two_documents(home: Path, tmp_path: Path, template_db: Path, **docs: dict) -> SearchArchive:  # type: ignore[type-arg]
    for name, fields in docs.items():
        write_bma(tmp_path / "docs" / f"{name}.txt", **fields)
    return build_search_archive(home, template_db, tmp_path / "docs")


def test_a_word_match_ranks_above_a_substring_match(tmp_path: Path, template_db: Path) -> None:
    archive = _two_documents(
        tmp_path / "home",
        tmp_path,
        template_db,
        a_compound={
            "title": "การประชุมต่อต้านการก่อการร้ายในเมือง",
            "summary": "ที่ประชุมหารือมาตรการต่อต้านการก่อการร้ายในเขตเมือง",
        },
        b_word={
            "title": "การประชุมเรื่องก่อการร้ายในเมือง",
            "summary": "ที่ประชุมหารือมาตรการป้องกันภัยก่อการร้ายในเขตเมือง",
        },
    )
    with_compound, with_word = archive.id_of("a_compound"), archive.id_of("b_word")
    index = Index(index_root(archive.home))
    try:
        # The part finds both (sub-word recall), the exact word first.
        assert ranked_ids(index, "ก่อการร้าย") == [with_word, with_compound]
        # The compound is one word: it does not match its part.
        assert ranked_ids(index, "การก่อการร้าย") == [with_compound]
    finally:
        index.close()


def test_a_single_word_match_ranks_above_repeated_substring_matches(
    tmp_path: Path, template_db: Path
) -> None:
    archive = _two_documents(
        tmp_path / "home",
        tmp_path,
        template_db,
        a_word={
            "title": "การประชุมเรื่องการจัดการน้ำท่วมในเขตเมือง",
            "summary": "ที่ประชุมหารือแนวทางการจัดการน้ำท่วมในเขตเมือง "
            "และรับทราบรายงานสถานการณ์ก่อการร้ายในภูมิภาค",
        },
        b_compound={
            "title": "การประชุมต่อต้านการก่อการร้ายในเขตเมือง",
            "summary": "ที่ประชุมหารือมาตรการต่อต้านการก่อการร้ายในเขตเมือง",
        },
    )
    index = Index(index_root(archive.home))
    try:
        assert ranked_ids(index, "ก่อการร้าย") == [
            archive.id_of("a_word"),
            archive.id_of("b_compound"),
        ]
    finally:
        index.close()


# --------------------------------------------------------------------------- query syntax


def test_several_words_must_all_match_best_first(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    both = found(corpus_index, "ความร่วมมือ ชายแดน")
    assert both == found(corpus_index, "ความร่วมมือ") & found(corpus_index, "ชายแดน")
    assert both == corpus_archive.ids_of("05", "07", "09")
    # no record has both: the records with one of them, and a notice saying so
    relaxed = run(corpus_index, "Tokyo Seoul")  # 06 names กรุงโซล
    assert {hit["id"] for hit in relaxed["hits"]} == corpus_archive.ids_of("01", "02", "06")
    assert relaxed["notice"] == "no record has all the words: showing records with most of them"
    scores = [hit["score"] for hit in run(corpus_index, "ความร่วมมือ ชายแดน")["hits"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_thai_typed_without_spaces_is_several_words(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    assert found(corpus_index, "ความร่วมมือชายแดน") == corpus_archive.ids_of("05", "07", "09")


def test_the_issue_example_typed_without_spaces(
    seeded_archive: SearchArchive, seeded_index: Index
) -> None:
    spaced = found(seeded_index, "ความร่วมมือ ชายแดน อาเซียน")
    assert spaced == {seeded_archive.id_of("001")}
    assert found(seeded_index, "ความร่วมมือชายแดนอาเซียน") == spaced


def test_a_quoted_phrase_needs_the_words_together(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    # 11 has "ASEAN Smart Cities Network"; 03 has "smart" and "cities" apart.
    assert found(corpus_index, "Smart Cities") == corpus_archive.ids_of("11", "03")
    assert found(corpus_index, '"Smart Cities"') == corpus_archive.ids_of("11")
    assert found(corpus_index, '"Cities Smart"') == set()


def test_or(corpus_archive: SearchArchive, corpus_index: Index) -> None:
    assert found(corpus_index, "Tokyo OR Seoul") == corpus_archive.ids_of("01", "02", "06")
    assert found(corpus_index, "ชายแดน OR อาเซียน") == found(corpus_index, "ชายแดน") | found(
        corpus_index, "อาเซียน"
    )
    assert found(corpus_index, "ชายแดน OR อาเซียน") == corpus_archive.ids_of("05", "07", "09", "11")


@pytest.mark.parametrize("query", ["ความร่วมมือ NOT ญี่ปุ่น", "ความร่วมมือ -ญี่ปุ่น"])
def test_not_and_minus_remove_records(
    corpus_archive: SearchArchive, corpus_index: Index, query: str
) -> None:
    expected = found(corpus_index, "ความร่วมมือ") - found(corpus_index, "ญี่ปุ่น")
    assert corpus_archive.id_of("01") not in expected and len(expected) == 10
    assert found(corpus_index, query) == expected


def test_not_alone_keeps_everything_else(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    assert found(corpus_index, "NOT ญี่ปุ่น") == corpus_archive.ids - corpus_archive.ids_of(
        "01", "11", "13"
    )


def test_minus_alone_keeps_everything_else(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    result = run(corpus_index, "-ญี่ปุ่น")
    assert {hit["id"] for hit in result["hits"]} == found(corpus_index, "NOT ญี่ปุ่น")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country:JP", {"01"}),
        ("country:ญี่ปุ่น", {"01"}),
        ("country:Japan", {"01"}),
        ("city:Tokyo", {"01"}),
        ("kind:news", {"07", "08", "09"}),
        ("ความร่วมมือ country:JP", {"01"}),
        ("country:TH OR country:JP", {"01", "06", "13"}),
        ('month:"2018-11"', {"01", "05"}),
        ('agency:"สำนักวัฒนธรรม กีฬาและการท่องเที่ยว"', {"10"}),
    ],
)
def test_field_filters_in_the_query(
    corpus_archive: SearchArchive, corpus_index: Index, query: str, expected: set[str]
) -> None:
    result = run(corpus_index, query)
    assert {hit["id"] for hit in result["hits"]} == corpus_archive.ids_of(*expected)
    assert result["notice"] is None


def test_not_field_filter_in_the_query_excludes(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    assert found(corpus_index, "NOT country:TH") == corpus_archive.ids - corpus_archive.ids_of(
        "06", "13"
    )


def test_minus_field_filter_in_the_query_excludes(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    assert found(corpus_index, "-country:TH") == corpus_archive.ids - corpus_archive.ids_of(
        "06", "13"
    )


def test_month_filter_typed_unquoted(corpus_archive: SearchArchive, corpus_index: Index) -> None:
    assert found(corpus_index, "month:2018-11") == corpus_archive.ids_of("01", "05")


def test_field_filter_inside_or(corpus_archive: SearchArchive, corpus_index: Index) -> None:
    assert found(corpus_index, "Tokyo OR country:KR") == corpus_archive.ids_of("01", "02")
    assert found(corpus_index, "country:JP OR year:2016") == corpus_archive.ids_of("01", "12")


def test_excluding_a_country_with_a_filter(
    corpus_archive: SearchArchive, corpus_index: Index
) -> None:
    filters, excluded = parse_filters(["country!=TH"])
    assert (filters, excluded) == ({}, {"country": ["TH"]})
    expected = corpus_archive.ids - corpus_archive.ids_of("06", "13")  # 14 has no country: kept
    assert found(corpus_index, excluded=excluded) == expected
    assert found(corpus_index, excluded=parse_filters(["country!=ประเทศไทย"])[1]) == expected
    assert found(corpus_index, "ความร่วมมือ", excluded=excluded) == found(
        corpus_index, "ความร่วมมือ"
    ) - corpus_archive.ids_of("13")


# --------------------------------------------------------------------------- facets


def _facet_values(record: dict[str, Any]) -> dict[str, set[str]]:
    """A record's facet values, from its JSON, by the rules of the issue."""
    venues = [v for v in [record["venue"], *(m["venue"] for m in record["meetings"])] if v]
    live = [f for f in record["follow_ups"] if not f["removed_from_source"]]
    years: set[str] = set()
    if record["date_start"]:
        first = int(record["date_start"][:4])
        last = int((record["date_end"] or record["date_start"])[:4])
        years = {str(y) for y in range(first, last + 1)}
    if not live:
        status = "none"
    elif all(f["status"] in ("done", "cancelled") for f in live):
        status = "done"
    else:
        status = "open"
    return {
        "year": years,
        "month": {record["date_start"][:7]} if record["date_start"] else set(),
        "partner": {*record["party_countries"], *record["party_organizations"]},
        "country": {v["country_code"] for v in venues if v["country_code"]},
        "city": {v["city"] for v in venues if v["city"]},
        "organization": {record["organization"]} if record["organization"] else set(),
        "mission_group": {record["mission_group"]} if record["mission_group"] else set(),
        "agency": {a for f in live for a in f["agencies"]},
        "kind": {record["document_kind"]},
        "status": {status},
    }


def _passes(
    values: dict[str, set[str]],
    filters: dict[str, list[str]],
    excluded: dict[str, list[str]],
    skip: str | None = None,
) -> bool:
    included = all(values[n] & set(v) for n, v in filters.items() if n != skip)
    kept_out = any(values[n] & set(v) for n, v in excluded.items() if n != skip)
    return included and not kept_out


SELECTIONS = [
    ({}, {}),
    ({"country": ["JP", "TH"]}, {}),  # several values of one facet: OR
    ({"country": ["TH", "LA", "KR"], "kind": ["meeting"]}, {}),  # two facets: AND
    ({}, {"country": ["TH"]}),  # exclusion
    ({"year": ["2018", "2019", "2023"]}, {"kind": ["news"]}),
    ({"kind": ["meeting", "visit"], "year": ["2018", "2019"]}, {"agency": ["กองการต่างประเทศ"]}),
    ({"country": ["TH"]}, {"country": ["TH"]}),  # nothing left, counts still right
    ({"month": ["2018-11", "2019-10"]}, {"status": ["none"]}),
    ({"agency": ["สำนักการศึกษา", "กรมการปกครอง"]}, {"city": ["Hanoi"], "kind": ["project"]}),
    ({"country": ["ZZ"]}, {}),  # a value no record has
]


@pytest.mark.parametrize("q", ["", "ความร่วมมือ"])
@pytest.mark.parametrize(("filters", "excluded"), SELECTIONS)
def test_facet_counts_by_brute_force(
    corpus_archive: SearchArchive,
    corpus_index: Index,
    q: str,
    filters: dict[str, list[str]],
    excluded: dict[str, list[str]],
) -> None:
    values = {r["id"]: _facet_values(r) for r in corpus_archive.records}
    matched = found(corpus_index, q)  # what the words match, before any selection
    assert len(matched) == (14 if q == "" else 13)
    result = run(corpus_index, q, filters=filters, excluded=excluded)

    expected_hits = {i for i in matched if _passes(values[i], filters, excluded)}
    assert result["total"] == len(expected_hits)
    assert {hit["id"] for hit in result["hits"]} == expected_hits

    assert list(result["facets"]) == list(FACET_NAMES)
    for name in FACET_NAMES:
        allowed = [i for i in matched if _passes(values[i], filters, excluded, skip=name)]
        expected = Counter(v for i in allowed for v in values[i][name])
        for value in [*filters.get(name, []), *excluded.get(name, [])]:
            expected.setdefault(value, 0)
        counts = result["facets"][name]
        assert {value: count for value, count in counts} == dict(expected), name
        assert [count for _, count in counts] == sorted((c for _, c in counts), reverse=True)


def test_month_facet_for_a_histogram(corpus_archive: SearchArchive, corpus_index: Index) -> None:
    months = dict(run(corpus_index)["facets"]["month"])
    assert months == {
        "2016-09": 1,
        "2017-07": 1,
        "2018-08": 1,
        "2018-11": 2,
        "2019-06": 1,
        "2019-10": 1,
        "2020-01": 1,
        "2022-08": 1,
        "2022-09": 1,
        "2023-01": 1,
        "2023-02": 1,
        "2023-03": 1,
    }  # 14 records, 13 dated (the project 14 has no date)
    # Ticking a month keeps the other months' counts (a facet ignores its own selection).
    result = run(corpus_index, filters={"month": ["2018-11"]})
    assert dict(result["facets"]["month"]) == months
    assert result["total"] == 2
    assert dict(result["facets"]["year"]) == {"2018": 2}


# --------------------------------------------------------------------------- snippets

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TITLE = f"{SCRIPT} การประชุม {IMG} เรื่องมะละกอ"


def test_snippets_are_escaped_html_with_marks(fresh_archive: SearchArchive, tmp_path: Path) -> None:
    doc = write_bma(
        tmp_path / "new" / "xss.txt",
        TITLE,
        summary=f"{SCRIPT} ที่ประชุมหารือเรื่องมะละกอ {IMG} และผลไม้เมืองร้อน",
    )
    assert cli_run(fresh_archive.home, "ingest", str(doc), "--workers", "1").exit_code == 0
    index = Index(index_root(fresh_archive.home))
    try:
        result = run(index, "มะละกอ")
        assert result["total"] == 1
        hit = result["hits"][0]
        assert hit["title"] == TITLE  # raw: escaping titles is the web layer's job
        snippet = hit["snippet"]
        assert re.search(r"<mark[^>]*>มะละกอ</mark>", snippet), snippet
        assert "&lt;script&gt;" in snippet and "&lt;img src=x" in snippet
        assert "<script" not in snippet and "<img" not in snippet
        # Nothing but the marks is markup: unmarked and unescaped, it is the stored text.
        plain = html.unescape(re.sub(r"</?mark[^>]*>", "", snippet))
        assert f"{SCRIPT} ที่ประชุมหารือเรื่องมะละกอ {IMG}" in plain
        assert not re.search(r"<(?!/?mark[ >])", snippet)

        # Without query words (filters only) the snippet is the escaped start of the text.
        for hit in run(index, "kind:meeting")["hits"]:
            assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]
            assert "<mark" not in hit["snippet"]
    finally:
        index.close()


def test_a_match_deep_in_a_long_report_is_marked(
    fresh_archive: SearchArchive, tmp_path: Path
) -> None:
    """Whoosh's fragmenter looks at the first 32K characters only; a long report's one match
    beyond them is still the snippet (it once raised IndexError: a 500 on the search page)."""
    filler = "ที่ประชุมรับทราบรายงานความคืบหน้าของโครงการต่าง ๆ ตามที่เสนอ " * 900  # ~55K chars
    doc = write_bma(
        tmp_path / "new" / "long.txt", "การประชุมติดตามผลโครงการ", summary=filler + "และเรื่องทุเรียน"
    )
    assert cli_run(fresh_archive.home, "ingest", str(doc), "--workers", "1").exit_code == 0
    index = Index(index_root(fresh_archive.home))
    try:
        result = run(index, "ทุเรียน")
        assert result["total"] == 1
        assert re.search(r"<mark[^>]*>ทุเรียน</mark>", result["hits"][0]["snippet"])
    finally:
        index.close()


def test_snippet_marks_a_sub_word_match(corpus_archive: SearchArchive, corpus_index: Index) -> None:
    records = {r["id"]: r for r in corpus_archive.records}
    hits = run(corpus_index, "ร่วมมือ")["hits"]
    with_content = 0
    for hit in hits:
        record = records[hit["id"]]
        # Snippets are cut from the findings and follow-ups (the title is shown apart).
        content = " ".join(
            [f["text"] for f in record["findings"]] + [f["text"] for f in record["follow_ups"]]
        )
        marked = re.findall(r"<mark[^>]*>(.*?)</mark>", hit["snippet"])
        assert all("ร่วมมือ" in m for m in marked), hit["snippet"]
        if "ร่วมมือ" in content:
            with_content += 1
            assert marked, hit["snippet"]
    assert with_content >= 8


# --------------------------------------------------------------------------- malformed queries

_RNG = random.Random(20240611)
RANDOM_SYMBOLS = "".join(_RNG.choice(string.punctuation + "  ") for _ in range(600))
FALLING_BACK = ['"', "((((", "*", RANDOM_SYMBOLS, '"" AND ""', "[a TO b]"]
ODD = ["AND", "title:", "NOT", "OR", "country:", "year:abc", "a" * 700, "\u200b", "ๆ"]


@pytest.mark.parametrize("query", FALLING_BACK + ODD)
def test_malformed_queries_never_raise(corpus_index: Index, query: str) -> None:
    result = run(corpus_index, query)
    assert set(result) == {
        "total", "page", "limit", "hits", "facets", "corrected_query", "notice", "notice_code",
    }  # fmt: skip
    assert result["total"] == len(result["hits"])
    if query in FALLING_BACK:
        assert result["notice"], query


@pytest.mark.parametrize("query", ['"', "((((", "*", RANDOM_SYMBOLS])
def test_a_query_without_words_finds_nothing_and_says_why(corpus_index: Index, query: str) -> None:
    # symbols alone are not a search for everything: no hits, and a notice saying why
    result = run(corpus_index, query)
    assert result["notice"] == "query syntax not understood and no words left to search for"
    assert result["total"] == 0 and result["hits"] == []


@pytest.mark.parametrize("query", FALLING_BACK + ODD)
def test_cli_prints_a_malformed_query_s_result(corpus_archive: SearchArchive, query: str) -> None:
    result = cli_run(corpus_archive.home, "search", "--", query)
    assert result.exit_code == 0, result.output
    assert re.search(r"^\d+ records$", result.stdout, re.M), result.stdout
    if query in FALLING_BACK:
        assert result.stdout.startswith("note: query syntax not understood")


# --------------------------------------------------------------------------- did you mean


@pytest.mark.parametrize(
    "typed",
    [
        "Cambodai",  # Cambodia, two letters swapped
        "Mobilty",  # Mobility, one letter dropped
        "ความร่วมมอ",
        "การท่องเทียว",
        "ยาเสพตด",
        "อาชญกรรม",
        "Resilence",
    ],
)
def test_did_you_mean_for_a_misspelt_word(corpus_index: Index, typed: str) -> None:
    result = run(corpus_index, typed)
    # nothing has the word as typed: either no hits, or records with some of its pieces,
    # said so in the notice; in both cases a correction from the vocabulary
    assert result["total"] == 0 or result["notice"].startswith("no record has all the words")
    corrected = result["corrected_query"]
    assert corrected and corrected != typed
    assert run(corpus_index, corrected)["total"] > 0, corrected


def test_no_correction_when_something_was_found(corpus_index: Index) -> None:
    assert run(corpus_index, "ความร่วมมือ")["corrected_query"] is None


# --------------------------------------------------------------------------- pages and sorting


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("q", ["ความร่วมมือ", ""])
def test_pages_cover_the_results_without_overlap(corpus_index: Index, sort: str, q: str) -> None:
    whole = run(corpus_index, q, sort=sort)
    total = whole["total"]
    pages = []
    for page in range(1, 6):
        result = run(corpus_index, q, sort=sort, page=page, per_page=3)
        assert (result["total"], result["page"], result["limit"]) == (total, page, 3)
        pages.append([hit["id"] for hit in result["hits"]])
    sizes = [len(p) for p in pages]
    assert sizes == [3, 3, 3, 3, total - 12]
    flat = [i for p in pages for i in p]
    assert len(flat) == len(set(flat)) == total
    assert flat == [hit["id"] for hit in whole["hits"]]
    assert all_ids(corpus_index, SearchRequest(q=q, sort=sort)) == flat


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_page_past_the_end_is_empty(corpus_index: Index, sort: str) -> None:
    result = run(corpus_index, "ความร่วมมือ", sort=sort, page=6, per_page=3)
    assert (result["total"], result["page"]) == (13, 6)
    assert result["hits"] == []


@pytest.mark.parametrize("q", ["", "ความร่วมมือ", "Cities"])
def test_sort_by_date_newest_first(corpus_index: Index, q: str) -> None:
    hits = run(corpus_index, q, sort="date")["hits"]
    dated = [hit["date_start"] for hit in hits if hit["date_start"]]
    assert dated == sorted(dated, reverse=True)
    undated = [hit["date_start"] is None for hit in hits]
    assert undated == sorted(undated)  # records without a date come last


def test_relevance_is_by_decreasing_score(corpus_index: Index) -> None:
    scores = [hit["score"] for hit in run(corpus_index, "ความร่วมมือ การประชุม")["hits"]]
    assert len(scores) > 3 and scores == sorted(scores, reverse=True)


# --------------------------------------------------------------------------- the service


def test_a_search_leaves_the_garbage_collector_as_it_was(
    corpus_index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert gc.isenabled()
    run(corpus_index, "ความร่วมมือ")
    assert gc.isenabled()
    gc.disable()
    try:
        run(corpus_index, "ความร่วมมือ")
        assert not gc.isenabled()
    finally:
        gc.enable()

    def fail(*args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(search_module, "_search", fail)
    with pytest.raises(RuntimeError):
        run(corpus_index, "ความร่วมมือ")
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"filters": {"colour": ["red"]}}, "unknown filter field: 'colour'"),
        ({"sort": "title"}, "unknown sort: 'title'"),
        ({"per_page": 0}, "limit must be between 1 and 100"),
        ({"page": 0}, "page must be between 1 and 10000"),
    ],
)
def test_bad_requests_are_search_errors(
    corpus_index: Index, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(SearchError, match=re.escape(message)):
        search(corpus_index, SearchRequest(**fields))


# --------------------------------------------------------------------------- command line


def test_cli_json_has_the_keys_of_the_issue(corpus_archive: SearchArchive) -> None:
    result = cli_run(corpus_archive.home, "search", "Tokyo", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "total", "hits", "facets", "corrected_query", "notice", "notice_code", "page", "limit",
    }  # fmt: skip
    assert (data["total"], data["page"], data["limit"]) == (1, 1, 10)
    (hit,) = data["hits"]
    assert {"id", "title", "date_start", "date_end", "venue", "score", "snippet"} <= set(hit)
    assert hit["id"] == corpus_archive.id_of("01")
    assert (hit["date_start"], hit["date_end"]) == ("2018-11-04", "2018-11-15")
    assert hit["venue"]["city"] == "Tokyo" and hit["venue"]["country_code"] == "JP"
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert set(data["facets"]) == set(FACET_NAMES)
    for pairs in data["facets"].values():
        assert all(len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], int) for p in pairs)
    assert data["facets"]["country"] == [["JP", 1]]
    assert (data["corrected_query"], data["notice"]) == (None, None)


_LOADED = """
import json, sys
from archive.cli import main
main(["--home", sys.argv[1], "search", *sys.argv[2:]], standalone_mode=False)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_cli_search_loads_no_database_layer(corpus_archive: SearchArchive, tmp_path: Path) -> None:
    """``archive search`` answers from the index alone: SQLAlchemy, Alembic, the progress bar
    and pythainlp, which took longer to import than the search, stay unloaded (once a first
    process has prepared the tokenizer's dictionary in the cache folder)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "ARCHIVE_REFERENCE_CACHE": "1"}
    loaded: dict[str, set[str]] = {}
    for query in ("ความร่วมมือ", "ความร่วมมือ", "Laos", "ASEAN ประชุม"):  # the first prepares
        run = subprocess.run(
            [sys.executable, "-c", _LOADED, str(corpus_archive.home), query],
            capture_output=True, text=True, check=True, cwd=ROOT, env=env,
        )  # fmt: skip
        assert re.search(r"^\d+ records$", run.stdout, re.M), run.stdout
        loaded[query] = set(json.loads(run.stdout.splitlines()[-1]))
    for query, modules in loaded.items():
        assert "whoosh" in modules and "nlpo3" in modules
        assert not {"sqlalchemy", "alembic", "tqdm", "pythainlp"} & modules, query


def test_cli_filters_with_buddhist_year_and_thai_country(corpus_archive: SearchArchive) -> None:
    result = cli_run(
        corpus_archive.home, "search", "--filter", "year=2561", "--filter", "country=ลาว", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [hit["id"] for hit in data["hits"]] == [corpus_archive.id_of("05")]
    # Each facet keeps its own alternatives: the other 2018 countries, the other LA years.
    assert dict(data["facets"]["country"]) == {"JP": 1, "LA": 1, "VN": 1}
    assert dict(data["facets"]["year"]) == {"2018": 1}


def test_cli_seed_filter_with_buddhist_year_and_thai_country(
    seeded_archive: SearchArchive,
) -> None:
    result = cli_run(
        seeded_archive.home, "search", "--filter", "year=2559", "--filter", "country=สวีเดน",
        "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [hit["id"] for hit in json.loads(result.stdout)["hits"]] == [seeded_archive.id_of("000")]


def test_cli_excluding_a_country(corpus_archive: SearchArchive) -> None:
    result = cli_run(
        corpus_archive.home, "search", "--filter", "country!=TH", "--limit", "100", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {hit["id"] for hit in data["hits"]} == corpus_archive.ids - corpus_archive.ids_of(
        "06", "13"
    )
    assert data["total"] == 12
    assert dict(data["facets"]["country"])["TH"] == 2  # the excluded value, with its count


def test_cli_text_output(corpus_archive: SearchArchive) -> None:
    result = cli_run(corpus_archive.home, "search", "ญี่ปุ่น", "--sort", "date", "--limit", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "3 records"
    assert [line.split()[:3] for line in lines[1:]] == [
        [str(corpus_archive.id_of("13")), "2022-09-28", "TH"],
        [str(corpus_archive.id_of("11")), "2019-06-30", "SG"],
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--filter", "colour=red"], "unknown filter field: 'colour'"),
        (["--filter", "country"], "filter must be FIELD=VALUE or FIELD!=VALUE"),
        (["--sort", "title"], "Invalid value for '--sort'"),
        (["--limit", "0"], "Invalid value for '--limit'"),
    ],
)
def test_cli_bad_options_exit_2(
    corpus_archive: SearchArchive, args: list[str], message: str
) -> None:
    result = cli_run(corpus_archive.home, "search", "Tokyo", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_cli_search_without_an_index(home: Path) -> None:
    result = cli_run(home, "search", "Tokyo")
    assert result.exit_code == 1
    assert "run 'archive index'" in result.stderr
    assert result.stdout == ""
