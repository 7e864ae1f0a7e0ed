"""An upload job run by ``indexer.uploads.run_job``: bytes -> record, with its original kept;
duplicates and unreadable files reported, nothing stored twice; the page going to OCR shown
while Tesseract reads it."""

from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import func, select

from archive.jobs import uploads
from archive.store import originals
from archive.store.db import Database
from archive.store.models import OriginalFile, Record, UploadJob
from indexer.extract import ocr
from indexer.uploads import run_job
from tests.conftest import bma_form
from tests.indexer.conftest import image_bytes, render_scan


def _job(db: Database, data: bytes, name: str) -> int:
    with db.session() as session:
        return uploads.submit(session, name, data, user_id=None, user_name="editor").job_id


def _state(db: Database, job_id: int) -> dict:  # type: ignore[type-arg]
    with db.session() as session:
        return uploads.job_dict(session.get(UploadJob, job_id))


def test_a_job_makes_a_record_with_its_original(db: Database) -> None:
    data = bma_form("การประชุมความร่วมมือด้านการจัดการน้ำกับเนเธอร์แลนด์").encode()
    job_id = _job(db, data, "เนเธอร์แลนด์.txt")
    assert run_job(db, job_id, worker="test:1") == "done"
    assert run_job(db, job_id) == "skipped"  # delivered twice: runs once
    state = _state(db, job_id)
    assert (state["status"], state["progress"]["stage"], state["error"]) == ("done", "parsed", None)
    with db.session() as session:
        record = session.get(Record, state["record_id"])
        assert record.title == "การประชุมความร่วมมือด้านการจัดการน้ำกับเนเธอร์แลนด์"
        assert record.source_path.startswith("upload/") and record.source_path.endswith(
            "/เนเธอร์แลนด์.txt"
        )
        kept = originals.of_record(session, record.id)
        assert kept is not None and kept.filename == "เนเธอร์แลนด์.txt"
        assert originals.content(session, kept.sha256) == data


def test_the_same_text_in_other_bytes_is_a_duplicate_and_not_kept(db: Database) -> None:
    text = bma_form("การประชุมหารือความร่วมมือด้านการท่องเที่ยวกับจีน")
    first = _job(db, text.encode(), "จีน.txt")
    assert run_job(db, first) == "done"
    record_id = _state(db, first)["record_id"]
    second = _job(db, "\ufeff".encode() + text.encode(), "จีน (สำเนา).txt")  # a BOM: other bytes
    assert run_job(db, second) == "done"
    state = _state(db, second)
    assert (state["progress"]["stage"], state["duplicate_of"], state["record_id"]) == (
        "duplicate", record_id, record_id
    )
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 1
        assert session.scalar(select(func.count()).select_from(OriginalFile)) == 1


def test_an_unreadable_file_fails_with_the_reason_and_leaves_nothing(db: Database) -> None:
    job_id = _job(db, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "รายงาน.txt")
    assert run_job(db, job_id) == "failed"
    state = _state(db, job_id)
    assert state["status"] == "failed" and state["error"].startswith("รายงาน.txt: ")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 0
        assert session.scalar(select(func.count()).select_from(OriginalFile)) == 0


def test_a_page_going_to_ocr_is_on_the_job_before_it_is_read(
    db: Database, scan_page: Image.Image, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the jobs page reads while Tesseract works on page k: stage "ocr", k - 1 pages done
    (real Tesseract on a two-page TIFF)."""
    second = render_scan(["ผู้แทนกรุงเทพมหานครรายงานการพัฒนาระบบระบายน้ำ"])
    data = image_bytes(scan_page, "TIFF", save_all=True, append_images=[second])
    job_id = _job(db, data, "สแกน.tif")
    seen: list[dict] = []  # type: ignore[type-arg]
    read = ocr.ocr_image

    def watched(image: Image.Image, *, timeout: float) -> ocr.OcrPage:
        seen.append(_state(db, job_id)["progress"])  # another session: what the web sees
        return read(image, timeout=timeout)

    monkeypatch.setattr(ocr, "ocr_image", watched)
    assert run_job(db, job_id) == "done"
    assert seen == [
        {"stage": "ocr", "pages_done": 0, "pages_total": 2},
        {"stage": "ocr", "pages_done": 1, "pages_total": 2},
    ]
    state = _state(db, job_id)
    assert state["progress"] == {"stage": "parsed", "pages_done": 2, "pages_total": 2}
    with db.session() as session:
        record = session.get(Record, state["record_id"])
        assert "ผู้แทนกรุงเทพมหานคร" in record.text and len(record.page_starts) == 2
