"""Upload pages for editors: several files at once, each file's progress (the page in OCR
too), duplicates reported, roles and CSRF, limits; the original file downloaded as it was
uploaded; a scan's OCR warning on the jobs page and in the review queue. (Jobs run at once in
immediate mode here; tests/archive/test_worker.py runs them in a real worker process.)"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from flask import Flask

from archive.cli.worker_command import wire
from archive.jobs import uploads
from tests.conftest import SearchArchive, bma_form
from tests.indexer.conftest import image_bytes, needs_ocr, render_scan
from tests.indexer.extract.pdfmaker import make_pdf
from tests.webapp.conftest import Site, tracking_config
from webapp import close_app, create_app
from webapp.documents.service import queue_of

HTML_ORIGINAL = (
    "<html><head><meta charset='utf-8'><title>ข่าว</title><script>alert(1)</script></head>"
    "<body><h1>การประชุมหารือความร่วมมือด้านการศึกษากับฝรั่งเศส</h1>"
    "<p>ผู้แทนกระทรวงศึกษาธิการหารือกับคณะผู้แทนฝรั่งเศส ณ กรุงปารีส ประเทศฝรั่งเศส "
    "เมื่อวันที่ 3 มีนาคม 2567 เรื่องทุนการศึกษาและการแลกเปลี่ยนครู</p></body></html>"
)


@pytest.fixture
def upload_app(tracking_archive: SearchArchive) -> Iterator[Flask]:
    """The tracking site (users, CSRF on) with jobs run at once, small limits."""
    application = create_app(
        tracking_config(
            tracking_archive.home,
            TASK_QUEUE="immediate",
            UPLOAD_MAX_FILES=3,
            UPLOAD_FILE_MAX_BYTES=64 * 1024,
            UPLOAD_MAX_BYTES=256 * 1024,
        )
    )
    wire(queue_of(application), application.extensions["archive_db"])
    yield application
    close_app(application)


@pytest.fixture
def editor(upload_app: Flask) -> Site:
    site = Site(upload_app, upload_app.test_client())
    site.login("editor")
    return site


def _files(*named: tuple[str, bytes]) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(data), name) for name, data in named]


def _upload(site: Site, *named: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    token = site.token("/documents/upload")
    return site.client.post(
        "/documents/upload", data={"csrf_token": token, "file": _files(*named)},
        content_type="multipart/form-data",
    )


def _rows(html: str) -> dict[str, str]:
    """File name -> the progress shown on the jobs page."""
    return {
        unescape(m[1]): unescape(m[2]).strip()
        for m in re.finditer(r'<td lang="th">([^<]*)</td>\s*<td class="progress"[^>]*>([^<]*)</td>',
                             html)
    }


def test_an_editor_uploads_several_files_and_sees_each_one(editor: Site) -> None:
    form = editor.html("/documents/upload")
    assert 'type="file" multiple' in form and 'enctype="multipart/form-data"' in form
    one = bma_form("การประชุมความร่วมมือด้านการจัดการขยะกับสิงคโปร์").encode()
    response = _upload(
        editor,
        ("สิงคโปร์.txt", one),
        ("ฝรั่งเศส.html", HTML_ORIGINAL.encode()),
        ("เสีย.docx", b"not a zip at all"),
    )
    assert response.status_code == 303
    jobs_url = response.headers["Location"]
    html = editor.html(jobs_url)
    rows = _rows(html)
    assert rows["สิงคโปร์.txt"] == "เสร็จแล้ว"
    assert rows["ฝรั่งเศส.html"] == "เสร็จแล้ว"
    assert rows["เสีย.docx"].startswith("ไม่สำเร็จ: เสีย.docx: ")
    record_ids = [int(i) for i in re.findall(r'href="/records/(\d+)" class="record-link"', html)]
    assert len(record_ids) == 2
    for record_id in record_ids:
        assert f'href="/records/{record_id}/edit"' in html
    assert 'http-equiv="refresh"' not in html  # everything is finished
    assert "การประชุมความร่วมมือด้านการจัดการขยะกับสิงคโปร์" in html

    # The same bytes again, and the same text in other bytes: reported, not stored twice.
    again = _upload(editor, ("copy.txt", one), ("bom.txt", "\ufeff".encode() + one))
    rows = _rows(editor.html(again.headers["Location"]))
    assert rows == {
        "copy.txt": f"ซ้ำกับ record {record_ids[0]} (ไม่ได้บันทึกซ้ำ)",
        "bom.txt": f"ซ้ำกับ record {record_ids[0]} (ไม่ได้บันทึกซ้ำ)",
    }
    # The polling script's JSON says the same.
    ids = again.headers["Location"].split("ids=")[1]
    polled = editor.client.get(f"/documents/jobs.json?ids={ids}").get_json()["jobs"]
    assert [(j["status"], j["duplicate_of"], j["finished"]) for j in polled] == [
        ("done", record_ids[0], True), ("done", record_ids[0], True)
    ]


def test_the_original_downloads_as_uploaded(editor: Site, tracking_archive: SearchArchive) -> None:
    response = _upload(editor, ("ฝรั่งเศส.html", HTML_ORIGINAL.encode()))
    html = editor.html(response.headers["Location"])
    record_id = int(re.search(r'href="/records/(\d+)" class="record-link"', html)[1])
    page = editor.html(f"/records/{record_id}")
    assert "ไฟล์ต้นฉบับ" in page and f'href="/records/{record_id}/original"' in page
    download = editor.client.get(f"/records/{record_id}/original")
    assert download.status_code == 200
    assert download.data == HTML_ORIGINAL.encode()  # byte for byte
    assert download.headers["Content-Type"] == "text/html"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")  # never rendered inline
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "ฝรั่งเศส.html"
    assert editor.new().client.get(f"/records/{record_id}/original").status_code == 200
    assert editor.client.get("/records/999999/original").status_code == 404
    ingested = tracking_archive.records[0]  # by `archive ingest`: its file kept as well
    download = editor.client.get(f"/records/{ingested['id']}/original")
    assert download.data == Path(ingested["source_path"]).read_bytes()


def test_only_editors_upload_and_only_with_the_form_token(upload_app: Flask) -> None:
    anonymous = Site(upload_app, upload_app.test_client())
    for path in ("/documents/upload", "/documents/jobs"):
        response = anonymous.client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    viewer = anonymous.new()
    viewer.login("viewer")
    assert viewer.client.get("/documents/upload").status_code == 403
    token = viewer.token("/")
    refused = viewer.client.post(
        "/documents/upload", data={"csrf_token": token, "file": _files(("a.txt", b"x"))}
    )
    assert refused.status_code == 403
    assert 'id="upload-link"' not in viewer.html("/")
    admin = anonymous.new()
    admin.login("admin")
    assert 'id="upload-link"' in admin.html("/")
    forged = admin.client.post(
        "/documents/upload", data={"file": _files(("a.txt", bma_form("ก").encode()))}
    )
    assert forged.status_code == 400 and "CSRF" in forged.get_data(as_text=True)
    assert admin.html("/documents/jobs").count("<tr data-job") == 0  # nothing was stored


def test_limits_are_said_clearly(editor: Site) -> None:
    big = b"x" * (300 * 1024)
    response = _upload(editor, ("ใหญ่.txt", big))
    assert response.status_code == 413
    assert "ขนาดรวมเกิน 0.25 MB" in response.get_data(as_text=True)
    response = _upload(editor, *[(f"{n}.txt", b"x") for n in range(4)])
    assert response.status_code == 400 and "ไม่เกิน 3 ไฟล์" in response.get_data(as_text=True)
    response = _upload(editor, ("กลาง.txt", b"x" * (100 * 1024)))
    rows = _rows(editor.html(response.headers["Location"]))
    assert rows["กลาง.txt"] == (
        "ไม่สำเร็จ: file too large: over 0.0625 MB (UPLOAD_FILE_MAX_BYTES)"
    )
    empty = editor.client.post(
        "/documents/upload", data={"csrf_token": editor.token("/documents/upload")}
    )
    assert empty.status_code == 400 and "กรุณาเลือกไฟล์" in empty.get_data(as_text=True)


def test_a_pdf_becomes_a_record_that_shows_its_pages(editor: Site) -> None:
    pdf = make_pdf([
        [(72, 760, "Meeting report: Thailand and Japan cooperation on flood management"),
         (72, 700, "1. The meeting agreed to share rainfall data.")],
        [(72, 760, "2. Both sides will hold a workshop in Bangkok in 2025."),
         (72, 700, "3. The next meeting will be held in Tokyo.")],
    ])
    response = _upload(editor, ("รายงาน ญี่ปุ่น.pdf", pdf))
    ids = response.headers["Location"].split("ids=")[1]
    job = editor.client.get(f"/documents/jobs.json?ids={ids}").get_json()["jobs"][0]
    assert (job["status"], job["progress"]["pages_done"], job["progress"]["pages_total"]) == (
        "done", 2, 2
    )
    page = editor.html(f"/records/{job['record_id']}")
    assert "2 หน้า" in page  # beside the original's link
    found = re.findall(r"<li>(?:<span class=\"number\">\d+</span> )?([^<]+)"
                       r"<span class=\"page-ref\">\(หน้า (\d)\)</span></li>", page)
    assert [(text.strip(), int(n)) for text, n in found] == [
        ("The meeting agreed to share rainfall data.", 1),
        ("Both sides will hold a workshop in Bangkok in 2025.", 2),
        ("The next meeting will be held in Tokyo.", 2),
    ]
    download = editor.client.get(f"/records/{job['record_id']}/original")
    assert download.data == pdf and download.headers["Content-Type"] == "application/pdf"


def test_a_running_job_shows_its_page_and_the_page_refreshes(editor: Site) -> None:
    db = editor.app.extensions["archive_db"]
    with db.session() as session:
        job_id = uploads.submit(session, "สแกน.pdf", b"%PDF-1.7 scan", user_id=None,
                                user_name="editor").job_id
        uploads.claim(session, job_id, "elsewhere:1")
        uploads.progress(session, job_id, "reading", 2, 4)
    html = editor.html(f"/documents/jobs?ids={job_id}")
    assert _rows(html) == {"สแกน.pdf": "กำลังอ่านหน้า 2 จาก 4 (อ่านภาพด้วย OCR เมื่อจำเป็น)"}
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html  # no script
    assert f'data-poll="/documents/jobs.json?ids={job_id}"' in html  # with scripts
    english = editor.html(f"/documents/jobs?ids={job_id}&lang=en")
    assert 'data-job="%d"' % job_id in english


def test_a_page_read_by_ocr_says_so_with_its_number(editor: Site) -> None:
    db = editor.app.extensions["archive_db"]
    with db.session() as session:
        job_id = uploads.submit(session, "สแกน.pdf", b"%PDF-1.7 scan", user_id=None,
                                user_name="editor").job_id
        uploads.claim(session, job_id, "elsewhere:1")
        uploads.progress(session, job_id, "ocr", 2, 4)  # pages 1-2 read, page 3 in Tesseract
    assert _rows(editor.html(f"/documents/jobs?ids={job_id}")) == {
        "สแกน.pdf": "กำลังอ่านภาพด้วย OCR หน้า 3 จาก 4"
    }
    [polled] = editor.client.get(f"/documents/jobs.json?ids={job_id}").get_json()["jobs"]
    assert (polled["status"], polled["progress"], polled["finished"]) == (
        "running", {"stage": "ocr", "pages_done": 2, "pages_total": 4}, False
    )
    assert polled["progress_text"] == "กำลังอ่านภาพด้วย OCR หน้า 3 จาก 4"
    assert _rows(editor.html(f"/documents/jobs?ids={job_id}&lang=en")) == {
        "สแกน.pdf": "OCR page 3 of 4"
    }


def test_a_scan_read_by_ocr_reaches_the_reviewer_with_its_warning(editor: Site) -> None:
    needs_ocr()
    response = _upload(editor, ("สแกน หนังสือเชิญ.png", image_bytes(render_scan(), "PNG")))
    html = editor.html(response.headers["Location"])
    assert _rows(html) == {"สแกน หนังสือเชิญ.png": "เสร็จแล้ว"}
    record_id = int(re.search(r'href="/records/(\d+)" class="record-link"', html)[1])
    warnings = re.findall(r'<li lang="th">([^<]*)</li>', html)  # the job's warnings list
    [read] = [w for w in warnings if "OCR" in w]
    assert read.startswith("อ่านด้วย OCR โปรดตรวจทานข้อความ: หน้า ๑ (ความมั่นใจ ")

    queue = editor.html("/review?check=text_doubtful")
    item = re.search(rf'<li class="review-item" data-record="{record_id}">(.*?)</li>', queue, re.S)
    assert item is not None and 'data-check="text_doubtful"' in item[1]
    page = editor.html(f"/review/{record_id}")
    doubt = re.search(r'<li class="doubt" data-fact="text">(.*?)<ul class="warnings">'
                      r"<li>([^<]*)</li></ul>", page, re.S)
    assert doubt is not None
    assert "ข้อความอาจอ่านไม่ถูกต้อง (OCR หรือฟอนต์เพี้ยน)" in doubt[1]
    assert doubt[2] == read
