"""``archive ingest`` (files into the database and the index) and ``archive index`` (rebuild)."""

from __future__ import annotations

import sys

import click

from archive.cli.context import Context, Progress, pass_context
from archive.store.save import count_records
from indexer.ingest import ingest_paths
from indexer.search.generations import exists
from indexer.search.service import index_root, rebuild_index, update_index


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Parser processes, and index writer processes when the index is built "
    "(0: one per core, 1: no pool).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when the terminal is interactive).",
)
@pass_context
def ingest(obj: Context, paths: tuple[str, ...], workers: int, progress: bool | None) -> None:
    """Read, parse and store documents: files and folders (recursively).

    Unchanged files change nothing; a changed file updates its record in place. Exit status 0
    when every file was ingested, 1 when some failed. Without a search index, one is built
    while the documents are stored (every record of the archive)."""
    show = sys.stderr.isatty() if progress is None else progress
    build = None if exists(index_root(obj.home)) else index_root(obj.home)
    bar = Progress(show)
    try:
        report = ingest_paths(
            obj.db, paths, workers=workers, progress=bar.start, build_index=build, procs=workers
        )
    finally:
        bar.close()
    for failure in report.failed:
        click.echo(f"FAILED {failure.path}: {failure.reason}", err=True)
    if report.indexed is not None:
        click.echo(f"Search index: {report.indexed} records updated.", err=True)
    elif report.changed:
        count = update_index(obj.db, obj.home, report.changed)
        click.echo(f"Search index: {count} records updated.", err=True)
    click.echo(f"Ingested: {report.summary()}")
    if report.failed:
        sys.exit(1)


@click.command(name="index")
@click.option(
    "--procs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Writer processes, each writing a segment (0: one per core, 1: no pool).",
)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar.")
@pass_context
def index_(obj: Context, procs: int, progress: bool | None) -> None:
    """Rebuild the search index from the database, aside, then switch to it atomically."""
    show = sys.stderr.isatty() if progress is None else progress
    with obj.db.session() as session:
        total = count_records(session)
    bar = Progress(show)
    try:
        count = rebuild_index(obj.db, obj.home, procs=procs, progress=bar.start(total))
    finally:
        bar.close()
    click.echo(f"Indexed {count} records.")
