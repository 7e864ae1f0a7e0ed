"""``archive copy --to URL``: move an archive into an empty PostgreSQL database."""

from __future__ import annotations

import click
from sqlalchemy import make_url

from archive.cli.context import Context, pass_context
from archive.config import database_url
from archive.store.copy import CopyError, copy_archive


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@click.command()
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="The empty database to copy into, e.g. postgresql://archive@db-host:5432/archive.",
)
@pass_context
def copy(obj: Context, target: str) -> None:
    """Copy the whole archive (records, follow-ups with their history, links, users and their
    tokens, the index change log) into the empty database at URL, keeping every id, and check
    the copy against the source. The source is only read."""
    source = database_url(obj.home)
    click.echo(f"Copying {_shown(source)} to {_shown(target)} ...")
    try:
        report = copy_archive(
            source, target, progress=lambda name, n: click.echo(f"  {name}: {n} rows")
        )
    except CopyError as error:
        raise click.ClickException(f"copy failed: {error}") from error
    click.echo(report.summary())
    click.echo(
        "The source is unchanged. To use the copy, set on every node:\n"
        f"  ARCHIVE_DATABASE_URL={_shown(target)}"
    )
