"""Fixtures of the search engine's tests: the corpus archive's index, opened; and a copy of it
changed by small commits (several segments, deleted documents)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from archive.store.db import Database
from archive.store.lookups import load_records
from indexer.search import generations
from indexer.search.generations import Index
from indexer.search.service import index_root
from tests.conftest import SearchArchive


@pytest.fixture
def corpus_index(corpus_archive: SearchArchive) -> Iterator[Index]:
    """The search index of ``corpus_archive``, opened for the test (read-only)."""
    index = Index(index_root(corpus_archive.home))
    yield index
    index.close()


def commit(
    home: Path, ids: Iterable[int] = (), *, deleted: Iterable[int] = (), merge: bool = True
) -> None:
    """One index commit: the documents of records ``ids`` written again, ``deleted`` removed."""
    database = Database(f"sqlite:///{home / 'archive.sqlite3'}", migrate=False)
    try:
        with database.session() as session:
            records = load_records(session, list(ids))
            generations.update(index_root(home), records, deleted=deleted, merge=merge)
    finally:
        database.dispose()


def segment_count(home: Path) -> int:
    """How many segments the live index has."""
    return len(generations.open_index(index_root(home))._read_toc().segments)


@pytest.fixture
def updated_archive(fresh_archive: SearchArchive) -> SearchArchive:
    """``fresh_archive`` after three small commits: four segments, some documents replaced (so
    deleted in older segments) and one record's document deleted."""
    ids = sorted(fresh_archive.ids)
    commit(fresh_archive.home, ids[:2])
    commit(fresh_archive.home, [ids[5]], deleted=[ids[9]])
    commit(fresh_archive.home, [ids[0], ids[12]])
    assert segment_count(fresh_archive.home) == 4
    return fresh_archive
