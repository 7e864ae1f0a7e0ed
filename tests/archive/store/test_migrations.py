"""Migrations upgrade an archive that holds data, not only an empty one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, event

from archive.store.db import Database, alembic_config


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
