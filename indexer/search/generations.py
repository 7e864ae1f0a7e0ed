"""Where the index lives: generations built aside and switched in atomically, documents updated
in the live one, and the live index opened for searching.

A folder holds one directory per generation and a file (``current``) naming the live one. A
rebuild writes a new generation while readers keep the one they opened; updates commit small
segments to the live one. ``Index`` serves searches a view of the live index and builds the
next view, reusing every unchanged segment's parts, when the index changes.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.searching import Searcher
from whoosh.util import fib
from whoosh.writing import MERGE_SMALL, NO_MERGE

from archive.store.shown import listed
from indexer.search.analysis import dictionary_name
from indexer.search.documents import index_document, make_schema
from indexer.search.facet_table import FacetTable
from indexer.search.index_view import View, assemble
from indexer.search.index_vocabulary import Vocabulary
from indexer.search.live_index import INDEX_NAME, OPEN_RETRIES, LiveIndex, open_generation
from indexer.search.postings import BoundedCache
from indexer.search.segment_parts import SegmentParts
from indexer.search.segment_readers import SegmentFiles
from indexer.search.whoosh_names import random_name  # noqa: F401  (applies it)

if TYPE_CHECKING:  # annotations only: a search runs without SQLAlchemy
    from archive.store.models import Record

log = logging.getLogger(__name__)

CURRENT = "current"  # the file naming the live index generation
RETIRE_SECONDS = 10.0  # a replaced view is closed once unused and replaced this long ago
# A folder modified this long ago: a later change gives it a later time (timestamps are coarse).
SETTLED_NS = 100_000_000


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


def open_index(root: Path) -> LiveIndex:
    """The live index; raises ``FileNotFoundError`` when none was built."""
    live = _live_dir(root)
    if live is None:
        raise FileNotFoundError(f"no search index in {root}: run 'archive index'")
    return open_generation(live)


def prepare(path: Path) -> None:
    """Compute and keep the parts of every segment of the generation in ``path`` that has none
    yet (``indexer.search.segment_parts``), so that the first view of it opens quickly."""
    storage = FileStorage(str(path))
    toc = TOC.read(storage, INDEX_NAME)
    postings = BoundedCache(entries=0)
    for segment in toc.segments:
        files = SegmentFiles(storage, toc.schema, segment)
        try:
            SegmentParts(files, path, postings).close()
        finally:
            files.close()


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
        """Add one record's document (none for a record not listed: withdrawn)."""
        if not listed(record):
            return
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
        try:
            prepare(self.path)
        except Exception:  # the parts are computed again by the first reader
            log.exception("segment parts of %s not prepared", self.path)
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
    root: Path,
    records: Iterable[Record],
    *,
    deleted: Iterable[int] = (),
    timeout: float = 30.0,
    merge: bool = True,
) -> int:
    """Replace (or add) the documents of ``records`` and delete ``deleted`` ids in the live
    index, in one commit of a small segment (small segments are merged as they pile up, and
    files merged away are deleted late: ``indexer.search.live_index``). One writer at a time:
    waits up to ``timeout`` seconds for the lock. Never an AsyncWriter: in a short-lived
    process it would drop documents when the process ends. Without ``merge`` the commit merges
    nothing, so that it lands at once: ``merge_small`` then does the merging."""
    ix = open_index(root)
    writer = ix.writer(timeout=timeout, codec=_codec())
    count = 0
    try:
        for record in records:
            if listed(record):
                writer.update_document(**index_document(record))
            else:  # withdrawn: out of search, kept in the database
                writer.delete_by_term("id", str(record.id))
            count += 1
        for record_id in deleted:
            writer.delete_by_term("id", str(record_id))
        writer.commit(mergetype=None if merge else NO_MERGE)
    except BaseException:
        writer.cancel()
        raise
    return count


def merge_small(root: Path, *, timeout: float = 0.0) -> bool:
    """Merge the live index's small segments in a commit of their own, where Whoosh's policy
    (``MERGE_SMALL``) would; whether it did. Merging a thousand documents takes seconds in
    Python: the index follower does it after a change has landed, not in the change's commit.
    ``LockError`` when another writer holds the index past ``timeout``."""
    ix = open_index(root)
    if not _has_merge_point(ix._read_toc().segments):
        return False
    writer = ix.writer(timeout=timeout, codec=_codec())
    try:
        writer.commit(mergetype=MERGE_SMALL)
    except BaseException:
        writer.cancel()
        raise
    return True


def _has_merge_point(segments: list) -> bool:  # type: ignore[type-arg]
    """Whether ``MERGE_SMALL`` would merge any of ``segments`` (its own test, read-only)."""
    total = 0
    for i, count in enumerate(sorted(segment.doc_count_all() for segment in segments)):
        total += count
        if i > 3 and total < fib(i + 5):
            return True
    return False


