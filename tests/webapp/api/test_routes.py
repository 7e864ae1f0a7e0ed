"""The JSON API and what every response carries: security headers, JSON errors."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.search.service import SearchRequest, get_record_json, search
from tests.conftest import SearchArchive


def test_search_returns_exactly_the_service_json(app: Flask, client: FlaskClient) -> None:
    response = client.get(
        "/api/search", query_string={"q": "ความร่วมมือ", "x": "kind:project", "limit": 5}
    )
    assert response.status_code == 200
    assert response.content_type == "application/json"
    expected = search(
        app.extensions["archive_index"],
        SearchRequest(q="ความร่วมมือ", excluded={"kind": ["project"]}, per_page=5),
    )
    assert response.get_json() == expected
    assert expected["limit"] == 5 and len(expected["hits"]) == 5
    assert "ความร่วมมือ".encode() in response.data  # Thai as UTF-8, not \u escapes


def test_search_parameters(client: FlaskClient) -> None:
    everything = client.get("/api/search?limit=100").get_json()
    assert everything["total"] == 14 and len(everything["hits"]) == 14
    second = client.get("/api/search?limit=10&page=2").get_json()
    assert second["page"] == 2 and len(second["hits"]) == 4
    japan = client.get("/api/search?f=country:ญี่ปุ่น").get_json()
    assert japan["total"] == 1
    by_date = client.get("/api/search?sort=date&limit=100").get_json()["hits"]
    dates = [h["date_start"] for h in by_date if h["date_start"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "limit=1000",
        "limit=x",
        "f=colour:red",
        "x=colour:red",
        "f=year",
        "sort=random",
    ],
)
def test_bad_parameters_are_400_json(client: FlaskClient, query: str) -> None:
    for path in ("/api/search", "/api/facets"):
        if path == "/api/facets" and query.startswith("limit"):
            continue
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response.content_type == "application/json"
        body = response.get_json()
        assert set(body) == {"error"} and body["error"]


def test_record_json(app: Flask, client: FlaskClient, corpus_archive: SearchArchive) -> None:
    tokyo = corpus_archive.id_of("01")
    response = client.get(f"/api/records/{tokyo}")
    assert response.status_code == 200
    data = response.get_json()
    assert data == get_record_json(app.extensions["archive_db"], tokyo)
    assert data["date_start"] == "2018-11-04" and data["venue"]["country_code"] == "JP"


def test_unknown_record_and_route_are_404_json(client: FlaskClient) -> None:
    for path in ("/api/records/999999", "/api/nothing-here", "/api/records/abc"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.content_type == "application/json"
        assert "error" in response.get_json()
    assert client.get("/api/records/999999").get_json() == {"error": "no record with id 999999"}
    response = client.post("/api/search")
    assert response.status_code == 405 and "error" in response.get_json()


def test_an_id_no_database_holds_is_404_on_every_route(app: Flask, client: FlaskClient) -> None:
    """2**31 is a SQLite id but no PostgreSQL INTEGER: 404 before any query, whatever the method."""
    largest = 2**31 - 1
    assert client.get(f"/api/records/{largest}").get_json() == {
        "error": f"no record with id {largest}"
    }
    rules = [rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]
    assert len(rules) >= 20
    for rule in rules:
        path = re.sub(r"<[^>]+>", "json", re.sub(r"<int:\w+>", str(largest + 1), rule.rule))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            assert client.open(path, method=method).status_code == 404, (method, path)


def test_facets(client: FlaskClient) -> None:
    body = client.get("/api/facets").get_json()
    assert body["total"] == 14
    assert dict(body["facets"]["country"])["TH"] == 2
    assert body["labels"]["country"] == {"th": "ประเทศที่จัดประชุม", "en": "Venue country"}
    assert body["labels"]["partner"] == {"th": "คู่เจรจา", "en": "Partner"}
    narrowed = client.get("/api/facets?q=โตเกียว").get_json()
    assert narrowed["total"] == 1 and narrowed["facets"]["country"] == [["JP", 1]]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=น้ำ",
        "/records/1",
        "/records/0",
        "/api/search",
        "/api/records/0",
        "/search?page=abc",
        "/static/site.css",
    ],
)
def test_security_headers_on_every_response(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]


def test_request_size_is_limited(app: Flask, client: FlaskClient) -> None:
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit and limit <= 1024 * 1024
    response = client.post("/api/search", data=b"x" * (limit + 1))
    assert response.status_code in (405, 413)
    assert "Traceback" not in response.get_data(as_text=True)


def test_unexpected_errors_give_no_stack_trace(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    import webapp.services

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(webapp.services, "run_search", broken)
    monkeypatch.setattr(webapp.services, "search_page", broken)
    client = app.test_client()
    api = client.get("/api/search")
    assert api.status_code == 500 and api.get_json() == {"error": "internal error"}
    html = client.get("/search").get_data(as_text=True)
    assert "เกิดข้อผิดพลาดภายในระบบ" in html
    assert "secret internal detail" not in html and "Traceback" not in html
