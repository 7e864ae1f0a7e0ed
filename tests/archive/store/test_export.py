"""``archive export``: the whole archive as JSON Lines or CSV, read back by independent readers."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

from archive.config import database_url
from archive.store.db import Database
from archive.store.export import COLUMNS, JOIN
from archive.store.models import Record
from tests.conftest import SearchArchive, cli_run


def _withdraw(home: Path, record_id: int) -> None:
    db = Database(database_url(home))
    with db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        record.withdrawn_at, record.withdrawn_reason = datetime(2024, 1, 2), "ซ้ำกับรายงานอื่น"
    db.dispose()


def test_export_writes_every_listed_record_in_the_api_shape(
    fresh_archive: SearchArchive, tmp_path: Path
) -> None:
    home = fresh_archive.home
    withdrawn = fresh_archive.id_of("01")
    _withdraw(home, withdrawn)
    listed = sorted(fresh_archive.ids - {withdrawn})

    jsonl = tmp_path / "archive.jsonl"
    result = cli_run(home, "export", "--format", "jsonl", str(jsonl))
    assert result.exit_code == 0, result.output
    assert f"exported {len(listed)} records" in result.stderr
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == listed
    second = records[1]
    shown = cli_run(home, "show", str(second["id"]), "--json")
    assert second == json.loads(shown.stdout)  # the record JSON of the API and `archive show`
    assert records[0]["title"] in lines[0] and "\\u0e" not in lines[0]  # Thai as UTF-8

    table = tmp_path / "archive.csv"
    result = cli_run(home, "export", "--format", "csv", str(table))
    assert result.exit_code == 0, result.output
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's cue for UTF-8
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [name for name, _ in COLUMNS]
    assert [int(row["id"]) for row in rows] == listed
    by_id = {r["id"]: r for r in records}
    for row in rows:
        record = by_id[int(row["id"])]
        assert row["title"] == record["title"]
        assert row["venue"] == ((record["venue"] or {}).get("raw") or "")
        assert row["party_countries"] == JOIN.join(record["party_countries"])
        assert row["follow_ups"].count("\n") == max(len(record["follow_ups"]) - 1, 0)
    assert any(row["party_countries"] for row in rows)


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = cli_run(tmp_path / "home", "export", "--format", "xml", str(tmp_path / "a.xml"))
    assert result.exit_code == 2
    assert "'xml' is not one of 'jsonl', 'csv'" in result.output
    assert not (tmp_path / "a.xml").exists()
