"""Glue between the web views and the library: request parameters in, service results out.

Views read the request, call one function here or in ``indexer.search.service``, and render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from archive.store.db import Database
from archive.store.lookups import get_record
from archive.store.serialize import record_dict
from indexer.search.facets import FACETS
from indexer.search.generations import Index
from indexer.search.service import (
    SearchError,
    SearchRequest,
    all_ids,
    search,
)
from indexer.search.url_state import MAX_QUERY as MAX_QUERY
from indexer.search.url_state import PER_PAGE as PER_PAGE
from indexer.search.url_state import Args as Args
from indexer.search.url_state import search_request as parse_search_request
from webapp import citations, formats
from webapp.review.publishing import hide_awaiting_review

MAX_EXPORT = 5000  # records in one result-set export


Permalink = Callable[[int], str]
"""Record id -> the record page's absolute URL (the view builds it with ``url_for``)."""


def search_request(args: Args, *, allow_limit: bool = False) -> SearchRequest:
    """The search request of these URL parameters (``indexer.search.url_state``), without the
    records awaiting review when this visitor should not see them (REVIEW_BEFORE_PUBLISH)."""
    request = parse_search_request(args, allow_limit=allow_limit)
    request.hide_awaiting_review = hide_awaiting_review()
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
        "labels": {f.name: {"th": f.label.th, "en": f.label.en} for f in FACETS},
    }


def record_page(db: Database, record_id: int) -> dict[str, Any] | None:
    """The record JSON with its original text (``text``), or None."""
    with db.session() as session:
        record = get_record(session, record_id)
        return record_dict(record, text=True) if record else None


def facet_state(filters: Mapping[str, list[str]]) -> list[str]:
    """Filter dicts back to ``field:value`` URL parameters."""
    return [f"{name}:{value}" for name, values in filters.items() for value in values]


def record_view(db: Database, record_id: int, permalink: Permalink) -> dict[str, Any] | None:
    """The record page: the record JSON (with text), its permalink, the APA and Chicago
    references, Highwire ``citation_*`` meta tags and a schema.org JSON-LD object; or None."""
    record = record_page(db, record_id)
    if record is None:
        return None
    url = permalink(record_id)
    return {
        "record": record,
        "permalink": url,
        "references": [
            ("apa", "APA", citations.formatted(record, url, "apa")),
            ("chicago", "Chicago", citations.formatted(record, url, "chicago")),
        ],
        "highwire": citations.highwire(record, url),
        "jsonld": citations.schema_org(record, url),
    }


class Download(NamedTuple):
    """An export file."""

    body: bytes
    content_type: str
    filename: str


def _records(db: Database, ids: Sequence[int]) -> list[dict[str, Any]]:
    with db.session() as session:
        found = (get_record(session, record_id) for record_id in ids)
        return [record_dict(record) for record in found if record is not None]


def _download(
    spec: formats.Format, records: list[dict[str, Any]], permalink: Permalink, stem: str
) -> Download:
    body = spec.render(records, [permalink(r["id"]) for r in records])
    return Download(body, spec.media_type, f"{stem}.{spec.extension}")


def record_citation(
    db: Database, record_id: int, fmt: str, permalink: Permalink
) -> Download | None:
    """One record in the format served at ``.<fmt>``; None for an unknown record or format."""
    spec = formats.by_extension(fmt, formats.RECORD)
    if spec is None:
        return None
    records = _records(db, [record_id])
    if not records:
        return None
    return _download(spec, records, permalink, f"archive-{record_id}")


def export_results(
    index: Index, db: Database, args: Args, fmt: str, permalink: Permalink
) -> Download | None:
    """Every hit of the search page's result set (same parameters, every page) in the format
    served at ``.<fmt>``; None for an unknown format, ``SearchError`` when the parameters are
    wrong or the set is larger than :data:`MAX_EXPORT`."""
    spec = formats.by_extension(fmt, formats.RESULTS)
    if spec is None:
        return None
    request = search_request(args)
    request.page, request.per_page = 1, 1
    total = search(index, request)["total"]
    if total > MAX_EXPORT:
        raise SearchError("export.too_many", total=total, limit=MAX_EXPORT)
    records = _records(db, all_ids(index, request))
    return _download(spec, records, permalink, "archive-results")
