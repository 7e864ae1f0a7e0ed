"""Citation and export downloads: one record (``/records/<id>/cite.bib|ris|json``) or every hit
of a search (``/export.bib|ris|json|csv|xlsx`` with the search page's parameters)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from webapp import services
from webapp.recordpage import permalink
from webapp.review.publishing import refuse_hidden

bp = Blueprint("export", __name__)


def _send(download: services.Download | None) -> Response:
    if download is None:
        abort(404)
    response = Response(download.body, content_type=download.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@bp.get("/records/<int:record_id>/cite.<fmt>")
def record(record_id: int, fmt: str) -> Response:
    db = current_app.extensions["archive_db"]
    refuse_hidden(db, record_id)  # withdrawn: out of exports
    return _send(services.record_citation(db, record_id, fmt, permalink))


@bp.get("/export.<fmt>")
def results(fmt: str) -> Response:
    app = current_app
    return _send(
        services.export_results(
            app.extensions["archive_index"],
            app.extensions["archive_db"],
            request.args,
            fmt,
            permalink,
        )
    )
