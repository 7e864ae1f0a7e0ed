"""Record editing pages: roles and CSRF on every route, editing with corrected marks and the
history timeline, bad values and stale saves shown on the form, "the source now says" with
accept and keep, withdrawal (410 for the public) and restore, search following."""

from __future__ import annotations

import re
import time
from html import unescape

import pytest
from sqlalchemy import text

from archive.config import database_url
from archive.store.db import Database
from tests.conftest import SearchArchive
from tests.webapp.conftest import Site, edit_form

TOKYO = "01_tokyo"


def _search_ids(site: Site, query: str) -> list[int]:
    response = site.client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200
    return [hit["id"] for hit in response.get_json()["hits"]]


def _eventually(check, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "search did not follow the change"
        time.sleep(0.1)


@pytest.fixture
def record_id(tracking_archive: SearchArchive) -> int:
    return tracking_archive.id_of(TOKYO)


def test_roles_and_csrf_on_every_route(site: Site, record_id: int) -> None:
    routes = [f"/records/{record_id}/edit", f"/records/{record_id}/withdraw",
              f"/records/{record_id}/restore", f"/records/{record_id}/source/venue"]
    assert site.client.get(routes[0]).status_code == 302  # to the login page
    for path in routes:
        assert site.client.post(path, data={}).status_code in (302, 400)  # no session, no CSRF
    site.login("viewer")
    assert site.client.get(routes[0]).status_code == 403
    for path in routes:
        assert site.post(path, {"reason": "x", "version": "1"}).status_code == 403
    editor = site.new()
    editor.login("editor")
    assert editor.client.get(routes[0]).status_code == 200
    for path in routes[1:3]:  # withdraw and restore: admins only
        assert editor.post(path, {"reason": "x"}).status_code == 403
    for path in routes:  # no CSRF token: refused before anything is done
        assert editor.client.post(path, data={"reason": "x", "version": "1"}).status_code == 400
    assert editor.html(f"/records/{record_id}").count("แก้ไขโดย") == 0


def test_an_editor_corrects_the_venue_and_search_follows(site: Site, record_id: int) -> None:
    site.login("editor")
    page = f"/records/{record_id}/edit"
    form = edit_form(site.html(page))
    assert form["venue_city"] == "Tokyo" and form["date_start"] == "4/11/2561"
    assert _search_ids(site, "ฮิโรชิมะ") == []
    form |= {"venue_raw": "เมืองฮิโรชิมะ ประเทศญี่ปุ่น", "venue_city": "ฮิโรชิมะ",
             "venue_country_code": "", "note": "แก้ตามกำหนดการจริง"}
    response = site.post(page, form, page=page)
    assert response.status_code == 302
    html = site.html(f"/records/{record_id}")
    assert "เมืองฮิโรชิมะ ประเทศญี่ปุ่น" in html
    assert re.search(r'class="corrected" data-field="venue">แก้ไขโดย editor เมื่อ', html)
    assert 'id="record-history"' in html and "แก้ตามกำหนดการจริง" in html
    assert "เอกสารต้นฉบับระบุว่า กรุงโตเกียว ประเทศญี่ปุ่น" in html
    record = site.client.get(f"/api/records/{record_id}").get_json()
    assert record["venue"]["city"] == "Hiroshima" and record["version"] == 2
    _eventually(lambda: _search_ids(site, "ฮิโรชิมะ") == [record_id])
    # saving the form again unchanged writes nothing
    again = edit_form(site.html(page))
    assert site.post(page, again, page=page).status_code == 302
    assert site.client.get(f"/api/records/{record_id}").get_json()["version"] == 2


def test_bad_values_and_stale_saves_are_shown_on_the_form(site: Site, record_id: int) -> None:
    site.login("editor")
    page = f"/records/{record_id}/edit"
    form = edit_form(site.html(page))
    bad = site.post(page, form | {"date_end": "31/02/2561"}, page=page)
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "วันที่สิ้นสุด: ไม่มีวันนี้ในปฏิทิน" in html and 'value="31/02/2561"' in html
    long = site.post(page, form | {"findings-0-text": "ก" * 70_000}, page=page)  # > 64 KiB
    assert long.status_code == 400
    assert "สาระสำคัญ 1 › ข้อความ: ยาวเกิน 20000 ตัวอักษร" in long.get_data(as_text=True)
    other = site.new()
    other.login("editor2")
    theirs = edit_form(other.html(page))
    assert other.post(page, theirs | {"title": "ชื่อใหม่ของผู้อื่น"}, page=page).status_code == 302
    stale = site.post(page, form | {"mission_group": "กลุ่มภารกิจด้านความปลอดภัย"}, page=page)
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert 'id="conflict"' in html and "editor2" in html and "ชื่อใหม่ของผู้อื่น" in html
    retry = edit_form(html)  # the other's title, this editor's mission group, the new version
    assert retry["title"] == "ชื่อใหม่ของผู้อื่น"
    assert retry["mission_group"] == "กลุ่มภารกิจด้านความปลอดภัย" and retry["version"] == "2"
    assert site.post(page, retry, page=page).status_code == 302
    record = site.client.get(f"/api/records/{record_id}").get_json()
    assert (record["title"], record["mission_group"], record["version"]) == (
        "ชื่อใหม่ของผู้อื่น", "กลุ่มภารกิจด้านความปลอดภัย", 3)
    cited = site.client.get(f"/records/{record_id}/cite.ris").get_data(as_text=True)
    assert "TI  - ชื่อใหม่ของผู้อื่น" in cited  # exports show the corrected values


def test_the_source_now_says_accept(
    site: Site, record_id: int, tracking_archive: SearchArchive
) -> None:
    site.login("editor")
    page = f"/records/{record_id}/edit"
    site.post(page, edit_form(site.html(page)) | {"title": "ชื่อที่แก้ไข"}, page=page)
    database = Database(database_url(tracking_archive.home))
    with database.session() as session:  # what a re-ingest writes: the document's value
        session.execute(text("UPDATE records SET title = 'ชื่อใหม่ในต้นฉบับ' WHERE id = :i"),
                        {"i": record_id})
    database.dispose()
    html = site.html(f"/records/{record_id}")
    assert "ต้นฉบับตอนนี้ระบุว่า ชื่อใหม่ในต้นฉบับ" in html and "<h1>ชื่อที่แก้ไข</h1>" in html
    response = site.post(f"/records/{record_id}/source/title", {"action": "accept",
                         "version": "2"}, page=f"/records/{record_id}")
    assert response.status_code == 302
    html = site.html(f"/records/{record_id}")
    assert "<h1>ชื่อใหม่ในต้นฉบับ</h1>" in html and "ต้นฉบับตอนนี้ระบุว่า" not in html


def test_withdraw_hides_the_record_and_restore_brings_it_back(
    site: Site, record_id: int
) -> None:
    title = site.client.get(f"/api/records/{record_id}").get_json()["title"]
    query = "Disaster Risk Reduction for Metropolitan Cities"
    assert record_id in _search_ids(site, query)
    site.login("admin")
    response = site.post(f"/records/{record_id}/withdraw", {"reason": "ซ้ำกับรายงานอื่น"},
                         page=f"/records/{record_id}")
    assert response.status_code == 302
    assert "ซ้ำกับรายงานอื่น" in site.html(f"/records/{record_id}")  # admins still see it
    public = site.new()
    gone = public.client.get(f"/records/{record_id}")
    assert gone.status_code == 410 and "ซ้ำกับรายงานอื่น" in gone.get_data(as_text=True)
    assert public.client.get(f"/api/records/{record_id}").status_code == 410
    assert public.client.get(f"/records/{record_id}/cite.bib").status_code == 410
    assert public.client.get(f"/records/{record_id}/original").status_code == 410
    for part in ("history", "links", "related"):  # nor its history and links
        assert public.client.get(f"/api/records/{record_id}/{part}").status_code == 410, part
    _eventually(lambda: record_id not in _search_ids(public, query))
    assert site.post(f"/records/{record_id}/restore", {}, page=f"/records/{record_id}"
                     ).status_code == 302
    assert title in public.html(f"/records/{record_id}")
    assert public.client.get(f"/records/{record_id}/original").status_code == 200
    history = public.client.get(f"/api/records/{record_id}/history").get_json()
    assert [c["field"] for c in history["history"]] == ["withdrawn", "withdrawn"]
    _eventually(lambda: record_id in _search_ids(public, query))


EVERY_FIELD = {  # the edit form's fields, each changed from what the Tokyo report says
    "title": "การศึกษาดูงานด้านการลดความเสี่ยงจากภัยพิบัติในเขตเมือง ณ นครโอซากา",
    "document_kind": "meeting",
    "organization": "สำนักป้องกันและบรรเทาสาธารณภัย",
    "mission_group": "กลุ่มภารกิจด้านความปลอดภัย",
    "venue_raw": "นครโอซากา ประเทศญี่ปุ่น", "venue_city": "โอซากา", "venue_country_code": "",
    "date_start": "5/11/2561", "date_end": "14/11/2561",
    "party_countries": "ญี่ปุ่น, KR",
    "party_organizations": "ยูเนสโก",
    "meetings-0-name": "การประชุมสรุปผลการศึกษาดูงานกับสำนักงานดับเพลิงนครโอซากา",
    "meetings-0-venue_raw": "สำนักงานดับเพลิงนครโอซากา", "meetings-0-venue_city": "โอซากา",
    "meetings-0-venue_country_code": "", "meetings-0-date_start": "13/11/2561",
    "meetings-0-date_end": "",
    "findings-0-number": "1", "findings-0-heading": "อาสาสมัครป้องกันภัยในชุมชน",
    "findings-0-text": "นครโอซากามีกลุ่มอาสาสมัครป้องกันภัยในชุมชนครบทุกเขต",
    "people": "นายธนพล เกียรติวงศ์ไพศาล\nนางสาวมาลี รักษ์ไทย",
    "reporter_name": "นางสาวมาลี รักษ์ไทย", "reporter_position": "นักวิเทศสัมพันธ์ชำนาญการ",
    "reporter_unit": "กองการต่างประเทศ", "reporter_phone": "0 2224 8180",
    "source_url": "https://www.bangkok.go.th/foreign/report/2561/osaka",
    "note": "ตรวจกับหนังสือเชิญและกำหนดการจริง",
}  # fmt: skip


def test_every_field_changed_through_the_form(site: Site, record_id: int) -> None:
    """Every editable field changed in one save: one history row each, the values shown on the
    page and in the API, each marked "แก้ไขโดย … เมื่อ …" where the page shows it."""
    from archive.curation.edits import EDITABLE

    site.login("editor")
    page = f"/records/{record_id}/edit"
    form = edit_form(site.html(page))
    rows = {key for key in form if key.startswith(("meetings-", "findings-"))}
    form |= dict.fromkeys(rows, "")  # every meeting and finding but the first one edited
    form |= EVERY_FIELD
    assert site.post(page, form, page=page).status_code == 302

    history = site.client.get(f"/api/records/{record_id}/history").get_json()
    changes = history["history"]
    assert sorted(c["field"] for c in changes) == sorted(EDITABLE)  # one row per field
    assert {(c["user"], c["note"], c["version"]) for c in changes} == {
        ("editor", "ตรวจกับหนังสือเชิญและกำหนดการจริง", 2)
    }
    record = site.client.get(f"/api/records/{record_id}").get_json()
    assert {name: record[name] for name in EDITABLE} == {
        "title": EVERY_FIELD["title"],
        "document_kind": "meeting",
        "organization": "สำนักป้องกันและบรรเทาสาธารณภัย",
        "mission_group": "กลุ่มภารกิจด้านความปลอดภัย",
        "venue": {"raw": "นครโอซากา ประเทศญี่ปุ่น", "city": "Osaka", "country_code": "JP",
                  "country_name_th": "ญี่ปุ่น", "country_name_en": "Japan", "online": False},
        "date_start": "2018-11-05",
        "date_end": "2018-11-14",
        "party_countries": ["JP", "KR"],
        "party_organizations": ["UNESCO"],
        "meetings": [{
            "name": EVERY_FIELD["meetings-0-name"],
            "venue": {"raw": "สำนักงานดับเพลิงนครโอซากา", "city": "Osaka",
                      "country_code": "JP", "country_name_th": "ญี่ปุ่น",
                      "country_name_en": "Japan", "online": False},
            "date_start": "2018-11-13", "date_end": None,
        }],
        "findings": [{"number": "1", "heading": "อาสาสมัครป้องกันภัยในชุมชน",
                      "text": EVERY_FIELD["findings-0-text"]}],
        "people": ["นายธนพล เกียรติวงศ์ไพศาล", "นางสาวมาลี รักษ์ไทย"],
        "reporter": {"name": "นางสาวมาลี รักษ์ไทย", "position": "นักวิเทศสัมพันธ์ชำนาญการ",
                     "unit": "กองการต่างประเทศ", "phone": "0 2224 8180"},
        "source_url": EVERY_FIELD["source_url"],
    }  # fmt: skip

    html = unescape(site.html(f"/records/{record_id}"))
    marked = re.findall(r'class="corrected" data-field="(\w+)">แก้ไขโดย editor เมื่อ ', html)
    assert sorted(marked) == sorted(
        {*EDITABLE} - {"date_end", "party_organizations"}  # one mark for the dates, partners
    )
    for shown in (
        f"<h1>{EVERY_FIELD['title']}</h1>",
        "<dd>การประชุม",
        "สำนักป้องกันและบรรเทาสาธารณภัย",
        "กลุ่มภารกิจด้านความปลอดภัย",
        "นครโอซากา ประเทศญี่ปุ่น",
        EVERY_FIELD["meetings-0-name"],
        "อาสาสมัครป้องกันภัยในชุมชน</strong> นครโอซากามี",
        "<li>นางสาวมาลี รักษ์ไทย</li>",
        "นางสาวมาลี รักษ์ไทย · นักวิเทศสัมพันธ์ชำนาญการ",
        "โทร. 0 2224 8180",
        f'href="{EVERY_FIELD["source_url"]}"',
    ):
        assert shown in html, shown
    assert "5 – 14 พฤศจิกายน 2561" in re.sub(r"<[^>]+>", "", html)
    partners = re.search(r"<dt>คู่เจรจา</dt><dd>(.*?)</dd>", html, re.S)
    assert partners and all(name in partners[1] for name in ("ญี่ปุ่น", "เกาหลีใต้", "UNESCO"))
