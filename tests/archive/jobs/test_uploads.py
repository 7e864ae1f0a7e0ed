"""Upload jobs in the database: stored once, claimed once, swept when their worker died."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import func, select

from archive.jobs import uploads
from archive.store import originals
from archive.store.db import Database
from archive.store.models import OriginalFile, UploadJob
from archive.store.recorddata import OriginalData, RecordData
from archive.store.save import save_record

REPORT = "รายงานการประชุมคณะกรรมการร่วมไทย–ญี่ปุ่น ว่าด้วยการป้องกันภัยพิบัติ".encode()


def _dead_pid() -> int:
    """The pid of a process of this machine that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _submit(db: Database, data: bytes = REPORT, name: str = "รายงาน.txt") -> uploads.Submitted:
    with db.session() as session:
        return uploads.submit(session, name, data, user_id=None, user_name="editor")


def test_bytes_are_stored_once_and_a_records_bytes_are_a_duplicate(db: Database) -> None:
    first, second = _submit(db), _submit(db, name="copy.txt")
    assert first.queue and second.queue and first.job_id != second.job_id
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(OriginalFile)) == 1
        record = RecordData(
            title="t", text=REPORT.decode(), source_path="a.txt", content_hash="h",
            original=OriginalData("รายงาน.txt", REPORT),
        )
        record_id = save_record(session, record).record_id
        assert originals.record_of(session, originals.digest(REPORT)) == record_id
    third = _submit(db, name="again.txt")
    assert not third.queue
    with db.session() as session:
        job = session.get(UploadJob, third.job_id)
        assert (job.status, job.stage, job.duplicate_of, job.record_id) == (
            "done", "duplicate", record_id, record_id
        )
        assert uploads.job_dict(job)["duplicate_of"] == record_id


def test_a_job_is_claimed_once(db: Database) -> None:
    job_id = _submit(db).job_id
    with db.session() as session:
        assert uploads.claim(session, job_id, "here:1") is not None
    with db.session() as session:
        assert uploads.claim(session, job_id, "there:2") is None
        job = session.get(UploadJob, job_id)
        assert (job.status, job.worker, job.attempts) == ("running", "here:1", 1)


def test_jobs_of_dead_workers_are_queued_again_then_failed(db: Database) -> None:
    job_id = _submit(db).job_id
    dead = f"{socket.gethostname()}:{_dead_pid()}"
    for attempt in range(1, uploads.MAX_ATTEMPTS + 1):
        with db.session() as session:
            assert uploads.claim(session, job_id, dead) is not None
        with db.session() as session:  # a live worker's job (this process) is left alone
            live = session.get(UploadJob, job_id)
            live.worker = uploads.worker_name()
        with db.session() as session:
            assert uploads.sweep(session, stale_after=3600) == []
            session.get(UploadJob, job_id).worker = dead
        with db.session() as session:
            again = uploads.sweep(session, stale_after=3600)
            job = session.get(UploadJob, job_id)
            if attempt < uploads.MAX_ATTEMPTS:
                assert again == [job_id]
                assert (job.status, job.attempts) == ("queued", attempt)
    assert again == []
    assert job.status == "failed" and "3 times" in job.error
    with db.session() as session:  # nothing waits for the bytes any more
        assert session.get(OriginalFile, job.sha256) is None


def test_another_machines_worker_counts_as_dead_once_silent(db: Database) -> None:
    job_id = _submit(db).job_id
    with db.session() as session:
        uploads.claim(session, job_id, "other-node:123")
    with db.session() as session:
        assert uploads.sweep(session, stale_after=60) == []  # it said so just now
        job = session.get(UploadJob, job_id)
        job.heartbeat_at = uploads.now() - timedelta(seconds=120)
    with db.session() as session:
        assert uploads.sweep(session, stale_after=60) == [job_id]


def test_a_queued_job_left_waiting_is_queued_again(db: Database) -> None:
    job_id = _submit(db).job_id
    with db.session() as session:
        assert uploads.sweep(session, stale_after=60) == []
        session.get(UploadJob, job_id).updated_at = uploads.now() - timedelta(seconds=120)
    with db.session() as session:  # while the queue holds tasks, its message may be one
        assert uploads.sweep(session, stale_after=60, queue_empty=False) == []
    with db.session() as session:
        assert uploads.sweep(session, stale_after=60) == [job_id]


def test_file_names_lose_folders_and_control_characters() -> None:
    assert uploads.clean_filename("C:\\เอกสาร\\รายงาน ปี 2567.docx") == "รายงาน ปี 2567.docx"
    assert uploads.clean_filename("../../etc/pass\x00wd") == "passwd"
    assert uploads.clean_filename("") == "upload"
    long = uploads.clean_filename("ก" * 300 + ".pdf")
    assert len(long) == uploads.MAX_FILENAME and long.endswith(".pdf")
