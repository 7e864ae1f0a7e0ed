"""A search as a URL carries it: ``q``, ``page``, ``sort``, repeated ``f`` and ``x``
(``field:value``, include / exclude) and, for the API, ``limit``; read into a ``SearchRequest``.

The search page, the API, Atom feeds and saved searches (whose ``params`` are the query string
of a /search URL) all read a search this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import parse_qsl

from archive.thai.numbers import whole_number
from indexer.search.service import SearchError, SearchRequest, parse_filters

PER_PAGE = 10
MAX_QUERY = 500


class Args(Protocol):
    """URL parameters: ``request.args`` (a MultiDict) or :class:`QueryArgs`."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...


class QueryArgs:
    """The parameters of a query string (``q=...&f=year:2019``), read like ``request.args``."""

    def __init__(self, query_string: str) -> None:
        self.pairs = parse_qsl(query_string.lstrip("?"), keep_blank_values=True)

    def get(self, key: str, default: Any = None) -> Any:
        """The first value of ``key``, or ``default``."""
        return next((value for name, value in self.pairs if name == key), default)

    def getlist(self, key: str) -> list[str]:
        """Every value of ``key``, in order."""
        return [value for name, value in self.pairs if name == key]


def _int(args: Args, name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return whole_number(raw)
    except ValueError:
        raise SearchError("number.invalid", name=name, value=raw) from None


def _pairs(values: Sequence[str], op: str) -> list[str]:
    pairs = []
    for value in values:
        name, sep, rest = value.partition(":")
        if not sep or not rest.strip():
            raise SearchError("filter.url_form", value=value)
        pairs.append(f"{name}{op}{rest}")
    return pairs


def search_request(args: Args, *, allow_limit: bool = False) -> SearchRequest:
    """The search request of URL parameters ``q``, ``page``, ``sort``, repeated ``f`` and ``x``
    (``field:value``, include / exclude) and, for the API, ``limit``; ``SearchError`` when
    one is wrong. Filter values are normalised (BE years to CE, country names to ISO codes)."""
    q = args.get("q", "") or ""
    if len(q) > MAX_QUERY:
        raise SearchError("query.too_long", limit=MAX_QUERY)
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
