"""The hits of one results page: ranked tier by tier, each with its summary and snippet."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from whoosh.query import Every, Query

from indexer.search.executor import QueryExecutor
from indexer.search.pages import content_page_at
from indexer.search.snippets import snippet


@dataclass
class Hit:
    """One hit: the record id, its score, its stored summary, its highlighted snippet and, for
    a paged original, the page the snippet comes from."""

    id: int
    score: float
    summary: dict
    snippet: str
    page: int | None = None


def ranked(
    executor: QueryExecutor,
    tiers: list[tuple[Query, np.ndarray]],
    *,
    page: int,
    per_page: int,
    sort: str,
    surfaces: tuple[str, ...] = (),
    dates: np.ndarray | None = None,
) -> Iterator[Hit]:
    """The hits of one page, with highlighted snippets. ``tiers`` are (query, allowed docs)
    pairs ranked one after the other: every record matching the query's words comes before
    records matching only a part of a word, whatever their scores. Within a tier, by score
    (``QueryExecutor.top``), or newest first (by date, or without a query).

    Snippets read the positions of the page's hits from the postings the search already
    read, so the search itself need not record matched terms."""
    searcher = executor.terms.searcher
    skip, wanted = (page - 1) * per_page, per_page
    for query, allowed in tiers:
        size = int(np.count_nonzero(allowed))
        if wanted <= 0:
            return
        if skip >= size:
            skip -= size
            continue
        if sort == "date" or isinstance(query, Every):
            docnums = _newest(np.flatnonzero(allowed), dates, skip + wanted)[skip:]
            scores = np.zeros(len(docnums))
        else:
            docnums, scores = executor.top(query, allowed, skip + wanted)
            docnums, scores = docnums[skip:], scores[skip:]
        for docnum, score in zip(docnums.tolist(), scores.tolist(), strict=True):
            wanted -= 1
            stored = searcher.stored_fields(docnum)
            cut = snippet(executor, docnum, stored["content"], query, surfaces)
            yield Hit(
                id=int(stored["id"]),
                score=score,
                summary=json.loads(stored["summary"]),
                snippet=cut.html,
                page=content_page_at(stored.get("pages"), cut.start),
            )
        skip = 0


def _newest(docnums: np.ndarray, dates: np.ndarray | None, count: int) -> np.ndarray:
    """The ``count`` most recent documents (undated last, then by document number)."""
    if dates is None:
        return docnums[:count]
    key = -dates[docnums] * (int(docnums.max(initial=0)) + 1) + docnums
    if len(key) > count:
        chosen = np.argpartition(key, count)[:count]
        return docnums[chosen[np.argsort(key[chosen])]]
    return docnums[np.argsort(key)]