class Index:
    """The live index opened for searching: a current ``View`` (searcher, facet table,
    vocabulary and term cache of one commit) that searches use without waiting, replaced by a
    newer one when the index changes.

    A view is assembled from the parts of its segments (``indexer.search.segment_parts``),
    which are kept from view to view: after a commit only its new segments are read, and the
    deletions come from the commit's list of segments. So the next view after a small update
    costs milliseconds, and opening the index reads parts kept beside the segments.

    Keeping it current:

    - ``refresh()`` checks cheaply (the ``current`` file and the generation folder's listing)
      whether the index changed and, if so, builds the next view and swaps it in; whether it
      did. Whoever commits in this process calls it after each commit (the site's index
      follower); a periodic call sees other processes' commits.
    - ``view()`` returns the current view. With ``check`` (the default: the command line,
      tests, an index nobody refreshes) it first checks as ``refresh`` does and builds the
      next view when the index changed, so that a search sees every commit made before it;
      a thread that finds another one building keeps the current view meanwhile. Without
      ``check``, only the very first view is built by ``view()``: searches never wait.
    - A replaced view stays open while searches use it (``with index.view() as view:``) and is
      closed once unused and replaced ``RETIRE_SECONDS`` ago, by a later ``refresh`` or
      ``view``; ``close`` closes everything (the index may be opened again after it).
    """

    def __init__(self, root: Path, *, check: bool = True) -> None:
        self.root = root
        self.check = check
        self._view: View | None = None
        self._retired: list[View] = []
        self._segments: dict[tuple[Path, str], SegmentParts] = {}
        self._postings = BoundedCache()  # postings as stored, of every segment's terms
        self._building = threading.Lock()  # one view built at a time
        self._lock = threading.Lock()  # the current view, the retired ones, the segments

    def view(self) -> View:
        """The current view (see the class docstring for when it is brought up to date)."""
        current = self._view
        if current is not None and not self.check:
            return current
        if current is not None:
            live = _live_dir(self.root)
            if live is None:
                raise FileNotFoundError(f"no search index in {self.root}: run 'archive index'")
            if not self._changed(current, live):
                return current
            if not self._building.acquire(blocking=False):
                return current  # another thread is building the next one
        else:
            self._building.acquire()
        try:
            self._bring_up_to_date()
        finally:
            self._building.release()
        if self._view is None:
            raise FileNotFoundError(f"no search index in {self.root}: run 'archive index'")
        return self._view

    def refresh(self) -> bool:
        """Build and swap in the next view if the index changed; whether it did."""
        with self._building:
            return self._bring_up_to_date()

    def searcher(self) -> tuple[Searcher, FacetTable]:
        """The current view's searcher and facet table."""
        view = self.view()
        return view.searcher, view.table

    def vocabulary(self) -> Vocabulary:
        """The current view's vocabulary."""
        return self.view().vocabulary

    def close(self) -> None:
        """Close every view and segment opened here."""
        with self._building, self._lock:
            views = [*self._retired, *([self._view] if self._view else [])]
            segments = list(self._segments.values())
            self._view, self._retired, self._segments = None, [], {}
        for view in views:
            view.close()
        for parts in segments:
            parts.close()

    # --- building views ---

    def _changed(self, view: View, live: Path) -> bool:
        """Whether the live index is no longer the one ``view`` shows. The generation folder
        is listed only when it changed since a check found it settled (its modification
        time, which every commit moves, at least ``SETTLED_NS`` old)."""
        if live != view.folder:
            return True
        stamp = os.stat(live).st_mtime_ns
        if stamp == view.checked:
            return False
        if TOC._latest_generation(FileStorage(str(live)), INDEX_NAME) != view.generation:
            return True
        if time.time_ns() - stamp > SETTLED_NS:
            view.checked = stamp
        return False

    def _bring_up_to_date(self) -> bool:
        """Under ``_building``: the next view if the index changed; whether there was one."""
        self._close_idle()
        live = _live_dir(self.root)
        if live is None or (self._view is not None and not self._changed(self._view, live)):
            return False
        for attempt in range(OPEN_RETRIES):
            try:
                view = self._assemble(live)
                break
            except OSError:  # a commit replaced what was being read: read the new one
                if attempt == OPEN_RETRIES - 1:
                    raise
                time.sleep(0.05)
        with self._lock:
            if self._view is not None:
                self._view.retire()
                self._retired.append(self._view)
            self._view = view
        return True

    def _assemble(self, live: Path) -> View:
        storage = FileStorage(str(live))
        toc = TOC.read(storage, INDEX_NAME)
        segments = []
        for segment in toc.segments:
            key = (live, segment.segment_id())
            with self._lock:
                parts = self._segments.get(key)
            if parts is None:
                files = SegmentFiles(storage, toc.schema, segment)
                try:
                    parts = SegmentParts(files, live, self._postings)
                except BaseException:
                    files.close()
                    raise
                with self._lock:
                    self._segments[key] = parts
            segments.append((parts, segment))
        return assemble(live, toc.generation, toc.schema, segments)

    def _close_idle(self) -> None:
        """Close the replaced views nobody uses any more, and the segments no view has."""
        with self._lock:
            idle = [view for view in self._retired if view.idle_for(RETIRE_SECONDS)]
            self._retired = [view for view in self._retired if view not in idle]
            kept = [*self._retired, *([self._view] if self._view else [])]
            used = {id(parts) for view in kept for parts in view.segments}
            gone = [key for key, parts in self._segments.items() if id(parts) not in used]
            closing = [self._segments.pop(key) for key in gone]
        for view in idle:
            view.close()
        for parts in closing:
            parts.close()
