"""Migrations upgrade an archive that holds data, not only an empty one, and several processes
opening a new database at once upgrade it one after the other."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, text

from archive.store.db import MIGRATIONS, Database, alembic_config, make_engine
from tests.conftest import ROOT, postgres_database

# Imports first, then waits for the word to open the database: the processes open it together.
_OPEN = (
    "import sys; from archive.store.db import Database; sys.stdin.readline(); "
    "Database(sys.argv[1]).dispose()"
)


def test_an_archive_with_rows_at_0003_upgrades_to_the_newest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    engine = create_engine(url)
    event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys=ON"))
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    engine.dispose()
    with sqlite3.connect(tmp_path / "archive.sqlite3") as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("INSERT INTO venues (id, raw) VALUES (1, 'กรุงเวียงจันทน์')")
        connection.execute(
            "INSERT INTO records (id, title, document_kind, venue_id, people, source_path,"
            " source_format, content_hash, text, warnings)"
            " VALUES (1, 'การหารือ', 'meeting', 1, '[]', 'a.txt', 'text', 'ab', 'ข้อความ', '[]')"
        )
        connection.execute(
            "INSERT INTO meetings (record_id, position, name, venue_id) VALUES (1, 0, 'ก', 1)"
        )
    database = Database(url)  # migrates to the newest revision
    try:
        with database.engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT r.title, v.raw, v.online, r.party_countries FROM records r"
                " JOIN venues v ON v.id = r.venue_id"
            ).one()
    finally:
        database.dispose()
    assert tuple(row) == ("การหารือ", "กรุงเวียงจันทน์", 0, None)


def test_processes_opening_an_empty_database_at_once_all_migrate_it(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Nodes started together: each waits for the one migrating, none fails."""
    if backend == "postgresql":
        url = postgres_database(request, "template0")  # empty: no tables
    else:
        url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN, url],
            cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], errors
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            assert [tuple(row) for row in versions] == [(head,)]
            assert {"records", "follow_ups", "rate_limits"} <= set(
                inspect(connection).get_table_names()
            )
    finally:
        engine.dispose()
