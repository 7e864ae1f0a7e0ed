"""The index follows the change log: nothing stored is lost to a crash, a concurrent writer or
a rebuild, and ``archive index --check/--repair`` and ``archive sync`` say and mend the rest."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from archive.config import database_url, index_dir
from archive.store import changelog
from archive.store.db import Database
from archive.tracking.edits import update_follow_up
from indexer.search import generations
from indexer.search.indexing import (
    Busy,
    Follower,
    apply_pending,
    compare,
    is_current,
    position,
)
from tests.conftest import ROOT, SearchArchive, cli_run, write_bma


def _env() -> dict[str, str]:
    """The environment of a subprocess: the test's database (PostgreSQL), no other setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    if os.environ.get("ARCHIVE_DATABASE_URL"):
        env["ARCHIVE_DATABASE_URL"] = os.environ["ARCHIVE_DATABASE_URL"]
    return env


def _db(home: Path) -> Database:
    return Database(database_url(home))


def _stored(home: Path) -> int:
    db = Database(database_url(home), migrate=False)
    try:
        with db.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM records")).scalar_one()
    finally:
        db.dispose()


def _agrees(home: Path) -> None:
    db = _db(home)
    try:
        found = compare(db, home)
    finally:
        db.dispose()
    assert found.agrees, found.summary()


def _item(archive: SearchArchive) -> tuple[str, int]:
    return next((i["id"], r["id"]) for r in archive.records for i in r["follow_ups"])


def _batch(folder: Path, count: int, tag: str) -> None:
    """``count`` documents whose texts no other batch has (same text = the same record)."""
    for n in range(count):
        write_bma(folder / f"{tag}{n:03d}.txt", f"การหารือทวิภาคี ชุด {tag} ฉบับที่ {n}")


def _ingest(home: Path, folder: Path, *, errors: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "archive", "--home", str(home), "ingest", str(folder),
         "--workers", "1", "--no-progress"],
        cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=errors,
    )


def test_changes_are_applied_in_order_and_the_position_moves(
    fresh_archive: SearchArchive,
) -> None:
    home = fresh_archive.home
    db = _db(home)
    item_id, record_id = _item(fresh_archive)
    start = position(home)
    with db.session() as session:
        assert start == changelog.last_seq(session)  # the ingest's build holds everything
        update_follow_up(session, item_id, {"status": "done"}, user=None, version=None)
    assert compare(db, home).stale == [record_id]  # logged, not applied yet
    assert apply_pending(db, home) == 1
    assert position(home) == start + 1
    assert compare(db, home).agrees
    assert apply_pending(db, home) == 0  # nothing pending: nothing written
    db.dispose()


def test_a_killed_ingest_loses_nothing(fresh_archive: SearchArchive, tmp_path: Path) -> None:
    """SIGKILL at random points of real ingests; each time, database and index agree after
    the next sync, with every stored record searchable."""
    home = fresh_archive.home
    rng = random.Random(11)
    for round_number in range(4):
        folder = tmp_path / f"batch{round_number}"
        _batch(folder, 150, f"r{round_number}-")
        before = _stored(home)
        process = _ingest(home, folder, errors=subprocess.DEVNULL)
        target = before + rng.randint(1, 140)
        deadline = time.monotonic() + 120
        while _stored(home) < target and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored = _stored(home)
        assert stored > before
        db = _db(home)
        found = compare(db, home)
        db.dispose()
        assert not found.extra
        if process.returncode == -signal.SIGKILL:  # stored, not yet searchable
            assert found.missing
        result = cli_run(home, "sync")
        assert result.exit_code == 0, result.output
        _agrees(home)
    check = cli_run(home, "index", "--check")
    assert check.exit_code == 0 and "index agrees with the database" in check.output


def test_two_ingests_at_once(fresh_archive: SearchArchive, tmp_path: Path) -> None:
    home = fresh_archive.home
    first, second = tmp_path / "a", tmp_path / "b"
    _batch(first, 30, "a")
    _batch(second, 30, "b")
    runs = [_ingest(home, first), _ingest(home, second)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    assert _stored(home) == len(fresh_archive.records) + 60
    _agrees(home)


def test_an_edit_during_a_rebuild_is_not_lost(fresh_archive: SearchArchive) -> None:
    home = fresh_archive.home
    item_id, _ = _item(fresh_archive)
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "archive", "--home", str(home), "index", "--procs", "1",
         "--no-progress"],
        cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    db = _db(home)
    for status in ("in_progress", "done", "cancelled", "done"):
        with db.session() as session:
            update_follow_up(session, item_id, {"status": status}, user=None, version=None)
        with contextlib.suppress(Busy):  # the rebuild applies it after its switch
            apply_pending(db, home, wait=False)
        time.sleep(0.05)
    _, err = rebuild.communicate(timeout=300)
    assert rebuild.returncode == 0, err.decode()
    apply_pending(db, home)
    found = compare(db, home)
    db.dispose()
    assert found.agrees, found.summary()


