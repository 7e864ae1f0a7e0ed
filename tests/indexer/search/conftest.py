"""Fixtures of the search engine's tests: the corpus archive's index, opened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from indexer.search.generations import Index
from indexer.search.service import index_root
from tests.conftest import SearchArchive


@pytest.fixture
def corpus_index(corpus_archive: SearchArchive) -> Iterator[Index]:
    """The search index of ``corpus_archive``, opened for the test (read-only)."""
    index = Index(index_root(corpus_archive.home))
    yield index
    index.close()
