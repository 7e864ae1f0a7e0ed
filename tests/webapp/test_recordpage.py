"""The record page, and escaping of hostile titles on every page and in the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient

from tests.conftest import SearchArchive
from tests.webapp.conftest import hostile_app
from webapp.present import is_http_url


def test_record_page_shows_the_whole_record(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    tokyo = corpus_archive.id_of("01")
    response = client.get(f"/records/{tokyo}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = client.get(f"/api/records/{tokyo}").get_json()
    assert f"<h1>{data['title']}</h1>" in html
    assert "<dd>การศึกษาดูงาน</dd>" in html  # kind "visit" in Thai
    assert f"<dd>{data['organization']}</dd>" in html
    assert f"<dd>{data['mission_group']}</dd>" in html
    assert "4 – 15 พฤศจิกายน 2561" in html and "4 – 15 Nov 2018" in html
    assert "กรุงโตเกียว ประเทศญี่ปุ่น" in html
    for finding in data["findings"]:
        if finding["number"]:
            assert f'<span class="number">{finding["number"]}</span>' in html
    assert "การดำเนินงานต่อเนื่อง" in html
    for item in data["follow_ups"]:
        assert 'class="status-open"' in html or item["status"] != "open"
        for agency in item["agencies"]:
            assert agency in html
    assert "รอดำเนินการ" in html
    assert data["reporter"]["name"] in html
    assert '<details class="original">' in html and "<summary>ข้อความต้นฉบับ</summary>" in html
    assert f'href="/records/{tokyo}"' in html  # permalink


def test_meetings_and_source_link(client: FlaskClient, corpus_archive: SearchArchive) -> None:
    hanoi = client.get(f"/records/{corpus_archive.id_of('10')}").get_data(as_text=True)
    assert '<h2 id="meetings-heading">การประชุม</h2>' in hanoi
    assert len(re.findall(r"<li>", hanoi.split('class="meetings"')[1].split("</ul>")[0])) == 4
    news = client.get(f"/records/{corpus_archive.id_of('07')}").get_data(as_text=True)
    assert (
        '<a href="https://www.thaigov.go.th/news/contents/details/64215" '
        'rel="noopener noreferrer nofollow">' in news
    )


def test_only_http_urls_become_links(app: Flask) -> None:
    assert is_http_url("https://www.thaigov.go.th/x") and is_http_url("http://a.b/")
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "ftp://a/b", None):
        assert not is_http_url(bad)
    record = {
        "id": 1,
        "title": "t",
        "document_kind": "news",
        "organization": None,
        "mission_group": None,
        "venue": None,
        "date_start": None,
        "date_end": None,
        "published": None,
        "meetings": [],
        "findings": [],
        "follow_ups": [],
        "reporter": None,
        "source_url": "javascript:alert(1)",
        "text": "",
    }
    with app.test_request_context("/records/1"):
        html = render_template("records/show.html", record=record)
    assert "javascript:alert(1)" in html
    assert 'href="javascript' not in html


def test_unknown_record_is_a_404_page(client: FlaskClient) -> None:
    response = client.get("/records/999999")
    assert response.status_code == 404
    assert "ไม่พบรายงานนี้ในคลัง" in response.get_data(as_text=True)
    assert client.get("/records/abc").status_code == 404


EVIL = '<script>alert(1)</script> และ "><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def evil_app(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[Flask]:
    with hostile_app(tmp_path_factory.mktemp("evil"), template_db, EVIL) as application:
        yield application


def _assert_escaped(html: str) -> None:
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_hostile_title_is_escaped_on_pages_and_kept_as_data_in_json(evil_app: Flask) -> None:
    client = evil_app.test_client()
    search = client.get("/search?q=น้ำท่วม").get_data(as_text=True)
    assert 'href="/records/1"' in search
    _assert_escaped(search)
    # The query itself is echoed escaped too.
    echoed = client.get("/search", query_string={"q": EVIL}).get_data(as_text=True)
    assert "<script>alert(1)" not in echoed and "<img src=x" not in echoed
    _assert_escaped(client.get("/records/1").get_data(as_text=True))
    assert EVIL in client.get("/api/records/1").get_json()["title"]
    hits = client.get("/api/search?q=น้ำท่วม").get_json()["hits"]
    assert EVIL in hits[0]["title"]


def test_record_page_shows_partners_and_where_each_fact_was_read(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    vientiane = corpus_archive.id_of("05")
    data = client.get(f"/api/records/{vientiane}").get_json()
    assert data["party_countries"] == ["LA"]
    venue = data["sources"]["venue"]
    assert venue["text"] == "นครหลวงเวียงจันทน์ สาธารณรัฐประชาธิปไตยประชาชนลาว"
    html = client.get(f"/records/{vientiane}").get_data(as_text=True)
    assert "<dt>คู่เจรจา</dt><dd>ลาว (Laos)</dd>" in html
    assert f"จากข้อความ: <q>{venue['text']}</q>" in html
    quoted = [item["source"]["text"] for item in data["follow_ups"] if item["source"]]
    assert quoted and all(text in html for text in quoted)
    english = client.get(f"/records/{vientiane}?lang=en").get_data(as_text=True)
    assert "<dt>Partners</dt><dd>Laos</dd>" in english and "From the text" in english


def test_partner_facet_finds_meetings_with_laos_wherever_held(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    by_name = client.get("/api/search", query_string={"f": "partner:ลาว"}).get_json()
    by_code = client.get("/api/search", query_string={"f": "partner:LA"}).get_json()
    ids = {hit["id"] for hit in by_name["hits"]}
    assert ids == {hit["id"] for hit in by_code["hits"]}
    assert corpus_archive.id_of("05") in ids
    for record_id in ids:
        record = client.get(f"/api/records/{record_id}").get_json()
        assert "LA" in record["party_countries"]
    page = client.get("/search", query_string={"f": "partner:LA"}).get_data(as_text=True)
    assert "คู่เจรจา" in page and "ลาว (Laos)" in page
