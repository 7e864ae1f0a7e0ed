"""``archive worker`` as a real process on the default queue (a SQLite file in the data
folder): files uploaded through the site and the API while no worker runs become records once
one starts; a worker killed with SIGKILL loses no job."""

from __future__ import annotations

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from archive.config import database_url
from archive.jobs import uploads
from archive.jobs.queue import open_queue
from archive.store.db import Database
from archive.store.models import Record, UploadJob
from tests.conftest import SearchArchive, bma_form
from tests.webapp.conftest import Site, add_token_user, tracking_config
from webapp import close_app, create_app

THAI_FONT = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")  # Debian fonts-thai-tlwg
PAGES = 4


@contextmanager
def worker(home: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """``archive --home HOME worker ARGS`` running until the block ends (then SIGTERM); its
    log in HOME/worker.log."""
    with open(home / "worker.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "archive", "--home", str(home), "worker", *args],
            stdout=subprocess.DEVNULL, stderr=log,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def statuses(db: Database) -> dict[str, str]:
    with db.session() as session:
        return {job.filename: job.status for job in session.query(UploadJob)}


def test_uploads_wait_for_a_worker_across_a_restart(tracking_archive: SearchArchive) -> None:
    home = tracking_archive.home
    token = add_token_user(home, "uploader", "editor")
    app = create_app(tracking_config(home))
    site = Site(app, app.test_client())
    site.login("editor")
    one = bma_form("การประชุมความร่วมมือด้านสาธารณสุขกับอินเดีย").encode()
    two = bma_form("การประชุมความร่วมมือด้านการเกษตรกับอิสราเอล").encode()
    three = bma_form("การประชุมความร่วมมือด้านไซเบอร์กับเอสโตเนีย").encode()
    form = site.client.post("/documents/upload", data={
        "csrf_token": site.token("/documents/upload"),
        "file": [(io.BytesIO(one), "อินเดีย.txt"), (io.BytesIO(two), "อิสราเอล.txt")],
    })
    assert form.status_code == 303
    api = app.test_client().post(
        "/api/documents", data={"file": [(io.BytesIO(three), "เอสโตเนีย.txt")]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 202
    assert "รอคิว" in site.html(form.headers["Location"])
    close_app(app)  # the site stops: the jobs wait in the queue file

    db = Database(database_url(home))
    assert set(statuses(db).values()) == {"queued"}
    try:
        with worker(home):
            wait_for(lambda: set(statuses(db).values()) == {"done"}, "the jobs")
    finally:
        db.dispose()

    app = create_app(tracking_config(home))  # the site again
    try:
        site = Site(app, app.test_client())
        site.login("editor")
        html = site.html(form.headers["Location"])
        ids = [int(i) for i in re.findall(r'href="/records/(\d+)" class="record-link"', html)]
        assert len(ids) == 2 and "เสร็จแล้ว" in html
        assert site.client.get(f"/records/{ids[1]}/original").data == two
        assert "การประชุมความร่วมมือด้านการเกษตรกับอิสราเอล" in site.html(f"/records/{ids[1]}")
    finally:
        close_app(app)


def test_a_job_whose_worker_was_killed_before_it_started_runs_again(
    db: Database, home: Path
) -> None:
    queue = open_queue(home)
    with db.session() as session:
        lost = uploads.submit(session, "หาย.txt", bma_form("การประชุมครั้งที่หนึ่ง").encode(),
                              user_id=None, user_name=None).job_id

    # A worker takes the message, then is killed before it could say so in the database (the
    # test holds the database's write lock meanwhile): the job is queued, its message gone.
    # The lock is taken once the worker has opened the database (which may write: migrations).
    lock = sqlite3.connect(home / "archive.sqlite3", isolation_level=None)
    with worker(home) as first:
        wait_for(lambda: "Worker " in (home / "worker.log").read_text(), "the worker to start")
        lock.execute("BEGIN IMMEDIATE")
        queue.enqueue(lost)
        wait_for(lambda: queue.pending() == 0, "the worker to take the task")
        time.sleep(0.5)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    lock.execute("ROLLBACK")
    lock.close()
    assert first.returncode == -signal.SIGKILL
    assert statuses(db)["หาย.txt"] == "queued" and queue.pending() == 0

    # The next worker finds it: a queued job whose message was lost (the queue is empty).
    time.sleep(1.1)
    with worker(home, "--stale-after", "1"):
        wait_for(lambda: statuses(db) == {"หาย.txt": "done"}, "the job to run again")
    with db.session() as session:
        assert session.get(UploadJob, lost).attempts == 1
    queue.close()


def test_a_worker_on_a_redis_queue(
    db: Database, home: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TASK_QUEUE = "redis://..." (several nodes): the site's side queues there, a worker
    started with the same setting runs the job."""
    monkeypatch.setenv("ARCHIVE_TASK_QUEUE", f"{redis_url}/3")
    queue = open_queue(home)
    assert type(queue.huey).__name__ == "RedisHuey"
    queue.huey.flush()
    with db.session() as session:
        job_id = uploads.submit(session, "เรดิส.txt", bma_form("การประชุมผ่านคิวเรดิส").encode(),
                                user_id=None, user_name=None).job_id
    queue.enqueue(job_id)
    assert queue.pending() == 1 and not (home / "tasks.sqlite3").exists()
    with worker(home):
        wait_for(lambda: statuses(db) == {"เรดิส.txt": "done"}, "the job")
    queue.close()


def _scan(pages: int) -> bytes:
    """A multi-page TIFF scan of Thai text (rendered at about 150 dpi with a Thai font)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(THAI_FONT), 36)
    lines = ["สรุปผลการประชุมความร่วมมือด้านการจัดการน้ำ ณ กรุงโตเกียว ประเทศญี่ปุ่น",
             "ที่ประชุมเห็นชอบให้แลกเปลี่ยนข้อมูลปริมาณน้ำฝนและระดับน้ำในแม่น้ำสายหลัก",
             "ผู้แทนกรุงเทพมหานครรายงานการพัฒนาระบบระบายน้ำและอุโมงค์ระบายน้ำ"]
    frames = []
    for page in range(pages):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for i in range(5):
            draw.text((80, 120 + 110 * i), f"{lines[i % 3]} ({page + 1})", font=font, fill=0)
        frames.append(image)
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_deflate")
    return out.getvalue()


def test_a_worker_killed_in_the_middle_of_an_ocr_job(db: Database, home: Path) -> None:
    """SIGKILL while the worker reads page k of n: the next worker queues the job again at
    once (its worker's process is gone) and reads it whole."""
    from indexer.extract import ocr

    problem = ocr.available() or (None if THAI_FONT.exists() else f"no font {THAI_FONT}")
    if problem:
        print(f"SKIP: {problem}")
        pytest.skip(problem)
    queue = open_queue(home)
    with db.session() as session:
        job_id = uploads.submit(session, "สแกน.tif", _scan(PAGES), user_id=None,
                                user_name=None).job_id
    queue.enqueue(job_id)

    def progress() -> tuple[str, int | None]:
        with db.session() as session:
            job = session.get(UploadJob, job_id)
            return job.status, job.pages_done

    with worker(home) as first:
        wait_for(lambda: (progress()[1] or 0) >= 1, "the first page read")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    status, done = progress()
    assert status == "running" and 1 <= done < PAGES  # killed in the middle of the job
    with worker(home):
        wait_for(lambda: progress()[0] == "done", "the job to run again")
    with db.session() as session:
        job = session.get(UploadJob, job_id)
        assert (job.attempts, job.pages_done, job.pages_total) == (2, PAGES, PAGES)
        record = session.get(Record, job.record_id)
        assert len(record.page_starts) == PAGES
        assert any("OCR" in warning for warning in record.warnings)
    queue.close()
