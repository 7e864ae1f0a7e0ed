"""Keeping the search index in step with the database: ``archive ingest`` updates it record by
record, ``archive index`` rebuilds it aside and swaps it in atomically, and a reader never sees
a half-built or a broken index."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import indexer.search.generations as generations_module
from archive.store.db import Database
from indexer.ingest import ingest_paths
from indexer.search.generations import Index
from indexer.search.indexing import rebuild_index
from indexer.search.query import parse_query
from indexer.search.service import SearchRequest, index_root, search
from tests.conftest import ROOT, SearchArchive, cli_run, write_bma
from tests.indexer.search.conftest import commit, segment_count

NEW_TITLE = "การประชุมความร่วมมือด้านการส่งออกมังคุดและผลไม้เมืองร้อน"


@pytest.fixture
def database(fresh_archive: SearchArchive) -> Iterator[Database]:
    database = Database(f"sqlite:///{fresh_archive.home / 'archive.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture
def distinct_generations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generation names that differ even within one second, so that tests of other behaviour
    do not depend on the clock (see test_two_rebuilds_in_the_same_second)."""
    counter = itertools.count()

    class Clock:
        def __getattr__(self, name: str) -> Any:
            return getattr(time, name)

        @staticmethod
        def strftime(fmt: str, *args: Any) -> str:
            return f"{time.strftime(fmt, *args)}-{next(counter):03d}"

    monkeypatch.setattr(generations_module, "time", Clock(), raising=False)


@pytest.fixture
def index(fresh_archive: SearchArchive) -> Iterator[Index]:
    opened = Index(index_root(fresh_archive.home))
    yield opened
    opened.close()


def run(index: Index, q: str = "", **fields: Any) -> dict[str, Any]:
    fields.setdefault("per_page", 100)
    return search(index, SearchRequest(q=q, **fields))


def ids(index: Index, q: str = "", **fields: Any) -> list[int]:
    return [hit["id"] for hit in run(index, q, **fields)["hits"]]


def new_document(folder: Path, **fields: Any) -> Path:
    fields.setdefault("venue", "กรุงปารีส ประเทศฝรั่งเศส")
    fields.setdefault("dates", "10 – 12 มกราคม 2567")
    fields.setdefault("summary", "ที่ประชุมหารือการส่งออกมังคุดไปยังตลาดยุโรป")
    return write_bma(folder / "new.txt", fields.pop("title", NEW_TITLE), **fields)


def generations(home: Path) -> set[str]:
    return {p.name for p in index_root(home).glob("gen-*")}


def live_generation(home: Path) -> str:
    return (index_root(home) / "current").read_text(encoding="utf-8").strip()


def snapshot(index: Index) -> list[dict[str, Any]]:
    """What a user sees for a few searches (hits with scores and snippets, facets)."""
    queries = ["", "ความร่วมมือ", "Tokyo OR Seoul", "ญี่ปุ่น", "2561", '"Smart Cities"']
    return [run(index, q) for q in queries] + [run(index, "ร่วมมือ", sort="date", per_page=3)]


# --------------------------------------------------------------------------- incremental


