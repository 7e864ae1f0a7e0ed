"""The follow-up API: reading the list and items, changing them with a bearer token (roles,
history, conflicts, bad values), the search index kept in step, and the login setting."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from archive.tracking.fields import MAX_NOTES
from tests.conftest import SearchArchive
from tests.webapp.conftest import API_TODAY, ApiSite, make_api_site
from webapp import close_app
from webapp.api.schemas import MAX_AGENCIES, MAX_AGENCY


@pytest.fixture
def api(api_site: ApiSite) -> FlaskClient:
    """A test client of the writable site."""
    return api_site.app.test_client()


def first_item(client: FlaskClient, **query: Any) -> dict[str, Any]:
    """The first item of the list with these filters."""
    items = client.get("/api/follow-ups", query_string=query).get_json()["items"]
    assert items, query
    return items[0]


def patch(
    client: FlaskClient, site: ApiSite, item_id: str, who: str | None = "editor", **body: Any
) -> Any:
    """PATCH ``body`` as JSON with ``who``'s token (None: no token)."""
    headers = site.headers(who) if who else {}
    return client.patch(f"/api/follow-ups/{item_id}", json=body, headers=headers)


def assert_error(response: Any, status: int, *words: str) -> str:
    """A JSON error of this status whose message holds ``words``."""
    assert response.status_code == status, (response.status_code, response.get_data(True))
    assert response.mimetype == "application/json"
    message = response.get_json()["error"]
    for word in words:
        assert word in message, (word, message)
    return message


# ----------------------------------------------------------------------------- reading


def test_the_list_has_counts_and_a_page_of_items(api: FlaskClient) -> None:
    response = api.get("/api/follow-ups", query_string={"limit": 5})
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"today", "as_of", "total", "page", "limit", "counts", "items"}
    assert body["today"] == API_TODAY and body["as_of"] is None
    assert body["total"] == body["counts"]["total"] > 5
    assert body["page"] == 1 and body["limit"] == 5 and len(body["items"]) == 5
    assert sum(body["counts"]["status"].values()) == body["total"]
    overdue = [item for item in body["items"] if item["overdue"]]
    assert body["items"][: len(overdue)] == overdue  # overdue items first
    assert all(item["due_date"] < API_TODAY for item in overdue)


def test_the_list_filters_as_the_dashboard(api: FlaskClient) -> None:
    everything = api.get("/api/follow-ups?limit=500").get_json()
    overdue = api.get("/api/follow-ups?overdue=1&limit=500").get_json()
    assert 0 < overdue["total"] == everything["counts"]["overdue"] < everything["total"]
    assert all(item["overdue"] for item in overdue["items"])

    agency, total, _, _ = everything["counts"]["agency"][0]
    by_agency = api.get("/api/follow-ups", query_string={"agency": agency}).get_json()
    assert by_agency["total"] == total
    assert all(agency in item["agencies"] for item in by_agency["items"])

    year, total, _, _ = everything["counts"]["year"][0]
    for value in (year, year + 543):  # CE or Buddhist era
        assert api.get(f"/api/follow-ups?year={value}").get_json()["total"] == total

    record_id = everything["items"][0]["record_id"]
    of_record = api.get(f"/api/follow-ups?record={record_id}&sort=id").get_json()["items"]
    assert {item["record_id"] for item in of_record} == {record_id}

    by_due = api.get("/api/follow-ups?sort=due_date&desc=1&limit=500").get_json()["items"]
    dates = [item["due_date"] for item in by_due if item["due_date"]]
    assert dates == sorted(dates, reverse=True)

    second = api.get("/api/follow-ups?limit=3&page=2").get_json()
    assert second["items"] == everything["items"][3:6]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=finished", "status"),
        ("status=", "status"),
        ("overdue=yes", "overdue"),
        ("sort=random", "sort"),
        ("year=last", "year"),
        ("record=abc", "record"),
        ("as_of=tomorrow", "as_of"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("page=x", "page"),
        ("q=" + "ก" * 201, "q"),
    ],
)
def test_bad_list_parameters_are_400_naming_them(api: FlaskClient, query: str, field: str) -> None:
    assert_error(api.get(f"/api/follow-ups?{query}"), 400, field)


