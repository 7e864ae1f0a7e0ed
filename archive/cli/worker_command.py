"""``archive worker``: run upload jobs from the task queue (``archive serve`` starts one)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import click

from archive.cli.context import Context, pass_context
from archive.jobs import uploads
from archive.jobs.queue import TaskQueue, configured, open_queue
from archive.store.db import Database
from indexer.uploads import run_job

log = logging.getLogger(__name__)
STALE_SECONDS = 60.0  # a running job whose worker has been silent this long is queued again
SWEEP_SECONDS = 15.0  # how often a worker looks for such jobs


def wire(queue: TaskQueue, db: Database) -> TaskQueue:
    """The composition: the queue's upload jobs run by ``indexer.uploads.run_job``."""
    return queue.handle(lambda job_id: _run(db, job_id))


def _run(db: Database, job_id: int) -> None:
    status = run_job(db, job_id)
    log.info("upload job %s: %s", job_id, status)


def sweep_once(queue: TaskQueue, db: Database, stale_after: float = STALE_SECONDS) -> list[int]:
    """Queue again the jobs whose worker died (and queued ones left waiting); their ids."""
    empty = queue.pending() == 0  # else a queued job's message is still on its way
    with db.session() as session:
        again = uploads.sweep(session, stale_after=stale_after, queue_empty=empty)
    for job_id in again:
        queue.enqueue(job_id)
    return again


class Sweeper(threading.Thread):
    """Sweeps now and every ``SWEEP_SECONDS`` while the worker runs."""

    def __init__(self, queue: TaskQueue, db: Database, stale_after: float) -> None:
        super().__init__(name="job-sweeper", daemon=True)
        self.queue, self.db, self.stale_after = queue, db, stale_after
        self.stopped = threading.Event()

    def run(self) -> None:
        while True:
            try:
                again = sweep_once(self.queue, self.db, self.stale_after)
                if again:
                    log.warning("queued again (their worker stopped): jobs %s", again)
            except Exception:  # the database away for a moment: try at the next sweep
                log.exception("sweeping upload jobs failed")
            if self.stopped.wait(SWEEP_SECONDS):
                return


@click.command()
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True,
    help="Jobs run at the same time (threads).",
)
@click.option(
    "--stale-after", type=click.FloatRange(min=1), default=STALE_SECONDS, show_default=True,
    help="Seconds of silence after which a running job's worker counts as dead.",
)
@click.option("--parent-pid", type=int, default=None, hidden=True,
              help="Stop when this process (the site that started the worker) is gone.")
@pass_context
def worker(obj: Context, workers: int, stale_after: float, parent_pid: int | None) -> None:
    """Run uploaded documents' jobs from the task queue (TASK_QUEUE in site.toml: a SQLite
    file in the data folder by default, or Redis / PostgreSQL shared by several nodes).

    Jobs wait in the queue while no worker runs; a job whose worker was killed runs again.
    Stops on Ctrl-C or SIGTERM after the running jobs."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    queue = wire(open_queue(obj.home), obj.db)
    if queue.immediate:
        raise click.ClickException("TASK_QUEUE is \"immediate\": there is no queue to work on")
    sweeper = Sweeper(queue, obj.db, stale_after)
    sweeper.start()
    if parent_pid is not None:
        threading.Thread(target=_exit_with, args=(parent_pid,), daemon=True).start()
    consumer = queue.huey.create_consumer(
        workers=workers, worker_type="thread", periodic=False, max_delay=1.0,
        graceful_signal="TERM",
    )
    click.echo(f"Worker {uploads.worker_name()} on queue {configured(obj.home)}", err=True)
    try:
        consumer.run()
    finally:
        sweeper.stopped.set()
        queue.close()


def _exit_with(parent_pid: int) -> None:
    """Stop this worker (gracefully, as SIGTERM does) once its parent process has ended."""
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def start_worker_process(home: Path) -> subprocess.Popen[bytes] | None:
    """``archive worker`` as a child process of the site, ending with it (None: the queue is
    immediate)."""
    if configured(home) == "immediate":
        return None
    command = [sys.executable, "-m", "archive", "--home", str(home), "worker",
               "--parent-pid", str(os.getpid())]
    return subprocess.Popen(command, env=os.environ.copy())


def stop_worker_process(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a worker started by ``start_worker_process`` (it finishes its running jobs)."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