def test_check_and_repair_without_a_rebuild(fresh_archive: SearchArchive) -> None:
    home = fresh_archive.home
    _, record_id = _item(fresh_archive)
    gone = max(fresh_archive.ids)
    db = _db(home)
    with db.engine.begin() as connection:
        # Behind the change log's back: a changed row, and a record removed.
        connection.execute(text("UPDATE records SET title = title || ' (แก้ไข)' WHERE id = :id"),
                           {"id": record_id})
        for table in ("findings", "meetings"):
            connection.execute(text(f"DELETE FROM {table} WHERE record_id = :id"), {"id": gone})
        connection.execute(text(
            "DELETE FROM follow_up_agencies WHERE follow_up_id IN "
            "(SELECT id FROM follow_ups WHERE record_id = :id)"), {"id": gone})
        connection.execute(text("DELETE FROM follow_ups WHERE record_id = :id"), {"id": gone})
        connection.execute(text("DELETE FROM records WHERE id = :id"), {"id": gone})
    db.dispose()
    missing = min(fresh_archive.ids - {record_id, gone})
    generations.update(index_dir(home), [], deleted=[missing])  # and a document lost
    check = cli_run(home, "index", "--check")
    assert check.exit_code == 1
    assert "1 missing, 1 stale, 1 extra" in check.output
    assert f"stale: {record_id}" in check.output and f"extra: {gone}" in check.output
    assert f"missing: {missing}" in check.output
    generation = generations.live_generation(index_dir(home))
    fixed = cli_run(home, "index", "--repair")
    assert fixed.exit_code == 0, fixed.output
    assert "repaired: index agrees with the database" in fixed.output
    assert generations.live_generation(index_dir(home)) == generation  # no rebuild
    _agrees(home)


def test_a_site_without_an_index_builds_one_and_follows(fresh_archive: SearchArchive) -> None:
    from webapp import close_app, create_app

    home = fresh_archive.home
    generations_folder = index_dir(home)
    for path in sorted(generations_folder.glob("**/*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not is_current(home)
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home)})
    client = app.test_client()
    try:
        assert app.extensions["archive_follower"].settle(60)
        found = client.get("/api/search", query_string={"limit": 1}).get_json()
        assert found["total"] == len(fresh_archive.records)
    finally:
        close_app(app)


@pytest.mark.sqlite_only  # the database in the data folder (PostgreSQL's disk is the server's)
def test_a_full_disk_is_a_clear_error_and_loses_nothing(
    fresh_archive: SearchArchive, tmp_path: Path
) -> None:
    """The ingest may write only a little more than the archive holds (RLIMIT_FSIZE: writes
    past it fail as on a full disk, for root too): it stops with a message, what it stored is
    intact, and once there is room a sync makes database and index agree."""
    home = fresh_archive.home
    _batch(tmp_path / "more", 60, "full")
    limit = max(p.stat().st_size for p in home.rglob("*") if p.is_file()) + 64 * 1024

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    run = subprocess.run(
        [sys.executable, "-m", "archive", "--home", str(home), "ingest",
         str(tmp_path / "more"), "--workers", "1", "--no-progress"],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300, preexec_fn=small_disk,
    )
    assert run.returncode != 0
    assert "could not store: the disk is full or cannot be written" in run.stderr
    assert "Traceback" not in run.stderr
    with sqlite3.connect(home / "archive.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _stored(home) >= len(fresh_archive.records)
    assert cli_run(home, "sync").exit_code == 0
    _agrees(home)


def test_the_follower_lands_each_change_then_merges(fresh_archive: SearchArchive) -> None:
    """A round commits the changes without merging and then merges small segments in a
    commit of its own: segments stay as few as Whoosh's policy keeps them."""
    home = fresh_archive.home
    db = _db(home)
    refreshed: list[int] = []
    follower = Follower(db, home, applied=lambda: refreshed.append(1))
    root = index_dir(home)
    try:
        for record_id in sorted(fresh_archive.ids)[:12]:
            with db.session() as session:
                changelog.note(session, [record_id])
                session.commit()
            assert follower.round() == 1
        segments = len(generations.open_index(root)._read_toc().segments)
        assert segments <= 5 and len(refreshed) > 12  # some rounds merged, and said so
        _agrees(home)
    finally:
        db.dispose()


def test_the_follower_applies_what_another_process_wrote(fresh_archive: SearchArchive) -> None:
    home = fresh_archive.home
    item_id, _ = _item(fresh_archive)
    db = _db(home)
    follower = Follower(db, home, every=0.2)
    follower.start()
    try:
        edit = subprocess.run(  # another process saves, and applies nothing to the index
            [sys.executable, "-c",
             "import sys\n"
             "from pathlib import Path\n"
             "from archive.store.db import Database\n"
             "from archive.tracking.edits import update_follow_up\n"
             "from archive.config import database_url\n"
             "db = Database(database_url(Path(sys.argv[1])))\n"
             "with db.session() as session:\n"
             "    update_follow_up(session, sys.argv[2], {'status': 'done'}, user=None,"
             " version=None)\n",
             str(home), item_id],
            cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120,
        )
        assert edit.returncode == 0, edit.stderr
        deadline = time.monotonic() + 10
        while not compare(db, home).agrees:
            assert time.monotonic() < deadline, "the follower did not apply the change"
            time.sleep(0.1)
        with db.session() as session:
            assert position(home) == changelog.last_seq(session)
    finally:
        follower.stop()
        db.dispose()


@pytest.mark.postgresql_only
def test_a_follower_on_postgresql_is_woken_by_notify(fresh_archive: SearchArchive) -> None:
    """Polling only every minute: the change another process commits arrives by NOTIFY."""
    home = fresh_archive.home
    item_id, _ = _item(fresh_archive)
    db = _db(home)
    follower = Follower(db, home, every=60)
    follower.start()
    try:
        assert follower.listener is not None and follower.listener.connected.wait(10)
        assert follower.settle(30)
        other = _db(home)  # another process's engine: no local wake-up
        with other.session() as session:
            update_follow_up(session, item_id, {"status": "done"}, user=None, version=None)
        other.dispose()
        deadline = time.monotonic() + 5
        while not compare(db, home).agrees:
            assert time.monotonic() < deadline, "not woken by the notification"
            time.sleep(0.05)
    finally:
        follower.stop()
        db.dispose()
