"""Backups of a whole SQLite archive: a consistent snapshot while it runs, and its restore.

For SQLite archives only (the embedded default). An archive in PostgreSQL is backed up with
PostgreSQL's own tools: ``pg_dump --format=custom`` for the database (consistent while nodes
write), plus each node's ``site.toml``; its indexes need no backup (README, "Several nodes").

A backup is one zip file: ``archive.sqlite3`` (SQLite's online backup API, so writers may go
on meanwhile), the data folder's settings and session key, and ``manifest.json`` (format,
schema revision, row counts per table, the database's SHA-256). The search index is not kept:
it is a projection of the database, rebuilt after a restore.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, make_url, text

from archive.config import DATABASE_FILE, KEPT_FILES
from archive.store.db import Database
from archive.store.models import Base

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be written or read back; the message says why."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds."""

    created: str
    revision: str
    counts: dict[str, int]
    sha256: str


def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        raise BackupError(
            "archive backup copies SQLite archives; this one is in PostgreSQL: back it up "
            "with pg_dump --format=custom (and keep site.toml), restore with pg_restore"
        )
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise BackupError(
            f"backups are of SQLite archives; {parsed.get_backend_name()} has its own tools"
        )
    return Path(parsed.database)


def table_counts(db: Database) -> dict[str, int]:
    """Rows per table of the archive's schema, in name order."""
    names = sorted(set(Base.metadata.tables) & set(inspect(db.engine).get_table_names()))
    with db.engine.connect() as connection:
        return {
            name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in names
        }


def _revision(db: Database) -> str:
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_backup(db: Database, home: Path, target: Path) -> Manifest:
    """Write a backup of the archive at ``db`` (data folder ``home``) to ``target``; the
    file appears only when complete."""
    source = _sqlite_path(db.url)
    target = target.resolve()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        snapshot = Path(work) / DATABASE_FILE
        with sqlite3.connect(source) as live, sqlite3.connect(snapshot) as copy:
            live.backup(copy)  # pages copied under a read transaction: one consistent state
        copy_db = Database(f"sqlite:///{snapshot}", migrate=False)
        try:
            manifest = Manifest(
                created=datetime.now(UTC).isoformat(timespec="seconds"),
                revision=_revision(copy_db),
                counts=table_counts(copy_db),
                sha256=_digest(snapshot),
            )
        finally:
            copy_db.dispose()
        partial = Path(work) / "backup.zip"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps({"format": FORMAT, **manifest.__dict__}))
            archive.write(snapshot, DATABASE_FILE)
            for name in KEPT_FILES:
                if (home / name).is_file():
                    archive.write(home / name, name)
        os.replace(partial, target)
    return manifest


def read_manifest(source: Path) -> Manifest:
    """The manifest of the backup at ``source``; ``BackupError`` when it is not one."""
    try:
        with zipfile.ZipFile(source) as archive:
            data = json.loads(archive.read(MANIFEST))
    except (OSError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as error:
        raise BackupError(f"{source}: not an archive backup ({error})") from error
    if data.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {data.get('format')!r} is not {FORMAT}")
    return Manifest(data["created"], data["revision"], data["counts"], data["sha256"])


def restore_backup(source: Path, home: Path, url: str) -> Manifest:
    """Restore the backup at ``source`` into the empty data folder ``home`` (database at
    ``url``, which must be the folder's SQLite file); checked against its manifest."""
    manifest = read_manifest(source)
    target = _sqlite_path(url)
    if target.exists() and target.stat().st_size > 0:
        raise BackupError(f"{target} exists: restore into an empty data folder")
    kept = [home / name for name in KEPT_FILES if (home / name).exists()]
    if kept:
        raise BackupError(f"{kept[0]} exists: restore into an empty data folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    with zipfile.ZipFile(source) as archive:
        with archive.open(DATABASE_FILE) as packed, partial.open("wb") as out:
            for block in iter(lambda: packed.read(1 << 20), b""):
                out.write(block)
        if _digest(partial) != manifest.sha256:
            partial.unlink()
            raise BackupError(f"{source}: the database does not match its checksum")
        os.replace(partial, target)
        for name in KEPT_FILES:
            if name in archive.namelist():
                (home / name).write_bytes(archive.read(name))
                (home / name).chmod(0o600)  # the settings may hold the mail password
    db = Database(url)  # migrates a backup of an older schema
    try:
        counts = table_counts(db)
    finally:
        db.dispose()
    lost = {t: n for t, n in manifest.counts.items() if counts.get(t) != n}
    if lost:
        raise BackupError(f"restored counts differ from the backup's: {lost}")
    return manifest
