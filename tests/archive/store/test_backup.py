"""Backups: a consistent snapshot while the archive is written, restored identically."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.store.backup import BackupError, read_manifest
from tests.conftest import ROOT, SearchArchive, cli_run

pytestmark = pytest.mark.sqlite_only  # SQLite's own backup; PostgreSQL has pg_dump

# Rows that a restore must bring back exactly (order by every column).
TABLES = (
    "records", "meetings", "findings", "venues", "agencies", "follow_ups", "follow_up_agencies",
    "follow_up_history", "follow_up_links", "users", "index_changes",
)


def _dump(database: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(database) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in TABLES
        }


def _edit(home: Path, item_id: str, status: str) -> None:
    from archive.store.db import Database
    from archive.tracking.edits import update_follow_up

    db = Database(f"sqlite:///{home / 'archive.sqlite3'}")
    with db.session() as session:
        update_follow_up(session, item_id, {"status": status}, user=None, version=None,
                         note="backup test")
    db.dispose()


def _first_item(archive: SearchArchive) -> str:
    return next(i["id"] for r in archive.records for i in r["follow_ups"])


def test_backup_and_restore_bring_back_every_row(fresh_archive: SearchArchive,
                                                 tmp_path: Path) -> None:
    home = fresh_archive.home
    added = CliRunner().invoke(
        main, ["--home", str(home), "users", "add", "manee", "--role", "editor",
               "--password-stdin"], input="correct horse 1\n",
    )
    assert added.exit_code == 0, added.output
    _edit(home, _first_item(fresh_archive), "in_progress")
    (home / "site.toml").write_text('READ_REQUIRES_LOGIN = true\n', encoding="utf-8")

    result = cli_run(home, "backup", str(tmp_path / "nightly.zip"))
    assert result.exit_code == 0, result.output
    assert f"Backed up {len(fresh_archive.records)} records" in result.output
    manifest = read_manifest(tmp_path / "nightly.zip")
    assert manifest.counts["records"] == len(fresh_archive.records)
    assert manifest.counts["users"] >= 1 and manifest.counts["follow_up_history"] >= 1

    restored = tmp_path / "restored"
    result = cli_run(restored, "restore", str(tmp_path / "nightly.zip"))
    assert result.exit_code == 0, result.output
    assert f"{len(fresh_archive.records)} records indexed" in result.output
    assert _dump(restored / "archive.sqlite3") == _dump(home / "archive.sqlite3")
    assert (restored / "site.toml").read_text(encoding="utf-8") == "READ_REQUIRES_LOGIN = true\n"
    assert (restored / "site.toml").stat().st_mode & 0o077 == 0
    found = json.loads(cli_run(restored, "search", "--json", "กรุงเทพ").stdout)
    original = json.loads(cli_run(home, "search", "--json", "กรุงเทพ").stdout)
    assert found["total"] == original["total"] > 0

    again = cli_run(restored, "restore", str(tmp_path / "nightly.zip"))
    assert again.exit_code != 0 and "empty data folder" in again.output


def test_a_backup_taken_while_an_editor_saves_is_consistent(
    fresh_archive: SearchArchive, tmp_path: Path
) -> None:
    home = fresh_archive.home
    item = _first_item(fresh_archive)
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from tests.archive.store.test_backup import _edit\n"
         "from pathlib import Path\n"
         "for n in range(400):\n"
         "    _edit(Path(sys.argv[1]), sys.argv[2], ('open', 'done')[n % 2])\n",
         str(home), item],
        cwd=ROOT,
    )
    try:
        database = home / "archive.sqlite3"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the editor is saving before the first backup
            with sqlite3.connect(database, timeout=30) as connection:
                saved = connection.execute(
                    "SELECT count(*) FROM follow_up_history WHERE follow_up_id = ?", (item,)
                ).fetchone()[0]
            if saved >= 3:
                break
            time.sleep(0.05)
        backups = []
        for n in range(3):
            target = tmp_path / f"during-{n}.zip"
            result = cli_run(home, "backup", str(target))
            assert result.exit_code == 0, result.output
            backups.append(target)
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    for target in backups:
        manifest = read_manifest(target)
        folder = tmp_path / target.stem
        assert cli_run(folder, "restore", str(target)).exit_code == 0
        with sqlite3.connect(folder / "archive.sqlite3") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            history = connection.execute(
                "SELECT count(*), max(version) FROM follow_up_history WHERE follow_up_id = ?",
                (item,),
            ).fetchone()
            version = connection.execute(
                "SELECT version FROM follow_ups WHERE id = ?", (item,)
            ).fetchone()[0]
        # The item's version and its history were copied in one state, never half a save.
        assert history[1] == version
        assert manifest.counts["follow_up_history"] >= history[0]


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(BackupError, match="not an archive backup"):
        read_manifest(bogus)
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": 99}))
    result = cli_run(tmp_path / "home", "restore", str(tmp_path / "other.zip"))
    assert result.exit_code != 0 and "backup format 99" in result.output


@pytest.mark.postgresql_only
def test_an_archive_in_postgresql_is_sent_to_pg_dump(home: Path, tmp_path: Path) -> None:
    result = cli_run(home, "backup", str(tmp_path / "b.zip"))
    assert result.exit_code == 1
    assert "this one is in PostgreSQL: back it up with pg_dump" in result.output
    assert not (tmp_path / "b.zip").exists()
