"""The search service used by the CLI and the web site: requests in, JSON-ready results out.

Facets are data (``indexer.search.facets``). Filtering and counting follow the usual
faceted-search rules: several values of one facet are OR-ed, facets are AND-ed,
excluded values are removed, and each facet's counts are computed with every selection except
its own, so that the counts stay right whatever is ticked.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from archive.config import index_dir
from indexer.search.executor import QueryExecutor
from indexer.search.facet_table import FacetTable
from indexer.search.facets import FACET_NAMES as FACET_NAMES  # the API documents them from here
from indexer.search.facets import facet_names, normalise
from indexer.search.generations import Index
from indexer.search.hits import ranked
from indexer.search.index_view import View
from indexer.search.index_vocabulary import suggest
from indexer.search.query import parse_query

if TYPE_CHECKING:  # the database is read by ``get_record_json`` only: not for a search
    from archive.store.db import Database

SORTS = ("relevance", "date")
MAX_PER_PAGE = 100


PROBLEMS = {  # what can be wrong with a search request: code -> English (the API's wording)
    "filter.unknown": "unknown filter field: {name!r} (one of {names})",
    "filter.form": "filter must be FIELD=VALUE or FIELD!=VALUE, not {value!r}",
    "filter.url_form": "filter must be field:value, not {value!r}",
    "sort.unknown": "unknown sort: {value!r} (relevance or date)",
    "limit.range": "limit must be between 1 and {top}",
    "page.range": "page must be between 1 and 10000",
    "number.invalid": "{name} must be a whole number, not {value!r}",
    "query.too_long": "the query is longer than {limit} characters",
    "export.too_many": "the result set has {total} records; at most {limit} can be exported",
}
NOTICES = {  # how a query was read when not as typed: code -> English
    "relaxed": "no record has all the words: showing records with most of them",
    "syntax": "query syntax not understood: searched for the words instead",
    "syntax_empty": "query syntax not understood and no words left to search for",
}


class SearchError(ValueError):
    """A request the search cannot answer: a ``code`` of ``PROBLEMS`` and its ``params``; the
    message is the English wording (the web words the code in the page's language)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(PROBLEMS[code].format(**params))


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    # Leave out records awaiting review (a site with REVIEW_BEFORE_PUBLISH, for the public).
    hide_awaiting_review: bool = False

    def validate(self) -> None:
        """Raise ``SearchError`` for an unknown facet or sort, or a page out of range."""
        names = facet_names()
        for name in [*self.filters, *self.excluded]:
            if name not in names:
                raise SearchError("filter.unknown", name=name, names=", ".join(names))
        if self.sort not in SORTS:
            raise SearchError("sort.unknown", value=self.sort)
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise SearchError("limit.range", top=MAX_PER_PAGE)
        if not 1 <= self.page <= 10_000:
            raise SearchError("page.range")


def index_root(home: Path) -> Path:
    """Folder of the search index in the data folder (``archive.config.index_dir``)."""
    return index_dir(home)


def _apply(
    table: FacetTable,
    base: np.ndarray,
    filters: dict[str, list[str]],
    excluded: dict[str, list[str]],
    *,
    skip: str | None = None,
) -> np.ndarray:
    mask = base.copy()
    for name, values in filters.items():
        if name != skip and values:
            mask &= table.matching(name, values)
    for name, values in excluded.items():
        if name != skip and values:
            mask &= ~table.matching(name, values)
    return mask


def search(index: Index, request: SearchRequest) -> dict[str, Any]:
    """Run one search: hits of the requested page, facet counts over the whole result set,
    a correction when nothing matched, and a notice when the query syntax was not understood."""
    request.validate()
    # A search makes tens of thousands of short-lived objects (postings, positions), all freed
    # by reference counting; with the cyclic collector on, one search in a few paid for a
    # collection of the whole heap (40 ms and more) in its middle. It runs after the search.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _search(index, request)
    finally:
        if enabled:
            gc.enable()


def _search(index: Index, request: SearchRequest) -> dict[str, Any]:
    with index.view() as view:
        return _search_view(view, request)


def _search_view(view: View, request: SearchRequest) -> dict[str, Any]:
    searcher, table, vocabulary = view.searcher, view.table, view.vocabulary
    parsed = parse_query(request.q, vocabulary)
    filters = _merge(request.filters, parsed.filters)
    excluded = _merge(request.excluded, parsed.excluded)
    executor = QueryExecutor(view.terms)
    visible = _visible(executor, table.live, request)
    meetings = _Meetings(executor, visible)
    matched = executor.match(parsed.query) & visible
    allowed = meetings.fold(_apply(table, matched, filters, excluded))
    facets: dict[str, list[list[Any]]] = {}
    for name in facet_names():
        own = _apply(table, matched, filters, excluded, skip=name)
        counts = dict(table.counts(name, own))
        for value in [*filters.get(name, []), *excluded.get(name, [])]:
            counts.setdefault(value, 0)
        facets[name] = [
            [value, count]
            for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
    total = int(np.count_nonzero(allowed))
    tiers = [(parsed.query, allowed)]
    notice = parsed.notice
    corrected = None
    if total == 0 and parsed.words:
        corrected = suggest(searcher, parsed.words)
        # Nothing has every word (a typo, a word too many): records with most of them, said so.
        relaxed = parse_query(request.q, vocabulary, join="any")
        loose = _apply(table, executor.match(relaxed.query) & visible, filters, excluded)
        loose = meetings.fold(loose)
        if loose.any():
            tiers = [(relaxed.query, loose)]
            total = int(np.count_nonzero(loose))
            notice = notice or "relaxed"
    elif request.sort == "relevance" and request.q.strip():
        # Records matching the words as typed first, then all the words anywhere, then only
        # part of a word, whatever their scores.
        tiers = []
        seen = np.zeros_like(allowed)
        as_typed = parse_query(request.q, subwords=False, join="phrase").query
        executor.approximated = False
        docs = executor.match(as_typed, need=allowed)
        # Too many candidates to check word order (a pair of common words): no "as typed" tier.
        candidates = [] if executor.approximated else [(as_typed, docs)]
        words_only = parse_query(request.q, subwords=False, bonus=False).query
        candidates.append((words_only, None))
        candidates.append((parsed.query, matched))
        for query, docs in candidates:
            if docs is None:
                docs = executor.match(query, need=allowed & ~seen)
            docs = docs & allowed & ~seen
            if docs.any():
                tiers.append((query, docs))
                seen |= docs
            if np.count_nonzero(seen) == total:
                break
    hits = [
        {
            "id": hit.id,
            "title": hit.summary["title"],
            "date_start": hit.summary["date_start"],
            "date_end": hit.summary["date_end"],
            "venue": hit.summary["venue"],
            "organization": hit.summary["organization"],
            "document_kind": hit.summary["document_kind"],
            "open_follow_ups": hit.summary["open_follow_ups"],
            "score": round(hit.score, 4),
            "snippet": hit.snippet,
            "page": hit.page,
            "also_reported_in": meetings.others(hit.id),
        }
        for hit in ranked(
            executor,
            tiers,
            page=request.page,
            per_page=request.per_page,
            sort=request.sort,
            surfaces=tuple(parsed.words),
            dates=table.dates,
        )
    ]
    return {
        "total": total,
        "page": request.page,
        "limit": request.per_page,
        "hits": hits,
        "facets": facets,
        "corrected_query": corrected,
        "notice": NOTICES[notice] if notice else None,
        "notice_code": notice,
    }


def all_ids(index: Index, request: SearchRequest) -> list[int]:
    """Ids of every hit of a search, in result order (for exporting a whole result set)."""
    everything = SearchRequest(
        q=request.q,
        filters=request.filters,
        excluded=request.excluded,
        sort=request.sort,
        page=1,
        per_page=MAX_PER_PAGE,
        hide_awaiting_review=request.hide_awaiting_review,
    )
    ids: list[int] = []
    while True:
        result = search(index, everything)
        ids += [hit["id"] for hit in result["hits"]]
        if len(ids) >= result["total"] or not result["hits"]:
            return ids
        everything.page += 1


def matching(index: Index, request: SearchRequest, record_ids: Iterable[int]) -> list[int]:
    """Which of ``record_ids`` the search matches (every word, the filters and exclusions; no
    relaxing): saved searches' digests ask this of the records added since the last one."""
    request.validate()
    with index.view() as view:
        parsed = parse_query(request.q, view.vocabulary)
        filters = _merge(request.filters, parsed.filters)
        excluded = _merge(request.excluded, parsed.excluded)
        matched = QueryExecutor(view.terms).match(parsed.query) & view.table.live
        allowed = _apply(view.table, matched, filters, excluded)
        return [
            record_id
            for record_id in record_ids
            if any(allowed[doc] for doc in view.searcher.document_numbers(id=str(record_id)))
        ]


def _visible(executor: QueryExecutor, live: np.ndarray, request: SearchRequest) -> np.ndarray:
    """The live documents the request may show: without those awaiting review when it hides
    them (``awaiting_review`` of ``indexer.search.documents``)."""
    if not request.hide_awaiting_review:
        return live
    postings = executor.terms.postings("awaiting_review", "1")
    if postings is None:
        return live
    visible = live.copy()
    visible[postings.ids] = False
    return visible


class _Meetings:
    """The records that editors linked as one meeting (``meeting`` of
    ``indexer.search.documents``) among the visible documents: a search shows each meeting
    once, by the record with the smallest id among its hits, "also reported in" the others."""

    def __init__(self, executor: QueryExecutor, visible: np.ndarray) -> None:
        searcher = executor.terms.searcher
        self.groups: dict[int, list[tuple[int, int, str]]] = {}  # record id -> members
        self._docnums: list[list[tuple[int, int, str]]] = []
        for term in searcher.reader().lexicon("meeting"):
            key = term.decode("utf-8") if isinstance(term, bytes) else term
            postings = executor.terms.postings("meeting", key)
            docnums = [] if postings is None else postings.ids[visible[postings.ids]].tolist()
            if len(docnums) < 2:
                continue
            members = []  # (record id, docnum, title), by record id
            for docnum in docnums:
                stored = searcher.stored_fields(docnum)
                title = json.loads(stored["summary"])["title"]
                members.append((int(stored["id"]), docnum, title))
            members.sort()
            self._docnums.append(members)
            for member in members:
                self.groups[member[0]] = members

    def fold(self, allowed: np.ndarray) -> np.ndarray:
        """``allowed`` with each meeting's hits but the first (by record id) left out."""
        if not self._docnums:
            return allowed
        folded = allowed.copy()
        for members in self._docnums:
            hits = [docnum for _, docnum, _ in members if folded[docnum]]
            folded[hits[1:]] = False
        return folded

    def others(self, record_id: int) -> list[dict[str, Any]]:
        """The other records of the hit's meeting, by id: ``{"id", "title"}``."""
        return [
            {"id": other, "title": title}
            for other, _, title in self.groups.get(record_id, [])
            if other != record_id
        ]


def _merge(a: dict[str, list[str]], b: dict[str, list[str]]) -> dict[str, list[str]]:
    merged = {name: list(values) for name, values in a.items()}
    for name, values in b.items():
        merged.setdefault(name, []).extend(v for v in values if v not in merged[name])
    return merged


def parse_filters(pairs: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``FIELD=VALUE`` (include) and ``FIELD!=VALUE`` (exclude) pairs as filter dicts; values
    are normalised like the query syntax (BE years to CE, country names to ISO codes)."""
    filters: dict[str, list[str]] = {}
    excluded: dict[str, list[str]] = {}
    for pair in pairs:
        target = filters
        if "!=" in pair:
            name, value = pair.split("!=", 1)
            target = excluded
        elif "=" in pair:
            name, value = pair.split("=", 1)
        else:
            raise SearchError("filter.form", value=pair)
        name, value = name.strip(), value.strip()
        names = facet_names()
        if name not in names:
            raise SearchError("filter.unknown", name=name, names=", ".join(names))
        target.setdefault(name, []).append(normalise(name, value))
    return filters, excluded


def get_record_json(db: Database, record_id: int) -> dict[str, Any] | None:
    """The record JSON of one id, or None."""
    from archive.store.lookups import get_record
    from archive.store.serialize import record_dict

    with db.session() as session:
        record = get_record(session, record_id)
        return record_dict(record) if record else None
