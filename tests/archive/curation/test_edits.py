"""Correcting records: validation as at ingest, history, optimistic locking, corrections that
survive a re-ingest of a changed file (in search and the export too) and a re-extraction, "the
source now says", withdrawal.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from archive.accounts import add_user, get_user
from archive.curation import edits
from archive.curation.errors import CurationError, RecordConflict, RecordNotFound
from archive.store import changelog
from archive.store.db import Database
from archive.store.export import BOM, export_lines
from archive.store.lookups import get_record
from archive.store.models import Record
from archive.store.serialize import record_dict
from archive.store.shown import source_changes
from indexer.ingest import ingest_paths, reparse
from indexer.search.generations import Index
from indexer.search.indexing import apply_pending, rebuild_index
from indexer.search.service import SearchRequest, index_root, search
from tests.conftest import CORPUS

TOKYO = CORPUS / "01_tokyo-jica-disaster-prevention.txt"
OSAKA = {"raw": "นครโอซากา ประเทศญี่ปุ่น", "city": "โอซากา", "country_code": "ญี่ปุ่น"}


@pytest.fixture
def archive(db: Database, tmp_path: Path) -> tuple[Database, Path, int]:
    """A real corpus file copied aside and ingested; two editors."""
    path = tmp_path / TOKYO.name
    shutil.copy(TOKYO, path)
    ingest_paths(db, [path], workers=1)
    with db.session() as session:
        add_user(session, "somchai", "password-1", "editor")
        add_user(session, "malee", "password-2", "editor")
        record_id = session.scalar(select(Record.id))
    assert record_id is not None
    return db, path, record_id


def correct(db: Database, record_id: int, changes: dict, *, by: str = "somchai", **kw):  # type: ignore[no-untyped-def,type-arg]
    with db.session() as session:
        rows = edits.update_record(session, record_id, changes, user=get_user(session, by), **kw)
        return [(r.field, r.user_name, r.version) for r in rows]


def shown(db: Database, record_id: int) -> dict:  # type: ignore[type-arg]
    with db.session() as session:
        record = get_record(session, record_id)
        assert record is not None
        return record_dict(record)


def test_a_correction_is_shown_kept_apart_and_logged(archive: tuple[Database, Path, int]) -> None:
    db, _, record_id = archive
    before = shown(db, record_id)
    assert before["version"] == 1 and before["venue"]["city"] == "Tokyo"
    with db.session() as session:
        logged = changelog.last_seq(session)
    rows = correct(db, record_id, {"venue": OSAKA, "date_start": "5/11/2561",
                                   "title": before["title"]}, version=1, note="ตามหนังสือเชิญ")
    assert rows == [("venue", "somchai", 2), ("date_start", "somchai", 2)]  # title unchanged
    after = shown(db, record_id)
    assert after["version"] == 2
    assert after["venue"] == {
        "raw": "นครโอซากา ประเทศญี่ปุ่น", "city": "Osaka", "country_code": "JP",
        "country_name_th": "ญี่ปุ่น", "country_name_en": "Japan", "online": False,
    }
    assert after["date_start"] == "2018-11-05"  # BE 2561 read as CE 2018
    with db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None
        assert record.venue is not None and record.venue.city == "Tokyo"  # the document's
        assert [c.field for c in record.corrections] == ["date_start", "venue"]
        assert changelog.last_seq(session) > logged  # search follows
        history = [edits.change_dict(c) for c in edits.history(session, record_id)]
    assert history[0]["old_value"]["city"] == "Tokyo" and history[0]["new_value"]["city"] == "Osaka"
    assert history[1]["note"] == "ตามหนังสือเชิญ" and history[1]["user"] == "somchai"


BAD = [
    ({"date_start": "31/02/2568"}, "date_start", "date.no_such_day"),
    ({"date_start": "next week"}, "date_start", "date.invalid"),
    ({"date_end": "2018-11-01"}, "date_end", "date.order"),
    ({"venue": {"raw": "x", "city": "Atlantis"}}, "venue.city", "city.unknown"),
    ({"venue": {"raw": "x", "city": "Osaka", "country_code": "KR"}}, "venue.city",
     "city.country"),
    ({"party_countries": ["JP", "Narnia"]}, "party_countries[1]", "country.unknown"),
    ({"party_countries": ["ไทย"]}, "party_countries[0]", "country.thailand"),
    ({"party_organizations": ["Not An Org"]}, "party_organizations[0]",
     "organization.unknown"),
    ({"document_kind": "poem"}, "document_kind", "kind.unknown"),
    ({"title": "   "}, "title", "text.required"),
    ({"findings": [{"number": "1"}]}, "findings[0].text", "text.required"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "url.invalid"),
    ({"text": "x"}, None, "fields.not_editable"),
]


def test_bad_values_are_refused_naming_the_field(archive: tuple[Database, Path, int]) -> None:
    db, _, record_id = archive
    for changes, field, code in BAD:
        with pytest.raises(CurationError) as refused:
            correct(db, record_id, changes, version=1)
        assert (refused.value.field, refused.value.code) == (field, code), changes
    assert shown(db, record_id)["version"] == 1


def test_thai_dates_countries_and_organisations_are_read_as_ingest_reads_them(
    archive: tuple[Database, Path, int],
) -> None:
    db, _, record_id = archive
    correct(db, record_id, {"date_start": "๔ พฤศจิกายน ๒๕๖๑", "date_end": "2018-11-16",
                            "party_countries": ["ญี่ปุ่น", "kr", "JP"],
                            "party_organizations": ["jica"]}, version=1)
    data = shown(db, record_id)
    assert (data["date_start"], data["date_end"]) == ("2018-11-04", "2018-11-16")
    assert data["party_countries"] == ["JP", "KR"]
    assert data["party_organizations"] == ["JICA"]


def test_a_stale_save_is_refused_with_the_changes_since(
    archive: tuple[Database, Path, int],
) -> None:
    db, _, record_id = archive
    correct(db, record_id, {"title": "ดูงานลดความเสี่ยงภัยพิบัติ โตเกียว"}, by="malee", version=1)
    with pytest.raises(RecordConflict) as stale:
        correct(db, record_id, {"title": "อีกชื่อหนึ่ง"}, version=1)
    assert (stale.value.current, stale.value.expected) == (2, 1)
    assert [(c["field"], c["user"], c["new_value"]) for c in stale.value.changes] == [
        ("title", "malee", "ดูงานลดความเสี่ยงภัยพิบัติ โตเกียว")
    ]
    assert shown(db, record_id)["title"] == "ดูงานลดความเสี่ยงภัยพิบัติ โตเกียว"
    with pytest.raises(RecordNotFound):
        correct(db, 999_999, {"title": "x"}, version=1)


def test_history_is_append_only_in_the_database(archive: tuple[Database, Path, int]) -> None:
    db, _, record_id = archive
    correct(db, record_id, {"people": ["นายสมชาย ใจดี"]}, version=1)
    for statement in ("UPDATE record_history SET note = 'x'", "DELETE FROM record_history"):
        with pytest.raises(Exception, match="append-only"), db.session() as session:
            session.execute(text(statement))
    with db.session() as session:
        assert [c.field for c in edits.history(session, record_id)] == ["people"]


def _change_venue_in_file(path: Path) -> None:
    content = path.read_text(encoding="utf-8")
    assert "กรุงโตเกียว ประเทศญี่ปุ่น\n" in content
    path.write_text(
        content.replace("กรุงโตเกียว ประเทศญี่ปุ่น\n", "นครโยโกฮามา ประเทศญี่ปุ่น\n", 1)
        .replace("4 – 15 พฤศจิกายน 2561", "4 – 16 พฤศจิกายน 2561", 1),
        encoding="utf-8",
    )


def _searched(home: Path, **filters: list[str]) -> list[dict]:  # type: ignore[type-arg]
    """The hits of a search of the data folder's index, filtered by facets."""
    index = Index(index_root(home))
    try:
        return search(index, SearchRequest(filters=filters, per_page=50))["hits"]
    finally:
        index.close()


