"""Term postings read straight from Whoosh's posting blocks and scored with numpy.

Whoosh scores a query by walking a matcher tree in Python, one call per document and per clause.
Here a term's postings (documents, BM25F scores, and where its positions are) are read block by
block once, scored with Whoosh's BM25F formula and statistics, and kept for the searches of one
index generation (``TermCache``). This module reads whoosh3's private block layout: we pin
whoosh-reloaded 2.7.5.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Characters, Positions
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

TERM_CACHE = 4096  # postings of recently used terms, per index generation
CACHE_BYTES = 96 * 2**20  # and at most about this much memory for them


@dataclass(eq=False)
class Postings:
    """The postings of one term over the whole index generation."""

    ids: np.ndarray  # global document numbers, ascending
    scores: np.ndarray  # BM25F of the term in each document, before query boosts
    # Where the encoded values (positions and characters) are, read only when a phrase or a
    # snippet needs them: the first posting of each block and where the block is (a row of
    # source, offset, length, compressed); a source is a postings file, or the values
    # themselves when the postings were not in blocks (offset -1). Arrays, not tuples, which
    # the garbage collector would walk.
    starts: np.ndarray
    places: np.ndarray
    sources: list  # type: ignore[type-arg]
    size: int = 0  # bytes held

    def find(self, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Indexes of ``docnums`` in ``ids`` and whether each document is there."""
        where = np.searchsorted(self.ids, docnums)
        inside = where < len(self.ids)
        present = np.zeros(len(docnums), dtype=bool)
        present[inside] = self.ids[where[inside]] == docnums[inside]
        return np.minimum(where, max(len(self.ids) - 1, 0)), present

    def block_values(self, number: int) -> tuple[bytes, ...]:
        """The encoded values of one block."""
        source, offset, length, compressed = self.places[number].tolist()
        if offset < 0:
            return self.sources[source]
        data = self.sources[source].get(offset, length)
        return pickle.loads(zlib.decompress(data) if compressed else data)[2]


class TermCache:
    """Postings (documents, BM25F scores, positions) of recently used terms and the field
    lengths of one index generation, kept across the searches of that generation (walking
    Whoosh's matchers instead took tens of milliseconds for a pair of common words)."""

    def __init__(self, searcher: Searcher, size: int) -> None:
        self.searcher = searcher
        self.size = size
        self.leaves = searcher.reader().leaf_readers()
        weighting = searcher.weighting
        self.weighting = weighting if isinstance(weighting, BM25F) else BM25F()
        self._postings: dict[tuple[str, str], Postings | None] = {}
        self._lengths: dict[str, np.ndarray] = {}
        self._held = 0
        self._lock = threading.Lock()

    def postings(self, fieldname: str, text: str) -> Postings | None:
        """The postings of a term, or None when the index does not have it."""
        key = (fieldname, text)
        with self._lock:
            if key in self._postings:
                found = self._postings.pop(key)
                self._postings[key] = found  # most recently used last
                return found
        found = self._read(fieldname, text)
        with self._lock:
            if key not in self._postings:
                self._postings[key] = found
                self._held += found.size if found else 0
            while len(self._postings) > TERM_CACHE or (
                self._held > CACHE_BYTES and len(self._postings) > 1
            ):
                old = self._postings.pop(next(iter(self._postings)))
                self._held -= old.size if old else 0
        return found

    def _read(self, fieldname: str, text: str) -> Postings | None:
        if fieldname not in self.searcher.schema:
            return None
        field = self.searcher.schema[fieldname]
        try:
            tbytes = field.to_bytes(text)
        except ValueError:
            return None
        chunks, weights, starts, places, sources, size, count = [], [], [], [], [], 0, 0
        for leaf, offset in self.leaves:
            if (fieldname, tbytes) in leaf:
                read = _read_postings(leaf.postings(fieldname, tbytes))
                chunks.append(read[0] + offset)
                weights.append(read[1])
                starts += [count + first for first in read[2]]
                places += [(len(sources), *place) for place in read[3]]
                sources.append(read[4])
                size += read[5]
                count += len(read[0])
        if not chunks:
            return None
        ids = np.concatenate(chunks)
        tf = np.concatenate(weights)
        if field.scorable:
            # whoosh.scoring.bm25, term by term, in the same order of operations
            model = self.weighting
            b, k1 = model._field_B.get(fieldname, model.B), model.K1
            idf = self.searcher.idf(fieldname, text)
            average = self.searcher.avg_field_length(fieldname) or 1
            length = self.lengths(fieldname)[ids]
            scores = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * length / average)))
        else:
            scores = tf
        return Postings(
            ids,
            scores,
            np.asarray(starts, dtype=np.int64),
            np.asarray(places, dtype=np.int64).reshape(-1, 4),
            sources,
            size,
        )

    def lengths(self, fieldname: str) -> np.ndarray:
        """The length of field ``fieldname`` in every document, as Whoosh's scorer sees it."""
        with self._lock:
            found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size, dtype=np.float64)
            for leaf, offset in self.leaves:
                lengths = _field_lengths(leaf, fieldname)
                found[offset : offset + len(lengths)] = lengths
            with self._lock:
                self._lengths[fieldname] = found
        return found


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


def _read_postings(matcher):  # type: ignore[no-untyped-def]
    """Document ids and weights of a leaf posting list, where its blocks start and what
    ``Postings.block_values`` reads them from, and the bytes held. whoosh3's block matcher is
    read block by block (its private block API: we pin whoosh-reloaded 2.7.5); others are
    walked."""
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
        found = np.asarray(deltas, dtype=np.int64)
        weight = np.asarray(weights, dtype=np.float64)
        return found, weight, [0], [(-1, 0, 0)], tuple(values), size
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
    size = 16 * len(found) + 40 * len(places)
    weight = np.asarray(weights, dtype=np.float64)
    return found, weight, starts.tolist(), places, matcher._postfile, size


def _field_lengths(leaf, fieldname: str) -> np.ndarray:  # type: ignore[no-untyped-def]
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
