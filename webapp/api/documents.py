"""API routes of uploaded documents: ``POST /api/documents`` (an editor's token; multipart,
field ``file`` repeated) answers 202 with the jobs; ``GET /api/documents/<job id>`` tells how
one is going. The files are read by workers of the task queue, never in the request."""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.api.registry import ApiRoutes, Reply
from webapp.api.routes import bp
from webapp.api.schemas_documents import Job, JobPath, JobsCreated
from webapp.auth import Account
from webapp.documents import service

documents_api = ApiRoutes(bp, tag="documents")
DOCUMENTED_MAX = 200 * 1024 * 1024  # the default of UPLOAD_MAX_BYTES, for the document


def _too_large() -> None:
    mb = f"{current_app.config['UPLOAD_MAX_BYTES'] / 2**20:g}"
    abort(413, description=(
        f"upload too large: at most {mb} MB in one request (UPLOAD_MAX_BYTES); send fewer "
        f"files at a time / ไฟล์ที่ส่งมีขนาดรวมเกิน {mb} MB กรุณาแบ่งส่ง"
    ))


@documents_api.route(
    "/documents",
    "POST",
    access="editor",
    upload=service.FIELD,
    max_body=DOCUMENTED_MAX,
    replies={202: Reply("The files are stored and queued: their jobs", JobsCreated)},
)
def upload_documents(account: Account) -> tuple[Response, int]:
    """Upload documents (an editor's or admin's token).

    Send one or many files as multipart/form-data, each in a part named `file`. Each becomes a
    job, read in the background (PDF, scans by OCR, Word, text, HTML); follow it with
    `GET /api/documents/{job_id}`. A file whose bytes are already a record's is done at once
    as a duplicate (`duplicate_of`); the same text found in a record is reported the same way
    once read. Limits: UPLOAD_MAX_FILES files and UPLOAD_MAX_BYTES in one request,
    UPLOAD_FILE_MAX_BYTES a file (that file's job fails, the others go on).
    """
    limit = int(current_app.config["UPLOAD_MAX_BYTES"])
    if request.content_length is not None and request.content_length > limit:
        _too_large()
    if request.mimetype != "multipart/form-data":
        abort(415, description="Content-Type must be multipart/form-data (one part per file)")
    request.max_content_length = limit
    try:
        files = service.files_of(request.files.getlist(service.FIELD))
    except RequestEntityTooLarge:
        _too_large()
    except service.TooManyFiles as error:
        abort(400, description=f"file: at most {error.args[0]} files in one request")
    if not files:
        abort(400, description="file: required (multipart/form-data, one part per file)")
    ids = service.accept(files, account)
    jobs = [
        {"id": job["id"], "filename": job["filename"], "status": job["status"]}
        for job in service.job_dicts(ids)
    ]
    return jsonify(jobs=jobs), 202


@documents_api.route(
    "/documents/<int:job_id>",
    access="editor",
    path=JobPath,
    replies={200: Reply("The job", Job), 404: Reply("No upload job with this id")},
)
def upload_job(job_id: int) -> Response:
    """How an uploaded document is going (an editor's or admin's token)."""
    job = service.job_dict(job_id) if job_id <= 2**31 - 1 else None
    if job is None:
        abort(404, description="no upload job with this id")
    return jsonify(job)
