"""The vocabulary of the index: the terms a part of a word is found through, and the
corrections offered when nothing matched ("did you mean").

Bodies have no sub-word field (see ``indexer.search.documents``): a query for part of a compound
becomes the indexed words that contain it, through their terms kept as one searchable string
per segment (``SegmentTerms``), combined for a view of the index (``Vocabulary``).
"""

from __future__ import annotations

import bisect

import numpy as np
from whoosh.query import Or, Query, Sequence, Term
from whoosh.searching import Searcher

from indexer.search.analysis import fold_token, words

# Word fields whose vocabulary answers substring queries, and how many expansions a substring
# may bring (the most frequent are kept): "without flooding results".
INFIX_FIELDS = ("content", "title", "text")
INFIX_BOOST = 0.12  # a sub-word match counts for much less than a word match
MAX_EXPANSIONS = 24
MAX_HOLDING = 100 * MAX_EXPANSIONS  # terms containing a piece looked at, the first in order
REMEMBERED = 4096  # pieces whose terms are remembered, per segment field and per view


class SegmentTerms:
    """The terms of one field of one segment, in order, kept as one newline-joined string
    searched with ``str.find``, with their document frequencies (deleted documents counted,
    as Whoosh counts them)."""

    def __init__(
        self, terms: list[str], frequencies: np.ndarray, joined: str | None = None
    ) -> None:
        self.terms = terms
        self.frequencies = np.asarray(frequencies, dtype=np.int64)
        self.joined = ("\n".join(terms) + "\n" if terms else "") if joined is None else joined
        # Where each term starts in ``joined``: after each newline but the last one.
        code_points = np.frombuffer(self.joined.encode("utf-32-le"), dtype=np.uint32)
        ends = np.flatnonzero(code_points == 10)
        self.starts: list[int] = [0, *(ends[:-1] + 1).tolist()] if terms else []
        self._found: dict[str, list[int]] = {}

    @classmethod
    def from_joined(cls, joined: str, frequencies: np.ndarray) -> SegmentTerms:
        """The terms kept as ``joined`` (as ``joined`` holds them)."""
        return cls(joined.split("\n")[:-1] if joined else [], frequencies, joined)

    def holding(self, piece: str) -> list[int]:
        """Indexes of the first ``MAX_HOLDING`` terms that contain ``piece`` (each once),
        remembered: scanning the vocabulary for a rare piece costs a millisecond."""
        found = self._found.get(piece)
        if found is not None:
            return found
        if len(self._found) >= REMEMBERED:
            self._found.clear()
        joined, starts, found = self.joined, self.starts, []
        position = joined.find(piece)
        while position != -1 and len(found) < MAX_HOLDING:
            index = bisect.bisect_right(starts, position) - 1
            found.append(index)
            following = starts[index + 1] if index + 1 < len(starts) else len(joined)
            position = joined.find(piece, following)
        self._found[piece] = found
        return found

    def prefixed(self, piece: str) -> range:
        """Indexes of the terms that start with ``piece``: a range of the sorted terms."""
        low = bisect.bisect_left(self.terms, piece)
        return range(low, bisect.bisect_left(self.terms, piece + "\U0010ffff", lo=low))


