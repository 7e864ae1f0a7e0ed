"""Term postings read straight from Whoosh's posting blocks and scored with numpy.

Whoosh scores a query by walking a matcher tree in Python, one call per document and per clause.
Here a term's postings are read block by block once per segment (``SegmentPostings``: documents,
weights, and where their positions are), kept while the segment lives, and scored for each view
of the index with Whoosh's BM25F formula and that view's statistics (``TermCache``). This module
reads whoosh3's private block layout: we pin whoosh-reloaded 2.7.5.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from math import log
from operator import itemgetter
from typing import Any, Protocol

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Characters, Positions
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

TERM_CACHE = 4096  # postings of recently used terms, per view and per index
CACHE_BYTES = 96 * 2**20  # and at most about this much memory for them
BLOCK_CACHE = 8192  # posting blocks' values (positions) recently read, for every search ...
BLOCK_BYTES = 32 * 2**20  # ... and at most about this much memory for them


class BoundedCache:
    """Recently used entries, at most ``entries`` of them and about ``limit`` bytes, for
    several threads."""

    def __init__(self, entries: int = TERM_CACHE, limit: int = CACHE_BYTES) -> None:
        self.entries, self.limit = entries, limit
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[Any, bool]:
        """(value, True) when ``key`` is kept, else (None, False)."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None, False
            self._items.move_to_end(key)
            return found[0], True

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (of about ``size`` bytes), dropping the least recently used."""
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._held += size
            while len(self._items) > self.entries or (
                self._held > self.limit and len(self._items) > 1
            ):
                self._held -= self._items.popitem(last=False)[1][1]

    def drop(self, which: Callable[[Any], bool]) -> None:
        """Forget the entries whose key ``which`` accepts."""
        with self._lock:
            for key in [k for k in self._items if which(k)]:
                self._held -= self._items.pop(key)[1]


@dataclass(eq=False)
class SegmentPostings:
    """The postings of one term in one segment, as stored: deleted documents included."""

    ids: np.ndarray  # document numbers in the segment, ascending
    weights: np.ndarray  # the term's weight (frequency) in each
    # Where the encoded values (positions and characters) are, read only when a phrase or a
    # snippet needs them: the first posting of each block, and where the block is (offset,
    # length, compressed) in ``source``, a postings file; or, when the postings were not in
    # blocks, one pseudo-block (offset -1) whose values are ``source`` itself.
    starts: np.ndarray
    places: np.ndarray
    source: Any
    size: int  # bytes held
    doc_frequency: int  # as the segment's term information counts it (deleted ones included)


@dataclass(eq=False)
class Postings:
    """The postings of one term over the live documents of one view of the index."""

    ids: np.ndarray  # document numbers in the view, ascending
    scores: np.ndarray  # BM25F of the term in each document, before query boosts
    # Where the encoded values are (see ``SegmentPostings``): the first posting of each block,
    # counted over the stored postings of every segment; where each block is (offset, length,
    # compressed); and its source, an index in ``sources``. Arrays, not tuples, which the
    # garbage collector would walk.
    starts: np.ndarray
    places: np.ndarray
    blocks: np.ndarray
    sources: list  # type: ignore[type-arg]
    size: int = 0  # bytes held
    # The stored posting of each posting here, when deleted documents were left out.
    rows: np.ndarray | None = None

    def find(self, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Indexes of ``docnums`` in ``ids`` and whether each document is there."""
        where = np.searchsorted(self.ids, docnums)
        inside = where < len(self.ids)
        present = np.zeros(len(docnums), dtype=bool)
        present[inside] = self.ids[where[inside]] == docnums[inside]
        return np.minimum(where, max(len(self.ids) - 1, 0)), present

    def stored(self, indexes: Iterable[int]) -> np.ndarray:
        """The stored postings (counted as ``starts`` counts them) of postings at indexes."""
        chosen = np.asarray(list(indexes), dtype=np.int64)
        return chosen if self.rows is None else self.rows[chosen]

    def block_values(self, number: int) -> tuple[bytes, ...]:
        """The encoded values of one block (kept for later searches: a common word's blocks
        are read by search after search, to check phrases and mark snippets)."""
        offset, length, compressed = self.places[number].tolist()
        source = self.sources[int(self.blocks[number])]
        if offset < 0:
            return source  # type: ignore[no-any-return]
        key = (id(source), offset)
        found, hit = _BLOCKS.get(key)
        if hit and found[0] is source:  # the entry holds its source: the id is not reused
            return found[1]  # type: ignore[no-any-return]
        data = source.get(offset, length)
        if compressed:
            data = zlib.decompress(data)
        values = pickle.loads(data)[2]
        _BLOCKS.put(key, (source, values), len(data) + 48 * len(values))
        return values  # type: ignore[no-any-return]


