"""The database as the archive uses it, on SQLite and PostgreSQL alike: the append-only history
whoever writes, booleans, JSON, dates, UTC timestamps and how Thai text sorts."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy.exc
from sqlalchemy import select, text

from archive.store.db import Database, collation_warning, engine_url
from archive.store.models import Agency, FollowUp, FollowUpChange, Record
from tests.conftest import ROOT
from tests.postgres_server import Cluster


def _record(db: Database) -> int:
    with db.session() as session:
        record = Record(
            title="การประชุม", document_kind="meeting_summary", source_path="/a.txt",
            source_format="txt", content_hash="h", text="ข้อความ", people=["นายสมชาย ใจดี"],
            warnings=[], date_start=date(2019, 2, 28),
        )  # fmt: skip
        session.add(record)
        session.flush()
        session.add(FollowUp(id=f"{record.id}-k", record_id=record.id, key="k", position=0,
                             text="ให้ดำเนินการ"))  # fmt: skip
        session.add(FollowUpChange(follow_up_id=f"{record.id}-k", at=datetime(2020, 1, 2, 3, 4),
                                   field="status", old_value="open", new_value="done",
                                   version=2))  # fmt: skip
        return record.id


def test_history_refuses_update_and_delete_from_any_client(db: Database, backend: str) -> None:
    """Raw SQL on a connection of the database's own driver, not through our code."""
    _record(db)
    statements = ["UPDATE follow_up_history SET note = 'x'", "DELETE FROM follow_up_history"]
    if backend == "postgresql":
        statements.append("TRUNCATE follow_up_history")  # row triggers do not see it
    for statement in statements:
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            with pytest.raises(Exception, match="append-only"):
                cursor.execute(statement)
        finally:
            raw.rollback()
            raw.close()
    with db.session() as session:
        assert session.scalar(select(FollowUpChange.note)) is None
        assert len(session.scalars(select(FollowUpChange)).all()) == 1


def test_values_come_back_as_they_were_stored(db: Database) -> None:
    record_id = _record(db)
    with db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        assert record.people == ["นายสมชาย ใจดี"] and record.warnings == []
        assert record.date_start == date(2019, 2, 28)
        item = session.get(FollowUp, f"{record_id}-k")
        assert item is not None
        assert (item.manual, item.removed_from_source, item.version) == (False, False, 1)
        assert session.scalar(select(FollowUpChange.at)) == datetime(2020, 1, 2, 3, 4)
        assert session.scalars(select(FollowUp).where(FollowUp.manual.is_(False))).all()


def test_server_timestamps_are_utc(db: Database) -> None:
    """Like SQLite's CURRENT_TIMESTAMP, whatever the server's time zone."""
    record_id = _record(db)
    with db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        now = datetime.now(UTC).replace(tzinfo=None)
        assert abs(record.created_at - now) < timedelta(minutes=1)


def test_text_compares_by_code_point_and_thai_sorts_by_it(db: Database) -> None:
    """SQLite compares text by code point; the PostgreSQL databases of the README (and the
    tests) use the C collation, which does the same for UTF-8."""
    names = ["สำนักการโยธา", "กองการต่างประเทศ", "เขตบางรัก", "Bangkok", "ฮ", "ก"]
    with db.session() as session:
        session.add_all(Agency(name=name) for name in names)
    with db.session() as session:
        assert session.scalars(select(Agency.name).order_by(Agency.name)).all() == sorted(names)
        assert session.scalar(select(Agency.name).where(Agency.name == "ก")) == "ก"
        assert session.scalar(select(text("'เ' > 'ฮ'"))) in (True, 1)
    assert collation_warning(db.engine) is None


@pytest.mark.postgresql_only
def test_a_database_that_sorts_thai_otherwise_is_reported_by_commands(
    backend: str, postgres: Cluster, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A database made with the Thai ICU collation works, but ``archive`` says on stderr that
    it sorts otherwise than SQLite and how to make one that does not."""
    postgres.execute(
        "CREATE DATABASE thai_order TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'th' "
        "LOCALE 'C'"
    )
    request.addfinalizer(lambda: postgres.drop_database("thai_order"))
    environment = {**os.environ, "ARCHIVE_DATABASE_URL": postgres.url("thai_order")}
    listed = subprocess.run(
        [sys.executable, "-m", "archive", "--home", str(tmp_path), "list"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert "'thai_order' does not sort text by code point (the ICU locale 'th')" in listed.stderr
    assert "--locale C --template template0" in listed.stderr


def test_a_plain_postgresql_url_is_taken_with_psycopg() -> None:
    assert engine_url("postgresql://u:p%40w@h:5/d") == "postgresql+psycopg://u:p%40w@h:5/d"
    assert engine_url("sqlite:////tmp/a.sqlite3") == "sqlite:////tmp/a.sqlite3"


def test_a_duplicate_is_an_integrity_error(db: Database) -> None:
    with db.session() as session:
        session.add(Agency(name="ก"))
    with pytest.raises(sqlalchemy.exc.IntegrityError), db.session() as session:
        session.add(Agency(name="ก"))