class Vocabulary:
    """The terms of the word fields of one view of the index, searchable by substring.

    A query for part of a compound ("ร่วมมือ" in "ความร่วมมือ") becomes the indexed words that
    contain it; a query spanning words ("ร่วมมือชายแด" in "ความร่วมมือ|ชายแดน") becomes a
    sequence: words ending with its first piece, its whole middle words, words starting with its
    last piece. Each segment's terms are searched and the findings combined (the frequencies of
    a term summed over segments), so that the most useful expansions are kept: the same terms
    as one vocabulary of the whole index would give."""

    def __init__(self, searcher: Searcher, segments: list[dict[str, SegmentTerms]]) -> None:
        self.searcher = searcher
        self.segments = segments
        self._found: dict[tuple[str, str], tuple[list[str], dict[str, int]]] = {}

    def _holding(self, name: str, piece: str) -> tuple[list[str], dict[str, int]]:
        """The first ``MAX_HOLDING`` terms (in order) that contain ``piece``, with their
        frequencies. Each segment's first ones hold the first ones of the whole: a term among
        them precedes a segment's last one found whenever that segment found as many."""
        key = (name, piece)
        found = self._found.get(key)
        if found is not None:
            return found
        if len(self._found) >= REMEMBERED:
            self._found.clear()
        frequencies: dict[str, int] = {}
        for segment in self.segments:
            terms = segment.get(name)
            if terms is not None:
                _count(frequencies, terms, terms.holding(piece))
        found = self._found[key] = (sorted(frequencies)[:MAX_HOLDING], frequencies)
        return found

    def containing(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that contain ``piece`` inside them (not equal to it)."""
        terms, frequencies = self._holding(name, piece)
        return _most_frequent([t for t in terms if t != piece], frequencies)

    def ending_with(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that end with ``piece`` (itself included)."""
        terms, frequencies = self._holding(name, piece)
        return _most_frequent([t for t in terms if t.endswith(piece)], frequencies)

    def starting_with(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that start with ``piece`` (itself included)."""
        frequencies: dict[str, int] = {}
        for segment in self.segments:
            terms = segment.get(name)
            if terms is not None:
                _count(frequencies, terms, terms.prefixed(piece))
        return _most_frequent(sorted(frequencies), frequencies)


def _count(frequencies: dict[str, int], terms: SegmentTerms, indexes: list[int] | range) -> None:
    words, counts = terms.terms, terms.frequencies
    for index in indexes:
        term = words[index]
        frequencies[term] = frequencies.get(term, 0) + int(counts[index])


def _most_frequent(terms: list[str], frequencies: dict[str, int]) -> list[str]:
    """The ``MAX_EXPANSIONS`` most frequent of these terms (in order), most frequent first."""
    if len(terms) > 1:
        counts = np.asarray([frequencies[t] for t in terms], dtype=np.int64)
        order = np.argsort(-counts, kind="stable")[:MAX_EXPANSIONS]
        return [terms[i] for i in order.tolist()]
    return terms


def infix_clauses(
    terms: list[str], vocabulary: Vocabulary | None, *, gate: bool = True
) -> list[Query]:
    """Sub-word matches of a typed word through the vocabulary (boosted below word matches).

    With ``gate``, not for a word common as a whole word: a one-word query for it already has
    plenty of exact matches, and the compounds containing it would flood the results."""
    if vocabulary is None or not terms or len("".join(terms)) < 2:
        return []
    searcher = vocabulary.searcher
    common = max(50, searcher.doc_count() // 20)
    if gate and len(terms) == 1 and searcher.doc_frequency("content", terms[0]) >= common:
        return []
    clauses: list[Query] = []
    for name in INFIX_FIELDS:
        if len(terms) == 1:
            found = vocabulary.containing(name, terms[0])
            if found:
                clauses.append(Or([Term(name, t) for t in found], boost=INFIX_BOOST))
            continue
        first = vocabulary.ending_with(name, terms[0])
        last = vocabulary.starting_with(name, terms[-1])
        if not first or not last:
            continue
        parts: list[Query] = [Or([Term(name, t) for t in first])]
        parts += [Term(name, t) for t in terms[1:-1]]
        parts.append(Or([Term(name, t) for t in last]))
        clauses.append(Sequence(parts, boost=INFIX_BOOST))
    return clauses


def suggest(searcher: Searcher, words_typed: list[str]) -> str | None:
    """A corrected query from the index's own vocabulary, or None. Each typed word is first
    corrected whole (Thai is typed without spaces: "ความร่วมมอ" -> "ความร่วมมือ"), then piece by
    piece; every correction is a term of the title or content field."""

    def known(term: str) -> bool:
        return any(searcher.doc_frequency(name, term) for name in ("title", "content"))

    def closest(term: str) -> str | None:
        for name in ("content", "title"):
            options = searcher.suggest(name, term, limit=1, maxdist=2, prefix=1)
            if options:
                return options[0]
        return None

    corrected, changed = [], False
    for word in words_typed:
        pieces = words(word)
        if all(known(p) for p in pieces):
            corrected.append(word)
            continue
        whole = closest(fold_token(word.replace(" ", "")))
        if whole:
            corrected.append(whole)
            changed = True
            continue
        fixed = [p if known(p) else (closest(p) or p) for p in pieces]
        changed = changed or fixed != pieces
        thai = all("\u0e00" <= p[:1] <= "\u0e7f" for p in fixed)
        corrected.append(("" if thai else " ").join(fixed))
    return " ".join(corrected) if changed else None
