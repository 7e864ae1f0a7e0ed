"""The JSON API: the search service's results, the record JSON, and follow-up tracking.

Each route is declared with its schemas (``webapp/api/schemas.py``), from which its request is
validated and ``/api/openapi.json`` is derived. Authentication is by personal API token only
(``webapp/api/access.py``), never the site's session cookie, so the blueprint needs no CSRF
token.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from archive.store.lookups import MAX_ID
from archive.tracking.fields import editable
from indexer.search.service import get_record_json
from webapp import services
from webapp.api.openapi import document
from webapp.api.registry import ApiRoutes, Reply
from webapp.api.schemas import (
    EditConflict,
    FacetQuery,
    Facets,
    FollowUp,
    FollowUpList,
    FollowUpPatch,
    FollowUpQuery,
    ItemPath,
    Record,
    RecordPath,
    RelatedRecords,
    SearchQuery,
    SearchResult,
    Suggestions,
    SuggestQuery,
)
from webapp.auth import Account
from webapp.followups import service as tracking
from webapp.related import related_view
from webapp.review.publishing import refuse_hidden
from webapp.suggestions import suggestions

bp = Blueprint("api", __name__, url_prefix="/api")
api = ApiRoutes(bp, tag="api")
follow_ups_api = ApiRoutes(bp, tag="follow-ups")

NO_INDEX = Reply("No search index yet (run `archive index`)")


@api.route("/openapi.json", access="public", replies={200: Reply("The document", dict[str, Any])})
def openapi() -> Response:
    """This document: the OpenAPI 3.1 description of the API."""
    return jsonify(document(current_app))


@api.route(
    "/search",
    query=SearchQuery,
    replies={200: Reply("The search result", SearchResult), 503: NO_INDEX},
)
def search() -> Response:
    """Search records: hits of one page and facet counts of all of them."""
    index = current_app.extensions["archive_index"]
    return jsonify(services.run_search(index, request.args, allow_limit=True))


@api.route(
    "/facets", query=FacetQuery, replies={200: Reply("The facet counts", Facets), 503: NO_INDEX}
)
def facets() -> Response:
    """Facet counts of a query, with the facets' Thai and English labels."""
    return jsonify(services.facet_counts(current_app.extensions["archive_index"], request.args))


@api.route(
    "/records/<int:record_id>",
    path=RecordPath,
    replies={
        200: Reply("The record", Record),
        404: Reply("No record with this id"),
        410: Reply("Withdrawn (the error gives the reason)"),
    },
)
def record(record_id: int) -> Response:
    """One record, as people see it (editors' corrections shown)."""
    data = None
    if record_id <= MAX_ID:
        data = get_record_json(current_app.extensions["archive_db"], record_id)
    if data is None:
        abort(404, description=f"no record with id {record_id}")
    refuse_hidden(current_app.extensions["archive_db"], record_id, api=True)
    return jsonify(data)


@api.route(
    "/records/<int:record_id>/related",
    path=RecordPath,
    replies={
        200: Reply("The related records", RelatedRecords),
        404: Reply("No record with this id"),
        410: Reply("Withdrawn (the error gives the reason)"),
    },
)
def related_records(record_id: int) -> Response:
    """Records related to one record: the same meeting and its series (linked by editors), then
    the records most like it by key terms, shared partners and organisation, and date."""
    data = None
    if record_id <= MAX_ID:
        refuse_hidden(current_app.extensions["archive_db"], record_id, api=True)
        data = related_view(
            current_app.extensions["archive_db"], current_app.extensions["archive_index"], record_id
        )
    if data is None:
        abort(404, description=f"no record with id {record_id}")
    return jsonify(data)


@api.route(
    "/suggest",
    query=SuggestQuery,
    replies={200: Reply("The suggestions", Suggestions), 503: NO_INDEX},
)
def suggest(query: SuggestQuery) -> Response:
    """Names for a search box as it is typed: countries, cities, organisations, agencies and
    people whose name (or a word of it) starts with ``q``, in Thai or English."""
    app = current_app
    return jsonify(
        suggestions(
            app.extensions["archive_db"], app.extensions["archive_index"], query.q, query.limit
        )
    )


def _now() -> date:
    return tracking.today(current_app.config)


@follow_ups_api.route(
    "/follow-ups",
    query=FollowUpQuery,
    replies={200: Reply("Counts and one page of items", FollowUpList)},
)
def follow_ups() -> Response:
    """Follow-up items: the manager's dashboard as JSON (counts and one page)."""
    listing = tracking.follow_up_list(current_app.extensions["archive_db"], request.args, _now())
    return jsonify({key: listing[key] for key in FollowUpList.model_fields})


@follow_ups_api.route(
    "/follow-ups/<item_id>",
    path=ItemPath,
    replies={200: Reply("The item", FollowUp), 404: Reply("No follow-up item with this id")},
)
def follow_up(item_id: str) -> Response:
    """One follow-up item with its history."""
    item = tracking.follow_up(current_app.extensions["archive_db"], item_id, _now())
    if item is None:
        abort(404, description=f"no follow-up item {item_id[:40]!r}")
    return jsonify(item)


@follow_ups_api.route(
    "/follow-ups/<item_id>",
    "PATCH",
    access="editor",
    path=ItemPath,
    body=FollowUpPatch,
    replies={
        200: Reply("The item after the change", FollowUp),
        404: Reply("No follow-up item with this id"),
        409: Reply("Changed by someone else since `version`", EditConflict),
    },
)
def update_follow_up(item_id: str, body: FollowUpPatch, account: Account) -> Response:
    """Change a follow-up item (an editor's or admin's token).

    Send the fields to change and the `version` you read. Every changed field becomes a history
    entry carrying your user name and `note`; the item's version goes up by one and the search
    index (facets status and agency) is updated at once. If someone else saved first, nothing
    is saved and the answer is 409 with their changes.
    """
    item = tracking.update(
        current_app.extensions["archive_db"],
        Path(current_app.config["ARCHIVE_HOME"]),
        item_id,
        body.model_dump(include=set(editable()), exclude_unset=True),
        user_id=account.id,
        version=body.version,
        note=body.note,
        now=_now(),
    )
    return jsonify(item)


# The routes of uploaded documents join this blueprint (they import ``bp``).
from webapp.api import documents as _documents  # noqa: E402, F401
