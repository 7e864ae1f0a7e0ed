"""The vocabulary of a view (``indexer.search.index_vocabulary``), combined from each segment's
terms: the expansions one vocabulary of the whole index gives."""

from __future__ import annotations

import bisect

import numpy as np
import pytest

import indexer.search.index_vocabulary as vocabulary_module
from indexer.search.generations import Index
from indexer.search.index_vocabulary import INFIX_FIELDS
from indexer.search.service import index_root
from tests.conftest import SearchArchive


class WholeVocabulary:
    """The vocabulary of the whole index as one sorted list (Whoosh merges the segments' terms
    and sums their document frequencies), searched term by term."""

    def __init__(self, reader, name: str) -> None:  # type: ignore[no-untyped-def]
        pairs = [(t.decode("utf-8"), i.doc_frequency()) for t, i in reader.iter_field(name) if t]
        self.terms = [term for term, _ in pairs]
        self.frequencies = np.asarray([count for _, count in pairs])

    def _most_frequent(self, indexes: list[int]) -> list[str]:
        if len(indexes) > 1:
            chosen = np.asarray(indexes)
            order = np.argsort(-self.frequencies[chosen], kind="stable")
            indexes = chosen[order[: vocabulary_module.MAX_EXPANSIONS]].tolist()
        return [self.terms[i] for i in indexes]

    def _holding(self, piece: str) -> list[int]:
        found = [i for i, term in enumerate(self.terms) if piece in term]
        return found[: vocabulary_module.MAX_HOLDING]

    def containing(self, piece: str) -> list[str]:
        return self._most_frequent([i for i in self._holding(piece) if self.terms[i] != piece])

    def ending_with(self, piece: str) -> list[str]:
        found = [i for i in self._holding(piece) if self.terms[i].endswith(piece)]
        return self._most_frequent(found)

    def starting_with(self, piece: str) -> list[str]:
        low = bisect.bisect_left(self.terms, piece)
        high = bisect.bisect_left(self.terms, piece + "\U0010ffff", lo=low)
        return self._most_frequent(list(range(low, high)))


@pytest.mark.parametrize("holding", [None, 3])
def test_segments_combined_give_the_whole_vocabulary(
    updated_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch, holding: int | None
) -> None:
    if holding is not None:  # few terms looked at: the first ones of each segment
        monkeypatch.setattr(vocabulary_module, "MAX_HOLDING", holding)
        monkeypatch.setattr(vocabulary_module, "MAX_EXPANSIONS", 2)
    index = Index(index_root(updated_archive.home))
    try:
        view = index.view()
        assert len(view.segments) == 4
        for name in INFIX_FIELDS:
            whole = WholeVocabulary(view.searcher.reader(), name)
            pieces = {"ร่วม", "การ", "ความ", "มือ", "ก", "a", "on", "zz"}
            for term in whole.terms[::7]:
                pieces |= {term, term[:2], term[1:4], term[-3:]}
            for piece in sorted(pieces - {""}):
                vocabulary = view.vocabulary
                assert vocabulary.containing(name, piece) == whole.containing(piece), piece
                assert vocabulary.ending_with(name, piece) == whole.ending_with(piece), piece
                assert vocabulary.starting_with(name, piece) == whole.starting_with(piece), piece
    finally:
        index.close()
