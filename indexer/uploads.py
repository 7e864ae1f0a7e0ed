"""Run one upload job (``archive.jobs.uploads``): the uploaded bytes -> text -> a record, with
the job's progress written as it goes. Runs in a worker of the task queue (``archive worker``),
never in a web request; the composition root hands ``run_job`` to the queue.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from archive.jobs import uploads
from archive.store import originals, save
from archive.store.db import Database
from archive.store.models import UploadJob
from indexer.extract.parsing import parse_text
from indexer.extract.reading import ReadError, read_bytes
from indexer.extract.sources import OCR, READING, Progress
from indexer.ingest import one_line, with_original

HEARTBEAT_SECONDS = 5.0  # how often a running job says its worker is alive
PROGRESS_SECONDS = 0.5  # at most this often a page count is written
# The reader's stages as the job's: a page going to OCR is always written (it takes seconds).
_STAGES = {READING: "reading", OCR: "ocr"}


def run_job(db: Database, job_id: int, *, worker: str | None = None) -> str:
    """Run the job if it is still queued; its final status ("done", "failed"), or "skipped"
    when another worker has it or it is finished."""
    with db.session() as session:
        job = uploads.claim(session, job_id, worker or uploads.worker_name())
        if job is None:
            return "skipped"
        sha, filename = job.sha256, job.filename
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(db, job_id, stop), daemon=True)
    beat.start()
    try:
        return _run(db, job_id, sha, filename)
    except Exception as error:  # a bug or the database: the job says so, the worker goes on
        return _fail(db, job_id, f"{filename}: {one_line(error)}")
    finally:
        stop.set()
        beat.join()


def _run(db: Database, job_id: int, sha: str, filename: str) -> str:
    with db.session() as session:
        twin = originals.record_of(session, sha)
        data = None if twin is not None else originals.content(session, sha)
    if twin is not None:  # the same bytes became a record since the upload
        return _end(db, job_id, lambda s, job: uploads.finish(s, job, twin, twin))
    if data is None:
        return _fail(db, job_id, f"{filename}: the uploaded file is no longer stored")
    try:
        source = read_bytes(data, name=filename, progress=_reporter(db, job_id))
    except ReadError as error:
        return _fail(db, job_id, f"{filename}: {error}")
    with db.session() as session:
        uploads.progress(session, job_id, "parsing")
    path = uploads.source_path(sha, filename)
    try:
        parsed = parse_text(source.text, source_path=path, source_format=source.format)
    except Exception as error:  # a parser bug: reported with the file, as a batch ingest does
        return _fail(db, job_id, f"{filename}: parser error: {one_line(error)}")
    parsed = with_original(parsed, source, filename, data)

    def store(session, job: UploadJob) -> None:  # type: ignore[no-untyped-def]
        outcome = save.save_record(session, parsed)
        duplicate = outcome.record_id if outcome.status == "unchanged" else None
        uploads.finish(session, job, outcome.record_id, duplicate)

    return _end(db, job_id, store)


def _end(db: Database, job_id: int, action: Callable[..., None]) -> str:
    """Apply the job's last step in one transaction; the job's status after it."""
    with db.session() as session:
        job = session.get(UploadJob, job_id)
        assert job is not None
        action(session, job)
        return job.status


def _fail(db: Database, job_id: int, reason: str) -> str:
    return _end(db, job_id, lambda session, job: uploads.fail(session, job, reason))


def _reporter(db: Database, job_id: int) -> Progress:
    """A page-progress callback writing to the job: a page going to OCR at once, pages read at
    most every ``PROGRESS_SECONDS``."""
    last = [0.0]

    def report(done: int, total: int, stage: str) -> None:
        moment = time.monotonic()
        if stage == READING and done < total and moment - last[0] < PROGRESS_SECONDS:
            return
        last[0] = moment
        with db.session() as session:
            uploads.progress(session, job_id, _STAGES[stage], done, total)

    return report


def _beat(db: Database, job_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            with db.session() as session:
                uploads.heartbeat(session, job_id)
        except Exception:  # the next beat tries again; a silent worker is swept, not lost
            continue
