"""Review and link pages: roles and CSRF on every new route, the queue with its filters and
the header's count, a record's doubts beside their sentences, marking reviewed, linking two
reports of one meeting (search shows it once, "also reported in"), series previous/next, and
REVIEW_BEFORE_PUBLISH keeping new records out of public search (and their API routes and
links out of public view) until reviewed, and a corrected field whose file changed waiting in
the queue ("the source now says") until an editor accepts or keeps it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from archive.accounts import add_user
from archive.config import database_url
from archive.curation import edits
from archive.store.db import Database
from archive.store.models import RecordChange
from indexer.ingest import ingest_paths
from tests.archive.curation.meetings import (
    BMA_6,
    BMA_7,
    LOOSE,
    MONG_YAWNG,
    NEWS_7,
    SEOUL,
    write_meetings,
)
from tests.conftest import build_search_archive, write_bma
from tests.webapp.conftest import PASSWORD, USERS, Site, edit_form, hit_links, tracking_config
from webapp import close_app, create_app


@dataclass
class ReviewSite:
    site: Site
    ids: dict[str, int]
    home: Path

    def settle(self) -> None:
        """Wait until the index has applied what was saved."""
        assert self.site.app.extensions["archive_follower"].settle()

    def history(self) -> list[tuple[int, str, str | None]]:
        database = Database(database_url(self.home))
        try:
            with database.session() as session:
                rows = session.scalars(select(RecordChange).order_by(RecordChange.id))
                return [(r.record_id, r.field, r.new_value) for r in rows]
        finally:
            database.dispose()

    def changes(self, record_id: int) -> list[tuple[str | None, str, str | None, str | None]]:
        """The record's history: (user, field, new value, note), oldest first."""
        database = Database(database_url(self.home))
        try:
            with database.session() as session:
                return [(c.user_name, c.field, c.new_value, c.note)
                        for c in edits.history(session, record_id)]  # fmt: skip
        finally:
            database.dispose()


