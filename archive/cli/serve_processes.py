"""``archive serve --processes N`` (POSIX): N waitress processes answer on one listening
socket, bound here in the parent, which supervises them.

- One more process follows the change log (applies it to the index) and answers no request,
  so index commits never compete with searches for a process's interpreter lock; the serving
  processes refresh their view of the index every ``REFRESH_SECONDS`` in a background thread
  (searches never wait for it), and a change they save wakes the follower at once (SIGUSR1).
- The sign-in limits count in the archive's database (``archive.store.ratelimits``) unless
  a shared store (``RATELIMIT_STORAGE_URI``, e.g. redis) is configured.
- SIGTERM or SIGINT stops them all. A process that dies ends the whole serve, with a message
  naming it (a service manager then restarts the site).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import click
import waitress
from flask import Flask

import archive.store.ratelimits  # noqa: F401 (registers the archive-db:// storage)
from archive.cli.worker_command import start_worker_process, stop_worker_process, wire
from archive.config import database_url, site_settings
from archive.store.db import Database
from archive.store.ratelimits import SCHEME
from indexer.search.generations import Index
from indexer.search.indexing import Follower
from indexer.search.warm import warm_up
from webapp import close_app, create_app
from webapp.documents.service import queue_of

log = logging.getLogger(__name__)

REFRESH_SECONDS = 0.25  # how often a process that does not follow looks for a new index commit
STOP_SECONDS = 30.0  # how long a process may take to finish its requests once told to stop


class _Stop(Exception):
    """The parent was told to stop (SIGTERM or SIGINT)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def serve_processes(
    home: Path, host: str, port: int, count: int, worker: bool, threads: int = 4
) -> int:
    """Serve the site from ``count`` processes (``threads`` each) until told to stop; the exit
    status."""
    config = _shared_config(home)
    listening = _bind(host, port)
    children: dict[int, int] = {}  # pid -> process number
    child_worker = None
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, _raise_stop)
    try:
        follower = _fork_follower(listening, home, config)
        children[follower] = -1
        for number in range(count):
            children[_fork(listening, home, config, number, follower, threads)] = number
        listening.close()  # the children hold it
        child_worker = start_worker_process(home) if worker else None
        click.echo(f"Serving on http://{host}:{port}/ from {count} processes", err=True)
        try:
            pid, status = os.wait()
            while pid not in children:  # the upload worker (the site goes on without it)
                pid, status = os.wait()
        except _Stop as stop:
            return 128 + stop.signum
        number = children.pop(pid)
        name = "the index follower" if number < 0 else f"process {number + 1} of {count}"
        click.echo(
            f"archive serve: {name} (pid {pid}) ended "
            f"({_describe(status)}); stopping the site",
            err=True,
        )
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _stop_all(children)
        stop_worker_process(child_worker)
        listening.close()


def _shared_config(home: Path) -> dict[str, Any]:
    """The configuration every process adds to the data folder's own; the app is made once
    here first, so that the database is migrated and the session key written before the
    processes start."""
    app = create_app({"ARCHIVE_HOME": str(home), "INDEX_FOLLOW": False})
    try:
        config: dict[str, Any] = {"ARCHIVE_HOME": str(home)}
        if app.config["RATELIMIT_STORAGE_URI"].startswith("memory:"):
            config["RATELIMIT_STORAGE_URI"] = f"{SCHEME}://"
            config["RATELIMIT_STORAGE_OPTIONS"] = {"database_url": app.config["DATABASE_URL"]}
        return config
    finally:
        close_app(app)


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _name, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    )[0]
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(1024)
    except OSError as error:
        listening.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {error}") from error
    return listening


def _fork_follower(listening: socket.socket, home: Path, config: dict[str, Any]) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        listening.close()  # it answers no request
        code = _follow(home, config)
    except BaseException:  # a child never returns into the parent's code
        log.exception("archive serve: the index follower failed")
    finally:
        os._exit(code)


def _follow(home: Path, config: dict[str, Any]) -> int:
    """The process that applies the change log to the index, until SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    settings = {**site_settings(home), **config}
    db = Database(database_url(home))
    follower = Follower(db, home, every=float(settings.get("INDEX_FOLLOW_SECONDS", 1.0)))
    signal.signal(signal.SIGUSR1, lambda _signum, _frame: follower.wake())
    follower.start()
    try:
        while not stop.wait(1.0):
            pass
    finally:
        follower.stop()
        db.dispose()
    return 0


def _fork(
    listening: socket.socket,
    home: Path,
    config: dict[str, Any],
    number: int,
    follower: int,
    threads: int,
) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        code = _child(listening, config, number, follower, threads)
    except BaseException:  # a child never returns into the parent's code
        log.exception("archive serve: process %d failed", number + 1)
    finally:
        os._exit(code)


def _child(
    listening: socket.socket, config: dict[str, Any], number: int, follower: int, threads: int
) -> int:
    """One serving process: its app on the shared socket until SIGTERM, warmed up first (the
    first visitor does not wait)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us (Ctrl-C reaches all)
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    app = create_app({**config, "INDEX_FOLLOW": False})
    stop = threading.Event()
    try:
        _keep_fresh(app, stop)
        app.extensions["archive_db"].on_logged(lambda: _wake(follower))
        seconds = warm_up(app.extensions["archive_index"])
        click.echo(f"Search warmed up in {seconds:.1f} s (process {number + 1})", err=True)
        if app.config["TASK_QUEUE"] == "immediate":
            wire(queue_of(app), app.extensions["archive_db"])
        waitress.serve(app, sockets=[listening], _quiet=True, threads=threads)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    finally:
        stop.set()
        close_app(app)
    return 0


def _keep_fresh(app: Flask, stop: threading.Event) -> None:
    """Refresh this process's view of the index in the background (the follower commits)."""
    index: Index = app.extensions["archive_index"]
    index.check = False  # searches use the current view; this thread brings the next one

    def run() -> None:
        while not stop.wait(REFRESH_SECONDS):
            try:
                index.refresh()
            except FileNotFoundError:
                pass  # no index yet: the follower builds it
            except Exception:
                log.exception("search index view not refreshed; trying again")

    threading.Thread(target=run, name="index-refresh", daemon=True).start()


def _wake(follower: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(follower, signal.SIGUSR1)


def _raise_stop(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def _stop_all(children: dict[int, int]) -> None:
    """SIGTERM each process, wait for it (SIGKILL after ``STOP_SECONDS``)."""
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    waiting = set(children)
    while waiting:
        for pid in list(waiting):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0] == 0:
                    if time.monotonic() < deadline:
                        continue
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            waiting.discard(pid)
        if waiting:
            time.sleep(0.05)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
