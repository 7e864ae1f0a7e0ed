"""Every error rendered in one place: each domain code has the pages' wording (Thai, English
from the catalogue), pages and JSON answer the same error each in their form, and the JSON
shapes, statuses and headers of the API stay as documented."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from archive.tracking.errors import ENGLISH, Conflict, NotFound, Problem, TrackingError
from tests.conftest import ROOT
from webapp import close_app, create_app
from webapp.error_responses import PROBLEMS, problem_text

RAISED = re.compile(r'(?:TrackingError|NotFound|SheetError|Problem)\(\s*"([a-z_]+\.[a-z_.]+)"')


def test_every_code_has_english_and_the_pages_wording() -> None:
    assert set(PROBLEMS) == set(ENGLISH)
    raised = {
        code
        for folder in ("archive/tracking", "webapp/followups", "webapp/api")
        for path in (ROOT / folder).rglob("*.py")
        for code in RAISED.findall(path.read_text(encoding="utf-8"))
    }
    assert len(raised) > 40 and raised <= set(ENGLISH), raised - set(ENGLISH)


def test_a_problem_reads_in_the_page_language(app: Flask) -> None:
    problem = Problem("progress.range", "progress", {"value": "150"})
    labels = {"progress": "ความคืบหน้า"}
    with app.test_request_context("/"):
        thai = problem_text(problem, labels)
        assert thai == "ความคืบหน้า: ต้องเป็นจำนวนเต็ม 0 ถึง 100 (ไม่ใช่ '150')"
        assert problem_text(problem) == "progress: ต้องเป็นจำนวนเต็ม 0 ถึง 100 (ไม่ใช่ '150')"
    with app.test_request_context("/"), force_locale("en"):
        assert problem_text(problem) == "progress: must be a whole number from 0 to 100 (not '150')"
    assert str(problem) == "progress: a whole number from 0 to 100, not '150'"  # logs, the API


def test_changes_since_an_export_are_listed_with_their_labels(app: Flask) -> None:
    problem = Problem(
        "row.changed",
        params={
            "sheet": 1,
            "now": 3,
            "changes": [
                {"field": "status", "user": "malee", "at": "2025-01-02 10:00"},
                {"field": "progress", "user": None, "at": "2025-01-03 11:00"},
            ],
            "more": 0,
        },
    )
    with app.test_request_context("/"):
        text = problem_text(problem, {"status": "สถานะ"})
    assert "(ไฟล์เป็นรุ่น 1 ปัจจุบันเป็นรุ่น 3: สถานะ โดย malee เมื่อ 2025-01-02 10:00; " in text
    assert "progress โดย การนำเข้าเอกสาร เมื่อ 2025-01-03 11:00)" in text
    assert "status by malee on 2025-01-02 10:00; progress by the ingest on" in str(problem)


def _boom() -> Blueprint:
    """Routes that raise domain errors, as a page and under /api/."""
    bp = Blueprint("boom", __name__)
    errors = {
        "invalid": TrackingError("status.unknown", "status", value="finished"),
        "missing": NotFound("follow_up.not_found", value="1-x"),
        "conflict": Conflict("1-x", 3, 1, [{"field": "status"}]),
    }
    for prefix in ("", "/api"):
        for name, error in errors.items():

            def view(error: Exception = error) -> str:
                raise error

            bp.add_url_rule(f"{prefix}/boom/{name}", f"{prefix}{name}", view)
    return bp


@pytest.fixture
def boom(tmp_path: Path) -> Iterator[FlaskClient]:
    """A client of a site (no search index) with the routes of :func:`_boom`."""
    # No follower: it would build the missing index at once.
    config = {"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "home"), "INDEX_FOLLOW": False}
    app = create_app(config)
    app.register_blueprint(_boom())
    yield app.test_client()
    close_app(app)


def test_domain_errors_are_pages_and_json(boom: FlaskClient) -> None:
    page = boom.get("/boom/invalid")
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "ข้อมูลไม่ถูกต้อง – status: ต้องเป็น รอดำเนินการ" in page.get_data(as_text=True)
    english = boom.get("/boom/invalid?lang=en").get_data(as_text=True)
    assert "Invalid value – status: must be open, in progress, done or cancelled" in english
    api = boom.get("/api/boom/invalid")
    assert (api.status_code, api.get_json()) == (
        400,
        {"error": "status: one of open, in_progress, done, cancelled, not 'finished'"},
    )
    assert boom.get("/boom/missing").status_code == 404
    assert boom.get("/api/boom/missing").get_json() == {"error": "no follow-up item '1-x'"}
    conflict = boom.get("/api/boom/conflict")
    assert conflict.status_code == 409
    assert conflict.get_json() == {
        "error": "follow-up 1-x was changed by someone else (version 3, you started from "
        "version 1)",
        "current_version": 3,
        "your_version": 1,
        "changes": [{"field": "status"}],
    }


def test_http_errors_keep_their_wording(boom: FlaskClient) -> None:
    assert boom.get("/api/nothing").get_json() == {"error": "not found"}
    assert boom.post("/api/openapi.json").get_json() == {"error": "method not allowed"}
    assert "ไม่พบหน้าที่ต้องการ" in boom.get("/nothing").get_data(as_text=True)
    assert "not found" in boom.get("/nothing?lang=en").get_data(as_text=True)


def test_a_missing_search_index_is_503(boom: FlaskClient) -> None:
    api = boom.get("/api/search")
    assert api.status_code == 503
    assert api.get_json() == {"error": "no search index: run 'archive index'"}
    page = boom.get("/search?q=น้ำ")
    assert page.status_code == 503
    assert "ยังไม่มีดัชนีค้นหา กรุณาสร้างดัชนีด้วยคำสั่ง archive index" in page.get_data(as_text=True)
    english = boom.get("/search?q=น้ำ&lang=en").get_data(as_text=True)
    assert "no search index: run &#39;archive index&#39;" in english
