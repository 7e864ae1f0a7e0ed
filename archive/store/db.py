"""Engine, sessions and schema migrations, on SQLite (the embedded default) or PostgreSQL.

``postgresql://`` URLs are taken with psycopg 3 (the optional ``postgres`` dependencies);
sessions on PostgreSQL run in UTC, as SQLite's ``CURRENT_TIMESTAMP`` does, so the server's
defaults for ``created_at`` columns mean the same on both. Migrations are serialised: several
nodes, workers or commands that open the same database at once upgrade it one after the other
(a PostgreSQL advisory lock; SQLite's write lock). A PostgreSQL database whose default collation
does not compare text by code point, as SQLite does, is logged as a warning on open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from archive.store.changelog import LOGGED

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_xact_lock key held while the schema is upgraded ("MIGRATE").
MIGRATION_LOCK_KEY = 0x4D49475241544545
MIGRATION_WAIT_SECONDS = 600  # how long an SQLite open waits for another process's migration
BUSY_TIMEOUT_MS = 10_000  # how long an SQLite statement waits for another writer
# True when the database's default collation orders text by code point (as SQLite does): capitals
# before small letters, and a Thai leading vowel such as "เ" after "ฮ".
_CODE_POINT_ORDER = text("SELECT 'B' < 'a' AND 'เก' > 'ฮ' AND 'ก' < 'ข'")
# The database's locale settings (their names differ between PostgreSQL versions).
_LOCALE = text("SELECT to_jsonb(d) FROM pg_database d WHERE datname = current_database()")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # First: switching to WAL waits for the other connections too.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
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
        return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"})
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
    """Bring the schema up to the newest migration, in one transaction that holds the
    database's migration lock: processes that open the database at once wait for each other,
    and the later ones find it upgraded."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        _lock_for_migration(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _lock_for_migration(connection: Connection) -> None:
    """Wait for the lock that lets one process at a time migrate, held to the commit."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # The write lock now, not at the first write (the driver begins no transaction before
        # DDL): the version read and every migration run under it. Another process's
        # migration of a large archive may take longer than the usual busy timeout.
        connection.exec_driver_sql(f"PRAGMA busy_timeout={MIGRATION_WAIT_SECONDS * 1000}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def collation_warning(engine: Engine) -> str | None:
    """Why text on this PostgreSQL database would not compare and sort as on SQLite (by code
    point), or None when it does (or the database is SQLite)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        if connection.scalar(_CODE_POINT_ORDER):
            return None
        settings = connection.scalar(_LOCALE) or {}
    if settings.get("datlocprovider") == "i":
        icu = settings.get("daticulocale") or settings.get("datlocale")
        collation = f"the ICU locale {icu!r}"
    else:
        collation = f"the collation {settings.get('datcollate')!r}"
    return (
        f"the PostgreSQL database {engine.url.database!r} does not sort text by code point "
        f"({collation}), so Thai names and titles sort otherwise than on SQLite: make the "
        "archive's database with --locale C --template template0 (README, 'Several nodes on "
        "PostgreSQL')"
    )


class Database:
    """An engine plus a session factory, with the schema migrated on open."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if migrate:
            upgrade(self.engine)
        warning = collation_warning(self.engine)
        if warning:
            log.warning("%s", warning)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._on_logged: list[Callable[[], None]] = []

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
        """Call ``callback`` after each commit that wrote index change-log entries (every
        callback registered, in order: the site's follower and a serving process's wake-up of
        the follower process both hear each commit)."""
        if not self._on_logged:
            event.listen(self.sessions, "after_commit", self._committed)
            event.listen(self.sessions, "after_rollback", lambda s: s.info.pop(LOGGED, None))
        self._on_logged.append(callback)

    def _committed(self, session: Session) -> None:
        if session.info.pop(LOGGED, False):  # once per commit, for every callback
            for callback in self._on_logged:
                callback()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
