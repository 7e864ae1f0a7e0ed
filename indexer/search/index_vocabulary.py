"""The vocabulary of one index generation: the terms a part of a word is found through, and the
corrections offered when nothing matched ("did you mean").

Bodies have no sub-word field (see ``indexer.search.documents``): a query for part of a compound
becomes the indexed words that contain it, through their terms kept as one searchable string.
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


class Vocabulary:
    """The terms of the word fields of one index generation, searchable by substring.

    A query for part of a compound ("ร่วมมือ" in "ความร่วมมือ") becomes the indexed words that
    contain it; a query spanning words ("ร่วมมือชายแด" in "ความร่วมมือ|ชายแดน") becomes a
    sequence: words ending with its first piece, its whole middle words, words starting with its
    last piece. The terms are kept as one newline-joined string searched with ``str.find``, and
    their document frequencies in an array, so that the most useful expansions are kept."""

    def __init__(self, searcher: Searcher, fields: tuple[str, ...] = INFIX_FIELDS) -> None:
        self.searcher = searcher
        self.by_field: dict[str, tuple[str, list[int], list[str], np.ndarray]] = {}
        self._found: dict[tuple[str, str], list[int]] = {}
        reader = searcher.reader()
        for name in fields:
            terms: list[str] = []
            frequencies: list[int] = []
            for tbytes, info in reader.iter_field(name):
                if tbytes:
                    terms.append(tbytes.decode("utf-8"))
                    frequencies.append(info.doc_frequency())
            starts, offset = [], 0
            for term in terms:
                starts.append(offset)
                offset += len(term) + 1
            self.by_field[name] = (
                "\n".join(terms) + "\n",
                starts,
                terms,
                np.asarray(frequencies, dtype=np.int64),
            )

    def _holding(self, name: str, piece: str) -> list[int]:
        """Indexes of the terms that contain ``piece`` (each once), at most a few thousand
        (remembered: scanning the vocabulary for a rare piece costs a millisecond)."""
        key = (name, piece)
        found = self._found.get(key)
        if found is not None:
            return found
        if len(self._found) >= 4096:
            self._found.clear()
        joined, starts, _, _ = self.by_field[name]
        found = self._found[key] = []
        position = joined.find(piece)
        while position != -1 and len(found) < 100 * MAX_EXPANSIONS:
            index = bisect.bisect_right(starts, position) - 1
            found.append(index)
            following = starts[index + 1] if index + 1 < len(starts) else len(joined)
            position = joined.find(piece, following)
        return found

    def _most_frequent(self, name: str, indexes: list[int]) -> list[str]:
        """The ``MAX_EXPANSIONS`` most frequent of these terms, most frequent first."""
        _, _, terms, frequencies = self.by_field[name]
        if len(indexes) > 1:
            chosen = np.asarray(indexes)
            order = np.argsort(-frequencies[chosen], kind="stable")[:MAX_EXPANSIONS]
            indexes = chosen[order].tolist()
        return [terms[i] for i in indexes]

    def containing(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that contain ``piece`` inside them (not equal to it)."""
        terms = self.by_field[name][2]
        found = [i for i in self._holding(name, piece) if terms[i] != piece]
        return self._most_frequent(name, found)

    def ending_with(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that end with ``piece`` (itself included)."""
        terms = self.by_field[name][2]
        found = [i for i in self._holding(name, piece) if terms[i].endswith(piece)]
        return self._most_frequent(name, found)

    def starting_with(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that start with ``piece`` (itself included): a range of the
        sorted vocabulary."""
        terms = self.by_field[name][2]
        low = bisect.bisect_left(terms, piece)
        high = bisect.bisect_left(terms, piece + "\U0010ffff", lo=low)
        return self._most_frequent(name, list(range(low, high)))


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