_BLOCKS = BoundedCache(BLOCK_CACHE, BLOCK_BYTES)  # (id of a postings file, offset) -> values


def forget_blocks(source: object) -> None:
    """Drop the kept block values read from ``source``, a postings file being closed."""
    _BLOCKS.drop(lambda key: key[0] == id(source))


class Segment(Protocol):
    """What a term cache reads of a segment (``indexer.search.segment_parts.SegmentParts``)."""

    def postings(self, fieldname: str, tbytes: bytes) -> SegmentPostings | None: ...

    def lengths(self, fieldname: str) -> np.ndarray: ...


@dataclass
class Leaf:
    """A segment in a view: where its documents start, and which are live (None: all)."""

    segment: Segment
    offset: int
    live: np.ndarray | None


class TermCache:
    """Postings (documents, BM25F scores, positions) of recently used terms in one view of the
    index, kept across its searches (walking Whoosh's matchers instead took tens of
    milliseconds for a pair of common words). Scores use the view's statistics; the postings
    as stored come from the segments, which keep them from view to view."""

    def __init__(self, searcher: Searcher, leaves: list[Leaf], size: int) -> None:
        self.searcher = searcher
        self.size = size
        self.leaves = leaves
        weighting = searcher.weighting
        self.weighting = weighting if isinstance(weighting, BM25F) else BM25F()
        self._postings = BoundedCache()
        self._lengths: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def postings(self, fieldname: str, text: str) -> Postings | None:
        """The postings of a term, or None when the index does not have it."""
        key = (fieldname, text)
        found, hit = self._postings.get(key)
        if not hit:
            found = self._read(fieldname, text)
            self._postings.put(key, found, found.size if found else 0)
        return found

    def forget(self) -> None:
        """Stop keeping postings (a view replaced by a newer one: searches still under way on
        it read them again)."""
        self._postings = BoundedCache(entries=0)

    def _read(self, fieldname: str, text: str) -> Postings | None:
        if fieldname not in self.searcher.schema:
            return None
        field = self.searcher.schema[fieldname]
        try:
            tbytes = field.to_bytes(text)
        except ValueError:
            return None
        read = []  # (segment's postings, which are live (None: all), where they go)
        for leaf in self.leaves:
            found = leaf.segment.postings(fieldname, tbytes)
            if found is not None:
                keep = None if leaf.live is None else leaf.live[found.ids]
                read.append((leaf, found, None if keep is None or keep.all() else keep))
        if not read:
            return None
        ids, weights, lengths = [], [], []
        for leaf, found, keep in read:
            local = found.ids if keep is None else found.ids[keep]
            ids.append(local + leaf.offset)
            weights.append(found.weights if keep is None else found.weights[keep])
            if field.scorable:
                lengths.append(leaf.segment.lengths(fieldname)[local])
        tf = _joined(weights)
        if field.scorable:
            # whoosh.scoring.bm25, term by term, in the same order of operations
            model = self.weighting
            b, k1 = model._field_B.get(fieldname, model.B), model.K1
            # WeightingModel.idf, with the document frequency summed over the segments
            frequency = sum(found.doc_frequency for _, found, _ in read)
            idf = log(self.searcher.doc_count_all() / (frequency + 1)) + 1
            average = self.searcher.avg_field_length(fieldname) or 1
            length = _joined(lengths)
            scores = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * length / average)))
        else:
            scores = tf
        counts = [len(found.ids) for _, found, _ in read]
        bases = np.cumsum([0, *counts[:-1]]).tolist()
        rows = None
        if any(keep is not None for _, _, keep in read):
            rows = _joined(
                [
                    (np.arange(count) if keep is None else np.flatnonzero(keep)) + base
                    for (_, _, keep), count, base in zip(read, counts, bases, strict=True)
                ]
            )
        return Postings(
            _joined(ids),
            scores,
            _joined([found.starts + base for (_, found, _), base in zip(read, bases, strict=True)]),
            _joined([found.places for _, found, _ in read]),
            np.repeat(np.arange(len(read)), [len(found.places) for _, found, _ in read]),
            [found.source for _, found, _ in read],
            sum(found.size for _, found, _ in read) + 16 * len(tf),
            rows,
        )

    def lengths(self, fieldname: str) -> np.ndarray:
        """The length of field ``fieldname`` in every document, as Whoosh's scorer sees it."""
        with self._lock:
            found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size, dtype=np.float64)
            for leaf in self.leaves:
                lengths = leaf.segment.lengths(fieldname)
                found[leaf.offset : leaf.offset + len(lengths)] = lengths
            with self._lock:
                self._lengths[fieldname] = found
        return found


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _head(data: bytes, count: int) -> bytes | None:
    """The ids and weights of a whoosh3 posting block's pickle, ``(ids, weights, values)``,
    as a pickle of their own: unpickling the values (a ``codecs.encode`` call per posting)
    costs ten times the rest. The ids tuple is memo 0, so it ends at the first ``t q 0``
    (``TUPLE`` then ``BINPUT 0``; small ints cannot be followed by ``q``); the weights are
    None, one float, or a tuple of ``count`` 9-byte floats (memo 1)."""
    if count > 3:
        end = data.find(b"tq\x00", 3) + 3
    else:
        end = data.find(bytes((0x84 + count,)) + b"q\x00", 2) + 3
    if end < 3:
        return None
    kind = data[end : end + 1]
    if kind == b"N":
        end += 1
    elif kind == b"(":
        end += 1 + 9 * count + 3
    elif kind == b"G":
        tupled = 1 < count <= 3 and data[end + 9 : end + 10] in (b"G", b"\x86", b"\x87")
        end += 9 * count + 3 if tupled else 9
    else:
        return None
    return data[:end] + b"\x86."


