"""``archive backup`` and ``archive restore``: the whole archive in one file, and back."""

from __future__ import annotations

from pathlib import Path

import click

from archive.cli.context import Context, pass_context
from archive.config import database_url
from archive.store.backup import BackupError, restore_backup, write_backup
from archive.store.db import Database
from indexer.search.indexing import rebuild_index


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def backup(obj: Context, file: Path) -> None:
    """Write a consistent snapshot of the archive to FILE while it runs: the database
    (records, follow-ups and their history, users), settings and session key; not the search
    index, which a restore rebuilds. SQLite archives only: back up PostgreSQL with pg_dump."""
    try:
        manifest = write_backup(obj.db, obj.home, file)
    except (BackupError, OSError) as error:
        raise click.ClickException(f"backup failed: {error}") from error
    click.echo(
        f"Backed up {manifest.counts.get('records', 0)} records, "
        f"{manifest.counts.get('follow_up_history', 0)} history entries and "
        f"{manifest.counts.get('users', 0)} users to {file}."
    )


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def restore(obj: Context, file: Path) -> None:
    """Restore the backup FILE into an empty data folder, then rebuild the search index."""
    home = obj.home
    try:
        manifest = restore_backup(file, home, database_url(home))
    except (BackupError, OSError) as error:
        raise click.ClickException(f"restore failed: {error}") from error
    db = Database(database_url(home))
    try:
        count = rebuild_index(db, home)
    finally:
        db.dispose()
    click.echo(f"Restored the backup of {manifest.created}: {count} records indexed.")
