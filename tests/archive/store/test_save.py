"""The store: saving parsed records (new / updated / unchanged), follow-up tracking across
re-ingest, reading records back, the JSON shape, and the Alembic schema."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, func, inspect, select

from archive.config import database_url
from archive.store.db import Database, alembic_config
from archive.store.lookups import count_records, get_record, iter_records, list_records
from archive.store.models import (
    Agency,
    Base,
    Finding,
    FollowUp,
    FollowUpAgency,
    Meeting,
    Record,
    Venue,
)
from archive.store.recorddata import FindingData, FollowUpData, MeetingData, RecordData, VenueData
from archive.store.save import save_record
from archive.store.serialize import record_dict
from indexer.extract.actions import item_key
from indexer.extract.parsing import content_hash, parse_text
from tests.conftest import RECORD_KEYS, bma_form

TOKYO = VenueData(
    raw="กรุงโตเกียว ประเทศญี่ปุ่น",
    city="Tokyo",
    city_th="โตเกียว",
    country_code="JP",
    country_name_th="ญี่ปุ่น",
    country_name_en="Japan",
)
SEOUL = VenueData(raw="กรุงโซล สาธารณรัฐเกาหลี", city="Seoul", country_code="KR")


def follow_up(text: str, *agencies: str, due: date | None = None) -> FollowUpData:
    return FollowUpData(text=text, key=item_key(text), agencies=list(agencies), due_date=due)


def record_data(path: str = "/docs/a.txt", text: str = "เนื้อหา ก", **fields: object) -> RecordData:
    fields.setdefault("title", f"การประชุม {text}")
    return RecordData(
        text=text,
        source_path=path,
        content_hash=content_hash(text),
        **fields,  # type: ignore[arg-type]
    )


def save(db: Database, data: RecordData):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return save_record(session, data)


def load(db: Database, record_id: int) -> dict:  # type: ignore[type-arg]
    with db.session() as session:
        record = get_record(session, record_id)
        assert record is not None
        return record_dict(record)


def rows(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def set_status(db: Database, follow_up_id: str, status: str) -> None:
    with db.session() as session:
        session.get(FollowUp, follow_up_id).status = status  # type: ignore[union-attr]


# ------------------------------------------------------------------- new, updated, unchanged


def test_new_record_is_stored_with_all_fields(db: Database) -> None:
    data = record_data(
        document_kind="meeting",
        organization="กรุงเทพมหานคร",
        venue=TOKYO,
        date_start=date(2018, 11, 4),
        date_end=date(2018, 11, 5),
        meetings=[MeetingData("การประชุม ก", TOKYO, date(2018, 11, 4), date(2018, 11, 5))],
        findings=[FindingData("4.1", None, "สาระสำคัญ")],
        follow_ups=[follow_up("ให้สำนักการโยธาดำเนินการ", "สำนักการโยธา", due=date(2019, 1, 31))],
        people=["นายสมชาย ใจดี"],
        warnings=["no follow-up actions found"],
    )
    outcome = save(db, data)
    assert (outcome.status, outcome.record_id) == ("new", 1)
    stored = load(db, 1)
    assert stored["title"] == "การประชุม เนื้อหา ก"
    assert stored["venue"] == {
        "raw": "กรุงโตเกียว ประเทศญี่ปุ่น",
        "city": "Tokyo",
        "country_code": "JP",
        "country_name_th": "ญี่ปุ่น",
        "country_name_en": "Japan",
        "online": False,
    }
    assert stored["meetings"] == [
        {
            "name": "การประชุม ก",
            "venue": stored["venue"],
            "date_start": "2018-11-04",
            "date_end": "2018-11-05",
        }
    ]
    assert stored["findings"] == [{"number": "4.1", "heading": None, "text": "สาระสำคัญ"}]
    assert stored["follow_ups"] == [
        {
            "id": f"1-{item_key('ให้สำนักการโยธาดำเนินการ')}",
            "text": "ให้สำนักการโยธาดำเนินการ",
            "agencies": ["สำนักการโยธา"],
            "due_date": "2019-01-31",
            "status": "open",
            "removed_from_source": False,
            "source": None,
        }
    ]
    assert stored["people"] == ["นายสมชาย ใจดี"]
    assert stored["warnings"] == ["no follow-up actions found"]
    # The record and its meeting share one venue row.
    assert rows(db, Venue) == 1


def test_meetings_at_the_same_new_venue_share_one_row(db: Database) -> None:
    # Regression: the record's venue and its meetings' venues used to be looked up with
    # queries that autoflushed a half-filled pending Record (NOT NULL constraint failed).
    data = record_data(
        venue=SEOUL,
        meetings=[MeetingData("ก", SEOUL), MeetingData("ข", TOKYO), MeetingData("ค", SEOUL)],
    )
    assert save(db, data).status == "new"
    assert rows(db, Venue) == 2
    stored = load(db, 1)
    assert [m["venue"]["city"] for m in stored["meetings"]] == ["Seoul", "Tokyo", "Seoul"]


def test_same_path_same_text_is_unchanged_and_writes_nothing(db: Database) -> None:
    save(db, record_data(venue=TOKYO, follow_ups=[follow_up("ให้สำนักการโยธาดำเนินการ")]))
    with db.session() as session:
        before = session.execute(select(Record.id, Record.updated_at, Record.title)).all()
    outcome = save(db, record_data(venue=TOKYO, title="ชื่อใหม่ที่ไม่ควรถูกบันทึก"))
    assert (outcome.status, outcome.record_id) == ("unchanged", 1)
    with db.session() as session:
        assert session.execute(select(Record.id, Record.updated_at, Record.title)).all() == before


def test_same_path_new_text_updates_in_place(db: Database) -> None:
    save(db, record_data(text="ฉบับแรก", venue=TOKYO, findings=[FindingData("1", None, "เก่า")]))
    outcome = save(
        db,
        record_data(
            text="ฉบับแก้ไข",
            venue=SEOUL,
            findings=[FindingData("1", None, "ใหม่"), FindingData("2", None, "เพิ่ม")],
        ),
    )
    assert (outcome.status, outcome.record_id) == ("updated", 1)
    stored = load(db, 1)
    assert stored["content_hash"] == content_hash("ฉบับแก้ไข")
    assert stored["venue"]["city"] == "Seoul"
    assert [f["text"] for f in stored["findings"]] == ["ใหม่", "เพิ่ม"]
    assert rows(db, Record) == 1
    assert rows(db, Finding) == 2  # the old finding was deleted, not orphaned


def test_same_text_at_another_path_is_reported_as_its_twin(db: Database) -> None:
    save(db, record_data(path="/docs/a.txt"))
    outcome = save(db, record_data(path="/copies/a.txt"))
    assert (outcome.status, outcome.record_id) == ("unchanged", 1)
    assert outcome.note == "same text as record 1"
    assert rows(db, Record) == 1


def test_a_failed_transaction_leaves_no_rows(db: Database) -> None:
    data = record_data(
        venue=TOKYO,
        meetings=[MeetingData("ก", TOKYO)],
        findings=[FindingData("1", None, "ข้อ")],
        follow_ups=[follow_up("ให้สำนักการโยธาดำเนินการ", "สำนักการโยธา")],
    )
    with pytest.raises(RuntimeError), db.session() as session:
        save_record(session, data)
        raise RuntimeError("crash after the flush")
    for model in (Record, Venue, Meeting, Finding, FollowUp, FollowUpAgency, Agency):
        assert rows(db, model) == 0, model.__name__


# --------------------------------------------------------------------------- follow-ups


def test_follow_up_ids_are_record_id_and_key(db: Database) -> None:
    items = [follow_up("ให้สำนักการโยธาดำเนินการ"), follow_up("ให้สำนักการระบายน้ำศึกษา")]
    save(db, record_data(path="/docs/a.txt", text="ก"))
    save(db, record_data(path="/docs/b.txt", text="ข", follow_ups=items))
    ids = [item["id"] for item in load(db, 2)["follow_ups"]]
    assert ids == [f"2-{items[0].key}", f"2-{items[1].key}"]


def test_follow_up_state_survives_re_ingest_of_a_changed_document(db: Database) -> None:
    keep = follow_up("ให้สำนักการโยธาดำเนินการ", "สำนักการโยธา", due=date(2019, 3, 31))
    drop = follow_up("ให้สำนักการระบายน้ำศึกษา", "สำนักการระบายน้ำ")
    save(db, record_data(text="ฉบับแรก", follow_ups=[keep, drop]))
    first = load(db, 1)["follow_ups"]
    set_status(db, first[0]["id"], "done")

    added = follow_up("ให้กองการต่างประเทศประสาน", "กองการต่างประเทศ")
    assert save(db, record_data(text="ฉบับแก้ไข", follow_ups=[keep, added])).status == "updated"
    items = {item["text"]: item for item in load(db, 1)["follow_ups"]}
    assert items[keep.text]["id"] == first[0]["id"]
    assert items[keep.text]["status"] == "done"
    assert items[keep.text]["due_date"] == "2019-03-31"
    assert items[keep.text]["agencies"] == ["สำนักการโยธา"]
    assert items[keep.text]["removed_from_source"] is False
    # The dropped item stays, flagged; its id and agencies are kept.
    assert items[drop.text]["id"] == first[1]["id"]
    assert items[drop.text]["removed_from_source"] is True
    assert items[drop.text]["agencies"] == ["สำนักการระบายน้ำ"]
    assert items[added.text]["status"] == "open"
    assert items[added.text]["removed_from_source"] is False
    assert rows(db, FollowUp) == 3

    # When the item comes back, it is no longer flagged and keeps its id.
    save(db, record_data(text="ฉบับที่สาม", follow_ups=[keep, drop]))
    items = {item["text"]: item for item in load(db, 1)["follow_ups"]}
    assert items[drop.text]["removed_from_source"] is False
    assert items[drop.text]["id"] == first[1]["id"]
    assert items[added.text]["removed_from_source"] is True


def test_agency_links_follow_the_document_and_agencies_are_shared(db: Database) -> None:
    text = "ให้สำนักการโยธาดำเนินการ"
    save(db, record_data(text="ก", follow_ups=[follow_up(text, "สำนักการโยธา", "กองการต่างประเทศ")]))
    save(db, record_data(path="/docs/b.txt", text="ข", follow_ups=[follow_up(text, "สำนักการโยธา")]))
    # Same follow-up text, other agencies (the parser changed its mind): links are replaced.
    save(
        db,
        record_data(
            text="ก แก้ไข",
            follow_ups=[follow_up(text, "กองการต่างประเทศ", "สำนักการระบายน้ำ", "กองการต่างประเทศ")],
        ),
    )
    assert load(db, 1)["follow_ups"][0]["agencies"] == ["กองการต่างประเทศ", "สำนักการระบายน้ำ"]
    assert load(db, 2)["follow_ups"][0]["agencies"] == ["สำนักการโยธา"]
    with db.session() as session:
        names = session.scalars(select(Agency.name).order_by(Agency.name)).all()
    assert names == sorted(["สำนักการโยธา", "กองการต่างประเทศ", "สำนักการระบายน้ำ"])


def test_repeated_follow_up_text_gets_distinct_stable_ids(db: Database) -> None:
    twice = [follow_up("ให้สำนักการโยธาดำเนินการ"), follow_up("ให้สำนักการโยธาดำเนินการ")]
    save(db, record_data(text="ก", follow_ups=twice))
    ids = [item["id"] for item in load(db, 1)["follow_ups"]]
    assert len(set(ids)) == 2
    save(db, record_data(text="ก แก้ไข", follow_ups=twice))
    assert [item["id"] for item in load(db, 1)["follow_ups"]] == ids
    assert rows(db, FollowUp) == 2


# --------------------------------------------------------------------------- reading back


def test_get_list_iter_count(db: Database) -> None:
    for n in range(5):
        save(db, record_data(path=f"/docs/{n}.txt", text=f"เอกสาร {n}"))
    with db.session() as session:
        assert get_record(session, 99) is None
        assert count_records(session) == 5
        assert [r.id for r in list_records(session)] == [1, 2, 3, 4, 5]
        assert [r.id for r in list_records(session, limit=2, offset=1)] == [2, 3]
        assert [r.id for r in list_records(session, offset=4)] == [5]
        assert [r.source_path for r in iter_records(session, batch=2)] == [
            f"/docs/{n}.txt" for n in range(5)
        ]


def test_record_dict_of_a_parsed_document(db: Database) -> None:
    text = bma_form("การประชุมทดสอบ", follow_ups=["ให้สำนักการโยธาดำเนินการภายในวันที่ 31 มีนาคม 2562"])
    save(db, parse_text(text, source_path="/docs/form.txt"))
    data = load(db, 1)
    assert set(data) == RECORD_KEYS
    assert data["title"] == "การประชุมทดสอบ"
    assert data["document_kind"] == "meeting"
    assert data["organization"] == "กรุงเทพมหานคร"
    assert data["mission_group"] == "โครงสร้างพื้นฐานและสาธารณูปโภค"
    assert (data["date_start"], data["date_end"]) == ("2018-11-04", "2018-11-05")
    assert (data["published"], data["updated"]) == (None, None)
    assert data["venue"]["city"] == "Tokyo"
    assert data["reporter"] == {
        "name": "นายสมชาย ใจดี",
        "position": "นักวิเทศสัมพันธ์ปฏิบัติการ",
        "unit": "กองการต่างประเทศ สำนักปลัดกรุงเทพมหานคร",
        "phone": None,
    }
    assert [(f["agencies"], f["due_date"]) for f in data["follow_ups"]] == [
        (["สำนักการโยธา"], "2019-03-31")
    ]
    assert data["source_path"] == "/docs/form.txt"
    assert data["content_hash"] == content_hash(text)
    assert re.fullmatch(r"[0-9a-f]{64}", data["content_hash"])
    with db.session() as session:
        record = get_record(session, 1)
        assert record_dict(record, text=True)["text"] == text  # type: ignore[arg-type]


def test_record_dict_without_venue_or_reporter(db: Database) -> None:
    save(db, record_data())
    data = load(db, 1)
    assert data["venue"] is None
    assert data["reporter"] is None
    assert data["date_start"] is None
    assert data["meetings"] == data["findings"] == data["follow_ups"] == []


# --------------------------------------------------------------------------- schema


def _differences(url: str, metadata: MetaData) -> list:  # type: ignore[type-arg]
    database = Database(url, migrate=False)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            return compare_metadata(context, metadata)
    finally:
        database.dispose()


def test_migrations_match_the_models(home: Path) -> None:
    """A model change without a migration fails here."""
    url = database_url(home)  # migrated by Alembic
    assert _differences(url, Base.metadata) == []


def test_the_schema_comparison_detects_a_missing_migration(home: Path) -> None:
    url = database_url(home)
    changed = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["records"].append_column(Column("language", String(8)))
    differences = _differences(url, changed)
    assert [(d[0], d[3].name) for d in differences] == [("add_column", "language")]


def test_migrations_downgrade_and_upgrade_again(home: Path) -> None:
    url = database_url(home)
    database = Database(url)
    try:
        with database.engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(database.engine).get_table_names()) == {"alembic_version"}
    finally:
        database.dispose()
    database = Database(url)
    try:
        assert set(inspect(database.engine).get_table_names()) == {
            "alembic_version",
            *Base.metadata.tables,
        }
    finally:
        database.dispose()
