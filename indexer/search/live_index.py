"""The live index generation as Whoosh sees it: read through mapped segment readers, and written
by commits that keep segments few and delete old files only once no reader can still want them.

Whoosh's ``clean_files`` deletes, at every commit, the previous table of contents and the files
of segments merged away. A reader that read the previous table of contents but had not opened
those files yet then fails (a search answered 500 under mixed load). Here a commit deletes such
a file only ``GRACE_SECONDS`` after a commit first found it unused; until then readers of the
older table of contents can still open it (a reader that has opened a file keeps it: segment
files are mapped).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex
from whoosh.reading import IndexReader
from whoosh.writing import MERGE_SMALL, SegmentWriter

from indexer.search.segment_readers import open_reader

INDEX_NAME = "MAIN"  # Whoosh's default index name, which every generation folder uses
GRACE_SECONDS = 120.0
UNUSED = ".unused.json"  # unused files and since when (Whoosh passes over names with a dot)
OPEN_RETRIES = 10  # a table of contents replaced while it was read: read the new one


class LiveIndex(FileIndex):
    """A generation folder's index: readers map its segments (``segment_readers``), writers
    are ``LiveWriter``."""

    def reader(self, reuse: IndexReader | None = None) -> IndexReader:
        """A reader of the current segments (``reuse`` is ignored: see ``Index.refresh``)."""
        for attempt in range(OPEN_RETRIES):
            try:
                info = self._read_toc()
                return open_reader(self.storage, info.schema, info.segments, info.generation)
            except OSError:
                if attempt == OPEN_RETRIES - 1:
                    raise
                time.sleep(0.05)
        raise AssertionError("unreachable")

    def writer(self, procs: int = 1, **kwargs):  # type: ignore[no-untyped-def]
        """A ``LiveWriter`` (Whoosh's multi-process writer for ``procs`` > 1)."""
        if procs > 1:
            return super().writer(procs=procs, **kwargs)
        return LiveWriter(self, **kwargs)


def open_generation(path: Path) -> LiveIndex:
    """The index in the generation folder ``path``."""
    return LiveIndex(FileStorage(str(path)), indexname=INDEX_NAME)


class LiveWriter(SegmentWriter):
    """A writer whose commits merge small segments (``MERGE_SMALL``), find the documents an
    update replaces through mapped readers, and delete unused files late (``clean_later``)."""

    def __init__(self, ix: FileIndex, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ix, **kwargs)
        self.mergetype = MERGE_SMALL

    def reader(self, reuse: IndexReader | None = None) -> IndexReader:
        """A reader of the segments as this writer sees them (with its deletions so far)."""
        self._check_state()
        return open_reader(self.storage, self.schema, self.segments, self.generation)

    def _commit_toc(self, segments) -> None:  # type: ignore[no-untyped-def]
        TOC(self.schema, segments, self.generation).write(self.storage, self.indexname)
        clean_later(self.storage, self.indexname, self.generation, segments)


def clean_later(storage: FileStorage, indexname: str, generation: int, segments: list) -> None:  # type: ignore[type-arg]
    """Delete what Whoosh's ``clean_files`` would (older tables of contents, files of segments
    no longer listed), each once ``GRACE_SECONDS`` have passed since a commit first found it
    unused. Runs under the index's write lock."""
    current = {segment.segment_id() for segment in segments}
    toc_name = TOC._pattern(indexname)
    segment_file = TOC._segment_pattern(indexname)
    unused = set()
    for name in storage.list():
        if name.startswith("."):
            continue
        toc = toc_name.match(name)
        if toc:
            if int(toc.group(1)) != generation:
                unused.add(name)
            continue
        part = segment_file.match(name)
        if part and part.group(1) not in current:
            unused.add(name)
    record = Path(storage.folder) / UNUSED
    try:
        since = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        since = {}
    now = time.time()
    kept = {}
    for name in sorted(unused):
        first = since.get(name, now) if isinstance(since, dict) else now
        if now - first >= GRACE_SECONDS:
            with contextlib.suppress(OSError):
                storage.delete_file(name)
        else:
            kept[name] = first
    partial = record.with_name(f"{UNUSED}.{os.getpid()}")
    with contextlib.suppress(OSError):
        partial.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(partial, record)
