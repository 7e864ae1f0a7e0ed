"""Upload jobs: a file handed to the archive through the site or the API, on its way to a
record. The job row says where it is (queued, running, done, failed; the stage: reading, OCR
of a page, parsing; and pages read); the file's bytes wait in ``original_files`` (stored once
per distinct content).

The web calls ``submit`` and enqueues the jobs it returns; a worker ``claim``s a job, reports
``progress``, and ends it with ``finish`` or ``fail``. ``sweep`` finds jobs whose worker died
and queues them again.
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from archive.store import originals
from archive.store.models import Record, UploadJob

STATUSES = ("queued", "running", "done", "failed")
# "ocr": page pages_done + 1 of pages_total is being read by OCR (seconds a page)
STAGES = ("queued", "reading", "ocr", "parsing", "parsed", "duplicate", "failed")
MAX_ATTEMPTS = 3  # a file whose worker died this many times is failed, not tried again
MAX_FILENAME = 200
UPLOAD_PREFIX = "upload"  # source paths of uploaded records: upload/<sha256 prefix>/<file name>


def now() -> datetime:
    """The current time as stored (UTC, naive, like the database's CURRENT_TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None)


def worker_name() -> str:
    """This process as a job's worker: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def clean_filename(name: str) -> str:
    """The file name an upload gave, without folders or control characters, at most 200."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "upload"
    if len(base) > MAX_FILENAME:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: MAX_FILENAME - len(suffix) - 1] + dot + suffix) if dot else base[:200]
    return base


def source_path(sha256: str, filename: str) -> str:
    """The source path of the record an uploaded file becomes."""
    return f"{UPLOAD_PREFIX}/{sha256[:16]}/{filename}"


@dataclass(frozen=True)
class Submitted:
    """A job just created, and whether it must be queued (False: a duplicate, done already)."""

    job_id: int
    queue: bool


def submit(
    session: Session, filename: str, data: bytes, *, user_id: int | None, user_name: str | None
) -> Submitted:
    """A job for an uploaded file: its bytes stored (once), or reported as a duplicate of the
    record already read from the same bytes."""
    filename = clean_filename(filename)
    sha = originals.put(session, data, filename)
    job = UploadJob(
        filename=filename, sha256=sha, user_id=user_id, user_name=user_name, attempts=0
    )
    twin = originals.record_of(session, sha)
    if twin is not None:
        job.status, job.stage, job.duplicate_of, job.record_id = "done", "duplicate", twin, twin
    else:
        job.status, job.stage = "queued", "queued"
    session.add(job)
    session.flush()
    return Submitted(job.id, twin is None)


def reject(
    session: Session, filename: str, data: bytes, reason: str, *, user_id: int | None,
    user_name: str | None,
) -> int:
    """A job failed on arrival (a file over the size limit): reported like the others, its
    bytes not kept."""
    job = UploadJob(
        filename=clean_filename(filename), sha256=originals.digest(data), status="failed",
        stage="failed", error=reason, user_id=user_id, user_name=user_name, attempts=0,
    )
    session.add(job)
    session.flush()
    return job.id


def job_dict(job: UploadJob) -> dict[str, Any]:
    """A job as the API answers it."""
    return {
        "id": job.id,
        "filename": job.filename,
        "status": job.status,
        "progress": {
            "stage": job.stage,
            "pages_done": job.pages_done,
            "pages_total": job.pages_total,
        },
        "record_id": job.record_id,
        "duplicate_of": job.duplicate_of,
        "error": job.error,
    }