def test_one_item_has_its_history(api_site: ApiSite, api: FlaskClient) -> None:
    item = first_item(api)
    response = api.get(f"/api/follow-ups/{item['id']}")
    assert response.status_code == 200
    body = response.get_json()
    assert {k: body[k] for k in item if k not in ("organization", "mission_group")} == {
        k: v for k, v in item.items() if k not in ("organization", "mission_group")
    }
    assert body["history"] == [] and body["notes"] == "" and body["links"] == []
    assert_error(api.get("/api/follow-ups/no-such-item"), 404, "no-such-item")


# ----------------------------------------------------------------------------- who may write


def test_anonymous_and_bad_tokens_are_401_with_a_bearer_challenge(
    api_site: ApiSite, api: FlaskClient
) -> None:
    item = first_item(api)
    url = f"/api/follow-ups/{item['id']}"
    body = {"status": "done", "version": item["version"]}
    for headers in (
        {},
        {"Authorization": "Basic ZWRpdG9yOmEtbG9uZy1wYXNzd29yZA=="},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": f"Bearer {api_site.tokens['editor']}x"},
        api_site.headers("disabled"),  # the user's account is disabled
    ):
        response = api.patch(url, json=body, headers=headers)
        assert_error(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), headers
    assert (
        'error="invalid_token"'
        in api.patch(url, json=body, headers=api_site.headers("disabled")).headers[
            "WWW-Authenticate"
        ]
    )
    assert api.get(url).get_json()["version"] == item["version"]  # nothing changed


def test_a_viewer_is_403(api_site: ApiSite, api: FlaskClient) -> None:
    item = first_item(api)
    response = patch(api, api_site, item["id"], "viewer", status="done", version=1)
    assert_error(response, 403, "viewer")
    assert api.get(f"/api/follow-ups/{item['id']}").get_json()["history"] == []


