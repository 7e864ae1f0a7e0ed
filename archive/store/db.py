"""Engine, sessions and schema migrations, on SQLite (the embedded default) or PostgreSQL.

``postgresql://`` URLs are taken with psycopg 3 (the optional ``postgres`` dependencies);
sessions on PostgreSQL run in UTC, as SQLite's ``CURRENT_TIMESTAMP`` does, so the server's
defaults for ``created_at`` columns mean the same on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from archive.store.changelog import LOGGED

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def engine_url(url: str) -> str:
    """``url`` with psycopg 3 as the driver of a plain ``postgresql://`` URL."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout, PostgreSQL
    UTC sessions and connections checked before use (a node outlives server restarts)."""
    url = engine_url(url)
    if make_url(url).get_backend_name() == "postgresql":
        return create_engine(
            url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"}
        )
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str) -> Config:
    """Alembic configuration for the archive's migrations against ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema up to the newest migration."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Database:
    """An engine plus a session factory, with the schema migrated on open."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if migrate:
            upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def on_logged(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after each commit that wrote index change-log entries."""

        def committed(session: Session) -> None:
            if session.info.pop(LOGGED, False):
                callback()

        event.listen(self.sessions, "after_commit", committed)
        event.listen(self.sessions, "after_rollback", lambda s: s.info.pop(LOGGED, None))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