@pytest.fixture(scope="module")
def _meetings_home(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    folder = tmp_path_factory.mktemp("review")
    archive = build_search_archive(folder / "home", template_db, write_meetings(folder / "docs"))
    database = Database(f"sqlite:///{archive.home / 'archive.sqlite3'}")
    with database.session() as session:
        for name, role in USERS.items():
            add_user(session, name, PASSWORD, role)
    database.dispose()
    return archive.home


def _site(template: Path, tmp_path: Path, **config: object) -> Iterator[ReviewSite]:
    import shutil

    home = Path(shutil.copytree(template, tmp_path / "home"))
    app: Flask = create_app(tracking_config(home, **config))
    database = Database(database_url(home))
    with database.session() as session:
        from archive.store.models import Record

        ids = {r.title: r.id for r in session.scalars(select(Record))}
    database.dispose()
    try:
        yield ReviewSite(Site(app, app.test_client()), ids, home)
    finally:
        close_app(app)


@pytest.fixture
def review_site(_meetings_home: Path, tmp_path: Path) -> Iterator[ReviewSite]:
    """The six reports (every one stored after review began), users of each role."""
    yield from _site(_meetings_home, tmp_path)


@pytest.fixture
def held_site(_meetings_home: Path, tmp_path: Path) -> Iterator[ReviewSite]:
    """The same, on a site that sets REVIEW_BEFORE_PUBLISH."""
    yield from _site(_meetings_home, tmp_path, REVIEW_BEFORE_PUBLISH=True)


def _routes(ids: dict[str, int]) -> list[tuple[str, str, dict[str, str]]]:
    loose, bma, news = ids[LOOSE], ids[BMA_7], ids[NEWS_7]
    return [
        ("GET", "/review", {}),
        ("GET", f"/review/{loose}", {}),
        ("POST", f"/review/{loose}/confirm", {"fact": "date"}),
        ("POST", f"/review/{loose}/reviewed", {"note": ""}),
        ("POST", f"/records/{bma}/links", {"other_id": str(news), "kind": "same_meeting"}),
    ]


def test_every_route_needs_an_editor_and_every_form_its_csrf_token(
    review_site: ReviewSite,
) -> None:
    site = review_site.site
    routes = _routes(review_site.ids)
    for method, path, data in routes:  # anonymous: to the login page
        response = site.post(path, data) if method == "POST" else site.client.get(path)
        assert response.status_code == 302, path
        assert urlsplit(response.headers["Location"]).path == "/login"
    site.login("viewer")
    for method, path, data in routes:
        response = site.post(path, data, page="/") if method == "POST" else site.client.get(path)
        assert response.status_code == 403, path
    editor = site.new()
    editor.login("editor")
    for method, path, data in routes:
        if method == "POST":  # without the token: refused, nothing written
            assert editor.client.post(path, data=data).status_code == 400, path
    assert review_site.history() == []
    for method, path, data in routes:
        if method == "POST":
            response = editor.post(path, data, page="/review")
            assert response.status_code == 303, path
        else:
            assert editor.client.get(path).status_code == 200, path
    fields = [field for _, field, _ in review_site.history()]
    assert fields == ["confirmed", "reviewed", "same_meeting", "same_meeting"]


def _queue_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="review-item" data-record="(\d+)"', html)]


def test_the_queue_filters_counts_and_the_header_number(review_site: ReviewSite) -> None:
    site, ids = review_site.site, review_site.ids
    site.login("editor")
    html = site.html("/review")
    assert _queue_ids(html) == [ids[MONG_YAWNG], ids[LOOSE]]  # newest first
    assert 'id="queue-total">(๒ ฉบับ)' in html
    assert re.search(r'id="review-waiting"[^>]*>รอตรวจ <span class="count">๒</span>', html)
    assert 'data-check="venue_unmatched">สถานที่ไม่ตรงกับเมืองหรือประเทศใด (๑)' in html
    assert _queue_ids(site.html("/review?check=no_date")) == [ids[LOOSE]]
    assert _queue_ids(site.html("/review?check=venue_unmatched")) == [ids[MONG_YAWNG]]
    assert _queue_ids(site.html("/review?organization=" + quote("กรุงเทพมหานคร"))) == [
        ids[MONG_YAWNG]
    ]
    assert 'id="review-empty"' in site.html("/review?check=date_from_text")
    site.html("/review?check=colour", status=400)
    site.html("/review?page=x", status=400)
    english = site.html("/review?lang=en")
    assert "Venue not matched to a city or country (1)" in english
    viewer = site.new()
    viewer.login("viewer")
    assert 'id="review-waiting"' not in viewer.html("/")


def test_a_record_shows_its_doubts_and_leaves_the_queue_when_reviewed(
    review_site: ReviewSite,
) -> None:
    site, ids = review_site.site, review_site.ids
    site.login("editor")
    mong_yawng = ids[MONG_YAWNG]
    html = site.html(f"/review/{mong_yawng}")
    assert "<mark>ศาลากลางเมืองยอง</mark>" in html
    assert 'data-fact="venue"' in html and f'href="/records/{mong_yawng}/edit"' in html
    response = site.post(f"/review/{mong_yawng}/confirm", {"fact": "venue"}, page="/review")
    assert response.status_code == 303
    html = site.html(f"/review/{mong_yawng}")
    assert "ยืนยันแล้วโดย editor" in html
    assert "ยืนยันข้อมูล: สถานที่" in html.split('id="review-history-heading"')[1]
    response = site.post(
        f"/review/{mong_yawng}/reviewed", {"note": "ตรวจกับต้นฉบับแล้ว", "next": "/review"},
        page="/review",
    )  # fmt: skip
    assert response.status_code == 303 and response.headers["Location"] == "/review"
    queue = site.html("/review")
    assert _queue_ids(queue) == [ids[LOOSE]]
    assert '<span class="count">๑</span>' in queue
    assert "ตรวจแล้วโดย editor" in site.html(f"/review/{mong_yawng}")
    assert site.post("/review/99999/reviewed", {}, page="/review").status_code == 404
    unknown = site.post(f"/review/{mong_yawng}/confirm", {"fact": "x"}, page="/review")
    assert unknown.status_code == 400


def test_two_reports_linked_show_once_in_search_and_link_each_other(
    review_site: ReviewSite,
) -> None:
    site, ids = review_site.site, review_site.ids
    bma, news = ids[BMA_7], ids[NEWS_7]
    search = "/search?q=" + quote("โตเกียว")
    before = hit_links(site.html(search))
    assert {bma, news, ids[BMA_6]} <= set(before)
    site.login("editor")
    page = site.html(f"/records/{bma}")
    assert re.search(rf'data-record="{news}" data-kind="same_meeting"', page)  # suggested
    assert re.search(rf'data-record="{ids[BMA_6]}" data-kind="series"', page)
    response = site.post(
        f"/records/{bma}/links",
        {"other_id": "#" + str(news).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")),
         "kind": "same_meeting", "next": f"/records/{bma}"},
        page=f"/records/{bma}",
    )  # fmt: skip
    assert response.status_code == 303
    response = site.post(
        f"/records/{bma}/links", {"other_id": str(ids[BMA_6]), "kind": "series"},
        page=f"/records/{bma}",
    )  # fmt: skip
    assert response.status_code == 303
    review_site.settle()

    visitor = site.new()
    hits_html = visitor.html(search)
    after = hit_links(hits_html)
    assert min(bma, news) in after and max(bma, news) not in after  # the meeting once
    assert len(after) == len(before) - 1
    also = re.search(r'<p class="also-reported">รายงานด้วยใน (.*?)</p>', hits_html)
    assert also and f'href="/records/{max(bma, news)}"' in also[1]
    # Both record pages link each other; the 7th meeting shows the 6th as previous.
    bma_page = visitor.html(f"/records/{bma}")
    news_page = visitor.html(f"/records/{news}")
    assert f'href="/records/{news}"' in bma_page.split('id="same-meeting"')[1]
    assert f'href="/records/{bma}"' in news_page.split('id="same-meeting"')[1]
    previous = re.search(r'<li class="previous"><a rel="prev" href="/records/(\d+)">', bma_page)
    assert previous and int(previous[1]) == ids[BMA_6]
    assert "ครั้งที่ ๖" in unescape(bma_page.split('id="series"')[1])
    assert "<form" not in bma_page.split('id="record-links"')[1].split("</section>")[0]

    # Unlinked: search shows both again.
    response = site.post(
        f"/records/{news}/links",
        {"other_id": str(bma), "kind": "same_meeting", "action": "unlink"},
        page=f"/records/{news}",
    )
    assert response.status_code == 303
    review_site.settle()
    assert {bma, news} <= set(hit_links(visitor.html(search)))
    bad = {"other_id": "abc", "kind": "same_meeting"}
    assert site.post(f"/records/{bma}/links", bad, page="/review").status_code == 400
    same = {"other_id": str(bma), "kind": "same_meeting"}
    assert site.post(f"/records/{bma}/links", same, page="/review").status_code == 400


def test_review_before_publish_hides_new_records_until_reviewed(held_site: ReviewSite) -> None:
    site, ids = held_site.site, held_site.ids
    search = "/search?q=" + quote("กรุงโซล")
    api = "/api/search?q=" + quote("กรุงโซล")
    seoul = ids[SEOUL]
    assert seoul not in hit_links(site.html(search))
    assert site.client.get(api).get_json()["total"] == 0
    export = "/export.csv?q=" + quote("กรุงโซล")
    feed = "/search.atom?q=" + quote("กรุงโซล")
    assert SEOUL not in site.client.get(export).get_data(as_text=True)
    assert SEOUL not in site.client.get(feed).get_data(as_text=True)
    held_back = [f"/records/{seoul}", f"/api/records/{seoul}", f"/records/{seoul}/cite.ris",
                 f"/api/records/{seoul}/history", f"/api/records/{seoul}/links",
                 f"/api/records/{seoul}/related"]  # fmt: skip
    assert [site.client.get(path).status_code for path in held_back] == [404] * 6
    assert site.client.get(held_back[3]).get_json() == {"error": f"no record with id {seoul}"}
    editor = site.new()
    editor.login("editor")
    assert seoul in hit_links(editor.html(search))  # editors still find it
    assert editor.client.get(f"/records/{seoul}").status_code == 200
    html = editor.html("/review")
    assert len(_queue_ids(html)) == 6  # every new record waits
    assert editor.post(f"/review/{seoul}/reviewed", {}, page="/review").status_code == 303
    held_site.settle()
    assert seoul in hit_links(site.html(search))
    assert [h["id"] for h in site.client.get(api).get_json()["hits"]] == [seoul]
    assert SEOUL in site.client.get(export).get_data(as_text=True)
    assert SEOUL in site.client.get(feed).get_data(as_text=True)
    assert [site.client.get(path).status_code for path in held_back] == [200] * 6
    assert len(_queue_ids(editor.html("/review"))) == 5

    # A published record's links leave out the reports still held: the same meeting, and
    # previous / next in its series, for the public; editors see them all.
    bma, news, sixth = ids[BMA_7], ids[NEWS_7], ids[BMA_6]
    for other, kind in ((news, "same_meeting"), (sixth, "series")):
        linked = editor.post(f"/records/{bma}/links", {"other_id": str(other), "kind": kind},
                             page=f"/records/{bma}")  # fmt: skip
        assert linked.status_code == 303
    assert editor.post(f"/review/{bma}/reviewed", {}, page="/review").status_code == 303
    held_site.settle()
    page = site.html(f"/records/{bma}")
    assert 'id="record-links"' not in page
    assert f'href="/records/{news}"' not in page and f'href="/records/{sixth}"' not in page
    links = site.client.get(f"/api/records/{bma}/links").get_json()
    assert links == {"record_id": bma, "same_meeting": [], "series": [], "previous": None,
                     "next": None}  # fmt: skip
    related = site.client.get(f"/api/records/{bma}/related").get_json()["related"]
    assert not {news, sixth} & {r["id"] for r in related}
    own = editor.html(f"/records/{bma}")
    assert f'href="/records/{news}"' in own.split('id="same-meeting"')[1]
    assert re.search(rf'<li class="previous"><a rel="prev" href="/records/{sixth}">', own)
    for other in (news, sixth):
        assert editor.post(f"/review/{other}/reviewed", {}, page="/review").status_code == 303
    held_site.settle()
    page = site.html(f"/records/{bma}")
    assert f'href="/records/{news}"' in page.split('id="same-meeting"')[1]
    assert re.search(rf'<li class="previous"><a rel="prev" href="/records/{sixth}">', page)
    links = site.client.get(f"/api/records/{bma}/links").get_json()
    assert [r["id"] for r in links["same_meeting"]] == [news]
    assert links["previous"]["id"] == sixth
    related = site.client.get(f"/api/records/{bma}/related").get_json()["related"]
    assert [(r["id"], r["link"]) for r in related[:2]] == [(news, "same_meeting"),
                                                           (sixth, "series")]  # fmt: skip


# A report stored after the site started, corrected in the site, then its file changed.
OSAKA_TITLE = "การหารือความร่วมมือด้านการจัดการขยะมูลฝอยกับนครโอซากา"
OSAKA_TITLE_NEW = "การหารือความร่วมมือด้านการจัดการขยะมูลฝอยและน้ำเสียกับนครโอซากา"


def _ingest(review_site: ReviewSite, path: Path) -> None:
    """A real ingest of ``path`` into the site's database (the site's follower indexes it)."""
    database = Database(database_url(review_site.home))
    try:
        report = ingest_paths(database, [path], workers=1)
        assert not report.failed, report.failed
    finally:
        database.dispose()


def _settle_forms(html: str) -> dict[str, dict[str, str]]:
    """The accept / keep forms of "the source now says" on a page: field -> hidden fields."""
    found = {}
    for field, body in re.findall(
        r'<form method="post" action="/records/\d+/source/(\w+)" class="inline">(.*?)</form>',
        html, re.S,
    ):  # fmt: skip
        found[field] = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">',
                                       body))  # fmt: skip
    return found


