"""Batch ingest: files and folders -> records, idempotent by content hash, one transaction per
document, every bad file reported on one line while the batch goes on."""

from __future__ import annotations

import builtins
import gc
import hashlib
import json
import os
import random
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy.exc
from click.testing import CliRunner, Result
from sqlalchemy import select, text

import archive.store.lookups
import archive.store.save
import indexer.extract.reading
import indexer.ingest
import indexer.search.generations as generations_module
from archive.cli import main
from archive.config import database_url
from archive.store.db import Database
from archive.store.models import Record
from archive.store.recorddata import RecordData
from archive.tracking.edits import history, update_follow_up
from indexer.ingest import IngestReport, ingest_documents, ingest_paths, iter_files, one_line
from indexer.search.generations import Index, open_index
from indexer.search.service import SearchRequest, search
from tests.conftest import CORPUS, SearchArchive, bma_form, write_bma, write_many

CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir() if p.name != "README.md")
TABLES = (
    "records",
    "venues",
    "meetings",
    "findings",
    "follow_ups",
    "agencies",
    "follow_up_agencies",
)

# What a careful reader extracts (corpus/README.md): kind, venue, meeting span.
EXPECTED = {
    "01": ("visit", "Tokyo", "JP", "2018-11-04", "2018-11-15"),
    "02": ("meeting", "Seoul", "KR", "2019-10-28", "2019-11-01"),
    "03": ("meeting", "Kuala Lumpur", "MY", "2017-07-12", "2017-07-14"),
    "04": ("meeting", "Paris", "FR", "2023-03-20", "2023-03-22"),
    "05": ("meeting", "Vientiane", "LA", "2018-11-28", "2018-11-29"),
    "06": ("meeting", "Bangkok", "TH", "2022-08-23", "2022-08-24"),
    "07": ("news", "Phnom Penh", "KH", "2023-01-18", "2023-01-18"),
    "08": ("news", "Kunming", "CN", "2023-02-08", "2023-02-09"),
    "09": ("news", "Yangon", "MM", "2020-01-15", "2020-01-16"),
    "10": ("visit", "Hanoi", "VN", "2018-08-21", "2018-08-23"),
    "11": ("meeting", "Singapore", "SG", "2019-06-30", "2019-07-02"),
    "12": ("meeting", "Canberra", "AU", "2016-09-05", "2016-09-09"),
    "13": ("meeting", "Bangkok", "TH", "2022-09-28", "2022-09-28"),
    "14": ("project", None, None, None, None),
}


def cli(runner: CliRunner, home: Path, *args: str) -> Result:
    return runner.invoke(main, ["--home", str(home), *args])


def summary(result: Result) -> str:
    """The last line of stdout: "Ingested: ..."."""
    return result.stdout.strip().splitlines()[-1]


def failures(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("FAILED ")]


def dump(db: Database) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of every table, for before/after comparisons."""
    with db.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}"))]
            for table in TABLES
        }


def show(runner: CliRunner, home: Path, record_id: int) -> dict:  # type: ignore[type-arg]
    result = cli(runner, home, "show", str(record_id), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def record_id(db: Database, name: str) -> int:
    """Id of the record whose source file is called ``name``."""
    with db.session() as session:
        return session.scalars(
            select(Record.id).where(Record.source_path.endswith("/" + name))
        ).one()


def rows_of_other_records(db: Database, excluded: int) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Rows of records (and their children) other than ``excluded``."""
    rows = dump(db)
    return {
        "records": [row for row in rows["records"] if row[0] != excluded],
        **{
            table: [row for row in rows[table] if row[1] != excluded]  # row[1]: record_id
            for table in ("meetings", "findings", "follow_ups")
        },
    }


def set_status(db: Database, follow_up_id: str, status: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE follow_ups SET status = :status WHERE id = :id"),
            {"status": status, "id": follow_up_id},
        )


# --------------------------------------------------------------------------- the folder walk