def _exported(db: Database, fmt: str) -> str:
    """The whole-archive export (``archive export``) as text."""
    with db.session() as session:
        return "".join(export_lines(session, fmt))


def test_corrections_survive_a_reingest_of_the_changed_file(
    archive: tuple[Database, Path, int], home: Path
) -> None:
    db, path, record_id = archive
    rebuild_index(db, home)
    correct(db, record_id, {"venue": OSAKA}, version=1)
    _change_venue_in_file(path)
    ingest_paths(db, [path], workers=1)
    data = shown(db, record_id)
    assert data["venue"]["city"] == "Osaka"  # the person's value, not the file's
    assert data["date_end"] == "2018-11-16"  # an uncorrected field follows the file
    assert data["version"] == 3  # the re-ingest is a change: a form from version 2 is stale
    # Search (the index, following the change log as every node does) and the whole-archive
    # export show the corrected venue beside the re-ingested date.
    assert apply_pending(db, home) >= 1
    hits = _searched(home, city=["Osaka"])
    assert [(h["id"], h["venue"]["raw"], h["date_end"]) for h in hits] == [
        (record_id, "นครโอซากา ประเทศญี่ปุ่น", "2018-11-16")
    ]
    assert _searched(home, country=["JP"])[0]["venue"]["city"] == "Osaka"
    (line,) = _exported(db, "jsonl").splitlines()
    exported = json.loads(line)
    assert (exported["id"], exported["venue"]["city"], exported["date_end"]) == (
        record_id,
        "Osaka",
        "2018-11-16",
    )
    rows = list(csv.DictReader(io.StringIO(_exported(db, "csv").lstrip(BOM))))
    assert [(row["id"], row["venue"], row["date_end"]) for row in rows] == [
        (str(record_id), "นครโอซากา ประเทศญี่ปุ่น", "2018-11-16")
    ]
    with db.session() as session:
        record = get_record(session, record_id)
        assert record is not None
        pending = source_changes(record)
        assert [(c.field, c.was["city"], c.now["city"]) for c in pending] == [
            ("venue", "Tokyo", "Yokohama")
        ]
        assert edits.records_with_source_changes(session) == [record_id]
        reingest = [c for c in edits.history(session, record_id) if c.user_name is None]
        assert {"venue", "date_end"} <= {c.field for c in reingest}
    # keep the correction: the notice goes, the person's value stays
    with db.session() as session:
        edits.resolve_source_change(session, record_id, "venue", accept=False, user=None,
                                    version=3)
    with db.session() as session:
        record = get_record(session, record_id)
        assert record is not None and source_changes(record) == []
    assert shown(db, record_id)["venue"]["city"] == "Osaka"


