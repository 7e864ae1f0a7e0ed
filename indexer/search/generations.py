"""Where the index lives: generations built aside and switched in atomically, documents updated
in the live one, and the live index opened for searching.

A folder holds one directory per generation and a file (``current``) naming the live one. A
rebuild writes a new generation while readers keep the one they opened; ``Index`` reopens its
searcher, facet table and vocabulary when the live generation changes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.searching import Searcher

from archive.store.models import Record
from indexer.search.analysis import dictionary_name
from indexer.search.documents import index_document, make_schema
from indexer.search.facet_table import FacetTable
from indexer.search.index_vocabulary import Vocabulary

CURRENT = "current"  # the file naming the live index generation


def _live_dir(root: Path) -> Path | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = root / name
    return path if path.is_dir() else None


def _point_to(root: Path, generation: str) -> None:
    tmp = root / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(generation, encoding="utf-8")
    os.replace(tmp, root / CURRENT)  # atomic: a reader sees the old or the new generation


class _Codec(W3Codec):
    """Whoosh 3 files without per-block field-length statistics: collecting them read a
    document's field length back for every posting (a tenth of the build). They only bound
    scores for Whoosh's block skipping, which stays correct with the loose bound (length 0);
    scores use the lengths stored per document."""

    length_stats = False


def _codec() -> W3Codec:
    """Posting blocks stored uncompressed: reading a common word's postings for facet counts
    spent half its time in zlib; the index grows by about a third."""
    return _Codec(compression=0)


def live_generation(root: Path) -> Path | None:
    """The folder of the live generation under ``root``, or None."""
    return _live_dir(root)


def exists(root: Path) -> bool:
    """Whether a live index exists under ``root``."""
    return _live_dir(root) is not None


def open_index(root: Path) -> whoosh_index.Index:
    """The live index; raises ``FileNotFoundError`` when none was built."""
    live = _live_dir(root)
    if live is None:
        raise FileNotFoundError(f"no search index in {root}: run 'archive index'")
    return whoosh_index.open_dir(str(live))


# Postings a writer process holds in memory (Whoosh's estimate) before it spills a sorted run to
# disk. Spilling pickles every posting out and back: at 256 MB a writer of half of the 27,305
# shared articles spent 40 % more time per document, and a writer that spilled near the end
# finished 20 s after the other one. Half of the shared articles stay under 2048.
POOL_MB = 2048
# While a generation is built, the cyclic garbage collector runs rarely, in this process and in
# the processes it forks (they inherit the thresholds): the build keeps millions of objects alive
# (posting pools, rows read back), and every full collection went over them, a tenth of the time.
_BUILD_GC = (100_000, 50, 100)
_gc_lock = threading.Lock()
_gc_saved: list[tuple[int, int, int]] = []  # thresholds to restore when no build is running
_gc_builds = 0


def _hold_gc() -> None:
    global _gc_builds
    with _gc_lock:
        if _gc_builds == 0:
            _gc_saved[:] = [gc.get_threshold()]
            gc.set_threshold(*_BUILD_GC)
        _gc_builds += 1


def _release_gc() -> None:
    global _gc_builds
    with _gc_lock:
        _gc_builds -= 1
        if _gc_builds == 0:
            gc.set_threshold(*_gc_saved[0])


class Generation:
    """A new index generation built aside from the live one; ``commit`` switches to it.

    With ``procs`` > 1 (0: one per core), documents are analysed and written by that many writer
    processes (Whoosh's multi-process writer), each producing its own segment: the caller only
    turns records into documents. Readers keep the generation they opened; the previous
    generation is kept until the next commit so that no open reader loses its files."""

    def __init__(self, root: Path, *, procs: int = 1) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{os.urandom(3).hex()}"
        self.path = root / self.name
        self.path.mkdir()
        self.count = 0
        procs = procs or os.cpu_count() or 1
        if procs > 1:
            dictionary_name()  # loaded once here, not in each writer process forked below
        try:
            ix = whoosh_index.create_in(str(self.path), make_schema())
            self.writer = (
                ix.writer(procs=procs, limitmb=POOL_MB, multisegment=True, codec=_codec())
                if procs > 1
                else ix.writer(limitmb=POOL_MB, codec=_codec())
            )
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise
        self._building = True
        _hold_gc()

    def _done(self) -> None:
        if self._building:
            self._building = False
            _release_gc()

    def add(self, record: Record) -> None:
        """Add one record's document."""
        self.writer.add_document(**index_document(record))
        self.count += 1

    def commit(self) -> int:
        """Write the generation and make it the live one; returns its number of documents."""
        try:
            self.writer.commit()
        except BaseException:
            self.cancel()
            raise
        self._done()
        previous = _live_dir(self.root)
        _point_to(self.root, self.name)
        for old in self.root.glob("gen-*"):
            if old != self.path and old != previous:
                shutil.rmtree(old, ignore_errors=True)
        return self.count

    def cancel(self) -> None:
        """Abandon the generation: stop its writer processes and remove its folder."""
        with contextlib.suppress(Exception):  # a writer that failed to commit is closed
            self.writer.cancel()
        # Whoosh's cancel only flags the parent's copies of its writer processes.
        for task in getattr(self.writer, "tasks", []):
            if task.is_alive():
                task.terminate()
            task.join()
        shutil.rmtree(self.path, ignore_errors=True)
        self._done()


def rebuild(
    root: Path,
    records: Iterable[Record],
    *,
    procs: int = 1,
    progress: Callable[[], None] | None = None,
) -> int:
    """Build a new generation aside from the live one, then switch to it atomically."""
    generation = Generation(root, procs=procs)
    try:
        for record in records:
            generation.add(record)
            if progress:
                progress()
    except BaseException:
        generation.cancel()
        raise
    return generation.commit()


def update(
    root: Path, records: Iterable[Record], *, deleted: Iterable[int] = (), timeout: float = 30.0
) -> int:
    """Replace (or add) the documents of ``records`` and delete ``deleted`` ids in the live
    index. One writer at a time: waits up to ``timeout`` seconds for the lock. Never an
    AsyncWriter: in a short-lived process it would drop documents when the process ends."""
    ix = open_index(root)
    writer = ix.writer(timeout=timeout, codec=_codec())
    count = 0
    try:
        for record in records:
            writer.update_document(**index_document(record))
            count += 1
        for record_id in deleted:
            writer.delete_by_term("id", str(record_id))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count


class Index:
    """A live index opened for searching, with its facet table; reopened when it changes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._ix: whoosh_index.Index | None = None
        self._dir: Path | None = None
        self._searcher: Searcher | None = None
        self._facets: FacetTable | None = None
        self._vocabulary: Vocabulary | None = None
        self._retired: list[Searcher] = []

    def vocabulary(self) -> Vocabulary:
        """The vocabulary of the current searcher (loaded once per index generation)."""
        searcher, _ = self.searcher()
        with self._lock:
            if self._vocabulary is None or self._vocabulary.searcher is not searcher:
                self._vocabulary = Vocabulary(searcher)
            return self._vocabulary

    def searcher(self) -> tuple[Searcher, FacetTable]:
        """A current searcher and facet table, reopened after updates or a rebuild.

        A changed index gets a new searcher, not ``Searcher.refresh()``: refresh reuses segment
        readers with their old deletions, so a replaced document would show twice. The
        previous searcher is left open for requests still using it and closed on the next
        change (or by ``close``)."""
        with self._lock:
            live = _live_dir(self.root)
            if live is None:
                raise FileNotFoundError(f"no search index in {self.root}: run 'archive index'")
            if live != self._dir or self._searcher is None or not self._searcher.up_to_date():
                if live != self._dir or self._ix is None:
                    self._ix = whoosh_index.open_dir(str(live))
                    self._dir = live
                for old in self._retired:
                    old.close()
                self._retired = [self._searcher] if self._searcher is not None else []
                self._searcher = self._ix.searcher()
                self._facets = FacetTable.load(self._searcher)
            assert self._facets is not None
            return self._searcher, self._facets

    def close(self) -> None:
        """Close every searcher opened here."""
        for searcher in [*self._retired, self._searcher]:
            if searcher is not None:
                searcher.close()
        self._retired = []
        self._searcher = self._facets = self._ix = self._vocabulary = None
        self._dir = None