def test_a_signed_in_session_is_no_credential(fresh_archive: SearchArchive) -> None:
    """Only the token authenticates the API, so a request riding on a browser's session
    cookie (another site's form, say) can neither change nor read anything: the API needs no
    CSRF token."""
    site = make_api_site(fresh_archive, READ_REQUIRES_LOGIN=True, WTF_CSRF_ENABLED=False)
    try:
        client = site.app.test_client()
        signed_in = client.post("/login", data={"name": "editor", "password": "a-long-password"})
        assert signed_in.status_code == 302 and client.get_cookie("session") is not None
        assert client.get("/follow-ups").status_code == 200  # the pages know the session
        assert_error(client.get("/api/follow-ups"), 401)
        viewer = site.headers("viewer")
        item_id = client.get("/api/follow-ups", headers=viewer).get_json()["items"][0]["id"]
        assert_error(patch(client, site, item_id, None, status="done", version=1), 401)
        after = client.get(f"/api/follow-ups/{item_id}", headers=viewer).get_json()
        assert after["version"] == 1
    finally:
        close_app(site.app)


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_editors_and_admins_change_items_with_history(
    api_site: ApiSite, api: FlaskClient, who: str
) -> None:
    item = first_item(api)
    assert item["status"] == "open" and item["version"] == 1
    response = patch(
        api,
        api_site,
        item["id"],
        who,
        status="in_progress",
        progress=40,
        assignee="editor",
        note="เริ่มดำเนินการแล้ว",
        version=1,
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "in_progress" and body["progress"] == 40
    assert body["assignee"] == "editor" and body["version"] == 2
    assert [(c["field"], c["old_value"], c["new_value"]) for c in body["history"]] == [
        ("status", "open", "in_progress"),
        ("progress", "0", "40"),
        ("assignee", None, "editor"),
    ]
    assert {(c["user"], c["note"], c["version"]) for c in body["history"]} == {
        (who, "เริ่มดำเนินการแล้ว", 2)
    }
    assert api.get(f"/api/follow-ups/{item['id']}").get_json() == body

    # A note alone is a history entry too; later entries come last.
    again = patch(api, api_site, item["id"], who, note="ติดตามอีกครั้ง", version=2).get_json()
    assert again["version"] == 3
    assert again["history"][:3] == body["history"]
    assert again["history"][3] | {"at": None} == {
        "at": None,
        "user": who,
        "field": "note",
        "old_value": None,
        "new_value": None,
        "note": "ติดตามอีกครั้ง",
        "version": 3,
    }


def test_unknown_item_is_404_for_an_editor(api_site: ApiSite, api: FlaskClient) -> None:
    assert_error(patch(api, api_site, "999-nothing", status="done", version=1), 404)


# ----------------------------------------------------------------------------- conflicts


def test_a_stale_version_is_a_409_with_the_other_change(
    api_site: ApiSite, api: FlaskClient
) -> None:
    item = first_item(api)
    first = patch(api, api_site, item["id"], "editor", status="done", note="เสร็จแล้ว", version=1)
    assert first.status_code == 200
    second = patch(api, api_site, item["id"], "admin", status="cancelled", version=1)
    assert second.status_code == 409 and second.mimetype == "application/json"
    conflict = second.get_json()
    assert conflict["current_version"] == 2 and conflict["your_version"] == 1
    assert "changed by someone else" in conflict["error"]
    assert [(c["user"], c["field"], c["new_value"], c["note"]) for c in conflict["changes"]] == [
        ("editor", "status", "done", "เสร็จแล้ว")
    ]
    now = api.get(f"/api/follow-ups/{item['id']}").get_json()
    assert now["status"] == "done" and now["version"] == 2 and len(now["history"]) == 1


# ----------------------------------------------------------------------------- bad requests


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "finished", "version": 1}, "status"),
        ({"progress": 150, "version": 1}, "progress"),
        ({"progress": -1, "version": 1}, "progress"),
        ({"progress": 12.5, "version": 1}, "progress"),
        ({"progress": "50", "version": 1}, "progress"),
        ({"due_date": "tomorrow", "version": 1}, "due_date"),
        ({"due_date": "31/02/2562", "version": 1}, "due_date"),
        ({"due_date": 20190331, "version": 1}, "due_date"),
        ({"agencies": "กองการต่างประเทศ", "version": 1}, "agencies"),
        ({"agencies": [1, 2], "version": 1}, "agencies"),
        ({"assignee": "nobody", "version": 1}, "assignee"),
        ({"notes": None, "version": 1}, "notes"),
        ({"notes": "ส่งหนังสือแล้ว\x00", "version": 1}, "notes"),  # PostgreSQL stores no NUL
        ({"note": ["x"], "version": 1}, "note"),
        ({"text": "rewritten", "version": 1}, "text"),
        ({"id": "1-x", "version": 1}, "id"),
        ({"status": "done"}, "version"),
        ({"status": "done", "version": "one"}, "version"),
        ({"status": "done", "version": True}, "version"),
        ({"status": "done", "version": 0}, "version"),
        (["status", "done"], "body"),
        ("done", "body"),
        (0, "body"),
    ],
)
def test_bad_bodies_are_400_naming_the_field(
    api_site: ApiSite, api: FlaskClient, body: Any, field: str
) -> None:
    item = first_item(api)
    url = f"/api/follow-ups/{item['id']}"
    response = api.patch(url, json=body, headers=api_site.headers("editor"))
    assert_error(response, 400, field)
    after = api.get(url).get_json()
    assert after["version"] == 1 and after["history"] == []


