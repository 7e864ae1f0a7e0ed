"""The task queue (huey): where tasks wait, and the one task the archive runs in the background.

Where the queue lives is the setting ``TASK_QUEUE`` (``site.toml``, or $ARCHIVE_TASK_QUEUE):

- ``"sqlite"`` (the default): a SQLite file in the data folder (``tasks.sqlite3``), for one
  machine: the site and its workers share it, and waiting tasks survive a restart;
- ``"redis://host:6379/0"``: a Redis server, for several nodes sharing one database;
- ``"postgresql://..."``: a PostgreSQL database (tables ``huey_*``), likewise;
- ``"immediate"``: run each task at once in the caller (tests).

The task itself does not live here: ``archive`` may not import the indexer. The composition
root (``archive.cli``) gives the queue the function that runs an upload job (``handle``);
the web only enqueues, by the task's name.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey

from archive.config import SETTINGS_FILE

SETTING = "TASK_QUEUE"
ENVIRONMENT = "ARCHIVE_TASK_QUEUE"
DEFAULT = "sqlite"
QUEUE_FILE = "tasks.sqlite3"
NAME = "archive"
# A task that raised (a database briefly unavailable) runs again after a pause; a worker that
# died in the middle of a job is another matter (``archive.jobs.sweep``).
RETRIES, RETRY_DELAY = 2, 10

Handler = Callable[[int], None]


def configured(home: Path, settings: dict[str, object] | None = None) -> str:
    """The ``TASK_QUEUE`` setting: $ARCHIVE_TASK_QUEUE, else ``settings`` (the site's
    configuration), else ``site.toml`` of the data folder, else ``"sqlite"``."""
    if os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    if settings is not None and settings.get(SETTING):
        return str(settings[SETTING])
    path = home / SETTINGS_FILE
    if path.is_file():
        with open(path, "rb") as f:
            value = tomllib.load(f).get(SETTING)
        if value:
            return str(value)
    return DEFAULT


def make_huey(home: Path, setting: str) -> Huey:
    """A huey instance for the setting (see the module's docstring)."""
    if setting == "sqlite":
        return SqliteHuey(NAME, filename=str(home / QUEUE_FILE), results=False)
    if setting == "immediate":
        return MemoryHuey(NAME, immediate=True, results=False)
    if setting.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(NAME, url=setting, results=False)
    if setting.startswith(("postgresql://", "postgres://")):
        return PostgresHuey(NAME, dsn=setting, results=False)
    raise ValueError(
        f"{SETTING}: {setting!r} is not one of \"sqlite\", \"immediate\", a redis:// URL or a "
        "postgresql:// URL"
    )


class TaskQueue:
    """The archive's queue: ``enqueue(job_id)`` asks a worker to run an upload job."""

    def __init__(self, huey: Huey) -> None:
        self.huey = huey
        self._handler: Handler | None = None

        @huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, name="run_upload_job")
        def run_upload_job(job_id: int) -> None:
            if self._handler is None:  # a consumer started without the composition root
                raise RuntimeError("no handler for upload jobs: start workers with archive worker")
            self._handler(job_id)

        self._task = run_upload_job

    def handle(self, handler: Handler) -> TaskQueue:
        """Run upload jobs with ``handler`` (in the process that consumes the queue)."""
        self._handler = handler
        return self

    def enqueue(self, job_id: int) -> None:
        """Queue the upload job (run at once in immediate mode)."""
        self._task(job_id)

    @property
    def immediate(self) -> bool:
        """True when tasks run in the caller rather than in a worker."""
        return bool(self.huey.immediate)

    def pending(self) -> int:
        """How many tasks wait."""
        return int(self.huey.pending_count())

    def close(self) -> None:
        """Release the storage's connections."""
        close = getattr(self.huey.storage, "close", None)
        if close is not None:
            close()


def open_queue(home: Path, settings: dict[str, object] | None = None) -> TaskQueue:
    """The queue of the data folder, as configured."""
    return TaskQueue(make_huey(home, configured(home, settings)))
