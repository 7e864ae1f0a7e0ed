"""Postings read from Whoosh's blocks (``indexer.search.postings``): the documents, weights,
BM25F scores, field lengths and encoded values Whoosh's own matchers give."""

from __future__ import annotations

import pytest

from indexer.search.executor import QueryExecutor
from indexer.search.generations import Index
from indexer.search.service import index_root
from tests.conftest import SearchArchive

FIELDS = ["title", "content", "text", "title_sub", "f_country"]


@pytest.mark.parametrize("field", FIELDS)
def test_postings_read_from_blocks_are_whoosh_s(corpus_index: Index, field: str) -> None:
    # The ids and weights are cut out of each block's pickle without its values (see
    # ``indexer.search.postings._head``); the values are read again when positions are needed.
    _same_as_whoosh(corpus_index, field)


@pytest.mark.parametrize("field", FIELDS)
def test_postings_of_several_segments_leave_deleted_documents_out(
    updated_archive: SearchArchive, field: str
) -> None:
    # Segments keep the postings of documents deleted since: a view leaves them out, and
    # scores with the statistics of the whole index, as Whoosh does.
    index = Index(index_root(updated_archive.home))
    try:
        assert len(index.view().segments) == 4
        _same_as_whoosh(index, field)
    finally:
        index.close()


def _same_as_whoosh(index: Index, field: str) -> None:
    view = index.view()
    searcher, terms_cache = view.searcher, view.terms
    executor = QueryExecutor(terms_cache)
    reader, terms = searcher.reader(), 0
    for tbytes, _ in reader.iter_field(field):
        text = tbytes.decode("utf-8")
        postings = terms_cache.postings(field, text)
        assert postings is not None
        ids, weights, values = [], [], []
        matcher = searcher.postings(field, text)
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        assert postings.ids.tolist() == ids
        if field != "f_country":  # scored by weight, not BM25F
            lengths = [searcher.doc_field_length(d, field) for d in ids]
            assert terms_cache.lengths(field)[postings.ids].tolist() == lengths
        scorer = searcher.weighting.scorer(searcher, field, text)
        matcher = searcher.postings(field, text, weighting=searcher.weighting)
        expected = []
        while matcher.is_active():
            expected.append(scorer.score(matcher))
            matcher.next()
        assert postings.scores.tolist() == pytest.approx(expected)
        if field != "f_country":
            assert executor.values(postings, list(range(len(ids)))) == values
        terms += 1
    assert terms > 5
