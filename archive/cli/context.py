"""What every command gets: the data folder and its database, opened when first needed.

The database layer (SQLAlchemy, Alembic) and the progress bar are imported when first used:
``archive search`` needs neither, and importing them took longer than its search.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from archive.config import database_url, resolve_home

if TYPE_CHECKING:
    from archive.store.db import Database


class Context:
    """Lazily opened data folder and database."""

    def __init__(self, home: str | None) -> None:
        self._home_arg = home
        self._db: Database | None = None

    @property
    def home(self) -> Path:
        return resolve_home(self._home_arg)

    @property
    def db(self) -> Database:
        if self._db is None:
            from archive.store.db import Database

            try:
                self._db = Database(database_url(self.home))
            except Exception as error:
                raise click.ClickException(f"cannot open the database: {error}") from error
        return self._db

    def close(self) -> None:
        """Release the database connections (when the command ends)."""
        if self._db is not None:
            self._db.dispose()
            self._db = None


pass_context = click.make_pass_decorator(Context)


class Progress:
    """A progress bar over the documents of a batch, started once their number is known."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def start(self, total: int) -> Callable[[], None]:
        from tqdm import tqdm

        self.bar = tqdm(
            total=total, unit="doc", disable=not self.enabled, file=sys.stderr, leave=False
        )
        return lambda: self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