def read_postings(matcher, doc_frequency: int) -> SegmentPostings:  # type: ignore[no-untyped-def]
    """The postings of a segment's matcher (not filtered for deletions). whoosh3's block
    matcher is read block by block (its private block API: we pin whoosh-reloaded 2.7.5);
    others are walked."""
    deltas: list[int] = []
    counts: list[int] = []
    weights: list[float] = []
    if not isinstance(matcher, W3LeafMatcher):
        values = []
        while matcher.is_active():
            deltas.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        size = 16 * len(deltas) + sum(len(v or b"") for v in values)
        return SegmentPostings(
            np.asarray(deltas, dtype=np.int64),
            np.asarray(weights, dtype=np.float64),
            np.zeros(1, dtype=np.int64),
            np.asarray([(-1, 0, 0)], dtype=np.int64),
            tuple(values),
            size,
            doc_frequency,
        )
    places: list[tuple[int, int, int]] = []
    while True:
        offset, length = matcher._dataoffset, matcher._nextoffset - matcher._dataoffset
        compressed = int(bool(matcher._compression))
        data = matcher._postfile.get(offset, length)
        if compressed:
            data = zlib.decompress(data)
        count = matcher._blocklength
        head = _head(data, count)
        try:
            ids, weight = pickle.loads(head) if head else ((), None)
        except Exception:  # not the layout expected: the whole block is unpickled below
            ids, weight = (), None
        if len(ids) != count or (isinstance(weight, tuple) and len(weight) != count):
            ids, weight, _ = pickle.loads(data)
        places.append((offset, length, compressed))
        deltas.extend(ids)
        counts.append(count)
        if weight is None:
            weights.extend([1.0] * count)
        elif isinstance(weight, float):
            weights.extend([weight] * count)
        else:
            weights.extend(weight)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    found = np.asarray(deltas, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    if not matcher._byteids:  # each block's ids are deltas from the block's start
        sums = np.cumsum(found)
        found = sums - np.repeat(sums[starts] - found[starts], counts)
    return SegmentPostings(
        found,
        np.asarray(weights, dtype=np.float64),
        starts.astype(np.int64),
        np.asarray(places, dtype=np.int64).reshape(-1, 3),
        matcher._postfile,
        16 * len(found) + 40 * len(places),
        doc_frequency,
    )


def field_lengths(leaf, fieldname: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Field lengths of a segment's documents, decoded like ``doc_field_length`` (a byte per
    document in whoosh3's lengths column, read at once; other readers document by document)."""
    count = leaf.doc_count_all()
    try:
        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        codes = np.zeros(count, dtype=np.uint8)
        if column is not None:
            stored = min(column._count, count)
            raw = column._dbfile.get(column._basepos, stored)
            codes[:stored] = np.frombuffer(raw, dtype=np.uint8)
        table = np.asarray([byte_to_length(b) for b in range(256)], dtype=np.float64)
        return table[codes]
    except AttributeError:
        return np.asarray(
            [leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(count)], dtype=np.float64
        )


def decoded_positions(form, values: list[bytes]) -> list[Iterable[int]]:  # type: ignore[no-untyped-def]
    """The positions in each encoded posting value of a field with format ``form``. Whoosh's
    ``Positions`` and ``Characters`` values are each a pickled list of deltas behind a 4-byte
    count: all of them are unpickled in one call, as one list."""
    kind = Characters if isinstance(form, Characters) else Positions
    same = isinstance(form, kind) and all(
        getattr(type(form), name) is getattr(kind, name) for name in ("encode", "decode_positions")
    )
    if not same or not values:
        return [form.decode_positions(v) for v in values]
    body = b"".join(v[4:-1] if v.endswith(b".") else v[4:] for v in values)
    lists = pickle.loads(b"(" + body + b"l.")
    if kind is Positions:
        return [accumulate(deltas) for deltas in lists]
    first = itemgetter(0)
    return [accumulate(map(first, codes)) for codes in lists]
