"""API routes of the links between records: read a record's links; editors link and unlink.

Declared with their schemas (``webapp/api/schemas_links.py``) like every API route; the
changes go through ``archive.curation.links`` (history and change log).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from archive.curation import links
from archive.curation.links import LinkError
from archive.store.db import Database
from webapp.api.registry import ApiRoutes, Reply
from webapp.api.schemas import RecordPath
from webapp.api.schemas_links import LinkBody, LinkPath, LinkQuery, RecordLinks
from webapp.auth import Account
from webapp.error_responses import json_error
from webapp.review.publishing import hide_awaiting_review, refuse_hidden

bp = Blueprint("links_api", __name__, url_prefix="/api")
api = ApiRoutes(bp, tag="links")

NOT_FOUND = Reply("No record (or no such link) with this id")
REFUSED = Reply("A link that cannot be made (the error names the field)")


def _db() -> Database:
    return current_app.extensions["archive_db"]


def _answer(record_id: int, status: int = 200, *, hide_awaiting: bool = False) -> Response:
    with _db().session() as session:
        found = links.links_of(session, record_id, hide_awaiting=hide_awaiting)
    response = jsonify({"record_id": record_id, **found.as_json()})
    response.status_code = status
    return response


def _refused(error: LinkError) -> Response:
    return json_error(404 if error.missing else 400, str(error))


@api.route(
    "/records/<int:record_id>/links",
    path=RecordPath,
    replies={
        200: Reply("The record's links", RecordLinks),
        404: NOT_FOUND,
        410: Reply("Withdrawn (the error gives the reason)"),
    },
)
def record_links(record_id: int) -> Response:
    """A record's links: the other reports of its meeting, its series, previous and next."""
    with _db().session() as session:
        try:
            links.check_record(session, record_id)
        except LinkError as error:
            return _refused(error)
    refuse_hidden(_db(), record_id, api=True)
    return _answer(record_id, hide_awaiting=hide_awaiting_review())


@api.route(
    "/records/<int:record_id>/links",
    "POST",
    access="editor",
    body=LinkBody,
    path=RecordPath,
    replies={
        201: Reply("Linked: the record's links", RecordLinks),
        200: Reply("Linked already: the record's links", RecordLinks),
        400: REFUSED,
        404: NOT_FOUND,
    },
)
def add_record_link(record_id: int, body: LinkBody, account: Account) -> Response:
    """Link the record with another as the same meeting or as one series (editors).

    Kept in both records' history; search shows linked reports of one meeting once."""
    try:
        with _db().session() as session:
            made = links.link(session, record_id, body.other_id, body.kind, account)
    except LinkError as error:
        return _refused(error)
    return _answer(record_id, 201 if made else 200)


@api.route(
    "/records/<int:record_id>/links/<int:other_id>",
    "DELETE",
    access="editor",
    query=LinkQuery,
    path=LinkPath,
    replies={200: Reply("Unlinked: the record's links", RecordLinks), 404: NOT_FOUND},
)
def remove_record_link(
    record_id: int, other_id: int, query: LinkQuery, account: Account
) -> Response:
    """Remove the link of the given ``kind`` between two records (editors)."""
    try:
        with _db().session() as session:
            links.unlink(session, record_id, other_id, query.kind, account)
    except LinkError as error:
        return _refused(error)
    return _answer(record_id)
