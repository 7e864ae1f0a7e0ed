"""Commits to the live index (``indexer.search.live_index``): small segments merged, and the
files of segments merged away kept until no reader can still be opening them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

import indexer.search.live_index as live_index_module
from indexer.search.generations import Index, live_generation
from indexer.search.live_index import INDEX_NAME, UNUSED
from indexer.search.segment_readers import SegmentFiles
from indexer.search.service import SearchRequest, index_root, search
from tests.conftest import SearchArchive
from tests.indexer.search.conftest import commit, segment_count


def _toc(folder: Path, generation: int | None = None) -> TOC:
    return TOC.read(FileStorage(str(folder)), INDEX_NAME, gen=generation)


def _merge(archive: SearchArchive) -> TOC:
    """Small commits until a commit merges segments away; the table of contents before it."""
    ids = sorted(archive.ids)
    folder = live_generation(index_root(archive.home))
    assert folder is not None
    for n in range(20):
        before = _toc(folder)
        commit(archive.home, [ids[n % len(ids)]])
        after = {s.segment_id() for s in _toc(folder).segments}
        if {s.segment_id() for s in before.segments} - after:
            return before
    raise AssertionError("no commit merged segments")


def test_small_commits_keep_few_segments(fresh_archive: SearchArchive) -> None:
    ids = sorted(fresh_archive.ids)
    counts = []
    for n in range(30):
        commit(fresh_archive.home, [ids[n % len(ids)]])
        counts.append(segment_count(fresh_archive.home))
    assert max(counts) <= 6
    assert counts[-1] < 30


def test_files_of_merged_segments_outlive_the_merge(fresh_archive: SearchArchive) -> None:
    folder = live_generation(index_root(fresh_archive.home))
    assert folder is not None
    before = _merge(fresh_archive)
    current = {s.segment_id() for s in _toc(folder).segments}
    gone = [s for s in before.segments if s.segment_id() not in current]
    assert gone
    # A reader that read the previous table of contents can still open every segment it lists.
    assert _toc(folder, before.generation).generation == before.generation
    for segment in before.segments:
        files = SegmentFiles(FileStorage(str(folder)), before.schema, segment)
        files.close()
    unused = json.loads((folder / UNUSED).read_text(encoding="utf-8"))
    assert {f"{s.segment_id()}.seg" for s in gone} <= set(unused)
    assert f"_{INDEX_NAME}_{before.generation}.toc" in unused


def test_unused_files_go_after_the_grace_period(
    fresh_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = live_generation(index_root(fresh_archive.home))
    assert folder is not None
    before = _merge(fresh_archive)
    current = {s.segment_id() for s in _toc(folder).segments}
    gone = {s.segment_id() for s in before.segments} - current
    monkeypatch.setattr(live_index_module, "GRACE_SECONDS", 0.0)
    commit(fresh_archive.home, [sorted(fresh_archive.ids)[0]])
    names = {path.name for path in folder.iterdir()}
    assert not any(name.startswith(tuple(gone)) for name in names)  # parts files too
    latest = _toc(folder).generation
    assert sorted(n for n in names if n.endswith(".toc")) == [f"_{INDEX_NAME}_{latest}.toc"]
    assert json.loads((folder / UNUSED).read_text(encoding="utf-8")) == {}
    index = Index(index_root(fresh_archive.home))
    try:
        assert search(index, SearchRequest())["total"] == len(fresh_archive.ids)
    finally:
        index.close()
