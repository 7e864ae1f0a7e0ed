"""Moving up: copy a whole archive into an empty database (PostgreSQL), checked row by row.

Every table of the schema is copied with its ids (records, meetings, findings, venues,
agencies, follow-ups with their whole history, links, users with their token hashes, the index
change log), in one transaction of the target: it holds all of the archive or nothing. The
target's id sequences then continue after the copied ids. The copy is checked against the
source: row counts and a digest of every table's rows, and a digest of each record's JSON as the
site and the API show it. The source is only read: an SQLite archive from a snapshot taken with
SQLite's online backup (writers may go on meanwhile), a PostgreSQL one in a repeatable-read
transaction. A node's search index stays valid across the move: the ids and the change log's
sequence numbers are the same.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Table, column, inspect, make_url, select, table, text
from sqlalchemy.orm import Session

from archive.store.db import Database, engine_url
from archive.store.lookups import iter_records
from archive.store.models import Base
from archive.store.serialize import record_dict

BATCH = 1000  # rows per INSERT (executemany)


class CopyError(Exception):
    """A copy that cannot be made or does not check out; the message says why."""


@dataclass
class CopyReport:
    """What a copy did."""

    counts: dict[str, int] = field(default_factory=dict)  # rows per table, as copied
    records_checked: int = 0  # records whose JSON digests agree
    seconds: float = 0.0

    def summary(self) -> str:
        """A few lines for people."""
        tables = ", ".join(f"{name} {count}" for name, count in self.counts.items())
        return (
            f"Copied {len(self.counts)} tables ({tables}) in {self.seconds:.1f} s.\n"
            f"Verified: row counts and row digests of every table, and the JSON of "
            f"{self.records_checked} records, agree with the source."
        )


def _tables() -> list[Table]:
    """The schema's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def _rows(connection: Connection, source: Table) -> Iterator[list[dict[str, Any]]]:
    """The table's rows in primary-key order, a batch at a time, as Python values."""
    result = connection.execution_options(yield_per=BATCH).execute(
        select(source).order_by(*source.primary_key.columns)
    )
    for partition in result.mappings().partitions(BATCH):
        yield [dict(row) for row in partition]


def _writer(source: Table) -> Any:
    """An INSERT into the table that keeps SQL NULL in JSON columns NULL (not JSON null)."""
    columns = [
        column(c.name, JSON(none_as_null=True) if isinstance(c.type, JSON) else c.type)
        for c in source.columns
    ]
    return table(source.name, *columns).insert()


def _table_digests(connection: Connection) -> dict[str, tuple[int, str]]:
    """Rows and a SHA-256 of every table's rows as Python values, in an order that does not
    depend on how the database collates text keys."""
    found = {}
    for source in _tables():
        rows = sorted(
            hashlib.sha256(
                json.dumps(list(row.values()), default=str, ensure_ascii=False).encode()
            ).digest()
            for batch in _rows(connection, source)
            for row in batch
        )
        found[source.name] = (len(rows), hashlib.sha256(b"".join(rows)).hexdigest())
    return found


def _record_digests(connection: Connection) -> dict[int, str]:
    """A SHA-256 of each record's JSON as the site and the API show it."""
    with Session(connection) as session:
        return {
            record.id: hashlib.sha256(
                json.dumps(record_dict(record), ensure_ascii=False, sort_keys=True).encode()
            ).hexdigest()
            for record in iter_records(session)
        }


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: each serial id continues after the largest copied one."""
    for target in _tables():
        keys = list(target.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": target.name, "column": keys[0].name},
        ).scalar()
        if sequence:
            connection.execute(
                text(
                    f'SELECT setval(:sequence, coalesce((SELECT max("{keys[0].name}") '
                    f'FROM "{target.name}"), 0) + 1, false)'
                ),
                {"sequence": sequence},
            )


def _filled_tables(db: Database) -> list[str]:
    """Tables of ours in ``db`` that hold rows."""
    present = set(inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        return [
            t.name
            for t in _tables()
            if t.name in present
            and connection.execute(select(t).limit(1)).first() is not None
        ]


@contextmanager
def _source_connection(url: str) -> Iterator[Connection]:
    """A consistent read of the archive at ``url``, migrated to this version's schema
    without touching it: SQLite through a snapshot file, PostgreSQL in one repeatable-read
    transaction (its schema must be current: any archive command brings it there)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="archive-copy-") as work:
            snapshot = Path(work) / "snapshot.sqlite3"
            with sqlite3.connect(parsed.database) as live, sqlite3.connect(snapshot) as copy:
                live.backup(copy)  # one consistent state, while writers go on
            db = Database(f"sqlite:///{snapshot}")  # the snapshot is migrated, not the source
            try:
                with db.engine.connect() as connection:
                    yield connection
            finally:
                db.dispose()
        return
    db = Database(url, migrate=False)
    try:
        with db.engine.connect().execution_options(
            isolation_level="REPEATABLE READ"
        ) as connection, connection.begin():
            yield connection
    finally:
        db.dispose()


def copy_archive(
    source_url: str, target_url: str, *, progress: Callable[[str, int], None] | None = None
) -> CopyReport:
    """Copy the archive at ``source_url`` into the empty database at ``target_url`` (migrated
    here first), then check the copy; ``CopyError`` when the target holds rows or the copy does
    not agree with the source (the target is then left as it was). ``progress`` is told each
    table and its row count as it is copied."""
    started = time.monotonic()
    if engine_url(source_url) == engine_url(target_url):
        raise CopyError("the source and the target are the same database")
    parsed = make_url(source_url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        raise CopyError(f"no SQLite archive at {parsed.database}")
    target = Database(target_url)
    try:
        filled = _filled_tables(target)
        if filled:
            raise CopyError(
                f"the target database is not empty ({', '.join(filled)} hold rows): "
                "copy into a new, empty database"
            )
        report = CopyReport()
        with _source_connection(source_url) as reading:
            expected = _table_digests(reading)
            expected_records = _record_digests(reading)
            with target.engine.begin() as writing:
                for source in _tables():
                    count = 0
                    insert = _writer(source)
                    for rows in _rows(reading, source):
                        writing.execute(insert, rows)
                        count += len(rows)
                    report.counts[source.name] = count
                    if progress:
                        progress(source.name, count)
                if writing.dialect.name == "postgresql":
                    _reset_sequences(writing)
                copied = _table_digests(writing)
                differ = [name for name in expected if copied.get(name) != expected[name]]
                if differ:
                    raise CopyError(f"the copy differs from the source in {', '.join(differ)}")
                records = _record_digests(writing)
                if records != expected_records:
                    wrong = sorted(set(records) ^ set(expected_records)) or sorted(
                        i for i in records if records[i] != expected_records.get(i)
                    )
                    raise CopyError(f"records differ after the copy: {wrong[:10]}")
                report.records_checked = len(records)
        report.seconds = time.monotonic() - started
        return report
    finally:
        target.dispose()
