"""The whole-archive export for administrators: ``/admin/export?format=jsonl|csv``, streamed
(the same files as ``archive export``)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, request, stream_with_context

from archive.store.export import FORMATS, MEDIA_TYPES, export_lines
from webapp.auth import requires

bp = Blueprint("admin_export", __name__, url_prefix="/admin")


@bp.get("/export")
@requires("admin")
def archive() -> Response:
    """Every listed record as JSON Lines or CSV, written while the database is read."""
    fmt = request.args.get("format", "jsonl")
    if fmt not in FORMATS:
        abort(400, description=f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    db = current_app.extensions["archive_db"]

    def pieces() -> Iterator[bytes]:
        with db.session() as session:
            for piece in export_lines(session, fmt):
                yield piece.encode("utf-8")

    response = Response(stream_with_context(pieces()), content_type=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="archive.{fmt}"'
    return response
