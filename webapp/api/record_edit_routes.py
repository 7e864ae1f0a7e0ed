"""API routes for correcting records: change a record (editors), read its history.

Declared with their schemas (``webapp/api/schemas_curation.py``) like every API route; the
changes go through ``archive.curation.edits`` (validation, locking, history, change log).
Refusals (``CurationError``) are answered in ``webapp/error_responses.py``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify

from archive.curation.edits import EDITABLE
from archive.store.db import Database
from archive.store.lookups import MAX_ID
from webapp.api.registry import ApiRoutes, Reply
from webapp.api.schemas import Record, RecordPath
from webapp.api.schemas_curation import RecordConflict, RecordHistory, RecordPatch
from webapp.auth import Account
from webapp.curation import service
from webapp.review.publishing import refuse_hidden

bp = Blueprint("records_api", __name__, url_prefix="/api")
api = ApiRoutes(bp, tag="records")

NOT_FOUND = Reply("No record with this id")
GONE = Reply("Withdrawn (the error gives the reason)")


def _db() -> Database:
    return current_app.extensions["archive_db"]  # type: ignore[no-any-return]


@api.route(
    "/records/<int:record_id>",
    "PATCH",
    access="editor",
    path=RecordPath,
    body=RecordPatch,
    replies={
        200: Reply("The record after the change", Record),
        400: Reply("A value that cannot be stored (the error names the field)"),
        404: NOT_FOUND,
        409: Reply("Changed by someone else since `version`", RecordConflict),
    },
)
def update_record(record_id: int, body: RecordPatch, account: Account) -> Response:
    """Correct a record (an editor's or admin's token).

    Send the record JSON's keys to change and the `version` you read. The values are checked
    as ingest checks them (dates in the Common or Buddhist era, gazetteer countries and
    cities). Each changed key becomes a history entry with your user name and `note`, shown
    instead of what the document says (a re-ingest never overwrites it); the version goes up
    by one and search follows within seconds. If someone else saved first, nothing is saved
    and the answer is 409 with the changes since your version.
    """
    if record_id > MAX_ID:
        abort(404, description=f"no record with id {record_id}")
    changes = body.model_dump(include=set(EDITABLE), exclude_unset=True)
    data = service.correct(_db(), record_id, changes, user_id=account.id,
                           version=body.version, note=body.note)
    return jsonify(data)


@api.route(
    "/records/<int:record_id>/history",
    path=RecordPath,
    replies={
        200: Reply("The record's corrections and history", RecordHistory),
        404: NOT_FOUND,
        410: GONE,
    },
)
def record_history(record_id: int) -> Response:
    """A record's corrections (with what the document says now) and its history, oldest
    first."""
    found = None
    if record_id <= MAX_ID:
        refuse_hidden(_db(), record_id, api=True)
        found = service.curation(_db(), record_id)
    if found is None:
        abort(404, description=f"no record with id {record_id}")
    return jsonify(found)
