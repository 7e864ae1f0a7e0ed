"""Upload pages for editors (``/documents/upload``, ``/documents/jobs``) and the download of a
record's original file (``/records/<id>/original``).

The upload form is a plain multiple-file input that works without scripts (``documents.js``
adds drag and drop); the jobs page refreshes itself (a meta refresh without scripts, polling of
``/documents/jobs.json`` with them) until every file is done or failed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import BuildError

from archive.store import originals
from webapp.auth import requires, upload_limit
from webapp.documents import pages, service
from webapp.error_responses import http_error
from webapp.review.publishing import refuse_hidden

bp = Blueprint("documents", __name__)

ACCEPT = ".txt,.md,.html,.htm,.docx,.doc,.odt,.pdf,.png,.jpg,.jpeg,.tif,.tiff"
REFRESH_SECONDS = 3  # the jobs page without scripts reloads itself this often


def _upload_page(error: str | None = None) -> str:
    config = current_app.config
    return render_template(
        "documents/upload.html",
        error=error,
        accept=ACCEPT,
        max_files=config["UPLOAD_MAX_FILES"],
        max_file_mb=f"{config['UPLOAD_FILE_MAX_BYTES'] / 2**20:g}",
        max_total_mb=f"{config['UPLOAD_MAX_BYTES'] / 2**20:g}",
    )


@bp.get("/documents/upload")
@requires("editor")
def upload_form() -> str:
    """The upload form: one or many files."""
    return _upload_page()


@bp.post("/documents/upload")
@requires("editor")
@upload_limit("UPLOAD_MAX_BYTES")
def upload() -> Response | tuple[str, int]:
    """Store the files and queue them; then their jobs page."""
    try:
        files = service.files_of(request.files.getlist(service.FIELD))
    except service.TooManyFiles as error:
        message = gettext("ส่งได้ครั้งละไม่เกิน %(n)s ไฟล์", n=error.args[0])
        return _upload_page(message), 400
    if not files:
        return _upload_page(gettext("กรุณาเลือกไฟล์อย่างน้อยหนึ่งไฟล์")), 400
    ids = service.accept(files, current_user)
    return redirect(url_for("documents.jobs", ids=",".join(map(str, ids))), 303)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> Any:
    """A request over ``UPLOAD_MAX_BYTES``: the form again, saying how much may be sent."""
    if request.endpoint != "documents.upload":
        return http_error(error)
    mb = f"{current_app.config['UPLOAD_MAX_BYTES'] / 2**20:g}"
    message = gettext(
        "ไฟล์ที่ส่งมีขนาดรวมเกิน %(mb)s MB จึงไม่ได้รับไว้ กรุณาแบ่งส่งทีละน้อยไฟล์", mb=mb
    )
    return _upload_page(message), 413


def _ids() -> list[int] | None:
    raw = request.args.get("ids", "")
    if not raw:
        return None
    try:
        return [int(part) for part in raw.split(",") if part.strip()][:200]
    except ValueError:
        abort(400, description=gettext("ids ต้องเป็นเลขงานคั่นด้วยจุลภาค"))


def edit_url(record_id: int) -> str:
    """The record's edit form (the curation pages), by route name when it is registered."""
    try:
        return url_for("records.edit", record_id=record_id)
    except BuildError:
        return f"/records/{record_id}/edit"


@bp.get("/documents/jobs")
@requires("editor")
def jobs() -> str:
    """The jobs of ``?ids=`` (or the visitor's newest), with each file's progress."""
    views = service.job_views(_ids(), current_user)
    running = any(not view.finished for view in views)
    return render_template(
        "documents/jobs.html",
        views=views,
        running=running,
        refresh=REFRESH_SECONDS,
        ids=request.args.get("ids", ""),
        edit_url=edit_url,
    )


@bp.get("/documents/jobs.json")
@requires("editor")
def jobs_json() -> Response:
    """The same jobs as JSON for the page's script: the API's fields and the progress text."""
    views = service.job_views(_ids(), current_user)
    return jsonify(jobs=[{**view.job, "progress_text": view.progress, "finished": view.finished}
                         for view in views])


@bp.get("/records/<int:record_id>/original")
def original(record_id: int) -> Response:
    """The record's original file, as a download (never shown inline: an HTML original is
    someone else's page)."""
    db = current_app.extensions["archive_db"]
    refuse_hidden(db, record_id)
    with db.session() as session:
        found = originals.of_record(session, record_id)
        data = originals.content(session, found.sha256) if found else None
    if found is None or data is None:
        abort(404, description=gettext("ไม่ได้เก็บไฟล์ต้นฉบับของรายงานนี้"))
    response = Response(data)
    response.headers["Content-Type"] = found.media_type  # the bytes as stored: no charset added
    response.headers["Content-Disposition"] = _attachment(found.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["ETag"] = f'"{found.sha256}"'
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _attachment(filename: str) -> str:
    """Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                       for c in filename) or "original"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@bp.app_template_global()
def record_original(record_id: int) -> dict[str, Any]:
    """For the record page: its original file (or None) and the pages of its text."""
    db = current_app.extensions["archive_db"]
    with db.session() as session:
        return {
            "file": originals.of_record(session, record_id),
            "page_starts": originals.page_starts(session, record_id),
        }


@bp.app_template_global()
def page_of(page_starts: list[int], text: str, part: str) -> int | None:
    """The page of a paged original where ``part`` of the record's text is."""
    return pages.page_of_text(page_starts, text, part)
