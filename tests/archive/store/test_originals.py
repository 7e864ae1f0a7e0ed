"""Original files kept in the database, one copy per distinct content, linked to records; the
pages of a paged original kept with the record."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from archive.store import originals
from archive.store.db import Database
from archive.store.models import OriginalFile, Record, RecordOriginal
from archive.store.recorddata import OriginalData, RecordData
from archive.store.save import save_record
from indexer.ingest import ingest_paths, reparse
from tests.conftest import write_bma


def _count(db: Database, table: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_ingest_keeps_each_distinct_file_once(db: Database, tmp_path: Path) -> None:
    one = write_bma(tmp_path / "docs" / "หนึ่ง.txt", "การประชุมความร่วมมือกับญี่ปุ่น")
    copy = tmp_path / "docs" / "สำเนา.txt"  # same bytes, other name: read first (ส < ห)
    copy.write_bytes(one.read_bytes())
    two = write_bma(tmp_path / "docs" / "two.txt", "การประชุมความร่วมมือกับเกาหลี")
    report = ingest_paths(db, [tmp_path / "docs"], workers=1)
    assert (len(report.new), len(report.unchanged), report.failed) == (2, 1, [])
    assert _count(db, OriginalFile) == 2 and _count(db, RecordOriginal) == 2
    with db.session() as session:
        assert session.scalar(select(Record.id).where(Record.source_path == str(one))) is None
        for path in (copy, two):
            record_id = session.scalar(select(Record.id).where(Record.source_path == str(path)))
            kept = originals.of_record(session, record_id)
            assert kept.filename == path.name and kept.media_type == "text/plain"
            assert originals.content(session, kept.sha256) == path.read_bytes()
    again = ingest_paths(db, [tmp_path / "docs"], workers=1)
    assert len(again.unchanged) == 3
    assert _count(db, OriginalFile) == 2 and _count(db, RecordOriginal) == 2


def test_page_starts_are_stored_and_survive_a_reparse(db: Database) -> None:
    text = "หน้าแรก การประชุม\nหน้าสอง ผลการหารือ\nหน้าสาม ข้อตกลง"
    data = RecordData(
        title="การประชุม", text=text, source_path="scan.pdf", content_hash="p1",
        original=OriginalData("scan.pdf", b"%PDF-1.7 bytes"),
    )
    data.page_starts = [0, 18, 37]
    with db.session() as session:
        record_id = save_record(session, data).record_id
    reparse(db, workers=1)
    with db.session() as session:
        record = session.get(Record, record_id)
        assert record.page_starts == [0, 18, 37]
        kept = originals.of_record(session, record_id)
        assert (kept.media_type, kept.size) == ("application/pdf", 14)
