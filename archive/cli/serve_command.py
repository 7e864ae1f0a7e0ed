"""``archive serve``: the web site on waitress."""

from __future__ import annotations

import os
import signal
import sys

import click
import waitress

from archive.cli.context import Context, pass_context
from archive.cli.worker_command import start_worker_process, stop_worker_process, wire
from indexer.search.warm import warm_up
from webapp import close_app, create_app
from webapp.documents.service import queue_of


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--debug", is_flag=True, help="Flask's development server with its debugger.")
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Start an `archive worker` beside the site for uploaded documents (--no-worker when "
    "workers run elsewhere).",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Serve from this many processes sharing the port (searches use every CPU core; "
    "POSIX only, ignored on Windows and with --debug)  [default: 2 on a machine with 2 or more "
    "cores, else 1].",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Requests each process answers at once. 1 answers more searches a second (threads of "
    "one process share its interpreter lock), but a long answer such as a whole-archive export "
    "then holds that process's other requests.",
)
@pass_context
def serve(
    obj: Context,
    host: str,
    port: int,
    debug: bool,
    worker: bool,
    processes: int | None,
    threads: int,
) -> None:
    """Run the web site (search page, record pages, JSON API) on waitress, and a worker for
    uploaded documents."""
    if processes is None:
        processes = min(2, os.cpu_count() or 1)
    if processes > 1 and not debug and os.name == "posix":
        from archive.cli.serve_processes import serve_processes  # POSIX only (os.fork)

        sys.exit(serve_processes(obj.home, host, port, processes, worker, threads))
    app = create_app({"ARCHIVE_HOME": str(obj.home)})
    seconds = warm_up(app.extensions["archive_index"])  # the first visitor does not wait
    click.echo(f"Search warmed up in {seconds:.1f} s", err=True)
    if app.config["TASK_QUEUE"] == "immediate":
        wire(queue_of(app), app.extensions["archive_db"])
    child = start_worker_process(obj.home) if worker else None
    # SIGTERM (a service manager's stop) ends the site through ``finally``: its worker too.
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        if debug:
            app.run(host=host, port=port, debug=True)
        else:
            click.echo(f"Serving on http://{host}:{port}/", err=True)
            waitress.serve(app, host=host, port=port, threads=threads)
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop_worker_process(child)
        close_app(app)


def _exit(signum: int, _frame: object) -> None:
    sys.exit(128 + signum)
