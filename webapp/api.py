"""The JSON API: the search service's results and the record JSON, as they are."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request

from indexer.search import get_record_json
from webapp import services
from webapp.openapi import OPENAPI

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_ID = 2**63 - 1  # the largest SQLite integer: a larger id is unknown, not an overflow (500)


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API (``webapp/openapi.py``)."""
    return jsonify(OPENAPI)


@bp.get("/search")
def search() -> Response:
    index = current_app.extensions["archive_index"]
    return jsonify(services.run_search(index, request.args, allow_limit=True))


@bp.get("/facets")
def facets() -> Response:
    return jsonify(services.facet_counts(current_app.extensions["archive_index"], request.args))


@bp.get("/records/<int:record_id>")
def record(record_id: int) -> Response:
    data = None
    if record_id <= MAX_ID:
        data = get_record_json(current_app.extensions["archive_db"], record_id)
    if data is None:
        abort(404, description=f"no record with id {record_id}")
    return jsonify(data)