def test_malformed_json_is_400(api_site: ApiSite, api: FlaskClient) -> None:
    item = first_item(api)
    for data in (b'{"status": "done", ', b"\xff\xfe", b"", b"null"):
        response = api.patch(
            f"/api/follow-ups/{item['id']}",
            data=data,
            content_type="application/json",
            headers=api_site.headers("editor"),
        )
        assert_error(response, 400, "JSON")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("status=done&version=1", "application/x-www-form-urlencoded"),
        ('{"status": "done", "version": 1}', "text/plain"),
        ('{"status": "done", "version": 1}', None),
    ],
)
def test_a_body_that_is_not_json_is_415(
    api_site: ApiSite, api: FlaskClient, data: str, content_type: str | None
) -> None:
    item = first_item(api)
    response = api.patch(
        f"/api/follow-ups/{item['id']}",
        data=data,
        content_type=content_type,
        headers=api_site.headers("editor"),
    )
    assert_error(response, 415, "application/json")


def test_json_with_a_charset_is_json(api_site: ApiSite, api: FlaskClient) -> None:
    item = first_item(api)
    response = api.patch(
        f"/api/follow-ups/{item['id']}",
        data=b'{"progress": 10, "version": 1}',
        content_type="application/json; charset=utf-8",
        headers=api_site.headers("editor"),
    )
    assert response.status_code == 200 and response.get_json()["progress"] == 10


def test_the_longest_valid_body_fits_and_a_larger_one_is_413(
    api_site: ApiSite, api: FlaskClient
) -> None:
    item = first_item(api)
    url = f"/api/follow-ups/{item['id']}"
    longest = {
        "notes": "ก" * MAX_NOTES,
        "note": "ข" * MAX_NOTES,
        "agencies": [f"{n:03d}" + "ค" * (MAX_AGENCY - 3) for n in range(MAX_AGENCIES)],
        "version": 1,
    }
    data = json.dumps(longest)  # every Thai character \u-escaped: six bytes each
    assert len(data) > 300_000
    response = api.patch(
        url, data=data, content_type="application/json", headers=api_site.headers("editor")
    )
    assert response.status_code == 200 and response.get_json()["notes"] == longest["notes"]
    too_large = json.dumps({"notes": "x" * (1024 * 1024), "version": 2})
    response = api.patch(
        url, data=too_large, content_type="application/json", headers=api_site.headers("editor")
    )
    assert_error(response, 413)


# ----------------------------------------------------------------------------- values


def test_thai_text_round_trips(api_site: ApiSite, api: FlaskClient) -> None:
    item = first_item(api)
    notes = "## ความคืบหน้า\n\n- ประสานงานกับ **สำนักการระบายน้ำ** แล้ว ๑ ครั้ง"
    agencies = ["สำนักการระบายน้ำ", "สำนักงานคณะกรรมการพัฒนาระบบราชการ (ก.พ.ร.)"]
    response = patch(
        api, api_site, item["id"], notes=notes, agencies=agencies, note="บันทึก", version=1
    )
    assert response.status_code == 200
    assert "ความคืบหน้า".encode() in response.data  # UTF-8, not \u escapes
    body = api.get(f"/api/follow-ups/{item['id']}").get_json()
    assert body["notes"] == notes and body["agencies"] == agencies
    assert body["history"][-1]["note"] == "บันทึก"


@pytest.mark.parametrize("written", ["31/03/2562", "๓๑/๐๓/๒๕๖๒", "2019-03-31", "31/3/2019"])
def test_due_dates_in_buddhist_era_are_accepted(
    api_site: ApiSite, api: FlaskClient, written: str
) -> None:
    item = first_item(api)
    response = patch(api, api_site, item["id"], due_date=written, version=1)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["due_date"] == "2019-03-31"
    cleared = patch(api, api_site, item["id"], due_date=None, version=2).get_json()
    assert cleared["due_date"] is None and cleared["history"][-1]["old_value"] == "2019-03-31"


