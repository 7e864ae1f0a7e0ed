"""Glue between the web views and the library: request parameters in, service results out.

Views read the request, call one function here or in ``indexer.search``, and render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from archive.db import Database
from archive.serialize import record_dict
from archive.store import get_record
from indexer.search import FACETS, SearchError, SearchRequest, parse_filters, search
from indexer.searchindex import Index

PER_PAGE = 10
MAX_QUERY = 500


class Args(Protocol):
    """What views pass in: ``request.args`` (a MultiDict)."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...


def _int(args: Args, name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SearchError(f"{name} must be a whole number, not {raw!r}") from None


def _pairs(values: Sequence[str], op: str) -> list[str]:
    pairs = []
    for value in values:
        name, sep, rest = value.partition(":")
        if not sep or not rest.strip():
            raise SearchError(f"filter must be field:value, not {value!r}")
        pairs.append(f"{name}{op}{rest}")
    return pairs


def search_request(args: Args, *, allow_limit: bool = False) -> SearchRequest:
    """The search request of URL parameters ``q``, ``page``, ``sort``, repeated ``f`` and ``x``
    (``field:value``, include / exclude) and, for the API, ``limit``; ``SearchError`` when
    one is wrong. Filter values are normalised (BE years to CE, country names to ISO codes)."""
    q = args.get("q", "") or ""
    if len(q) > MAX_QUERY:
        raise SearchError(f"the query is longer than {MAX_QUERY} characters")
    include, _ = parse_filters(_pairs(args.getlist("f"), "="))
    _, exclude = parse_filters(_pairs(args.getlist("x"), "!="))
    request = SearchRequest(
        q=q,
        filters=include,
        excluded=exclude,
        sort=args.get("sort") or "relevance",
        page=_int(args, "page", 1),
        per_page=_int(args, "limit", PER_PAGE) if allow_limit else PER_PAGE,
    )
    request.validate()
    return request


def run_search(index: Index, args: Args, *, allow_limit: bool = False) -> dict[str, Any]:
    """The service's search result for these URL parameters."""
    return search(index, search_request(args, allow_limit=allow_limit))


def search_page(index: Index, args: Args) -> tuple[SearchRequest, dict[str, Any]]:
    """The request (the page's state, normalised) and the result, for the search page."""
    request = search_request(args)
    return request, search(index, request)


def facet_counts(index: Index, args: Args) -> dict[str, Any]:
    """Facet counts of a query: ``{"total", "facets": {name: [[value, count], ...]}}``, with
    the facet labels."""
    request = search_request(args)
    request.page, request.per_page = 1, 1
    result = search(index, request)
    return {
        "total": result["total"],
        "facets": result["facets"],
        "labels": {f.name: {"th": f.label_th, "en": f.label_en} for f in FACETS},
    }


def record_page(db: Database, record_id: int) -> dict[str, Any] | None:
    """The record JSON with its original text (``text``), or None."""
    with db.session() as session:
        record = get_record(session, record_id)
        return record_dict(record, text=True) if record else None


def facet_state(filters: Mapping[str, list[str]]) -> list[str]:
    """Filter dicts back to ``field:value`` URL parameters."""
    return [f"{name}:{value}" for name, values in filters.items() for value in values]