def job_dicts(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The jobs of ``ids`` as the API answers them, in that order (unknown ids left out)."""
    rows = {job.id: job for job in session.scalars(select(UploadJob).where(UploadJob.id.in_(ids)))}
    return [job_dict(rows[i]) for i in ids if i in rows]


def records_made(session: Session, record_ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    """Title and warnings of the records jobs made, by id (what the jobs page shows)."""
    rows = session.execute(
        select(Record.id, Record.title, Record.warnings).where(Record.id.in_(record_ids))
    )
    return {row.id: (row.title, list(row.warnings or [])) for row in rows}


def get(session: Session, job_id: int) -> UploadJob | None:
    """The job, None when there is none."""
    return session.get(UploadJob, job_id)


def recent(session: Session, *, user_id: int | None = None, limit: int = 50) -> list[UploadJob]:
    """The newest jobs (of one user when given), newest first."""
    query = select(UploadJob).order_by(UploadJob.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(UploadJob.user_id == user_id)
    return list(session.scalars(query))


def claim(session: Session, job_id: int, worker: str) -> UploadJob | None:
    """Take a queued job for this worker (None: gone, running elsewhere or finished: a task
    delivered twice runs once)."""
    taken = session.execute(
        update(UploadJob)
        .where(UploadJob.id == job_id, UploadJob.status == "queued")
        .values(
            status="running",
            stage="reading",
            worker=worker,
            heartbeat_at=now(),
            attempts=UploadJob.attempts + 1,
            error=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    return session.get(UploadJob, job_id) if taken else None


def progress(
    session: Session, job_id: int, stage: str, pages_done: int | None = None,
    pages_total: int | None = None,
) -> None:
    """Say what the worker is doing (and that it is alive)."""
    values: dict[str, Any] = {"stage": stage, "heartbeat_at": now()}
    if pages_total is not None:
        values.update(pages_done=pages_done, pages_total=pages_total)
    session.execute(
        update(UploadJob)
        .where(UploadJob.id == job_id, UploadJob.status == "running")
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def heartbeat(session: Session, job_id: int) -> None:
    """The worker is still at it."""
    session.execute(
        update(UploadJob)
        .where(UploadJob.id == job_id, UploadJob.status == "running")
        .values(heartbeat_at=now())
        .execution_options(synchronize_session=False)
    )


def finish(session: Session, job: UploadJob, record_id: int, duplicate_of: int | None) -> None:
    """The job made (or found) its record; a duplicate's bytes are not kept twice."""
    job.status, job.record_id, job.duplicate_of = "done", record_id, duplicate_of
    job.stage = "duplicate" if duplicate_of is not None else "parsed"
    job.error = None
    session.flush()
    if duplicate_of is not None:
        originals.discard_if_unused(session, job.sha256)


def fail(session: Session, job: UploadJob, reason: str) -> None:
    """The job failed for ``reason`` (shown to the person who uploaded the file)."""
    job.status, job.stage, job.error = "failed", "failed", reason
    session.flush()
    originals.discard_if_unused(session, job.sha256)


def _alive_here(worker: str | None) -> bool | None:
    """Whether a worker of this machine still runs (None: another machine's, cannot tell)."""
    host, _, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(session: Session, *, stale_after: float, queue_empty: bool = True) -> list[int]:
    """Jobs to queue again: running ones whose worker died (a process of this machine that is
    gone, or silent for ``stale_after`` seconds) and, when the queue holds no task
    (``queue_empty``), queued ones waiting that long (their message was lost; a job delivered
    twice still runs once). A job whose worker died ``MAX_ATTEMPTS`` times fails instead."""
    limit = now() - timedelta(seconds=stale_after)
    again: list[int] = []
    waiting = (UploadJob.status == "queued") & (UploadJob.updated_at < limit)
    rows = session.scalars(
        select(UploadJob).where(
            or_(UploadJob.status == "running", waiting) if queue_empty
            else UploadJob.status == "running"
        )
    )
    for job in rows:
        if job.status == "running":
            alive = _alive_here(job.worker)
            silent = job.heartbeat_at is None or job.heartbeat_at < limit
            if alive or (alive is None and not silent):
                continue
            if job.attempts >= MAX_ATTEMPTS:
                fail(session, job, f"the worker stopped while reading this file {job.attempts} "
                     "times; it was not tried again")
                continue
            job.status, job.stage, job.worker = "queued", "queued", None
        job.updated_at = now()
        again.append(job.id)
    session.flush()
    return again
