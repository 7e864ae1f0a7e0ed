"""POST /api/documents and GET /api/documents/<job id>: an editor's token uploads files (jobs
run at once in immediate mode here), every answer as /api/openapi.json documents it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from archive.cli.worker_command import wire
from tests.conftest import SearchArchive, bma_form
from tests.webapp.api.test_openapi import check
from tests.webapp.conftest import ApiSite, make_api_site
from webapp import close_app
from webapp.documents.service import queue_of


@pytest.fixture
def site(fresh_archive: SearchArchive) -> Iterator[ApiSite]:
    api_site = make_api_site(
        fresh_archive, TASK_QUEUE="immediate", UPLOAD_MAX_BYTES=128 * 1024, UPLOAD_MAX_FILES=4
    )
    wire(queue_of(api_site.app), api_site.app.extensions["archive_db"])
    yield api_site
    close_app(api_site.app)


def _files(*named: tuple[str, bytes]) -> dict[str, Any]:
    return {"file": [(io.BytesIO(data), name) for name, data in named]}


def test_an_editor_uploads_documents_and_follows_their_jobs(site: ApiSite) -> None:
    client = site.app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    mine = {path: spec["paths"][path] for path in ("/api/documents", "/api/documents/{job_id}")}
    validate({**spec, "paths": mine})  # (the whole document: tests/webapp/api/test_openapi.py)
    body = spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]
    assert body["multipart/form-data"]["schema"]["required"] == ["file"]

    report = bma_form("การประชุมหารือความร่วมมือด้านพลังงานกับออสเตรเลีย").encode()
    response = client.post(
        "/api/documents",
        data=_files(("ออสเตรเลีย.txt", report), ("ว่าง.txt", b""), ("copy.txt", report)),
        headers=site.headers("editor"),
    )
    assert response.status_code == 202
    jobs = check(spec, "/api/documents", response, "post")["jobs"]
    assert [(j["filename"], j["status"]) for j in jobs] == [
        ("ออสเตรเลีย.txt", "done"), ("ว่าง.txt", "failed"), ("copy.txt", "done")
    ]
    answers = []
    for job in jobs:
        got = client.get(f"/api/documents/{job['id']}", headers=site.headers("admin"))
        answers.append(check(spec, "/api/documents/{job_id}", got))
    made, empty, copy = answers
    assert made["progress"]["stage"] == "parsed" and made["error"] is None
    record = client.get(f"/api/records/{made['record_id']}").get_json()
    assert record["title"] == "การประชุมหารือความร่วมมือด้านพลังงานกับออสเตรเลีย"
    assert empty["status"] == "failed" and empty["error"] == "ว่าง.txt: empty file"
    assert (copy["duplicate_of"], copy["record_id"]) == (made["record_id"], made["record_id"])


def test_uploads_need_an_editors_token_and_stay_within_the_limits(site: ApiSite) -> None:
    client = site.app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    for headers, status in (({}, 401), (site.headers("viewer"), 403),
                            (site.headers("disabled"), 401)):
        response = client.post("/api/documents", data=_files(("a.txt", b"x")), headers=headers)
        assert response.status_code == status
        check(spec, "/api/documents", response, "post")
        assert client.get("/api/documents/1", headers=headers).status_code == status
    editor = site.headers("editor")
    too_big = client.post(
        "/api/documents", data=_files(("big.txt", b"x" * 200_000)), headers=editor
    )
    assert too_big.status_code == 413
    assert "at most 0.125 MB" in check(spec, "/api/documents", too_big, "post")["error"]
    many = client.post(
        "/api/documents", data=_files(*[(f"{n}.txt", b"x") for n in range(5)]), headers=editor
    )
    assert many.status_code == 400 and "at most 4 files" in many.get_json()["error"]
    none = client.post("/api/documents", data={"other": "x"}, headers=editor,
                       content_type="multipart/form-data")
    assert none.status_code == 400 and none.get_json()["error"].startswith("file: required")
    json = client.post("/api/documents", json={"file": "x"}, headers=editor)
    assert json.status_code == 415
    check(spec, "/api/documents", json, "post")
    assert client.get("/api/documents/999999", headers=editor).status_code == 404
