"""The JSON API: the search service's results and the record JSON, as they are."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request

from indexer.search import get_record_json
from webapp import services

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search() -> Response:
    index = current_app.extensions["archive_index"]
    return jsonify(services.run_search(index, request.args, allow_limit=True))


@bp.get("/facets")
def facets() -> Response:
    return jsonify(services.facet_counts(current_app.extensions["archive_index"], request.args))


@bp.get("/records/<int:record_id>")
def record(record_id: int) -> Response:
    data = get_record_json(current_app.extensions["archive_db"], record_id)
    if data is None:
        abort(404, description=f"no record with id {record_id}")
    return jsonify(data)
