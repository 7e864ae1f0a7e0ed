"""``archive export``: every listed record, for researchers, as JSON Lines or CSV."""

from __future__ import annotations

import click

from archive.cli.context import Context, pass_context
from archive.store.export import FORMATS, export_lines


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), required=True,
    help="jsonl: one record JSON (as the API returns it) per line; csv: one row per record, "
    "lists joined, UTF-8 with a byte-order mark for Excel.",
)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@pass_context
def export(obj: Context, fmt: str, file: str) -> None:
    """Write the whole archive (withdrawn records left out) to FILE ("-": standard output)."""
    count = 0
    with obj.db.session() as session, click.open_file(
        file, "wb", atomic=file != "-"
    ) as out:
        for piece in export_lines(session, fmt):
            out.write(piece.encode("utf-8"))
            count += 1
    records = count - 1 if fmt == "csv" else count  # the CSV's first piece is its header
    click.echo(f"exported {records} records to {file}", err=True)
