"""Glue between the upload views (pages and API) and ``archive.jobs``: the uploaded bytes and a
job row stored in one transaction, then queued for a worker. The web never reads a document:
the worker does (``indexer.uploads``, wired to the queue by ``archive.cli``)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext
from werkzeug.datastructures import FileStorage

from archive.jobs import uploads as jobs
from archive.jobs.queue import TaskQueue, open_queue
from archive.store.db import Database
from webapp.auth import Account

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
FIELD = "file"  # the form's and the API's multipart field, repeated once per file


class TooManyFiles(ValueError):
    """More files in one request than ``UPLOAD_MAX_FILES``."""


def task_queue() -> TaskQueue:
    """The site's task queue, opened when first needed (so that a site nobody uploads to makes
    no queue file)."""
    return queue_of(current_app)  # type: ignore[arg-type]


def queue_of(app: Flask) -> TaskQueue:
    """The task queue of ``app`` (opened now if it is not yet)."""
    with _LOCK:
        queue = app.extensions.get("archive_queue")
        if queue is None:
            home = Path(app.config["ARCHIVE_HOME"])
            queue = app.extensions["archive_queue"] = open_queue(home, dict(app.config))
    return queue


def _db() -> Database:
    return current_app.extensions["archive_db"]


def files_of(found: Iterable[FileStorage]) -> list[FileStorage]:
    """The files a request carries (an empty file input sends a part without a name)."""
    files = [f for f in found if f is not None and f.filename]
    limit = int(current_app.config["UPLOAD_MAX_FILES"])
    if len(files) > limit:
        raise TooManyFiles(limit)
    return files


def too_large_message(limit: int) -> str:
    """Why a file over ``UPLOAD_FILE_MAX_BYTES`` was refused (stored as the job's error)."""
    return f"file too large: over {limit / 2**20:g} MB (UPLOAD_FILE_MAX_BYTES)"


def accept(files: list[FileStorage], account: Account) -> list[int]:
    """Store each file with its job (a duplicate of a record's bytes is done at once, a file
    over the size limit failed at once), queue the others; the jobs' ids in order."""
    limit = int(current_app.config["UPLOAD_FILE_MAX_BYTES"])
    ids: list[int] = []
    waiting: list[int] = []
    with _db().session() as session:
        for upload in files:
            data = upload.read(limit + 1)
            name = upload.filename or "upload"
            who = {"user_id": account.id, "user_name": account.name}
            if len(data) > limit:
                ids.append(jobs.reject(session, name, data, too_large_message(limit), **who))
                continue
            submitted = jobs.submit(session, name, data, **who)
            ids.append(submitted.job_id)
            if submitted.queue:
                waiting.append(submitted.job_id)
    queue = task_queue()
    for job_id in waiting:
        try:
            queue.enqueue(job_id)
        except Exception:  # the job stays queued in the database: a worker's sweep finds it
            log.exception("could not queue upload job %s", job_id)
    return ids


def job_dicts(ids: list[int]) -> list[dict[str, Any]]:
    """The jobs as the API answers them, in the order of ``ids`` (unknown ids left out)."""
    with _db().session() as session:
        return jobs.job_dicts(session, ids)


def job_dict(job_id: int) -> dict[str, Any] | None:
    """One job as the API answers it, None when there is none."""
    found = job_dicts([job_id])
    return found[0] if found else None


@dataclass(frozen=True)
class JobView:
    """A job as the jobs page shows it."""

    job: dict[str, Any]
    progress: str
    finished: bool
    record_title: str | None
    warnings: list[str]


def progress_text(job: dict[str, Any]) -> str:
    """What a job is doing, in the visitor's language."""
    progress = job["progress"]
    stage = progress["stage"]
    if job["status"] == "failed":
        return gettext("ไม่สำเร็จ: %(reason)s", reason=job["error"] or "")
    if stage == "duplicate":
        return gettext("ซ้ำกับ record %(id)s (ไม่ได้บันทึกซ้ำ)", id=job["duplicate_of"])
    if job["status"] == "done":
        return gettext("เสร็จแล้ว")
    if stage == "ocr" and progress["pages_total"]:
        return gettext(
            "กำลังอ่านภาพด้วย OCR หน้า %(page)s จาก %(total)s",
            page=(progress["pages_done"] or 0) + 1,
            total=progress["pages_total"],
        )
    if stage == "reading" and progress["pages_total"]:
        return gettext(
            "กำลังอ่านหน้า %(done)s จาก %(total)s (อ่านภาพด้วย OCR เมื่อจำเป็น)",
            done=progress["pages_done"], total=progress["pages_total"],
        )
    if stage == "reading":
        return gettext("กำลังอ่านไฟล์")
    if stage == "parsing":
        return gettext("อ่านไฟล์แล้ว กำลังแยกข้อมูล")
    return gettext("รอคิว")


def job_views(ids: list[int] | None, account: Account) -> list[JobView]:
    """The jobs of ``ids``, or the account's newest ones, with their records' titles and
    warnings once done."""
    with _db().session() as session:
        if ids is None:
            ids = [job.id for job in jobs.recent(session, user_id=account.id)]
        found = jobs.job_dicts(session, ids)
        records = jobs.records_made(
            session, [j["record_id"] for j in found if j["record_id"] is not None]
        )
    views = []
    for job in found:
        title, warnings = records.get(job["record_id"], (None, []))
        views.append(JobView(
            job=job,
            progress=progress_text(job),
            finished=job["status"] in ("done", "failed"),
            record_title=title,
            warnings=[] if job["duplicate_of"] else warnings,
        ))
    return views
