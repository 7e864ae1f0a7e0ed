"""One view of the live index: the searcher, facet table, vocabulary and term cache of one commit,
assembled from the parts of its segments (``indexer.search.segment_parts``), which the views of
later commits share.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.codec.base import Segment
from whoosh.fields import Schema
from whoosh.reading import EmptyReader
from whoosh.searching import Searcher

from indexer.search.facet_table import FacetTable
from indexer.search.index_vocabulary import Vocabulary
from indexer.search.postings import Leaf, TermCache
from indexer.search.segment_parts import SegmentParts
from indexer.search.segment_readers import combined


@dataclass(eq=False)
class View:
    """What the searches of one commit of the live index read, from any number of threads.
    ``with view:`` marks a use, so that a replaced view is not closed under it."""

    folder: Path  # the generation folder
    generation: int  # the commit (Whoosh's table of contents) it shows
    searcher: Searcher
    table: FacetTable
    vocabulary: Vocabulary
    terms: TermCache
    segments: list[SegmentParts]
    retired: float | None = None  # when a newer view replaced it (time.monotonic)
    checked: int | None = None  # the folder's modification time when last found current
    users: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __enter__(self) -> View:
        with self._lock:
            self.users += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.users -= 1

    def retire(self) -> None:
        """A newer view replaced this one: keep no more postings for it."""
        self.retired = time.monotonic()
        self.terms.forget()

    def idle_for(self, seconds: float) -> bool:
        """Whether it was replaced at least ``seconds`` ago and nobody is using it."""
        with self._lock:
            return (
                self.users == 0
                and self.retired is not None
                and time.monotonic() - self.retired >= seconds
            )

    def close(self) -> None:
        """Close its searcher (the segments' files stay open for other views)."""
        self.searcher.close()


def assemble(
    folder: Path, generation: int, schema: Schema, segments: list[tuple[SegmentParts, Segment]]
) -> View:
    """The view of a commit listing these segments (parts, and the segment with its deletions
    as of the commit)."""
    readers = [parts.files.reader(segment, generation) for parts, segment in segments]
    searcher = Searcher(combined(readers, generation) if readers else EmptyReader(schema))
    size = sum(parts.count for parts, _ in segments)
    live = np.ones(size, dtype=bool)
    leaves, offset = [], 0
    for parts, segment in segments:
        mask = None
        deleted = list(segment.deleted_docs())
        if deleted:
            mask = np.ones(parts.count, dtype=bool)
            mask[deleted] = False
            live[offset : offset + parts.count] = mask
        leaves.append(Leaf(parts, offset, mask))
        offset += parts.count
    return View(
        folder=folder,
        generation=generation,
        searcher=searcher,
        table=FacetTable.assemble([parts.facets for parts, _ in segments], live),
        vocabulary=Vocabulary(searcher, [parts.terms for parts, _ in segments]),
        terms=TermCache(searcher, leaves, size),
        segments=[parts for parts, _ in segments],
    )