def test_iter_files_walks_folders_and_keeps_named_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in (
        "a.txt",
        "B.MD",
        "c.html",
        "sub/d.docx",
        "sub/deeper/e.htm",
        ".hidden.txt",
        ".git/f.txt",
        "README.md",
        "sub/readme.txt",
        "notes.csv",
        "photo.gif",
        "scan.png",
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    missing = tmp_path / "nope.txt"
    found = list(iter_files([folder, folder / "notes.csv", folder / "README.md", missing]))
    assert found == [
        folder / "B.MD",
        folder / "a.txt",
        folder / "c.html",
        folder / "scan.png",
        folder / "sub/d.docx",
        folder / "sub/deeper/e.htm",
        folder / "notes.csv",  # named explicitly: read (content decides)
        folder / "README.md",
        indexer.ingest.Failure(str(missing), "no such file or folder"),
    ]


def test_an_unreadable_folder_is_reported_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bma(tmp_path / "in/ok/a.txt", "ก")
    write_bma(tmp_path / "in/locked/b.txt", "ข")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert list(iter_files([tmp_path / "in"])) == [
        tmp_path / "in/ok/a.txt",
        indexer.ingest.Failure(
            str(tmp_path / "in/locked"), "cannot read folder: Permission denied"
        ),
    ]


# --------------------------------------------------------------------------- the corpus


def test_corpus_ingest_then_re_ingest_changes_nothing(
    runner: CliRunner, home: Path, db: Database
) -> None:
    first = cli(runner, home, "ingest", str(CORPUS))  # default workers: a process pool
    assert first.exit_code == 0, first.output
    assert summary(first) == "Ingested: 14 new, 0 updated, 0 unchanged, 0 failed"
    assert first.stderr == "Search index: 14 records updated.\n"

    with db.session() as session:
        paths = session.scalars(select(Record.source_path).order_by(Record.id)).all()
    assert paths == [str(CORPUS / name) for name in CORPUS_FILES]  # README.md is not a report
    for n, name in enumerate(CORPUS_FILES, 1):
        record = show(runner, home, n)
        venue = record["venue"] or {}
        got = (
            record["document_kind"],
            venue.get("city"),
            venue.get("country_code"),
            record["date_start"],
            record["date_end"],
        )
        assert got == EXPECTED[name[:2]], name
        data = (CORPUS / name).read_bytes()
        if name.endswith(".txt") and not name.startswith("12"):  # UTF-8 without BOM
            assert record["content_hash"] == hashlib.sha256(data).hexdigest()

    before = dump(db)
    assert len(before["records"]) == 14
    again = cli(runner, home, "ingest", str(CORPUS), "--workers", "1")
    assert again.exit_code == 0, again.output
    assert summary(again) == "Ingested: 0 new, 0 updated, 14 unchanged, 0 failed"
    assert dump(db) == before  # same ids, same updated_at, same children


def test_a_file_named_twice_is_ingested_once(runner: CliRunner, home: Path) -> None:
    tokyo = str(CORPUS / CORPUS_FILES[0])
    result = cli(runner, home, "ingest", str(CORPUS), tokyo, tokyo, "--workers", "1")
    assert summary(result) == "Ingested: 14 new, 0 updated, 0 unchanged, 0 failed"


def test_a_changed_file_updates_its_record_and_keeps_follow_up_state(
    runner: CliRunner, home: Path, db: Database, corpus_copy: Path
) -> None:
    assert cli(runner, home, "ingest", str(corpus_copy), "--workers", "1").exit_code == 0
    kl = corpus_copy / "03_kuala-lumpur-flood-management.md"
    kl_id = record_id(db, kl.name)
    old = show(runner, home, kl_id)
    assert [item["text"][:4] for item in old["follow_ups"]] == ["(1) ", "(2) ", "(3) "]
    set_status(db, old["follow_ups"][0]["id"], "done")
    others_before = rows_of_other_records(db, kl_id)
    # Edit the summary and drop follow-up (3); follow-ups (1) and (2) keep their text.
    lines = kl.read_text(encoding="utf-8").split("\n")
    assert lines[36].startswith("3. ให้สำนักการระบายน้ำประสานกรมชลประทาน")
    del lines[36]
    assert lines[28].startswith("**4.5** ในวันที่ 14 ก.ค. 2560")
    lines[28] = lines[28].replace("คณะผู้เข้าร่วมประชุม", "คณะผู้แทนกรุงเทพมหานคร")
    kl.write_text("\n".join(lines), encoding="utf-8")

    result = cli(runner, home, "ingest", str(corpus_copy), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert summary(result) == "Ingested: 0 new, 1 updated, 13 unchanged, 0 failed"
    new = show(runner, home, kl_id)
    assert new["id"] == kl_id
    assert new["content_hash"] == hashlib.sha256(kl.read_bytes()).hexdigest()
    assert new["content_hash"] != old["content_hash"]
    assert "คณะผู้แทนกรุงเทพมหานคร" in new["findings"][-1]["text"]
    items = {item["id"]: item for item in new["follow_ups"]}
    first, second, third = old["follow_ups"]
    assert set(items) == {first["id"], second["id"], third["id"]}
    # The same items, their status kept; where the document states them moved with the edit
    # above (same words, other offsets).
    for before in (first, second):
        quote = items[before["id"]].pop("source")
        assert quote["text"] == before["source"]["text"]
        assert quote["start"] != before.pop("source")["start"]
    assert items[first["id"]] == {**first, "status": "done"}
    assert items[second["id"]] == second
    assert items[third["id"]] == {**third, "removed_from_source": True, "source": None}

    assert rows_of_other_records(db, kl_id) == others_before


def test_follow_up_ids_are_stable_when_only_the_summary_changes(
    runner: CliRunner, home: Path, corpus_copy: Path
) -> None:
    tokyo = corpus_copy / "01_tokyo-jica-disaster-prevention.txt"
    assert cli(runner, home, "ingest", str(tokyo), "--workers", "1").exit_code == 0
    old = show(runner, home, 1)
    assert len(old["follow_ups"]) == 1
    tokyo.write_text(
        tokyo.read_text(encoding="utf-8").replace("จำนวน 14 คน", "จำนวน 15 คน"), encoding="utf-8"
    )
    result = cli(runner, home, "ingest", str(tokyo), "--workers", "1")
    assert summary(result) == "Ingested: 0 new, 1 updated, 0 unchanged, 0 failed"
    new = show(runner, home, 1)
    assert new["content_hash"] != old["content_hash"]
    assert new["follow_ups"] == old["follow_ups"]
    assert old["follow_ups"][0]["id"].startswith("1-")


# --------------------------------------------------------------------------- bad input


def test_bad_files_are_reported_and_the_batch_goes_on(
    runner: CliRunner, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = write_bma(tmp_path / "earlier/kept.txt", "การประชุมที่บันทึกไว้ก่อนแล้ว")
    assert cli(runner, home, "ingest", str(earlier)).exit_code == 0
    kept_before = show(runner, home, 1)

    batch = tmp_path / "batch"
    write_bma(batch / "good1.txt", "การประชุมฉบับดีที่หนึ่ง")
    (batch / "good2.md").write_text(bma_form("การประชุมฉบับดีที่สอง"), encoding="utf-8")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "blank.txt").write_text("  \n\t\n\u3000 \n")
    (batch / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    rng = random.Random(7)
    (batch / "undecodable.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4000)))
    (batch / "noise.txt").write_bytes(rng.randbytes(4000) + b"\x00")
    with open(batch / "huge.txt", "wb") as handle:
        handle.write(bma_form("การประชุมขนาดใหญ่").encode("utf-8"))
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read
    (batch / "broken.docx").write_bytes(b"this is not a zip archive")
    (batch / "notes.csv").write_text("not a document suffix: skipped by the folder walk")
    vanishing = write_bma(batch / "vanishing.txt", "การประชุมที่ไฟล์หายไประหว่างทาง")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    missing = tmp_path / "no-such-file.txt"

    real_iter_files = indexer.ingest.iter_files

    def walk_then_delete(paths):  # type: ignore[no-untyped-def]
        found = list(real_iter_files(paths))
        vanishing.unlink()  # gone after the walk, before the read
        yield from found

    opened: list[str] = []

    def spy_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(indexer.ingest, "iter_files", walk_then_delete)
    monkeypatch.setattr(indexer.extract.reading, "open", spy_open, raising=False)
    result = cli(runner, home, "ingest", str(batch), str(pdf), str(missing), "--workers", "1")

    assert result.exit_code == 1, result.output
    assert summary(result) == "Ingested: 2 new, 0 updated, 0 unchanged, 10 failed"
    assert sorted(failures(result)) == sorted(
        [
            f"FAILED {missing}: no such file or folder",
            f"FAILED {batch / 'blank.txt'}: empty file",
            f"FAILED {batch / 'broken.docx'}: corrupt .docx: not a zip file",
            f"FAILED {batch / 'empty.txt'}: empty file",
            f"FAILED {batch / 'huge.txt'}: file too large: 50.0 MB (limit 20 MB)",
            f"FAILED {batch / 'noise.txt'}: binary file, not a text document",
            f"FAILED {batch / 'photo.txt'}: broken image: not a readable PNG, JPEG or TIFF file",
            f"FAILED {batch / 'undecodable.txt'}: cannot decode: not UTF-8 or TIS-620/cp874",
            f"FAILED {batch / 'vanishing.txt'}: file not found",
            f"FAILED {pdf}: broken PDF: not a readable PDF file",
        ]
    )
    assert str(batch / "huge.txt") not in opened  # refused from its size, never read
    assert str(batch / "good1.txt") in opened  # (the spy does see the reads)

    listed = json.loads(cli(runner, home, "list", "--json").stdout)
    assert [(r["id"], r["title"]) for r in listed] == [
        (1, "การประชุมที่บันทึกไว้ก่อนแล้ว"),
        (2, "การประชุมฉบับดีที่หนึ่ง"),
        (3, "การประชุมฉบับดีที่สอง"),
    ]
    assert show(runner, home, 1) == kept_before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_link_loops_and_dangling_links_are_failures(
    runner: CliRunner, home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "links"
    write_bma(folder / "real.txt", "การประชุมจริง")
    os.symlink(folder / "real.txt", folder / "alias.txt")  # the same file twice: stored once
    os.symlink(folder / "b.txt", folder / "a.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    result = cli(runner, home, "ingest", str(folder), "--workers", "1")
    assert result.exit_code == 1
    assert summary(result) == "Ingested: 1 new, 0 updated, 0 unchanged, 3 failed"
    assert failures(result) == [
        f"FAILED {folder / 'a.txt'}: cannot read file: Too many levels of symbolic links",
        f"FAILED {folder / 'b.txt'}: cannot read file: Too many levels of symbolic links",
        f"FAILED {folder / 'dangling.txt'}: broken symbolic link",
    ]
    [record] = json.loads(cli(runner, home, "list", "--json").stdout)
    assert record["source_path"] == str(folder / "real.txt")


def test_a_store_failure_rolls_back_only_that_document(
    runner: CliRunner, home: Path, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bma(tmp_path / "in/a.txt", "การประชุมเอ")
    write_bma(
        tmp_path / "in/b.txt",
        "การประชุมบี",
        venue="กรุงปารีส ประเทศฝรั่งเศส",
        follow_ups=["ให้สำนักสิ่งแวดล้อมศึกษาแนวทางการปรับตัว"],
    )
    write_bma(tmp_path / "in/c.txt", "การประชุมซี")
    real_save = archive.store.save.save_record

    def save_then_fail(session, data, **options):  # type: ignore[no-untyped-def]
        outcome = real_save(session, data, **options)  # rows flushed, then the transaction fails
        if data.title == "การประชุมบี":
            raise sqlalchemy.exc.IntegrityError(
                "INSERT INTO records (...)\nVALUES (...)",
                {"text": "a long document"},
                sqlite3.IntegrityError("UNIQUE constraint failed: records.source_path"),
            )
        return outcome

    monkeypatch.setattr(archive.store.save, "save_record", save_then_fail)
    result = cli(runner, home, "ingest", str(tmp_path / "in"), "--workers", "1")
    assert result.exit_code == 1
    assert summary(result) == "Ingested: 2 new, 0 updated, 0 unchanged, 1 failed"
    assert failures(result) == [
        f"FAILED {tmp_path / 'in/b.txt'}: could not store: "
        "IntegrityError: UNIQUE constraint failed: records.source_path"
    ]

    rows = dump(db)
    # (PostgreSQL does not give back the id the failed transaction took: only the order counts.)
    assert [r[1] for r in rows["records"]] == ["การประชุมเอ", "การประชุมซี"]
    stored = {row[0] for row in rows["records"]}
    for table in ("meetings", "findings", "follow_ups"):
        assert {row[1] for row in rows[table]} == stored, table  # record_id column
    assert len(rows["meetings"]) == 2
    assert len(rows["findings"]) == 2
    assert len(rows["follow_ups"]) == 4
    follow_up_ids = {row[0] for row in rows["follow_ups"]}
    assert {row[0] for row in rows["follow_up_agencies"]} <= follow_up_ids
    assert [row[1] for row in rows["venues"]] == ["กรุงโตเกียว ประเทศญี่ปุ่น"]
    assert "สำนักสิ่งแวดล้อม" not in {row[1] for row in rows["agencies"]}


def test_one_line_reasons() -> None:
    assert one_line(ValueError("bad\nsecond line")) == "ValueError: bad"
    assert one_line(RuntimeError()) == "RuntimeError"
    wrapped = sqlalchemy.exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("locked"))
    assert one_line(wrapped) == "OperationalError: locked"
    assert len(one_line(ValueError("x" * 500))) == 200


def test_a_parser_crash_is_one_failure(
    runner: CliRunner, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bma(tmp_path / "in/a.txt", "การประชุมเอ")
    write_bma(tmp_path / "in/b.txt", "การประชุมบี")
    real_parse = indexer.ingest.parse_text

    def parse(text_, **kwargs):  # type: ignore[no-untyped-def]
        if "การประชุมบี" in text_:
            raise IndexError("list index out of range\n  details")
        return real_parse(text_, **kwargs)

    monkeypatch.setattr(indexer.ingest, "parse_text", parse)
    result = cli(runner, home, "ingest", str(tmp_path / "in"), "--workers", "1")
    assert result.exit_code == 1
    assert failures(result) == [
        f"FAILED {(tmp_path / 'in/b.txt').resolve()}: "
        "parser error: IndexError: list index out of range"
    ]
    assert summary(result) == "Ingested: 1 new, 0 updated, 0 unchanged, 1 failed"


# --------------------------------------------------------------------------- many files, workers


def test_two_thousand_small_files(
    runner: CliRunner, home: Path, db: Database, tmp_path: Path
) -> None:
    write_many(tmp_path / "many", 2000)
    result = cli(runner, home, "ingest", str(tmp_path / "many"), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert summary(result) == "Ingested: 2000 new, 0 updated, 0 unchanged, 0 failed"
    with db.session() as session:
        assert archive.store.lookups.count_records(session) == 2000
        last = archive.store.lookups.get_record(session, 2000)
        assert last is not None
        assert last.title == "การประชุมความร่วมมือด้านการจัดการน้ำ ครั้งที่ 1999"
    rows = {table: len(found) for table, found in dump(db).items()}
    assert rows == {
        "records": 2000,
        "venues": 1,  # shared by every record and meeting
        "meetings": 2000,
        "findings": 2000,
        "follow_ups": 4000,
        "agencies": 3,  # shared too
        "follow_up_agencies": 6000,
    }


def test_a_process_pool_gives_the_same_records(
    runner: CliRunner, home: Path, tmp_path: Path, new_database: Callable[[], None]
) -> None:
    write_many(tmp_path / "some", 50)
    pooled = cli(runner, home, "ingest", str(tmp_path / "some"), "--workers", "2")
    assert pooled.exit_code == 0, pooled.output
    assert summary(pooled) == "Ingested: 50 new, 0 updated, 0 unchanged, 0 failed"
    listed = cli(runner, home, "list", "--json").stdout

    serial_home = tmp_path / "serial"
    new_database()
    serial = cli(runner, serial_home, "ingest", str(tmp_path / "some"), "--workers", "1")
    assert summary(serial) == "Ingested: 50 new, 0 updated, 0 unchanged, 0 failed"
    assert listed == cli(runner, serial_home, "list", "--json").stdout


def test_ingest_paths_reports_progress_per_file(db: Database, tmp_path: Path) -> None:
    write_many(tmp_path / "in", 3)
    totals: list[int] = []
    ticks: list[int] = []

    def progress(total: int):  # type: ignore[no-untyped-def]
        totals.append(total)
        return lambda: ticks.append(1)

    report = ingest_paths(db, [tmp_path / "in", tmp_path / "missing"], workers=1, progress=progress)
    assert (report.new, report.changed, len(report.failed)) == ([1, 2, 3], [1, 2, 3], 1)
    assert report.summary() == "3 new, 0 updated, 0 unchanged, 1 failed"
    assert totals == [3]
    assert len(ticks) == 3


def test_ingest_documents_from_memory(db: Database) -> None:
    documents = [
        ("/upload/a.txt", bma_form("การประชุมจากหน่วยความจำ").encode("utf-8")),
        ("/upload/b.txt", b""),
        ("/upload/c.docx", b"PK\x03\x04 truncated"),
    ]
    report = ingest_documents(db, documents, workers=1)
    assert isinstance(report, IngestReport)
    assert report.new == [1]
    assert [(f.path, f.reason) for f in report.failed] == [
        ("/upload/b.txt", "empty file"),
        ("/upload/c.docx", "corrupt .docx: not a valid zip file"),
    ]
    again = ingest_documents(db, documents[:1], workers=1)
    assert (again.new, again.unchanged) == ([], [1])


# --------------------------------------------------------------------------- index while storing


def indexed_ids(root: Path) -> list[int]:
    """The record ids of the live index's documents, each as often as it is indexed."""
    with open_index(root).searcher() as searcher:
        return sorted(int(fields["id"]) for fields in searcher.all_stored_fields())


def hits(root: Path, q: str) -> list[int]:
    """Ids of the records a search finds (all of them: at most 100 here)."""
    index = Index(root)
    try:
        result = search(index, SearchRequest(q=q, per_page=100))
    finally:
        index.close()
    assert result["total"] == len(result["hits"])
    return sorted(hit["id"] for hit in result["hits"])


def test_ingest_builds_an_index_of_every_record_while_storing(db: Database, tmp_path: Path) -> None:
    old = ingest_documents(db, [("/old/a.txt", bma_form("การประชุมเรื่องมังคุด").encode())])
    assert old.new == [1] and old.indexed is None  # stored, not indexed
    root = tmp_path / "index"
    documents = [
        (f"/new/{n}.txt", bma_form(f"การประชุมความร่วมมือด้านการจัดการน้ำ ครั้งที่ {n}").encode())
        for n in range(150)
    ]
    documents.append(("/new/twin.txt", bma_form("การประชุมเรื่องมังคุด").encode()))  # unchanged
    thresholds = gc.get_threshold()
    report = ingest_documents(db, documents, workers=2, build_index=root, procs=2)

    assert gc.get_threshold() == thresholds
    assert report.summary() == "150 new, 0 updated, 1 unchanged, 0 failed"
    assert report.indexed == 151
    assert indexed_ids(root) == list(range(1, 152))  # the old record too, each record once
    assert hits(root, "มังคุด") == [1]
    assert hits(root, "ครั้งที่ 42") == [44]  # documents 0, 1, ... are records 2, 3, ...
    # Two writer processes, two segments; a rebuild from the rows finds the same.
    assert len(open_index(root).reader().leaf_readers()) == 2
    assert generations_module.rebuild(root, archive_records(db), procs=1) == 151
    assert indexed_ids(root) == list(range(1, 152))


def archive_records(db: Database) -> list[Record]:
    with db.session() as session:
        ids = archive.store.lookups.record_ids(session)
        return archive.store.lookups.load_records(session, ids)


def test_a_record_stored_twice_in_one_ingest_is_indexed_once_with_its_last_text(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer.ingest._IndexFeed, "BATCH", 1)  # indexed before it changes
    documents = [
        ("/up/a.txt", bma_form("การประชุมเรื่องมังคุด").encode()),
        ("/up/b.txt", bma_form("การประชุมเรื่องทุเรียน").encode()),
        ("/up/a.txt", bma_form("การประชุมเรื่องลองกอง").encode()),
    ]
    root = tmp_path / "index"
    report = ingest_documents(db, documents, workers=1, build_index=root, procs=1)
    assert (report.new, report.updated, report.indexed) == ([1, 2], [1], 2)
    assert indexed_ids(root) == [1, 2]
    assert (hits(root, "ลองกอง"), hits(root, "มังคุด"), hits(root, "ทุเรียน")) == ([1], [], [2])
    assert [p.name for p in root.glob("gen-*")] == [(root / "current").read_text()]


def test_a_failed_index_build_keeps_the_records_and_leaves_no_index(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(record: Record) -> dict:
        raise OSError("No space left on device")

    monkeypatch.setattr(generations_module, "index_document", failing)
    root = tmp_path / "index"
    documents = [(f"/up/{n}.txt", bma_form(f"การประชุม ครั้งที่ {n}").encode()) for n in range(3)]
    thresholds = gc.get_threshold()
    with pytest.raises(OSError, match="No space left on device"):
        ingest_documents(db, documents, workers=1, build_index=root, procs=1)
    assert gc.get_threshold() == thresholds  # as before the build
    assert not generations_module.exists(root)
    assert list(root.iterdir()) == []  # no generation left behind
    with db.session() as session:
        assert archive.store.lookups.record_ids(session) == [1, 2, 3]


# --------------------------------------------------------------------------- reparse


def test_reparse_keeps_tracking_and_marks_vanished_items(
    fresh_archive: SearchArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Better extraction changes the items of stored records: items that still match keep
    their status and history, reworded ones too, vanished ones are marked removed."""
    home = fresh_archive.home
    record = next(r for r in fresh_archive.records if len(r["follow_ups"]) >= 2)
    kept, dropped = record["follow_ups"][0], record["follow_ups"][1]
    db = Database(database_url(home))
    with db.session() as session:
        update_follow_up(session, kept["id"], {"status": "in_progress", "notes": "โทรแล้ว"},
                         user=None, version=None, note="ก่อน reparse")
    real = indexer.ingest.parse_text

    def newer_rules(text: str, **kw: object) -> RecordData:
        data = real(text, **kw)  # type: ignore[arg-type]
        if kw["source_path"] == record["source_path"]:
            reworded = replace(data.follow_ups[0], text=data.follow_ups[0].text + " ต่อไป")
            data.follow_ups = [reworded]  # the second item is no longer found
        return data

    monkeypatch.setattr(indexer.ingest, "parse_text", newer_rules)
    result = CliRunner().invoke(main, ["--home", str(home), "reparse", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert f"Reparsed: {len(fresh_archive.records)} records, 0 failed" in result.output
    with db.session() as session:
        items = {i.id: i for i in session.get(Record, record["id"]).follow_ups}
        assert items[kept["id"]].status == "in_progress"
        assert items[kept["id"]].notes == "โทรแล้ว"
        assert items[kept["id"]].text.endswith(" ต่อไป")
        assert items[dropped["id"]].removed_from_source is True
        fields = [c.field for c in history(session, kept["id"])]
        assert fields[:2] == ["status", "notes"] and "text" in fields
    again = CliRunner().invoke(main, ["--home", str(home), "index", "--check"])
    assert again.exit_code == 0, again.output
    db.dispose()
