"""/search.atom: the Atom feed of any search, read back with feedparser."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from typing import Any

import feedparser
from flask.testing import FlaskClient

from archive.config import database_url
from archive.store import changelog
from archive.store.db import Database
from archive.store.models import Record
from tests.conftest import SearchArchive, cli_run
from tests.webapp.conftest import add_token_user
from webapp import close_app, create_app
from webapp.datelabels import ce_range, thai_range

QUERY = {"q": "ความร่วมมือ", "x": "kind:project"}


def _api_ids(client: FlaskClient, params: dict[str, Any]) -> list[int]:
    body = client.get("/api/search", query_string={**params, "limit": 100}).get_json()
    assert body["total"] <= 100
    return [hit["id"] for hit in body["hits"]]


def _feed(client: FlaskClient, params: dict[str, Any]) -> Any:
    response = client.get("/search.atom", query_string=params)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def _id(entry: Any) -> int:
    return int(entry.link.rsplit("/", 1)[1])


def test_feed_lists_the_search_newest_first_with_the_record_facts(client: FlaskClient) -> None:
    feed = _feed(client, QUERY)
    assert feed.feed.title == "คลังรายงานการประชุมระหว่างประเทศ: ความร่วมมือ"
    expected = _api_ids(client, {**QUERY, "sort": "date"})
    assert len(expected) > 3
    assert [_id(e) for e in feed.entries] == expected  # the same hits, newest first
    assert [_id(e) for e in _feed(client, {"f": "country:ญี่ปุ่น"}).entries] == _api_ids(
        client, {"f": "country:ญี่ปุ่น", "sort": "date"}
    )
    for entry in feed.entries:
        record = client.get(f"/api/records/{_id(entry)}").get_json()
        assert entry.title == record["title"]
        assert entry.id == entry.link == f"http://localhost/records/{record['id']}"
        assert entry.updated_parsed and entry.published_parsed
        if record["date_start"]:
            be = thai_range(record["date_start"], record["date_end"])
            ce = ce_range(record["date_start"], record["date_end"])
            assert f"วันที่: {be} ({ce})" in entry.summary
        if record["venue"]:
            assert f"สถานที่: {record['venue']['raw']}" in entry.summary
        if record["organization"]:
            assert f"หน่วยงาน: {record['organization']}" in entry.summary
    japan = next(e for e in feed.entries if "JP" in client.get(
        f"/api/records/{_id(e)}").get_json()["party_countries"])
    assert re.search(r"คู่เจรจา: [^\n]*ญี่ปุ่น", japan.summary)


def test_feed_in_english_and_bad_parameters(client: FlaskClient) -> None:
    feed = _feed(client, {**QUERY, "lang": "en"})
    dated = next(e for e in feed.entries if "Date:" in e.summary)
    assert re.search(r"Date: [^\n]*\d{4} \(BE 25\d\d", dated.summary)
    assert client.get("/search.atom?f=colour:red").status_code == 400


def test_search_page_points_to_its_feed(client: FlaskClient) -> None:
    html = client.get("/search", query_string={**QUERY, "sort": "date", "page": 2}).get_data(
        as_text=True
    )
    alternate = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"',
                          html)
    assert alternate
    href = unescape(alternate[1])
    assert href.startswith("/search.atom?") and "page" not in href and "sort" not in href
    assert f'<a href="{alternate[1]}" type="application/atom+xml">' in html
    assert [_id(e) for e in _feed(client, href.split("?", 1)[1]).entries] == _api_ids(
        client, {**QUERY, "sort": "date"}
    )


def test_withdrawn_record_leaves_the_feed(fresh_archive: SearchArchive) -> None:
    home = fresh_archive.home
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "INDEX_FOLLOW": False})
    try:
        before = [_id(e) for e in _feed(app.test_client(), QUERY).entries]
    finally:
        close_app(app)
    gone = before[0]
    db = Database(database_url(home))
    with db.session() as session:
        record = session.get(Record, gone)
        assert record is not None
        record.withdrawn_at, record.withdrawn_reason = datetime(2024, 1, 2), "ซ้ำ"
        changelog.note(session, [gone])
    db.dispose()
    assert cli_run(home, "sync").exit_code == 0
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(home), "INDEX_FOLLOW": False})
    try:
        after = [_id(e) for e in _feed(app.test_client(), QUERY).entries]
    finally:
        close_app(app)
    assert after == before[1:]


def test_private_site_feed_takes_a_personal_token(fresh_archive: SearchArchive) -> None:
    token = add_token_user(fresh_archive.home, "reader", "viewer")
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(fresh_archive.home),
                      "INDEX_FOLLOW": False, "READ_REQUIRES_LOGIN": True})
    try:
        client = app.test_client()
        assert client.get("/search.atom?q=น้ำ").status_code == 302  # to the login page
        assert client.get("/search.atom?q=น้ำ&token=wrong").status_code == 302
        assert _feed(client, {"q": "น้ำ", "token": token}).entries
    finally:
        close_app(app)
