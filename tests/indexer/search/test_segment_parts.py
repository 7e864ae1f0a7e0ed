"""What searches need of a segment (``indexer.search.segment_parts``), kept beside it: opening
the index reads no stored document, and a missing, damaged or outdated file is computed again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import indexer.search.segment_parts as parts_module
from archive.store.db import Database
from indexer.search.generations import Index, live_generation
from indexer.search.indexing import rebuild_index
from indexer.search.live_index import INDEX_NAME
from indexer.search.service import SearchRequest, index_root, search
from tests.conftest import SearchArchive

# Whoosh's clean_files deletes a file whose name matches this when its segment is gone.
SEGMENT_FILE = re.compile(rf"({INDEX_NAME}_[0-9a-z]+)[.][A-Za-z0-9_.]+")


def _parts(archive: SearchArchive) -> list[Path]:
    folder = live_generation(index_root(archive.home))
    assert folder is not None
    return sorted(folder.glob(f"*{parts_module.SUFFIX}"))


def _results(archive: SearchArchive) -> list[dict]:  # type: ignore[type-arg]
    index = Index(index_root(archive.home))
    try:
        return [search(index, SearchRequest(q=q)) for q in ("", "ความร่วมมือ", "ร่วมมือ")]
    finally:
        index.close()


def _not_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("stored documents read")

    monkeypatch.setattr(parts_module, "_read_facets", refuse)


def test_a_built_index_has_its_parts_beside_each_segment(
    updated_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _results(updated_archive)  # computes the parts of the updates' segments
    files = _parts(updated_archive)
    assert len(files) == 4
    for path in files:
        match = SEGMENT_FILE.match(path.name)
        assert match and (path.parent / f"{match.group(1)}.seg").exists()
    _not_computed(monkeypatch)
    assert _results(updated_archive) == expected


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other version", "other facets"])
def test_damaged_or_outdated_parts_are_computed_again(
    fresh_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    expected = _results(fresh_archive)
    (path,) = _parts(fresh_archive)
    if damage == "garbage":
        path.write_bytes(b"not a numpy file")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "other version":
        monkeypatch.setattr(parts_module, "PARTS_VERSION", parts_module.PARTS_VERSION + 1)
    else:
        arrays = parts_module._unpack(path.read_bytes())
        arrays["facet_names"] = parts_module._encoded(["country"])
        path.write_bytes(parts_module._pack(arrays))
    assert _results(fresh_archive) == expected
    _not_computed(monkeypatch)  # and kept again, readable
    assert _results(fresh_archive) == expected


def test_parts_that_cannot_be_kept_are_computed_each_time(
    fresh_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _results(fresh_archive)
    (path,) = _parts(fresh_archive)
    path.unlink()

    def read_only(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "write_bytes", read_only)
    assert _results(fresh_archive) == expected
    assert _parts(fresh_archive) == []
    assert not any(p.name.startswith(path.name) for p in path.parent.iterdir())  # no leftover


def test_a_rebuild_keeps_the_parts_before_it_is_switched_in(
    fresh_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _results(fresh_archive)
    database = Database(f"sqlite:///{fresh_archive.home / 'archive.sqlite3'}")
    try:
        rebuild_index(database, fresh_archive.home)
    finally:
        database.dispose()
    assert len(_parts(fresh_archive)) == 1  # of the new generation
    _not_computed(monkeypatch)
    assert _results(fresh_archive) == expected