def test_markup_in_notes_is_stored_and_returned_as_text(
    api_site: ApiSite, api: FlaskClient
) -> None:
    item = first_item(api)
    notes = '<script>alert("x")</script><img src=x onerror=alert(1)> & **bold**'
    response = patch(api, api_site, item["id"], notes=notes, note="<b>why</b>", version=1)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_json()
    assert body["notes"] == notes  # as typed: JSON carries text, the pages sanitise
    assert body["history"][0]["note"] == "<b>why</b>"
    assert b"<script>" in response.data  # a JSON string, not an HTML page


# ----------------------------------------------------------------------------- the index


@pytest.mark.timed
def test_a_change_is_searchable_within_two_seconds(api_site: ApiSite, api: FlaskClient) -> None:
    """The PATCH returns once the database has the change; the index follows the change log
    in the background, and the saved change shows in search within 2 s."""

    def search(*filters: str) -> set[int]:
        result = api.get("/api/search", query_string={"f": list(filters), "limit": 100})
        assert result.status_code == 200
        return {hit["id"] for hit in result.get_json()["hits"]}

    def within(seconds: float, condition: Callable[[], bool]) -> float:
        started = time.monotonic()
        while not condition():
            assert time.monotonic() - started < seconds, "not searchable in time"
            time.sleep(0.02)
        return time.monotonic() - started

    record_id = first_item(api)["record_id"]
    assert record_id in search("status:open") and record_id not in search("status:done")
    items = api.get(f"/api/follow-ups?record={record_id}").get_json()["items"]
    for item in items:
        response = patch(api, api_site, item["id"], status="done", version=item["version"])
        assert response.status_code == 200
    within(2.0, lambda: record_id in search("status:done") - search("status:open"))

    patch(api, api_site, items[0]["id"], agencies=["สำนักทดสอบระบบ"], version=2)
    within(2.0, lambda: search("agency:สำนักทดสอบระบบ") == {record_id})


# ----------------------------------------------------------------------------- login setting


@pytest.fixture
def closed_site(fresh_archive: SearchArchive) -> Iterator[ApiSite]:
    """A site whose archive can only be read with a token (READ_REQUIRES_LOGIN)."""
    site = make_api_site(fresh_archive, READ_REQUIRES_LOGIN=True)
    yield site
    close_app(site.app)


def test_reading_can_require_a_token(closed_site: ApiSite) -> None:
    client = closed_site.app.test_client()
    item_id = client.get("/api/follow-ups", headers=closed_site.headers("viewer")).get_json()[
        "items"
    ][0]["id"]
    record_id = min(closed_site.archive.ids)
    urls = [
        "/api/search?q=ความร่วมมือ",
        "/api/facets",
        f"/api/records/{record_id}",
        "/api/follow-ups",
        f"/api/follow-ups/{item_id}",
    ]
    for url in urls:
        for headers in ({}, {"Authorization": "Bearer wrong"}, closed_site.headers("disabled")):
            response = client.get(url, headers=headers)
            assert_error(response, 401)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
        for who in ("viewer", "editor", "admin"):
            assert client.get(url, headers=closed_site.headers(who)).status_code == 200, url
    assert client.get("/api/openapi.json").status_code == 200  # the document stays public
    response = patch(client, closed_site, item_id, "viewer", status="done", version=1)
    assert_error(response, 403)
    response = patch(client, closed_site, item_id, "editor", status="done", version=1)
    assert response.status_code == 200


def test_reading_is_public_by_default(api_site: ApiSite, api: FlaskClient) -> None:
    assert not api_site.app.config.get("READ_REQUIRES_LOGIN")
    for url in ("/api/search", "/api/facets", "/api/follow-ups"):
        assert api.get(url).status_code == 200, url
    assert api.get("/api/follow-ups", headers=api_site.headers("viewer")).status_code == 200
