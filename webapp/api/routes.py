"""The JSON API: the search service's results, the record JSON, and follow-up tracking.

Authentication is by personal API token only (``Authorization: Bearer <token>``, from
``archive users token NAME``), never the site's session cookie, so the blueprint needs no
CSRF token. Reading is public unless ``READ_REQUIRES_LOGIN`` is set; changing a follow-up
item needs an editor's or an admin's token.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, request

from indexer.search.service import get_record_json
from webapp import services
from webapp.api.openapi import OPENAPI
from webapp.auth import Account, token_account
from webapp.followups import service as tracking

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_ID = 2**63 - 1  # the largest SQLite integer: a larger id is unknown, not an overflow (500)
PUBLIC_ENDPOINTS = ("api.openapi",)
# A change's body at its longest (notes, note and agencies at their maximum lengths, JSON with
# every character \u-escaped) is under 1 MiB; the site's own limit is for GET requests.
MAX_BODY = 1024 * 1024


class AuthError(Exception):
    """A request without the credentials it needs: 401 (none or invalid) or 403 (role)."""

    def __init__(self, status: int, message: str, challenge: str) -> None:
        super().__init__(message)
        self.status = status
        self.challenge = challenge


def _caller() -> Account:
    """The account of the request's bearer token; ``AuthError`` 401 without a valid one."""
    auth = request.authorization
    if auth is None or auth.type != "bearer" or not auth.token:
        raise AuthError(
            401,
            "authentication required: send Authorization: Bearer <your API token>",
            'Bearer realm="api"',
        )
    account = token_account(current_app.extensions["archive_db"], auth.token)
    if account is None:
        raise AuthError(401, "invalid API token", 'Bearer realm="api", error="invalid_token"')
    return account


def _editor() -> Account:
    """The caller, who must be an editor or an admin (``AuthError`` 401 / 403)."""
    account = _caller()
    if not account.can("editor"):
        raise AuthError(
            403,
            f"an editor's or admin's token is required (user {account.name!r} is a {account.role})",
            'Bearer realm="api", error="insufficient_scope"',
        )
    return account


@bp.before_request
def _reading_rule() -> None:
    """With ``READ_REQUIRES_LOGIN``, reading needs a valid token of any role."""
    if (
        current_app.config.get("READ_REQUIRES_LOGIN")
        and request.method in ("GET", "HEAD")
        and request.endpoint not in PUBLIC_ENDPOINTS
    ):
        _caller()


@bp.errorhandler(AuthError)
def _auth_error(error: AuthError) -> tuple[Response, int, dict[str, str]]:
    return jsonify(error=str(error)), error.status, {"WWW-Authenticate": error.challenge}


@bp.errorhandler(tracking.TrackingError)
def _bad_value(error: tracking.TrackingError) -> tuple[Response, int]:
    return jsonify(error=str(error)), 400


@bp.errorhandler(tracking.NotFound)
def _not_found(error: tracking.NotFound) -> tuple[Response, int]:
    return jsonify(error=str(error)), 404


@bp.errorhandler(tracking.Conflict)
def _conflict(error: tracking.Conflict) -> tuple[Response, int]:
    return jsonify(tracking.conflict_dict(error)), 409


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API (``webapp/openapi.py``)."""
    return jsonify(OPENAPI)


@bp.get("/search")
def search() -> Response:
    """Search records: one page of hits and the facet counts."""
    index = current_app.extensions["archive_index"]
    return jsonify(services.run_search(index, request.args, allow_limit=True))


@bp.get("/facets")
def facets() -> Response:
    """Facet counts of a query, with the facets' labels."""
    return jsonify(services.facet_counts(current_app.extensions["archive_index"], request.args))


@bp.get("/records/<int:record_id>")
def record(record_id: int) -> Response:
    """One record's JSON."""
    data = None
    if record_id <= MAX_ID:
        data = get_record_json(current_app.extensions["archive_db"], record_id)
    if data is None:
        abort(404, description=f"no record with id {record_id}")
    return jsonify(data)


def _now() -> date:
    return tracking.today(current_app.config)


@bp.get("/follow-ups")
def follow_ups() -> Response:
    """The follow-up list with the dashboard's filters and counts."""
    db = current_app.extensions["archive_db"]
    return jsonify(tracking.api_follow_up_list(db, request.args, _now()))


@bp.get("/follow-ups/<item_id>")
def follow_up(item_id: str) -> Response:
    """One follow-up item with its links and history."""
    item = tracking.follow_up(current_app.extensions["archive_db"], item_id, _now())
    if item is None:
        abort(404, description=f"no follow-up item {item_id[:40]!r}")
    return jsonify(item)


@bp.patch("/follow-ups/<item_id>")
def update_follow_up(item_id: str) -> Response:
    """Change a follow-up item (an editor's or admin's token, the version started from)."""
    account = _editor()
    request.max_content_length = MAX_BODY
    if request.mimetype != "application/json":
        abort(415, description="Content-Type must be application/json")
    item = tracking.api_update(
        current_app.extensions["archive_db"],
        Path(current_app.config["ARCHIVE_HOME"]),
        item_id,
        request.get_json(silent=True),
        user_id=account.id,
        now=_now(),
    )
    return jsonify(item)
