"""``archive ingest`` (files into the database and the index), ``archive index`` (rebuild,
check, repair) and ``archive sync`` (apply the change log)."""

from __future__ import annotations

import sys
import time

import click

from archive.cli.context import Context, Progress, pass_context
from archive.config import index_dir
from archive.store.lookups import count_records
from indexer.ingest import ingest_paths
from indexer.ingest import reparse as reparse_archive
from indexer.search.indexing import apply_pending, compare, is_current, rebuild_index, repair


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
    while the documents are stored (every record of the archive); a killed ingest loses
    nothing: what it stored is applied to the index by the next ingest, ``archive sync`` or
    the running site."""
    show = sys.stderr.isatty() if progress is None else progress
    build = None if is_current(obj.home) else index_dir(obj.home)
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
        # The new generation has this ingest's records; others' changes meanwhile follow.
        apply_pending(obj.db, obj.home, applied=report.logged)
        click.echo(f"Search index: {report.indexed} records updated.", err=True)
    elif count := apply_pending(obj.db, obj.home):
        click.echo(f"Search index: {count} records updated.", err=True)
    click.echo(f"Ingested: {report.summary()}")
    if report.failed:
        sys.exit(1)


@click.command()
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Parser processes (0: one per core, 1: no pool).",
)
@click.option("--progress/--no-progress", default=None, help="Show a progress bar.")
@pass_context
def reparse(obj: Context, workers: int, progress: bool | None) -> None:
    """Run extraction again over every stored text (no files needed), after the rules
    improved: follow-up items keep status, notes and history where they still match; vanished
    ones are marked removed from the source."""
    show = sys.stderr.isatty() if progress is None else progress
    with obj.db.session() as session:
        total = count_records(session)
    bar = Progress(show)
    try:
        report = reparse_archive(obj.db, workers=workers, progress=bar.start(total))
    finally:
        bar.close()
    for failure in report.failed:
        click.echo(f"FAILED {failure.path}: {failure.reason}", err=True)
    if is_current(obj.home) and (count := apply_pending(obj.db, obj.home)):
        click.echo(f"Search index: {count} records updated.", err=True)
    click.echo(f"Reparsed: {len(report.updated)} records, {len(report.failed)} failed")
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
@click.option(
    "--check", is_flag=True, help="Compare the index with the database and say what differs."
)
@click.option(
    "--repair", "fix", is_flag=True, help="Fix what --check finds, without a full rebuild."
)
@pass_context
def index_(obj: Context, procs: int, progress: bool | None, check: bool, fix: bool) -> None:
    """Rebuild the search index from the database, aside, then switch to it atomically.

    With --check, compare it with the database (record ids and what each document was made
    from); exit status 1 when they differ. With --repair, fix the differences in place."""
    if check or fix:
        if not is_current(obj.home):
            raise click.ClickException("no usable search index: run 'archive index'")
        found = compare(obj.db, obj.home)
        click.echo(found.summary())
        for name in ("missing", "stale", "extra"):
            ids = getattr(found, name)
            if ids:
                shown = " ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
                click.echo(f"  {name}: {shown}")
        if fix and not found.agrees:
            repair(obj.db, obj.home, found)
            click.echo(f"repaired: {compare(obj.db, obj.home).summary()}")
        elif not found.agrees:
            sys.exit(1)
        return
    show = sys.stderr.isatty() if progress is None else progress
    with obj.db.session() as session:
        total = count_records(session)
    bar = Progress(show)
    try:
        count = rebuild_index(obj.db, obj.home, procs=procs, progress=bar.start(total))
    finally:
        bar.close()
    click.echo(f"Indexed {count} records.")


@click.command()
@click.option("--watch", is_flag=True, help="Keep following the change log (every second).")
@pass_context
def sync(obj: Context, watch: bool) -> None:
    """Apply the changes logged in the database to the search index (what a killed ingest
    stored, edits made through another node); the site does this by itself while it runs."""
    while True:
        count = apply_pending(obj.db, obj.home) if is_current(obj.home) else None
        if count is None:
            count = rebuild_index(obj.db, obj.home)
            click.echo(f"Search index built: {count} records.")
        elif count or not watch:
            click.echo(f"Search index: {count} records updated.")
        if not watch:
            return
        time.sleep(1.0)