def test_accepting_the_source_drops_the_correction(
    archive: tuple[Database, Path, int],
) -> None:
    db, path, record_id = archive
    correct(db, record_id, {"venue": OSAKA}, version=1)
    _change_venue_in_file(path)
    ingest_paths(db, [path], workers=1)
    with db.session() as session:
        row = edits.resolve_source_change(session, record_id, "venue", accept=True,
                                          user=get_user(session, "malee"), version=3)
        assert (row.field, row.note, row.user_name) == ("venue", edits.ACCEPTED, "malee")
    data = shown(db, record_id)
    assert data["venue"]["city"] == "Yokohama" and data["version"] == 4
    with db.session() as session, pytest.raises(CurationError):
        edits.resolve_source_change(session, record_id, "venue", accept=True, user=None,
                                    version=4)


def test_corrections_survive_reparse(archive: tuple[Database, Path, int]) -> None:
    db, _, record_id = archive
    with db.session() as session:  # as an older parser had read it
        session.execute(text("UPDATE records SET title = 'ชื่อเดิมจากตัวแยกรุ่นเก่า'"))
    correct(db, record_id, {"title": "ชื่อที่บรรณาธิการตั้ง"}, version=1)
    reparse(db, workers=1)
    data = shown(db, record_id)
    assert data["title"] == "ชื่อที่บรรณาธิการตั้ง"
    with db.session() as session:
        record = get_record(session, record_id)
        assert record is not None
        assert record.title.startswith("การศึกษาดูงานหลักสูตร")  # the document's, re-read
        assert [(c.field, c.was) for c in source_changes(record)] == [
            ("title", "ชื่อเดิมจากตัวแยกรุ่นเก่า")
        ]


def test_withdraw_and_restore(archive: tuple[Database, Path, int]) -> None:
    db, _, record_id = archive
    with db.session() as session, pytest.raises(CurationError):
        edits.withdraw_record(session, record_id, "  ", user=None)
    with db.session() as session:
        edits.withdraw_record(session, record_id, "เอกสารซ้ำกับรายงานอื่น",
                              user=get_user(session, "somchai"))
    with db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.withdrawn_reason == "เอกสารซ้ำกับรายงานอื่น"
        edits.restore_record(session, record_id, user=None)
    with db.session() as session:
        record = session.get(Record, record_id)
        assert record is not None and record.withdrawn_at is None and record.version == 3
        assert [(c.field, edits.load(c.old_value), edits.load(c.new_value))
                for c in edits.history(session, record_id)] == [
            ("withdrawn", None, "เอกสารซ้ำกับรายงานอื่น"),
            ("withdrawn", "เอกสารซ้ำกับรายงานอื่น", None),
        ]
