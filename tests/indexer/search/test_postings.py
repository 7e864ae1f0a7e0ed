"""Postings read from Whoosh's blocks (``indexer.search.postings``): the documents, weights,
BM25F scores, field lengths and encoded values Whoosh's own matchers give."""

from __future__ import annotations

import pytest

from indexer.search.executor import QueryExecutor
from indexer.search.generations import Index


@pytest.mark.parametrize("field", ["title", "content", "text", "title_sub", "f_country"])
def test_postings_read_from_blocks_are_whoosh_s(corpus_index: Index, field: str) -> None:
    # The ids and weights are cut out of each block's pickle without its values (see
    # ``indexer.search.postings._head``); the values are read again when positions are needed.
    searcher, table = corpus_index.searcher()
    executor = QueryExecutor(table.terms)
    reader, terms = searcher.reader(), 0
    for tbytes, _ in reader.iter_field(field):
        text = tbytes.decode("utf-8")
        postings = table.terms.postings(field, text)
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
            assert table.terms.lengths(field)[postings.ids].tolist() == lengths
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
