"""A search's queries executed over the whole index with numpy: which documents match and the
best of them by BM25F, with Whoosh's own scores (Whoosh walks its matchers only for query
types this module does not know).
"""

from __future__ import annotations

import numpy as np
from whoosh import query as q
from whoosh.query import Every, Query

from indexer.search.postings import Postings, TermCache, decoded_positions

POSITIONAL_LIMIT = 2000
SEQUENCE_LIMIT = 300  # sub-word sequences: checked on at most this many documents


class QueryExecutor:
    """The queries of one search, executed over the whole index with numpy: which documents
    match (``match``) and the best of them by BM25F (``top``), with Whoosh's scores.

    Positions (phrases, sub-word sequences) are checked document by document, so only where
    they decide something: a phrase is checked only on documents no other clause already
    settles, and when ranking, only on the documents that could reach the page. Above
    ``POSITIONAL_LIMIT`` documents to check, a phrase counts as all its words (``approximated``);
    a sub-word sequence with more than ``SEQUENCE_LIMIT`` candidates, which only adds records
    matching parts of words, is dropped."""

    def __init__(self, terms: TermCache) -> None:
        self.terms = terms
        self.size = terms.size
        self.approximated = False
        self._masks: dict[Query, np.ndarray] = {}
        self._scores: dict[Query, tuple[np.ndarray, np.ndarray]] = {}
        self._positional: dict[Query, bool] = {}
        self._checked: dict[Query, np.ndarray] = {}  # documents whose positions were read
        self._found: dict[Query, np.ndarray] = {}  # ... and where they matched
        self._blocks: dict[tuple[Postings, int], tuple[bytes, ...]] = {}  # values read
        self._cands: dict[Query, np.ndarray] = {}

    def values(self, postings: Postings, indexes: list[int]) -> list[bytes]:
        """The encoded values (positions, characters) of the postings at these indexes."""
        stored = postings.stored(indexes)
        numbers = (np.searchsorted(postings.starts, stored, side="right") - 1).tolist()
        starts = postings.starts.tolist()
        found = []
        for index, number in zip(stored.tolist(), numbers, strict=True):
            key = (postings, number)
            block = self._blocks.get(key)
            if block is None:
                block = self._blocks[key] = postings.block_values(number)
            found.append(block[index - starts[number]])
        return found

    # --- which documents match ---

    def match(self, query: Query, need: np.ndarray | None = None) -> np.ndarray:
        """Boolean mask of the documents matching ``query``; exact on the documents in ``need``
        (all when None), elsewhere possibly not (positions left unchecked)."""
        if not self._has_positions(query):
            return self._plain_match(query)
        if isinstance(query, (q.Phrase, q.Sequence)):
            return self._positional_match(query, need)
        if isinstance(query, q.Or):
            mask = np.zeros(self.size, dtype=bool)
            later = []
            for child in query.subqueries:
                if self._has_positions(child):
                    later.append(child)
                else:
                    mask |= self._plain_match(child)
            for child in later:
                mask |= self.match(child, _without(need, mask))
            return mask
        if isinstance(query, q.And):
            mask = np.ones(self.size, dtype=bool)
            later = []
            for child in query.subqueries:
                if self._has_positions(child):
                    later.append(child)
                else:
                    mask &= self._plain_match(child)
            for child in later:
                mask &= self.match(child, _within(need, mask))
            return mask
        if isinstance(query, q.Not):
            return ~self.match(query.query, need)
        if isinstance(query, q.AndNot):
            mask = self.match(query.a, need)
            return mask & ~self.match(query.b, _within(need, mask))
        if isinstance(query, q.AndMaybe):
            return self.match(query.a, need)
        return self._whoosh(query, np.ones(self.size, dtype=bool))[0]

    def _plain_match(self, query: Query) -> np.ndarray:
        """``match`` for a query without positional parts (memoised for the search)."""
        found = self._masks.get(query)
        if found is not None:
            return found
        if isinstance(query, Every):
            mask = np.ones(self.size, dtype=bool)
        elif query is q.NullQuery:
            mask = np.zeros(self.size, dtype=bool)
        elif isinstance(query, q.Term):
            mask = np.zeros(self.size, dtype=bool)
            postings = self.terms.postings(query.fieldname, query.text)
            if postings is not None:
                mask[postings.ids] = True
        elif isinstance(query, q.Or):
            mask = np.zeros(self.size, dtype=bool)
            for child in query.subqueries:
                mask |= self._plain_match(child)
        elif isinstance(query, q.And):
            mask = np.ones(self.size, dtype=bool)
            for child in query.subqueries:
                mask &= self._plain_match(child)
        elif isinstance(query, q.Not):
            mask = ~self._plain_match(query.query)
        elif isinstance(query, q.AndNot):
            mask = self._plain_match(query.a) & ~self._plain_match(query.b)
        elif isinstance(query, q.AndMaybe):
            mask = self._plain_match(query.a)
        elif isinstance(query, q.Prefix):
            mask = np.zeros(self.size, dtype=bool)
            reader = self.terms.searcher.reader()
            for text in reader.expand_prefix(query.fieldname, query.text):
                word = text.decode("utf-8") if isinstance(text, bytes) else text
                mask |= self._plain_match(q.Term(query.fieldname, word))
        else:
            mask = self._whoosh(query, np.ones(self.size, dtype=bool))[0]
        self._masks[query] = mask
        return mask

    def _has_positions(self, query: Query) -> bool:
        found = self._positional.get(query)
        if found is None:
            if isinstance(query, (q.Phrase, q.Sequence)):
                found = True
            elif isinstance(query, (q.Term, q.Prefix, Every)) or query is q.NullQuery:
                found = False
            else:
                found = any(self._has_positions(child) for child in query.children())
            self._positional[query] = found
        return found

    # --- positions ---

    def _parts(self, query: Query) -> list[list[tuple[str, str]]]:
        """The terms at each position of a phrase or sequence."""
        if isinstance(query, q.Phrase):
            return [[(query.fieldname, word)] for word in query.words]
        parts = []
        for child in query.subqueries:
            terms = [child] if isinstance(child, q.Term) else list(child.children())
            parts.append([(t.fieldname, t.text) for t in terms if isinstance(t, q.Term)])
        return parts

    def _candidates(self, query: Query) -> np.ndarray:
        """Documents holding a term of every position of a phrase or sequence. A sequence's
        expansions are added most frequent first, and once more than ``SEQUENCE_LIMIT``
        documents hold them (it will be dropped) the rest are not read."""
        found = self._cands.get(query)
        if found is not None:
            return found
        mask = np.ones(self.size, dtype=bool)
        parts = self._parts(query)
        for part in parts:
            if len(part) == 1 or isinstance(query, q.Phrase):
                mask &= self._plain_match(q.Or([q.Term(f, t) for f, t in part]))
        several = [part for part in parts if len(part) > 1 and isinstance(query, q.Sequence)]
        unions = [np.zeros(self.size, dtype=bool) for _ in several]
        for i in range(max((len(part) for part in several), default=0)):
            for union, part in zip(unions, several, strict=True):
                if i < len(part):
                    union |= self._plain_match(q.Term(*part[i]))
            found = np.logical_and.reduce([mask, *unions])
            if np.count_nonzero(found) > SEQUENCE_LIMIT:
                break
        found = np.logical_and.reduce([mask, *unions]) if several else mask
        self._cands[query] = found
        return found

    def _state(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        if query not in self._checked:
            self._checked[query] = np.zeros(self.size, dtype=bool)
            self._found[query] = np.zeros(self.size, dtype=bool)
        return self._checked[query], self._found[query]

    def _dropped(self, query: Query, candidates: np.ndarray) -> bool:
        return not isinstance(query, q.Phrase) and np.count_nonzero(candidates) > SEQUENCE_LIMIT

    def _positional_match(self, query: Query, need: np.ndarray | None) -> np.ndarray:
        candidates = self._candidates(query)
        if self._dropped(query, candidates):
            return np.zeros(self.size, dtype=bool)
        checked, found = self._state(query)
        todo = _within(need, candidates & ~checked)
        if np.count_nonzero(todo) > POSITIONAL_LIMIT:
            self.approximated = True
            return candidates & (found | ~checked)
        self._check(query, np.flatnonzero(todo))
        return candidates & found

    def _check(self, query: Query, docnums: np.ndarray) -> None:
        """Read the positions of a phrase's or sequence's terms in ``docnums`` (candidates):
        a document matches when some start ``p`` has the k-th part at ``p + k`` for every k."""
        checked, found = self._state(query)
        docnums = docnums[~checked[docnums]]
        if not len(docnums):
            return
        checked[docnums] = True
        schema = self.terms.searcher.schema
        starts: list[set[int]] = []  # per document: starts still possible
        for k, part in enumerate(self._parts(query)):
            shifted: list[set[int]] = [set() for _ in range(len(docnums))]
            for fieldname, text in part:
                postings = self.terms.postings(fieldname, text)
                if postings is None:
                    continue
                where, present = postings.find(docnums)
                rows = np.flatnonzero(present).tolist()
                values = self.values(postings, where[present].tolist())
                back = (-k).__add__
                for row, positions in zip(
                    rows, decoded_positions(schema[fieldname].format, values), strict=True
                ):
                    shifted[row].update(map(back, positions))
            starts = shifted if k == 0 else [a & b for a, b in zip(starts, shifted, strict=True)]
            keep = [i for i, possible in enumerate(starts) if possible]
            if len(keep) < len(docnums):
                docnums = docnums[keep]
                starts = [starts[i] for i in keep]
            if not len(docnums):
                return
        found[docnums] = True

    def _check_tree(self, query: Query, docnums: np.ndarray) -> None:
        """Check every phrase and sequence of ``query`` on these documents."""
        if not self._has_positions(query):
            return
        if isinstance(query, (q.Phrase, q.Sequence)):
            candidates = self._candidates(query)
            if not self._dropped(query, candidates):
                self._check(query, docnums[candidates[docnums]])
            return
        for child in query.children():
            self._check_tree(child, docnums)

    # --- scores ---

    def scored(self, query: Query, hopeful: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(matches, scores) of ``query`` over every document, Whoosh's BM25F scores summed as
        its matchers sum them. Unchecked positions count as matching when ``hopeful``."""
        positional = self._has_positions(query)
        if not positional and query in self._scores:
            return self._scores[query]
        if isinstance(query, q.Term):
            mask = self._plain_match(query)
            score = np.zeros(self.size, dtype=np.float64)
            self._add_term(score, query)
        elif isinstance(query, (q.Phrase, q.Sequence)):
            candidates = self._candidates(query)
            if self._dropped(query, candidates):
                mask = np.zeros(self.size, dtype=bool)
            else:
                checked, found = self._state(query)
                mask = candidates & (found | ~checked) if hopeful else candidates & found
            score = np.zeros(self.size, dtype=np.float64)
            for part in self._parts(query):
                for fieldname, text in part:
                    self._add_term(score, q.Term(fieldname, text))
            if query.boost != 1.0:
                score *= query.boost
            score[~mask] = 0.0
        elif isinstance(query, (q.Or, q.And)):
            either = isinstance(query, q.Or)
            mask = np.zeros(self.size, dtype=bool) if either else np.ones(self.size, dtype=bool)
            score = np.zeros(self.size, dtype=np.float64)
            for child in query.subqueries:
                if isinstance(child, q.Term):  # added sparsely: no array per term
                    part = self._plain_match(child)
                    self._add_term(score, child)
                else:
                    part, child_score = self.scored(child, hopeful)
                    score += child_score
                if either:
                    mask |= part
                else:
                    mask &= part
            if not either:
                score[~mask] = 0.0
            # Whoosh drops the boost of an OR or AND of one clause (it returns the clause's own
            # matcher): kept so, for the same ranking.
            if query.boost != 1.0 and len(query.subqueries) > 1:
                score *= query.boost
        elif isinstance(query, q.AndMaybe):
            mask, score = self.scored(query.a, hopeful)
            score = score + self.scored(query.b, hopeful)[1] * mask
        elif isinstance(query, q.AndNot):
            mask, score = self.scored(query.a, hopeful)
            mask = mask & ~self.scored(query.b, not hopeful)[0]
            score = score * mask
        elif isinstance(query, q.Not):
            mask = ~self.scored(query.query, not hopeful)[0]
            score = mask.astype(np.float64)
        elif isinstance(query, Every):
            mask = np.ones(self.size, dtype=bool)
            score = np.full(self.size, float(query.boost))
        elif query is q.NullQuery:
            mask = np.zeros(self.size, dtype=bool)
            score = np.zeros(self.size, dtype=np.float64)
        else:
            mask, score = self._whoosh(query, self._plain_match(query), scores=True)
        if not positional:
            self._scores[query] = (mask, score)
        return mask, score

    def _add_term(self, score: np.ndarray, term: Query) -> None:
        postings = self.terms.postings(term.fieldname, term.text)
        if postings is not None:
            score[postings.ids] += postings.scores * term.boost

    def top(self, query: Query, allowed: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``count`` best of the ``allowed`` documents for ``query`` (document numbers and
        scores, best first; equal scores in document order, as Whoosh ranks them)."""
        docnums = np.flatnonzero(allowed)
        if not self._has_positions(query) or len(docnums) <= count:
            if self._has_positions(query):
                self._check_tree(query, docnums)
            return _top_scores(docnums, self.scored(query)[1][docnums], count)
        # Positions decide only between the best candidates: rank with every unchecked phrase
        # counted as found, check the leaders, until the best checked are known to stay ahead.
        reach = max(4 * count, 64)
        while True:
            high = self.scored(query, hopeful=True)[1][docnums]
            if reach >= len(docnums):
                self._check_tree(query, docnums)
                return _top_scores(docnums, self.scored(query)[1][docnums], count)
            leaders = np.argpartition(-high, reach)[: reach + 1]
            order = leaders[np.lexsort((docnums[leaders], -high[leaders]))]
            lead, next_high = order[:reach], high[order[reach]]
            self._check_tree(query, docnums[lead])
            exact = self.scored(query, hopeful=True)[1][docnums[lead]]
            best_docs, best_scores = _top_scores(docnums[lead], exact, count)
            if len(best_scores) == count and best_scores[-1] >= next_high:
                return best_docs, best_scores
            if reach >= POSITIONAL_LIMIT:  # enough: what is left unchecked counts as absent
                return _top_scores(docnums, self.scored(query, hopeful=False)[1][docnums], count)
            reach *= 4

    def _whoosh(
        self, query: Query, candidates: np.ndarray, *, scores: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ask Whoosh which of the candidate documents match (skipping between them) and,
        with ``scores``, their scores: for query types this executor does not know."""
        mask = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size, dtype=np.float64)
        docnums = np.flatnonzero(candidates)
        if not len(docnums):
            return mask, score
        searcher = self.terms.searcher
        context = searcher.context() if scores else searcher.boolean_context()
        matcher = query.matcher(searcher, context)
        for docnum in docnums.tolist():
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
            if matcher.id() == docnum:
                mask[docnum] = True
                if scores:
                    score[docnum] = matcher.score()
        return mask, score


def _within(need: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
    return mask if need is None else need & mask


def _without(need: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
    return ~mask if need is None else need & ~mask


def _top_scores(
    docnums: np.ndarray, scores: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` highest scores, best first, equal scores by document number."""
    if len(docnums) > count:
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= threshold
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:count]
    return docnums[order], scores[order]
