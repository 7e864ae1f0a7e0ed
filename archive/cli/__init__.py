"""The ``archive`` command line: the composition root, a thin layer over the library.

Each command lives in a module of its own, listed in ``COMMANDS`` and imported only when it
runs, so that ``archive list`` does not load the search engine or the web site.
"""

from __future__ import annotations

import importlib

import click

from archive.cli.context import Context

COMMANDS = {  # command -> "module:object"
    "ingest": "archive.cli.index_commands:ingest",
    "reparse": "archive.cli.index_commands:reparse",
    "index": "archive.cli.index_commands:index_",
    "sync": "archive.cli.index_commands:sync",
    "search": "archive.cli.search_command:search",
    "show": "archive.cli.record_commands:show",
    "list": "archive.cli.record_commands:list_",
    "serve": "archive.cli.serve_command:serve",
    "worker": "archive.cli.worker_command:worker",
    "users": "archive.cli.user_commands:users",
    "backup": "archive.cli.backup_commands:backup",
    "restore": "archive.cli.backup_commands:restore",
    "copy": "archive.cli.copy_command:copy",
    "notify": "archive.cli.notify_command:notify",
    "export": "archive.cli.export_command:export",
}


class LazyGroup(click.Group):
    """A group whose commands are imported from ``COMMANDS`` when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The command names, in the order of ``COMMANDS``."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called ``cmd_name``, imported now; None for an unknown name."""
        if cmd_name not in COMMANDS:
            return None
        module, _, name = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    envvar="ARCHIVE_HOME",
    type=click.Path(file_okay=False),
    help="Data folder (database, search index). Default: $ARCHIVE_HOME or ./instance.",
)
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """Searchable archive of Thailand's international cooperation meetings."""
    ctx.obj = Context(home)
    ctx.call_on_close(ctx.obj.close)
