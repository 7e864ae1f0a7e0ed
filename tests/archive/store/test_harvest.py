"""Records for harvesters: datestamps (moved by every change people make to what a record
shows), sets from the shown values, withdrawn as deleted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import text, update
from sqlalchemy.orm import Session

from archive.config import database_url
from archive.curation import edits as curation
from archive.store import harvest
from archive.store.db import Database
from archive.store.models import Record, RecordCorrection
from archive.tracking import edits as tracking
from tests.conftest import SearchArchive

OLD, NEW = datetime(2024, 1, 1), datetime(2025, 6, 1, 12, 30, 5)


def test_entries_by_datestamp_and_set(fresh_archive: SearchArchive) -> None:
    records = {r["id"]: r for r in fresh_archive.records}
    gone, corrected = fresh_archive.id_of("01"), fresh_archive.id_of("03")
    db = Database(database_url(fresh_archive.home))
    try:
        with db.session() as session:
            session.execute(update(Record).values(updated_at=OLD))
            session.execute(
                update(Record).where(Record.id == gone).values(withdrawn_at=NEW, updated_at=NEW)
            )
            session.add(
                RecordCorrection(
                    record_id=corrected,
                    field="party_countries",
                    value=["IS"],
                    source_value=[],
                    at=NEW,
                )
            )
        with db.session() as session:
            everything = harvest.entries(session, harvest.Scope())
            assert [e.id for e in everything] == sorted(records)
            assert [(e.id, e.deleted, e.datestamp) for e in everything if e.deleted] == [
                (gone, True, NEW)
            ]
            recent = harvest.Scope(since=NEW)
            assert [e.id for e in harvest.entries(session, recent)] == [gone]
            assert harvest.count(session, harvest.Scope(until=datetime(2024, 12, 31))) == (
                len(records) - 1
            )

            assert not any("IS" in r["party_countries"] for r in records.values())
            iceland = harvest.entries(session, harvest.Scope(spec="country:IS"))
            assert [e.id for e in iceland] == [corrected]  # the corrected partners are shown
            assert harvest.count(session, harvest.Scope(spec="country")) == sum(
                1 for i, r in records.items() if r["party_countries"] or i == corrected
            )
            page = harvest.entries(session, harvest.Scope(spec="country"), limit=2)
            assert len(page) == 2

            sets = dict(harvest.all_sets(session))
            assert sets["country:IS"] == "ไอซ์แลนด์ (Iceland)"
            assert sets["org:bangkok-metropolitan-administration"].startswith("กรุงเทพมหานคร")
    finally:
        db.dispose()


def test_every_change_to_what_a_record_shows_moves_its_datestamp(
    fresh_archive: SearchArchive,
) -> None:
    record_id, later = fresh_archive.id_of("01"), fresh_archive.id_of("03")
    [item, *_] = next(r for r in fresh_archive.records if r["id"] == record_id)["follow_ups"]
    db = Database(database_url(fresh_archive.home))

    def moved(change: Callable[[Session], object]) -> list[int]:
        """The records whose datestamp ``change`` moved (every record dated OLD before)."""
        with db.session() as session:
            session.execute(update(Record).values(updated_at=OLD))
        since = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        with db.session() as session:
            change(session)
        with db.session() as session:
            return [e.id for e in harvest.entries(session, harvest.Scope(since=since))]

    def version(session: Session) -> int:
        return curation.get_record(session, record_id).version

    try:
        assert moved(lambda s: None) == []
        assert moved(
            lambda s: tracking.update_follow_up(
                s, item["id"], {"status": "in_progress"}, user=None, version=None
            )
        ) == [record_id]
        assert (
            moved(
                lambda s: tracking.update_follow_up(  # a note is in no metadata
                    s, item["id"], {}, user=None, version=None, note="โทรสอบถามสำนักการระบายน้ำแล้ว"
                )
            )
            == []
        )
        assert moved(
            lambda s: tracking.add_follow_up(
                s,
                record_id,
                "ให้สำนักการโยธารายงานความคืบหน้าภายในเดือนมีนาคม",
                user=None,
                due_date="2026-03-31",
            )
        ) == [record_id]
        assert moved(lambda s: tracking.link_follow_up(s, item["id"], later, user=None)) == [
            record_id
        ]
        assert moved(
            lambda s: curation.update_record(
                s,
                record_id,
                {"title": "การหารือความร่วมมือด้านการป้องกันภัยพิบัติกับ JICA"},
                user=None,
                version=version(s),
            )
        ) == [record_id]
        assert moved(
            lambda s: curation.withdraw_record(s, record_id, "เอกสารซ้ำกับรายงานอื่น", user=None)
        ) == [record_id]
        assert moved(lambda s: curation.restore_record(s, record_id, user=None)) == [record_id]
    finally:
        db.dispose()


def test_a_datestamp_written_by_the_database_clock_is_in_its_second(
    fresh_archive: SearchArchive,
) -> None:
    record_id = fresh_archive.id_of("01")
    db = Database(database_url(fresh_archive.home))
    try:
        with db.session() as session:
            session.execute(update(Record).values(updated_at=OLD))
            # As SQLite's CURRENT_TIMESTAMP writes it: no fraction of a second.
            session.execute(
                text("UPDATE records SET updated_at = '2025-06-01 12:30:05' WHERE id = :id"),
                {"id": record_id},
            )
        with db.session() as session:

            def ids(**scope: datetime) -> list[int]:
                return [e.id for e in harvest.entries(session, harvest.Scope(**scope))]

            assert ids(since=NEW) == [record_id] == ids(since=NEW, until=NEW)
            assert record_id not in ids(until=datetime(2025, 6, 1, 12, 30, 4))
            assert ids(since=datetime(2025, 6, 1, 12, 30, 6)) == []
    finally:
        db.dispose()