def test_ingest_makes_a_new_document_searchable_at_once(
    fresh_archive: SearchArchive, index: Index, tmp_path: Path
) -> None:
    assert run(index, "มังคุด")["total"] == 0
    assert ids(index, "country:FR") == [fresh_archive.id_of("04")]

    result = cli_run(fresh_archive.home, "ingest", str(new_document(tmp_path)), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Search index: 1 records updated.\n"

    # The Index opened before the ingest sees the new document (no 'archive index').
    (new_id,) = ids(index, "มังคุด")
    assert new_id not in fresh_archive.ids
    found = run(index, "มังคุด")["hits"][0]
    assert (found["title"], found["date_start"]) == (NEW_TITLE, "2024-01-10")
    assert set(ids(index, "country:FR")) == {fresh_archive.id_of("04"), new_id}
    assert set(ids(index, "ฝรั่งเศส")) >= {new_id}
    facets = run(index)["facets"]
    assert dict(facets["year"])["2024"] == 1
    assert dict(facets["country"])["FR"] == 2
    assert run(index)["total"] == 15


def _ingest_then_change(home: Path, folder: Path, index: Index | None = None) -> None:
    path = new_document(folder)
    assert cli_run(home, "ingest", str(path), "--workers", "1").exit_code == 0
    if index is not None:  # a search between the two ingests
        assert run(index, "มังคุด")["total"] == 1
    new_document(
        folder,
        title="การประชุมความร่วมมือด้านการส่งออกลองกองและผลไม้เมืองร้อน",
        summary="ที่ประชุมหารือการส่งออกลองกองไปยังตลาดญี่ปุ่น",
        venue="กรุงโตเกียว ประเทศญี่ปุ่น",
        dates="3 – 4 มีนาคม 2568",
    )
    result = cli_run(home, "ingest", str(path), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ingested: 0 new, 1 updated, 0 unchanged, 0 failed\n"
    assert result.stderr == "Search index: 1 records updated.\n"


def _check_changed(index: Index, archive: SearchArchive) -> None:
    assert run(index, "มังคุด")["total"] == 0
    (record_id,) = ids(index, "ลองกอง")
    assert record_id not in archive.ids
    assert record_id not in ids(index, "country:FR")
    assert set(ids(index, "country:JP")) == {archive.id_of("01"), record_id}
    assert ids(index, "year:2568") == [record_id]
    assert run(index, "year:2567")["total"] == 0
    assert run(index)["total"] == 15  # replaced, not added
    assert dict(run(index)["facets"]["country"])["JP"] == 2


def test_a_changed_document_replaces_its_old_text(
    fresh_archive: SearchArchive, tmp_path: Path
) -> None:
    _ingest_then_change(fresh_archive.home, tmp_path)
    index = Index(index_root(fresh_archive.home))
    try:
        _check_changed(index, fresh_archive)
    finally:
        index.close()


def test_an_open_index_sees_a_changed_document(
    fresh_archive: SearchArchive, index: Index, tmp_path: Path
) -> None:
    _ingest_then_change(fresh_archive.home, tmp_path, index)
    _check_changed(index, fresh_archive)


def test_the_index_is_rebuilt_from_the_database_alone(
    fresh_archive: SearchArchive, index: Index
) -> None:
    before = snapshot(index)
    index.close()
    shutil.rmtree(index_root(fresh_archive.home))

    missing = cli_run(fresh_archive.home, "search", "Tokyo")
    assert missing.exit_code == 1 and "run 'archive index'" in missing.stderr

    result = cli_run(fresh_archive.home, "index")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Indexed 14 records.\n"
    assert len(generations(fresh_archive.home)) == 1
    assert snapshot(index) == before


def test_ingest_builds_a_missing_index(fresh_archive: SearchArchive, index: Index) -> None:
    before = snapshot(index)
    index.close()
    shutil.rmtree(index_root(fresh_archive.home))
    from tests.conftest import CORPUS

    result = cli_run(fresh_archive.home, "ingest", str(CORPUS), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ingested: 0 new, 0 updated, 14 unchanged, 0 failed\n"
    assert snapshot(index) == before


# --------------------------------------------------------------------------- atomic rebuild


def test_an_open_searcher_survives_a_rebuild(
    fresh_archive: SearchArchive,
    database: Database,
    index: Index,
    tmp_path: Path,
    distinct_generations: None,
) -> None:
    searcher, table = index.searcher()
    old = live_generation(fresh_archive.home)
    tokyo = parse_query("Tokyo").query
    mangosteen = parse_query("มังคุด").query

    # A new record in the database only; then the rebuild that indexes it.
    assert len(ingest_paths(database, [new_document(tmp_path)], workers=1).changed) == 1
    assert rebuild_index(database, fresh_archive.home) == 15
    assert live_generation(fresh_archive.home) != old
    assert old in generations(fresh_archive.home)  # kept for the readers still on it

    # The searcher opened before still answers, from the old generation.
    assert [hit["id"] for hit in searcher.search(tokyo)] == [str(fresh_archive.id_of("01"))]
    assert list(searcher.search(mangosteen)) == []
    assert searcher.doc_count() == table.size == 14

    # A new search sees the new generation.
    assert run(index, "มังคุด")["total"] == 1
    assert run(index)["total"] == 15
    other = Index(index_root(fresh_archive.home))
    try:
        assert run(other, "มังคุด")["total"] == 1
    finally:
        other.close()


def test_a_search_during_a_rebuild_sees_the_complete_old_index(
    fresh_archive: SearchArchive,
    database: Database,
    index: Index,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    distinct_generations: None,
) -> None:
    ingest_paths(database, [new_document(tmp_path)], workers=1)
    seen: list[tuple[int, int]] = []
    real = generations_module.index_document

    def indexing(record):  # type: ignore[no-untyped-def]
        document = real(record)
        reader = Index(index_root(fresh_archive.home))  # a reader arriving mid-build
        try:
            seen.append((run(reader)["total"], run(reader, "มังคุด")["total"]))
        finally:
            reader.close()
        return document

    monkeypatch.setattr(generations_module, "index_document", indexing)
    assert rebuild_index(database, fresh_archive.home) == 15
    assert seen == [(14, 0)] * 15
    assert (run(index)["total"], run(index, "มังคุด")["total"]) == (15, 1)


@pytest.mark.parametrize("after", [0, 5, 13])
def test_a_failed_rebuild_leaves_the_live_index_untouched(
    fresh_archive: SearchArchive,
    database: Database,
    index: Index,
    monkeypatch: pytest.MonkeyPatch,
    distinct_generations: None,
    after: int,
) -> None:
    before = snapshot(index)
    live, folders = live_generation(fresh_archive.home), generations(fresh_archive.home)
    real = generations_module.index_document
    done = itertools.count()

    def failing(record):  # type: ignore[no-untyped-def]
        if next(done) == after:
            raise OSError("No space left on device")
        return real(record)

    monkeypatch.setattr(generations_module, "index_document", failing)
    with pytest.raises(OSError, match="No space left on device"):
        rebuild_index(database, fresh_archive.home)

    assert live_generation(fresh_archive.home) == live
    assert generations(fresh_archive.home) == folders  # no stray generation folder
    kept = index_root(fresh_archive.home).iterdir()  # the appliers' lock file is hidden
    assert sorted(p.name for p in kept if not p.name.startswith(".")) == sorted(
        [*folders, "current"]
    )
    assert snapshot(index) == before  # the Index opened before
    fresh = Index(index_root(fresh_archive.home))
    try:
        assert snapshot(fresh) == before  # and one opened after
    finally:
        fresh.close()

    monkeypatch.setattr(generations_module, "index_document", real)
    assert rebuild_index(database, fresh_archive.home) == 14  # and the next rebuild works
    assert snapshot(index) == before


def test_old_generations_are_removed_by_the_next_rebuilds(
    fresh_archive: SearchArchive, database: Database, distinct_generations: None
) -> None:
    first = live_generation(fresh_archive.home)
    rebuild_index(database, fresh_archive.home)
    second = live_generation(fresh_archive.home)
    assert generations(fresh_archive.home) == {first, second}
    rebuild_index(database, fresh_archive.home)
    third = live_generation(fresh_archive.home)
    assert len({first, second, third}) == 3
    assert generations(fresh_archive.home) == {second, third}


def test_two_rebuilds_in_the_same_second(
    fresh_archive: SearchArchive,
    database: Database,
    index: Index,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class FrozenClock:
        def __getattr__(self, name: str) -> Any:
            return getattr(time, name)

        @staticmethod
        def strftime(fmt: str, *args: Any) -> str:
            return time.strftime(fmt, time.gmtime(1_700_000_000))

    before = snapshot(index)
    monkeypatch.setattr(generations_module, "time", FrozenClock(), raising=False)
    assert rebuild_index(database, fresh_archive.home) == 14
    assert rebuild_index(database, fresh_archive.home) == 14
    assert snapshot(index) == before


def test_a_searcher_in_use_is_not_closed_by_another_search(
    fresh_archive: SearchArchive,
    database: Database,
    index: Index,
    distinct_generations: None,
) -> None:
    searcher, _ = index.searcher()  # thread A starts a search
    rebuild_index(database, fresh_archive.home)
    assert run(index, "Tokyo")["total"] == 1  # thread B searches after the rebuild
    hits = searcher.search(parse_query("Tokyo").query)  # thread A goes on
    assert [json.loads(hit["summary"])["title"][:13] for hit in hits] == ["การศึกษาดูงาน"]


# --------------------------------------------------------------------------- views


SEEN = [
    "",
    "ความร่วมมือ",
    "ร่วมมือ",  # sub-words through the vocabulary
    "ความร่วมมอ",  # a typo: a suggestion
    '"Smart Cities"',
    "Tokyo OR Seoul",
    "ญี่ปุ่น -โตเกียว",
    "country:JP",
    "2561",
]


def seen(index: Index) -> list[dict[str, Any]]:
    """What a user sees for many searches: hits with scores and snippets, facet counts,
    suggestions, notices; by relevance and by date."""
    return [run(index, q) for q in SEEN] + [run(index, q, sort="date") for q in SEEN[:3]]


def test_a_view_built_after_small_commits_equals_a_freshly_opened_one(
    updated_archive: SearchArchive,
) -> None:
    root = index_root(updated_archive.home)
    ids = sorted(updated_archive.ids)
    following = Index(root)  # opened before the commits below, and kept open across them
    seen(following)
    first = following.view()
    commit(updated_archive.home, [ids[3]], deleted=[ids[7]])  # a fifth segment
    assert following.refresh()
    later = following.view()
    # The segments this commit added nothing to are the very parts of the first view.
    kept = {id(parts) for parts in first.segments} & {id(parts) for parts in later.segments}
    assert len(kept) == 4 and len(later.segments) == 5
    assert later.table.live.sum() == len(ids) - 2 and not later.table.live.all()
    _same_as_opened_afresh(following, root)
    commit(updated_archive.home, [ids[1], ids[7]])  # merges the small segments away
    assert following.refresh()
    _same_as_opened_afresh(following, root)
    following.close()


def _hits(index: Index) -> list[tuple[int, list[int]]]:
    return [(r["total"], sorted(h["id"] for h in r["hits"])) for r in seen(index)]


def test_a_change_lands_unmerged_and_merge_small_merges_after(
    updated_archive: SearchArchive,
) -> None:
    """The follower's commits merge nothing (a change is searchable at once); merging comes in
    a commit of its own, where Whoosh's policy would have merged, and only then."""
    home = updated_archive.home
    root = index_root(home)
    ids = sorted(updated_archive.ids)
    commit(home, [ids[3]], deleted=[ids[7]], merge=False)
    assert segment_count(home) == 5  # a merging commit would have left 1 (see above)
    following = Index(root)
    try:
        before = _hits(following)
        assert ids[7] not in {i for _, hits in before for i in hits}
        assert generations_module.merge_small(root)
        assert segment_count(home) == 1
        assert following.refresh()
        assert _hits(following) == before
        toc = generations_module.open_index(root)._read_toc().generation
        assert not generations_module.merge_small(root)  # nothing left to merge: no commit
        assert generations_module.open_index(root)._read_toc().generation == toc
        assert not following.refresh()
    finally:
        following.close()


def _same_as_opened_afresh(following: Index, root: Path) -> None:
    fresh = Index(root)
    for parts in root.glob("gen-*/*.parts"):  # and one whose parts are computed again
        parts.unlink()
    recomputed = Index(root)
    try:
        assert seen(following) == seen(fresh) == seen(recomputed)
    finally:
        fresh.close()
        recomputed.close()


def test_refresh_builds_the_next_view_only_after_a_commit(updated_archive: SearchArchive) -> None:
    index = Index(index_root(updated_archive.home), check=False)
    try:
        view = index.view()
        assert not index.refresh()
        commit(updated_archive.home, deleted=[sorted(updated_archive.ids)[0]])
        assert index.view() is view  # without check, searches keep the view they have
        assert run(index)["total"] == len(updated_archive.ids) - 1
        assert index.refresh()
        assert run(index)["total"] == len(updated_archive.ids) - 2
        assert not index.refresh()
    finally:
        index.close()


def test_a_search_never_waits_for_the_next_view(
    updated_archive: SearchArchive, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = run(index)["total"]
    building, release = threading.Event(), threading.Event()
    real = generations_module.assemble

    def slow(*args: Any) -> Any:
        building.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(generations_module, "assemble", slow)
    commit(updated_archive.home, deleted=[sorted(updated_archive.ids)[0]])
    refresher = threading.Thread(target=index.refresh)
    refresher.start()
    try:
        assert building.wait(10)
        started = time.monotonic()
        assert run(index)["total"] == total  # the previous view, at once
        assert time.monotonic() - started < 5
    finally:
        release.set()
        refresher.join()
    assert run(index)["total"] == total - 1


def test_a_replaced_view_is_closed_once_nobody_uses_it(
    updated_archive: SearchArchive, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generations_module, "RETIRE_SECONDS", 0.0)
    ids = sorted(updated_archive.ids)
    with index.view() as old:  # a search under way
        commit(updated_archive.home, [ids[2]])
        assert index.refresh()
        commit(updated_archive.home, [ids[3]])
        assert index.refresh()  # the old view is idle long enough, but in use
        assert [hit["id"] for hit in old.searcher.search(parse_query("Tokyo").query)]
    commit(updated_archive.home, [ids[4]])
    assert index.refresh()
    assert old.searcher.ixreader.is_closed
    assert run(index, "Tokyo")["total"] == 1


def test_searches_during_commits_from_another_process(
    updated_archive: SearchArchive, tmp_path: Path
) -> None:
    # Another process commits small updates (merging segments away) while threads search
    # through one open index and through indexes opened for each search: no search fails, and
    # each sees a whole index.
    home = updated_archive.home
    ids = sorted(updated_archive.ids)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(ROOT), str(home), json.dumps(ids), "60"],
        cwd=ROOT,
    )
    shared = Index(index_root(home))
    errors: list[BaseException] = []
    totals: set[int] = set()

    def searching(opened_each_time: bool) -> None:
        while writer.poll() is None:
            index = Index(index_root(home)) if opened_each_time else shared
            try:
                run(index, "ความร่วมมือ OR Tokyo", per_page=5)
                totals.add(run(index)["total"])
            except BaseException as error:
                errors.append(error)
                return
            finally:
                if opened_each_time:
                    index.close()

    threads = [threading.Thread(target=searching, args=(n % 2 == 0,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shared.close()
    assert writer.wait() == 0
    assert errors == []
    assert totals <= {len(ids) - 1, len(ids)}  # before and after the deleted one is written
    assert run_fresh(home)["total"] == len(ids)


WRITER = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from tests.indexer.search.conftest import commit
home, ids, rounds = Path(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
for n in range(rounds):
    commit(home, [ids[n % len(ids)]])
"""


def run_fresh(home: Path) -> dict[str, Any]:
    index = Index(index_root(home))
    try:
        return run(index)
    finally:
        index.close()
