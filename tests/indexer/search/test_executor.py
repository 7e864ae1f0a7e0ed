"""Queries executed with numpy (``indexer.search.executor``): the documents Whoosh finds, with
Whoosh's BM25F scores, reading positions only where they decide something."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh.query import Or, Phrase, Term

from indexer.search.executor import QueryExecutor
from indexer.search.generations import Index
from indexer.search.query import parse_query
from indexer.search.service import index_root
from tests.conftest import SearchArchive

EVALUATED = [
    "ความร่วมมือ",  # a word in every word field, its title sub-words, no compounds (common)
    "ร่วมมือ",  # part of a compound: vocabulary expansions
    "ความร่วมมือชายแดน",  # typed without spaces: all words, phrase bonus, sub-word sequences
    "ร่วมมือชายแด",  # spanning words: a sub-word sequence
    '"Smart Cities"',  # a quoted phrase
    "Tokyo OR Seoul",
    "ความร่วมมือ -ญี่ปุ่น",
    "ความร่วมมือ NOT ญี่ปุ่น",
    "Japan 2561",  # country and year entities
    "ประชุม*",
]


@pytest.mark.parametrize("q", EVALUATED)
@pytest.mark.parametrize("subwords", [True, False])
def test_numpy_evaluation_finds_and_scores_as_whoosh(
    corpus_index: Index, q: str, subwords: bool
) -> None:
    # Matches and BM25F scores computed from the posting blocks with numpy are Whoosh's own
    # (``Searcher.search`` without a limit scores every match, skipping no block).
    _same_as_whoosh(corpus_index, q, subwords)


@pytest.mark.parametrize("q", EVALUATED)
def test_several_segments_with_deletions_find_and_score_as_whoosh(
    updated_archive: SearchArchive, q: str
) -> None:
    index = Index(index_root(updated_archive.home))
    try:
        assert len(index.view().segments) == 4
        _same_as_whoosh(index, q, subwords=True)
    finally:
        index.close()


def _same_as_whoosh(index: Index, q: str, subwords: bool) -> None:
    view = index.view()
    searcher = view.searcher
    vocabulary = view.vocabulary if subwords else None
    query = parse_query(q, vocabulary, subwords=subwords).query
    executor = QueryExecutor(view.terms)
    matched = executor.match(query) & view.table.live
    assert set(np.flatnonzero(matched).tolist()) == set(query.docs(searcher))
    assert not executor.approximated
    docnums, scores = executor.top(query, matched, 100)
    expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    assert dict(zip(docnums.tolist(), scores.tolist(), strict=True)) == pytest.approx(expected)
    assert scores.tolist() == sorted(scores.tolist(), reverse=True)


def test_a_phrase_is_checked_only_where_it_decides(corpus_index: Index) -> None:
    # In "word OR phrase" the phrase matters only for the records without the word.
    view = corpus_index.view()
    searcher = view.searcher
    phrase = Phrase("content", ["ความร่วมมือ", "ชายแดน"])
    query = Or([Term("content", "ความร่วมมือ"), phrase])
    executor = QueryExecutor(view.terms)
    assert set(np.flatnonzero(executor.match(query)).tolist()) == set(query.docs(searcher))
    assert not executor._checked.get(phrase, np.zeros(1, dtype=bool)).any()
