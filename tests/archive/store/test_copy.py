"""``archive copy --to``: an SQLite archive with its history, users and tokens moved into an
empty PostgreSQL database, identical, the source untouched, a non-empty target refused."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from archive.accounts import add_user, issue_token, user_by_token
from archive.store.copy import CopyError, copy_archive
from archive.store.db import Database
from archive.store.models import Base, FollowUpChange, Record
from archive.tracking.edits import link_follow_up, update_follow_up
from indexer.search.indexing import apply_pending, compare
from tests.conftest import SearchArchive, cli_run
from tests.postgres_server import Cluster

# The source is the SQLite archive of ``fresh_archive`` (not parametrised: SQLite is what one
# moves from); the target a new, empty database of the session's PostgreSQL cluster.
pytestmark = pytest.mark.sqlite_only


def _source(archive: SearchArchive) -> str:
    return f"sqlite:///{archive.home / 'archive.sqlite3'}"


def _empty_target(postgres: Cluster, name: str) -> str:
    postgres.drop_database(name)
    return postgres.create_database(name)


def _tracked(archive: SearchArchive) -> str:
    """History, a link, a user with a token: what a real archive holds besides records."""
    db = Database(_source(archive))
    records = [r for r in archive.records if r["follow_ups"]]
    item = records[0]["follow_ups"][0]["id"]
    with db.session() as session:
        add_user(session, "somchai", "a-long-password", "editor")
        token = issue_token(session, "somchai")
    for status in ("in_progress", "done"):
        with db.session() as session:
            update_follow_up(session, item, {"status": status, "notes": f"บันทึก {status}"},
                             user=None, version=None, note="ตามงาน")  # fmt: skip
    with db.session() as session:
        link_follow_up(session, item, records[1]["id"], user=None)
    db.dispose()
    return token


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    db = Database(url, migrate=False)
    try:
        with db.engine.connect() as connection:
            return {
                table.name: sorted(
                    (tuple(row) for row in connection.execute(select(table))), key=repr
                )
                for table in Base.metadata.sorted_tables
            }
    finally:
        db.dispose()


def test_a_copy_holds_every_row_and_ids_go_on(
    fresh_archive: SearchArchive, postgres: Cluster
) -> None:
    token = _tracked(fresh_archive)
    source_file = fresh_archive.home / "archive.sqlite3"
    before = hashlib.sha256(source_file.read_bytes()).hexdigest()
    target = _empty_target(postgres, "copy_target")

    report = copy_archive(_source(fresh_archive), target)

    assert hashlib.sha256(source_file.read_bytes()).hexdigest() == before  # only read
    expected = _dump(_source(fresh_archive))
    assert _dump(target) == expected
    assert report.counts == {name: len(rows) for name, rows in expected.items()}
    assert report.counts["follow_up_history"] >= 4 and report.counts["follow_up_links"] == 1
    assert report.records_checked == len(fresh_archive.records)
    copied = Database(target)
    try:
        with copied.session() as session:
            assert user_by_token(session, token) is not None  # tokens still sign in
            record = Record(title="ใหม่", document_kind="meeting_summary", source_path="/new",
                            source_format="txt", content_hash="x", text="ใหม่")  # fmt: skip
            session.add(record)
            session.flush()
            assert record.id == max(fresh_archive.ids) + 1  # the sequences go on
            session.rollback()
        with pytest.raises(Exception, match="append-only"), copied.session() as session:
            session.execute(text("DELETE FROM follow_up_history"))
        with copied.session() as session:
            assert session.scalar(select(FollowUpChange.note).limit(1)) == "ตามงาน"
        # The data folder's index follows the copy as it followed the source (same ids, same
        # change-log positions): the edits above, logged, not yet applied, come from the copy.
        assert apply_pending(copied, fresh_archive.home) == 2
        assert compare(copied, fresh_archive.home).agrees
    finally:
        copied.dispose()


def test_a_target_with_rows_is_refused_and_left_alone(
    fresh_archive: SearchArchive, postgres: Cluster
) -> None:
    target = _empty_target(postgres, "copy_twice")
    copy_archive(_source(fresh_archive), target)
    with pytest.raises(CopyError, match="not empty"):
        copy_archive(_source(fresh_archive), target)
    assert _dump(target) == _dump(_source(fresh_archive))
    with pytest.raises(CopyError, match="same database"):
        copy_archive(_source(fresh_archive), _source(fresh_archive))


def test_the_command_says_what_it_did(
    fresh_archive: SearchArchive, postgres: Cluster, tmp_path: Path
) -> None:
    target = _empty_target(postgres, "copy_command")
    result = cli_run(fresh_archive.home, "copy", "--to", target.replace("+psycopg", ""))
    assert result.exit_code == 0, result.output
    assert f"records: {len(fresh_archive.records)} rows" in result.output
    assert "Verified: row counts and row digests of every table" in result.output
    assert "ARCHIVE_DATABASE_URL=postgresql://archive@" in result.output
    again = cli_run(fresh_archive.home, "copy", "--to", target)
    assert again.exit_code == 1
    assert "copy failed: the target database is not empty" in again.output
    missing = cli_run(tmp_path / "none", "copy", "--to", target)
    assert missing.exit_code == 1 and "no SQLite archive" in missing.output
