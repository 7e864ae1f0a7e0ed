"""Records for harvesters: datestamps, sets from the shown values, withdrawn as deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from archive.config import database_url
from archive.store import harvest
from archive.store.db import Database
from archive.store.models import Record, RecordCorrection
from tests.conftest import SearchArchive

OLD, NEW = datetime(2024, 1, 1), datetime(2025, 6, 1, 12, 30, 5)


def test_entries_by_datestamp_and_set(fresh_archive: SearchArchive) -> None:
    records = {r["id"]: r for r in fresh_archive.records}
    gone, corrected = fresh_archive.id_of("01"), fresh_archive.id_of("03")
    db = Database(database_url(fresh_archive.home))
    try:
        with db.session() as session:
            session.execute(update(Record).values(updated_at=OLD))
            session.execute(update(Record).where(Record.id == gone).values(
                withdrawn_at=NEW, updated_at=NEW))
            session.add(RecordCorrection(record_id=corrected, field="party_countries",
                                         value=["IS"], source_value=[], at=NEW))
        with db.session() as session:
            everything = harvest.entries(session, harvest.Scope())
            assert [e.id for e in everything] == sorted(records)
            assert [(e.id, e.deleted, e.datestamp) for e in everything if e.deleted] == [
                (gone, True, NEW)]
            recent = harvest.Scope(since=NEW)
            assert [e.id for e in harvest.entries(session, recent)] == [gone]
            assert harvest.count(session, harvest.Scope(until=datetime(2024, 12, 31))) == (
                len(records) - 1)

            assert not any("IS" in r["party_countries"] for r in records.values())
            iceland = harvest.entries(session, harvest.Scope(spec="country:IS"))
            assert [e.id for e in iceland] == [corrected]  # the corrected partners are shown
            assert harvest.count(session, harvest.Scope(spec="country")) == sum(
                1 for i, r in records.items() if r["party_countries"] or i == corrected)
            page = harvest.entries(session, harvest.Scope(spec="country"), limit=2)
            assert len(page) == 2

            sets = dict(harvest.all_sets(session))
            assert sets["country:IS"] == "ไอซ์แลนด์ (Iceland)"
            assert sets["org:bangkok-metropolitan-administration"].startswith("กรุงเทพมหานคร")
    finally:
        db.dispose()