def test_the_source_now_says_waits_in_the_queue_until_accepted_or_kept(
    review_site: ReviewSite, tmp_path: Path
) -> None:
    site = review_site.site
    path = write_bma(tmp_path / "docs" / "g_osaka.txt", OSAKA_TITLE,
                     venue="นครโอซากา ประเทศญี่ปุ่น", dates="10 – 11 มิถุนายน 2562")  # fmt: skip
    _ingest(review_site, path)
    database = Database(database_url(review_site.home))
    with database.session() as session:
        from archive.store.models import Record

        record_id = session.scalar(select(Record.id).where(Record.title == OSAKA_TITLE))
    database.dispose()
    assert record_id is not None
    site.login("editor")
    assert record_id not in _queue_ids(site.html("/review"))

    # The editor corrects the title and the venue in the site.
    edit = f"/records/{record_id}/edit"
    form = edit_form(site.html(edit)) | {
        "title": "การหารือความร่วมมือด้านขยะมูลฝอยกับนครโอซากา (ชื่อตามหนังสือเชิญ)",
        "venue_raw": "นครเกียวโต ประเทศญี่ปุ่น", "venue_city": "เกียวโต",
        "venue_country_code": "",
    }  # fmt: skip
    assert site.post(edit, form, page=edit).status_code == 302
    assert 'data-check="source_changed"' not in site.html("/review")

    # The file changes (a new title and venue) and is ingested again: both corrections stay
    # shown, and the record waits in the queue under its own kind.
    write_bma(path, OSAKA_TITLE_NEW, venue="นครโยโกฮามา ประเทศญี่ปุ่น",
              dates="10 – 11 มิถุนายน 2562")  # fmt: skip
    _ingest(review_site, path)
    queue = site.html("/review")
    assert record_id in _queue_ids(queue)
    assert 'data-check="source_changed">ต้นฉบับเปลี่ยนไปจากค่าที่แก้ไขไว้ (๑)' in queue
    assert _queue_ids(site.html("/review?check=source_changed")) == [record_id]
    english = site.new()
    english.login("editor2")
    assert "The source now says otherwise than a correction" in english.html(
        "/review?check=source_changed&lang=en"
    )

    page = f"/review/{record_id}"
    html = unescape(site.html(page))
    assert "ต้นฉบับตอนนี้ระบุว่า นครโยโกฮามา ประเทศญี่ปุ่น" in html
    assert f"ต้นฉบับตอนนี้ระบุว่า {OSAKA_TITLE_NEW}" in html
    assert "ค่าที่แก้ไขไว้: นครเกียวโต ประเทศญี่ปุ่น" in html
    forms = _settle_forms(html)
    assert set(forms) == {"title", "venue"} and forms["venue"]["next"] == page

    # Keep the venue: the notice goes, the person's value stays; the title still waits.
    keep = site.post(f"/records/{record_id}/source/venue", forms["venue"] | {"action": "keep"},
                     page=page)  # fmt: skip
    assert keep.status_code == 302 and keep.headers["Location"] == page
    html = unescape(site.html(page))
    assert "คงค่าที่แก้ไขไว้" in html  # the flash
    assert set(_settle_forms(html)) == {"title"}
    assert _queue_ids(site.html("/review?check=source_changed")) == [record_id]

    # Accept the title: the document's new title is shown, the record leaves the queue.
    forms = _settle_forms(html)
    accept = site.post(f"/records/{record_id}/source/title",
                       forms["title"] | {"action": "accept"}, page=page)  # fmt: skip
    assert accept.status_code == 302 and accept.headers["Location"] == page
    assert "ต้นฉบับตอนนี้ระบุว่า" not in site.html(page)
    assert record_id not in _queue_ids(site.html("/review"))
    record = site.client.get(f"/api/records/{record_id}").get_json()
    assert record["title"] == OSAKA_TITLE_NEW and record["venue"]["city"] == "Kyoto"
    shown = unescape(site.html(f"/records/{record_id}"))
    assert f"<h1>{OSAKA_TITLE_NEW}</h1>" in shown
    assert re.search(r'class="corrected" data-field="venue">แก้ไขโดย editor เมื่อ', shown)
    notes = [(field, note) for _, field, _, note in review_site.changes(record_id)
             if note in (edits.ACCEPTED, edits.KEPT)]  # fmt: skip
    assert notes == [("venue", edits.KEPT), ("title", edits.ACCEPTED)]
