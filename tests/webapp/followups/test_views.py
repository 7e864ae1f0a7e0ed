"""Follow-up pages: roles and CSRF on every write route, editing with history, conflicts,
sanitised notes, the dashboard (counts, filters, sorting, pages, as of a past date), record
pages, exports, import and the calendar feed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import openpyxl
import pytest
from flask import Flask
from icalendar import Calendar

from archive.accounts import get_user
from archive.tracking import edits as archive_tracking
from archive.tracking import fields as archive_tracking_fields
from tests.conftest import SearchArchive
from tests.webapp.conftest import TODAY, Site, tracking_config
from webapp import close_app, create_app

FIXED = date.fromisoformat(TODAY)


# ----------------------------------------------------------------------------- helpers


def _items(archive: SearchArchive) -> list[dict[str, Any]]:
    """Every follow-up item of the archive's records (record JSON), with its record id."""
    return [
        {**item, "record_id": record["id"], "record": record}
        for record in archive.records
        for item in record["follow_ups"]
    ]


def _first_item(archive: SearchArchive) -> dict[str, Any]:
    return next(i for i in _items(archive) if i["due_date"] and i["agencies"])


def _count(html: str, name: str) -> int:
    match = re.search(rf'id="count-{name}">(\d+)<', html)
    assert match, f"no count-{name}"
    return int(match[1])


def _rows(html: str) -> list[str]:
    """Item ids of the dashboard list, in order."""
    return re.findall(r'<tr class="[^"]*" data-id="([^"]+)">', html)


_INPUT = re.compile(r'<input id="[^"]*" name="(?P<name>\w+)"[^>]*value="(?P<value>[^"]*)"')
_TEXTAREA = re.compile(
    r'<textarea id="\w+" name="(?P<name>\w+)"[^>]*>(?P<text>.*?)</textarea>',
    re.S,
)
_SELECT = re.compile(r'<select id="\w+" name="(?P<name>\w+)">(?P<options>.*?)</select>', re.S)
_CHOSEN = re.compile(r'<option(?: value="([^"]*)")? selected>([^<]*)<')


def _form_values(html: str) -> dict[str, str]:
    """The edit form's field values of an item page."""
    form = html[html.index('id="edit-form"') :]
    form = form[: form.index("</form>")]
    values = {m["name"]: unescape(m["value"]) for m in _INPUT.finditer(form)}
    values["version"] = re.search(r'name="version" value="(\d+)"', form)[1]  # type: ignore[index]
    for m in _TEXTAREA.finditer(form):
        values[m["name"]] = unescape(m["text"])
    for m in _SELECT.finditer(form):
        chosen = _CHOSEN.search(m["options"])
        values[m["name"]] = (chosen[1] if chosen[1] is not None else chosen[2]) if chosen else ""
    return values


def _edit(site: Site, item_id: str, **changes: str) -> Any:
    """Submit the item page's edit form as it stands, with ``changes``."""
    page = f"/follow-ups/{item_id}"
    values = _form_values(site.html(page))
    return site.post(page, {**values, **changes}, page=page)


def _history(app: Flask, item_id: str) -> list[archive_tracking.FollowUpChange]:
    with app.extensions["archive_db"].session() as session:
        return archive_tracking.history(session, item_id)


def _path(response: Any) -> str:
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


# ----------------------------------------------------------------------------- roles, CSRF


def _write_routes(archive: SearchArchive) -> list[tuple[str, dict[str, Any]]]:
    item = _first_item(archive)
    other = next(r["id"] for r in archive.records if r["id"] != item["record_id"])
    return [
        (f"/follow-ups/{item['id']}", {"status": "done", "version": "1", "note": "x"}),
        (f"/records/{item['record_id']}/follow-ups", {"text": "ติดตามผลการประชุมครั้งถัดไป"}),
        (f"/follow-ups/{item['id']}/links", {"record_id": str(other)}),
        ("/follow-ups/import", {"file": (io.BytesIO(b"id,status\r\nx-1,done\r\n"), "f.csv")}),
        ("/follow-ups/import/confirm", {"token": "0" * 32, "cancel": "1"}),
    ]


@pytest.mark.parametrize("route", range(5))
def test_anonymous_visitors_are_sent_to_login(
    site: Site, tracking_archive: SearchArchive, route: int
) -> None:
    path, data = _write_routes(tracking_archive)[route]
    response = site.post(path, data)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert _history(site.app, _first_item(tracking_archive)["id"]) == []


@pytest.mark.parametrize("route", range(5))
def test_viewers_get_403(site: Site, tracking_archive: SearchArchive, route: int) -> None:
    path, data = _write_routes(tracking_archive)[route]
    site.login("viewer")
    assert site.post(path, data).status_code == 403
    assert _history(site.app, _first_item(tracking_archive)["id"]) == []


@pytest.mark.parametrize("name", ["editor", "admin"])
@pytest.mark.parametrize("route", range(5))
def test_editors_and_admins_may_write(
    site: Site, tracking_archive: SearchArchive, route: int, name: str
) -> None:
    path, data = _write_routes(tracking_archive)[route]
    site.login(name)
    response = site.post(path, data)
    assert response.status_code in (200, 303), response.get_data(as_text=True)[:500]
    if route == 3:  # and the upload form itself
        assert site.client.get(path).status_code == 200


def test_a_form_field_with_nul_is_400_and_nothing_is_saved(
    site: Site, tracking_archive: SearchArchive
) -> None:
    """PostgreSQL cannot store NUL in text: refused for every database, before any view."""
    item = _first_item(tracking_archive)
    site.login("editor")
    response = _edit(site, item["id"], status="done", note="ส่งหนังสือแล้ว\x00")
    assert response.status_code == 400
    assert _history(site.app, item["id"]) == []


@pytest.mark.parametrize("route", range(5))
@pytest.mark.parametrize("token", [None, "forged-token"])
def test_missing_or_wrong_csrf_token_is_400(
    site: Site, tracking_archive: SearchArchive, route: int, token: str | None
) -> None:
    path, data = _write_routes(tracking_archive)[route]
    site.login("editor")
    form = dict(data) if token is None else {**data, "csrf_token": token}
    response = site.client.post(path, data=form)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert _history(site.app, _first_item(tracking_archive)["id"]) == []


def test_the_pages_need_no_login_to_read(site: Site, tracking_archive: SearchArchive) -> None:
    item = _first_item(tracking_archive)
    page = site.html(f"/follow-ups/{item['id']}")
    assert 'id="edit-form"' not in page and "csrf_token" not in page
    site.login("viewer")
    assert 'id="edit-form"' not in site.html(f"/follow-ups/{item['id']}")
    site.login("editor")
    assert 'id="edit-form"' in site.html(f"/follow-ups/{item['id']}")


# ----------------------------------------------------------------------------- editing


def test_an_edit_writes_one_history_entry_per_changed_field(
    site: Site, tracking_archive: SearchArchive
) -> None:
    item = _first_item(tracking_archive)
    site.login("editor")
    response = _edit(
        site,
        item["id"],
        status="in_progress",
        progress="40",
        due_date="31/12/2563",
        assignee="editor2",
        notes="ส่งหนังสือถึง **กรมชลประทาน** แล้ว",
        note="ประชุมติดตามครั้งที่ 1",
    )
    assert response.status_code == 303
    assert _path(response) == f"/follow-ups/{item['id']}"

    changes = _history(site.app, item["id"])
    assert sorted(c.field for c in changes) == sorted(
        ["status", "progress", "due_date", "assignee", "notes"]
    )  # the agencies were sent unchanged: no entry
    assert {c.user_name for c in changes} == {"editor"}
    assert {c.note for c in changes} == {"ประชุมติดตามครั้งที่ 1"}
    by_field = {c.field: c for c in changes}
    assert (by_field["status"].old_value, by_field["status"].new_value) == ("open", "in_progress")
    assert by_field["due_date"].old_value == item["due_date"]
    assert by_field["due_date"].new_value == "2020-12-31"
    assert (by_field["progress"].old_value, by_field["progress"].new_value) == ("0", "40")
    assert {c.version for c in changes} == {2}

    page = site.html(f"/follow-ups/{item['id']}")
    timeline = page[page.index('id="timeline"') :]
    assert "ประชุมติดตามครั้งที่ 1" in timeline and "editor" in timeline
    assert 'รอดำเนินการ</span> → <span class="new">อยู่ระหว่างดำเนินการ' in timeline
    assert "31/12/2563" in timeline and "40%" in timeline
    assert '<progress id="item-progress" max="100" value="40">' in page
    assert "<strong>กรมชลประทาน</strong>" in page
    assert "อยู่ระหว่างดำเนินการ" in page[page.index('id="item-status"') :][:300]
    assert "บันทึกแล้ว" in page  # the flash message

    # saving the form again unchanged writes nothing
    assert _edit(site, item["id"]).status_code == 303
    assert len(_history(site.app, item["id"])) == 5


def test_a_note_alone_is_a_history_entry(site: Site, tracking_archive: SearchArchive) -> None:
    item = _first_item(tracking_archive)
    site.login("editor")
    assert _edit(site, item["id"], note="โทรสอบถามแล้ว").status_code == 303
    (change,) = _history(site.app, item["id"])
    assert (change.field, change.note, change.user_name) == ("note", "โทรสอบถามแล้ว", "editor")


def test_a_bad_value_is_400_with_the_message_and_the_values_kept(
    site: Site, tracking_archive: SearchArchive
) -> None:
    item = _first_item(tracking_archive)
    site.login("editor")
    response = _edit(site, item["id"], progress="150", notes="บันทึกที่ยังไม่ได้บันทึก")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="form-error"' in html and "ความคืบหน้า: ต้องเป็นจำนวนเต็ม 0 ถึง 100" in html
    values = _form_values(html)
    assert values["progress"] == "150" and values["notes"] == "บันทึกที่ยังไม่ได้บันทึก"
    assert _history(site.app, item["id"]) == []
    for bad in ({"status": "finished"}, {"due_date": "next week"}, {"assignee": "nobody"}):
        assert _edit(site, item["id"], **bad).status_code == 400


def test_the_second_editor_gets_the_conflict_with_nothing_lost(
    site: Site, tracking_archive: SearchArchive
) -> None:
    item = _first_item(tracking_archive)
    page = f"/follow-ups/{item['id']}"
    first, second = site, site.new()
    first.login("editor")
    second.login("editor2")
    first_form = _form_values(first.html(page))
    second_form = _form_values(second.html(page))  # both start from the same version

    response = first.post(page, {**first_form, "status": "done", "note": "เสร็จแล้ว"}, page=page)
    assert response.status_code == 303

    mine = {"progress": "60", "notes": "ความเห็นของคนที่สอง", "note": "ของฉัน"}
    response = second.post(page, {**second_form, **mine}, page=page)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    conflict = html[html.index('id="conflict"') :]
    conflict = conflict[: conflict.index("</div>")]
    assert "มีผู้อื่นบันทึกการแก้ไข" in conflict
    assert "editor" in conflict and "ดำเนินการแล้ว" in conflict and "เสร็จแล้ว" in conflict
    kept = _form_values(html)
    assert kept["progress"] == "60" and kept["notes"] == "ความเห็นของคนที่สอง"
    assert kept["note"] == "ของฉัน"
    # the second editor never touched the status: the form shows the first editor's value,
    # so saving again cannot silently undo it
    assert kept["status"] == "done"
    assert int(kept["version"]) == int(second_form["version"]) + 1
    assert 'id="clashes"' not in html
    assert [c.field for c in _history(site.app, item["id"])] == ["status"]  # nothing saved

    # saving the kept form (now against the current version) applies it, and only it
    assert second.post(page, kept, page=page).status_code == 303
    fields = [(c.field, c.user_name) for c in _history(site.app, item["id"])]
    assert ("progress", "editor2") in fields and ("notes", "editor2") in fields
    assert ("status", "editor") in fields and ("status", "editor2") not in fields
    assert _form_values(first.html(page))["status"] == "done"


def test_a_field_both_editors_changed_keeps_mine_and_names_the_clash(
    site: Site, tracking_archive: SearchArchive
) -> None:
    item = _first_item(tracking_archive)
    page = f"/follow-ups/{item['id']}"
    first, second = site, site.new()
    first.login("editor")
    second.login("editor2")
    first_form = _form_values(first.html(page))
    second_form = _form_values(second.html(page))
    changed = {"status": "done", "due_date": "31/12/2563", "agencies": "กองการต่างประเทศ"}
    assert first.post(page, {**first_form, **changed}, page=page).status_code == 303

    # the same due date typed another way is no edit of the second editor's
    day, month, year = first_form["due_date"].split("/")  # the item has a due date
    mine = {"status": "cancelled", "due_date": f"{int(year) - 543}-{int(month):02d}-{int(day):02d}"}
    response = second.post(page, {**second_form, **mine}, page=page)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    kept = _form_values(html)
    assert kept["status"] == "cancelled"  # both changed it: the form keeps mine ...
    clashes = re.search(r'id="clashes">([^<]*)<', html)
    assert clashes and "สถานะ" in unescape(clashes[1])  # ... and says so
    assert "กำหนดเสร็จ" not in unescape(clashes[1])
    assert kept["due_date"] == "31/12/2563"  # not edited by me: theirs
    assert kept["agencies"] == "กองการต่างประเทศ"


def test_notes_are_rendered_sanitised(site: Site, tracking_archive: SearchArchive) -> None:
    item = _first_item(tracking_archive)
    site.login("editor")
    hostile = (
        "**สำคัญ** <script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        "[link](javascript:alert(2)) [ok](https://example.org/a)\n\n"
        '<a href="#" onclick="alert(3)">คลิก</a>'
    )
    assert _edit(site, item["id"], notes=hostile).status_code == 303
    html = site.html(f"/follow-ups/{item['id']}")
    notes = html[html.index('<div class="notes" id="notes">') :]
    notes = notes[: notes.index("</div>")]
    assert "<strong>สำคัญ</strong>" in notes
    assert "<script" not in notes.lower() and "onerror" not in notes.lower()
    assert "onclick" not in notes.lower() and "javascript:" not in notes.lower()
    assert 'href="https://example.org/a"' in notes
    assert "<script>alert" not in html  # nowhere on the page (the form shows it escaped)


# ----------------------------------------------------------------------------- the dashboard


def _expected_overdue(archive: SearchArchive, today: date) -> set[str]:
    return {
        i["id"]
        for i in _items(archive)
        if i["due_date"]
        and date.fromisoformat(i["due_date"]) < today
        and i["status"] not in ("done", "cancelled")
        and not i["removed_from_source"]
    }


def test_overdue_is_computed_against_the_fixed_clock(
    site: Site, tracking_archive: SearchArchive
) -> None:
    overdue = _expected_overdue(tracking_archive, FIXED)
    assert overdue  # the corpus has items due before TODAY
    html = site.html("/follow-ups")
    assert _count(html, "overdue") == len(overdue)
    rows = _rows(html)
    assert set(rows[: len(overdue)]) == overdue  # overdue items come first
    assert set(_rows(site.html("/follow-ups?overdue=1"))) == overdue

    earlier = date(2017, 6, 1)
    app = create_app(tracking_config(tracking_archive.home, TODAY=earlier.isoformat()))
    try:
        html = app.test_client().get("/follow-ups").get_data(as_text=True)
        assert _count(html, "overdue") == len(_expected_overdue(tracking_archive, earlier))
        assert len(_expected_overdue(tracking_archive, earlier)) < len(overdue)
    finally:
        close_app(app)

    # a done item is no longer overdue
    site.login("editor")
    done = sorted(overdue)[0]
    assert _edit(site, done, status="done").status_code == 303
    assert _count(site.html("/follow-ups"), "overdue") == len(overdue) - 1


def test_counts_by_status_and_filters(site: Site, tracking_archive: SearchArchive) -> None:
    items = [i for i in _items(tracking_archive) if not i["removed_from_source"]]
    html = site.html("/follow-ups")
    assert _count(html, "total") == len(items)
    assert _count(html, "open") == len(items)
    assert _count(html, "done") == 0

    site.login("editor")
    chosen = _first_item(tracking_archive)
    assert _edit(site, chosen["id"], status="done").status_code == 303
    html = site.html("/follow-ups")
    assert _count(html, "done") == 1 and _count(html, "open") == len(items) - 1
    assert _rows(site.html("/follow-ups?status=done")) == [chosen["id"]]

    agency = chosen["agencies"][0]
    expected = {i["id"] for i in items if agency in i["agencies"]}
    assert set(_rows(site.html(f"/follow-ups?agency={agency}&limit=500"))) == expected

    record = chosen["record"]
    year_ce = int(record["date_start"][:4])
    by_year = {i["id"] for i in items if (i["record"]["date_start"] or "")[:4] == str(year_ce)}
    assert set(_rows(site.html(f"/follow-ups?year={year_ce + 543}&limit=500"))) == by_year
    assert set(_rows(site.html(f"/follow-ups?year={year_ce}&limit=500"))) == by_year

    words = chosen["text"][5:20]
    assert chosen["id"] in _rows(site.html(f"/follow-ups?q={words}"))
    assert site.client.get("/follow-ups?status=finished").status_code == 400
    assert site.client.get("/follow-ups?sort=colour").status_code == 400


def test_breakdown_counts_link_to_the_filtered_list(
    site: Site, tracking_archive: SearchArchive
) -> None:
    html = site.html("/follow-ups")
    for key in ("agency", "mission_group", "organization", "year"):
        section = html[html.index(f'id="by-{key}"') :]
        section = section[: section.index("</section>")]
        links = re.findall(r'<a href="([^"]+)" data-count="(\w+)">(\d+)</a>', section)
        assert links, key
        for href, kind, number in links[:6]:
            listed = site.html(unescape(href) + "&limit=500")
            assert len(_rows(listed)) == int(number), (key, kind, href)
    # years are shown and linked in the Buddhist era
    years = re.findall(r'<th scope="row">(\d{4})</th>', html[html.index('id="by-year"') :])
    assert years and all(int(year) > 2500 for year in years)


def test_every_column_sorts_both_ways(site: Site) -> None:
    html = site.html("/follow-ups")
    columns = re.findall(r'data-sort="(\w+)"', html)
    assert set(columns) == {
        "text", "record", "meeting_date", "agencies", "assignee", "status", "progress", "due_date"
    }  # fmt: skip
    for column in columns:
        ascending = site.html(f"/follow-ups?sort={column}&limit=500")
        assert re.search(rf'aria-sort="ascending" class="col-{column}"', ascending)
        descending = site.html(f"/follow-ups?sort={column}&desc=1&limit=500")
        assert re.search(rf'aria-sort="descending" class="col-{column}"', descending)
        assert sorted(_rows(ascending)) == sorted(_rows(descending))
    # the header link of the sorted column reverses it
    page = site.html("/follow-ups?sort=due_date")
    link = re.search(r'<a href="([^"]+)" data-sort="due_date">', page)[1]  # type: ignore[index]
    assert dict(parse_qsl(urlsplit(unescape(link)).query)) == {"sort": "due_date", "desc": "1"}


def test_sorting_by_due_date_orders_the_rows(site: Site, tracking_archive: SearchArchive) -> None:
    due = {i["id"]: i["due_date"] for i in _items(tracking_archive)}
    rows = _rows(site.html("/follow-ups?sort=due_date&limit=500"))
    dated = [due[row] for row in rows if due[row]]
    assert dated == sorted(dated) and rows[: len(dated)] == [r for r in rows if due[r]]
    rows = _rows(site.html("/follow-ups?sort=due_date&desc=1&limit=500"))
    dated = [due[row] for row in rows if due[row]]
    assert dated == sorted(dated, reverse=True)


def test_pages_of_the_list(site: Site, tracking_archive: SearchArchive) -> None:
    total = len(_items(tracking_archive))
    first = _rows(site.html("/follow-ups?limit=5"))
    second = _rows(site.html("/follow-ups?limit=5&page=2"))
    assert len(first) == len(second) == 5 and not set(first) & set(second)
    html = site.html("/follow-ups?limit=5")
    assert 'aria-current="page">1<' in html and 'rel="next"' in html
    assert len(_rows(site.html(f"/follow-ups?limit=5&page={-(-total // 5)}"))) == total % 5 or 5


def test_as_of_shows_the_dashboard_as_it_stood(tracking_archive: SearchArchive) -> None:
    app = create_app(tracking_config(tracking_archive.home, TODAY="2100-01-01"))
    try:
        item = _first_item(tracking_archive)
        with app.extensions["archive_db"].session() as session:
            editor = get_user(session, "editor")
            archive_tracking.update_follow_up(
                session,
                item["id"],
                {"status": "done", "progress": 100},
                user=editor,
                version=1,
                note="ปิดงาน",
                now=datetime(2099, 6, 1, 10, 0),
            )
        client = app.test_client()
        now = client.get("/follow-ups").get_data(as_text=True)
        assert _count(now, "done") == 1 and 'id="as-of-notice"' not in now
        before = client.get("/follow-ups?as_of=31/5/2642").get_data(as_text=True)  # BE date
        assert _count(before, "done") == 0
        assert 'id="as-of-notice"' in before and "อ่านอย่างเดียว" in before
        done = client.get("/follow-ups?as_of=2099-05-31&status=done").get_data(as_text=True)
        assert item["id"] not in _rows(done)
        after = client.get("/follow-ups?as_of=2099-06-01").get_data(as_text=True)
        assert _count(after, "done") == 1
    finally:
        close_app(app)


# ----------------------------------------------------------------------------- record pages


def test_record_pages_show_added_and_linked_items(
    site: Site, tracking_archive: SearchArchive
) -> None:
    first, later = tracking_archive.records[0], tracking_archive.records[1]
    first_page, later_page = f"/records/{first['id']}", f"/records/{later['id']}"
    html = site.html(first_page)
    for item in first["follow_ups"]:  # badges link to the item pages
        assert f'href="/follow-ups/{item["id"]}"' in html
    assert "เพิ่มรายการติดตาม" not in html  # no forms for visitors

    site.login("editor")
    assert 'class="stacked add-form"' in site.html(first_page)
    response = site.post(
        f"/records/{first['id']}/follow-ups",
        {
            "text": "ให้กองการต่างประเทศรายงานผลภายในสามเดือน",
            "agencies": "กองการต่างประเทศ",
            "due_date": "31/3/2563",
        },
        page=first_page,
    )
    assert response.status_code == 303
    new_id = _path(response).rsplit("/", 1)[1]
    html = site.html(first_page)
    assert "ให้กองการต่างประเทศรายงานผลภายในสามเดือน" in html
    assert f'href="/follow-ups/{new_id}"' in html and "เพิ่มโดยเจ้าหน้าที่" in html
    item_page = site.html(f"/follow-ups/{new_id}")
    assert "31 มีนาคม 2563" in item_page and "กองการต่างประเทศ" in item_page
    assert [c.field for c in _history(site.app, new_id)] == ["created"]

    response = site.post(
        f"/follow-ups/{new_id}/links", {"record_id": str(later["id"]), "next": first_page},
        page=first_page,
    )  # fmt: skip
    assert response.status_code == 303 and _path(response) == first_page
    html = site.html(first_page)
    assert "รายงานต่อเนื่องใน" in html and later["title"] in html
    html = site.html(later_page)
    assert "ติดตามจากการประชุม" in html and first["title"] in html
    assert "ให้กองการต่างประเทศรายงานผลภายในสามเดือน" in html
    assert later["title"] in site.html(f"/follow-ups/{new_id}")

    response = site.post(
        f"/follow-ups/{new_id}/links", {"record_id": str(later["id"]), "unlink": "1"},
        page=f"/follow-ups/{new_id}",
    )  # fmt: skip
    assert response.status_code == 303
    assert "ติดตามจากการประชุม" not in site.html(later_page)
    assert [c.field for c in _history(site.app, new_id)] == ["created", "link", "link"]


def test_adding_and_linking_refuse_bad_input(site: Site, tracking_archive: SearchArchive) -> None:
    record = tracking_archive.records[0]
    item = record["follow_ups"][0]
    site.login("editor")
    assert site.post(f"/records/{record['id']}/follow-ups", {"text": "  "}).status_code == 400
    assert site.post("/records/999999/follow-ups", {"text": "ทดสอบ"}).status_code == 404
    link = f"/follow-ups/{item['id']}/links"
    assert site.post(link, {"record_id": "abc"}).status_code == 400
    assert site.post(link, {"record_id": "999999"}).status_code == 400
    assert site.post(link, {"record_id": str(record["id"])}).status_code == 400  # its own
    assert site.post("/follow-ups/nope/links", {"record_id": "2"}).status_code == 404
    assert site.client.get("/follow-ups/nope").status_code == 404


# ----------------------------------------------------------------------------- files


def test_exports_hold_the_filtered_list(site: Site, tracking_archive: SearchArchive) -> None:
    chosen = _first_item(tracking_archive)
    agency = chosen["agencies"][0]
    expected = {i["id"] for i in _items(tracking_archive) if agency in i["agencies"]}
    html = site.html(f"/follow-ups?agency={agency}")
    link = re.search(r'<a href="([^"]+)" download id="export-csv">', html)[1]  # type: ignore[index]
    response = site.client.get(unescape(link))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {row["id"] for row in rows} == expected

    link = re.search(r'<a href="([^"]+)" download id="export-xlsx">', html)[1]  # type: ignore[index]
    response = site.client.get(unescape(link))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    lines = list(sheet.iter_rows(values_only=True))
    column = [str(name).casefold() for name in lines[0]].index("id")
    assert {line[column] for line in lines[1:]} == expected


def test_import_previews_then_applies_exactly_the_edits(
    site: Site, tracking_archive: SearchArchive
) -> None:
    chosen = _first_item(tracking_archive)
    exported = site.client.get("/follow-ups/export.csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    fields = list(rows[0])
    for row in rows:
        if row["id"] == chosen["id"]:
            row["status"] = "done"
            row["progress"] = "100"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    # blank lines after the data push the upload past the site's 64 KB form limit
    body = out.getvalue().encode("utf-8") + b"\r\n" * 40_000

    site.login("editor")
    assert 'enctype="multipart/form-data"' in site.html("/follow-ups/import")
    response = site.post(
        "/follow-ups/import",
        {"file": (io.BytesIO(body), "follow-ups.csv")},
        page="/follow-ups/import",
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    html = response.get_data(as_text=True)
    table = html[html.index('class="changes-table"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr><td>") == 2  # status and progress of one item, nothing else
    assert chosen["id"] in table and "ดำเนินการแล้ว" in table and "100%" in table
    assert _history(site.app, chosen["id"]) == []  # a preview changes nothing
    token = re.search(r'name="token" value="([0-9a-f]{32})"', html)[1]  # type: ignore[index]

    # another editor cannot confirm this upload
    other = site.new()
    other.login("editor2")
    assert other.post("/follow-ups/import/confirm", {"token": token}).status_code == 400

    response = site.post("/follow-ups/import/confirm", {"token": token}, page="/follow-ups/import")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="report-summary"' in html
    changes = _history(site.app, chosen["id"])
    assert sorted(c.field for c in changes) == ["progress", "status"]
    assert {c.user_name for c in changes} == {"editor"}
    # the held upload is gone: confirming twice does nothing
    assert site.post("/follow-ups/import/confirm", {"token": token}).status_code == 400


def test_import_refuses_unreadable_and_oversized_files(site: Site) -> None:
    site.login("editor")
    response = site.post(
        "/follow-ups/import", {"file": (io.BytesIO(b"\x00\x01garbage"), "x.xlsx")},
        page="/follow-ups/import",
    )  # fmt: skip
    assert response.status_code == 400 and 'id="form-error"' in response.get_data(as_text=True)
    big = site.app.config["IMPORT_MAX_BYTES"] + 1
    response = site.client.post(  # raw bytes: the test client spools a big form to a file
        "/follow-ups/import",
        data=b"a" * big,
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert 'id="form-error"' in html and "ไฟล์มีขนาดใหญ่เกิน 5 MB" in unescape(html)
    assert 'name="file"' in html  # the upload form, to try again
    # other forms keep the small limit
    response = site.post("/logout", {"padding": "x" * (70 * 1024)}, page="/")
    assert response.status_code == 413


def test_the_calendar_feed_lists_due_dates(site: Site, tracking_archive: SearchArchive) -> None:
    expected = {
        i["id"] for i in _items(tracking_archive) if i["due_date"] and i["status"] == "open"
    }
    html = site.html("/follow-ups")
    assert 'id="calendar-all"' in html
    response = site.client.get("/follow-ups/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]).split("@")[0] for e in events} == expected
    assert all(str(e["URL"]).startswith("http://localhost/follow-ups/") for e in events)

    agency = _first_item(tracking_archive)["agencies"][0]
    mine = {
        i["id"] for i in _items(tracking_archive) if i["id"] in expected and agency in i["agencies"]
    }
    links = re.findall(r'<a href="([^"]+)" class="calendar">', html)
    by_agency = {dict(parse_qsl(urlsplit(unescape(h)).query))["agency"]: h for h in links}
    link = unescape(by_agency[agency])
    calendar = Calendar.from_ical(site.client.get(link).get_data())
    assert {str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")} == mine
    assert agency in str(calendar["X-WR-CALNAME"])


def test_record_filter_is_an_id_and_only_years_are_buddhist_era() -> None:
    from werkzeug.datastructures import MultiDict

    from webapp.followups.service import filters

    chosen = filters(MultiDict([("record", "2500"), ("year", "2562"), ("year", "2020")]))
    assert chosen.record_id == 2500
    assert chosen.year == [2019, 2020]


# ----------------------------------------------------------------------------- hostile input

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
EVIL_USER = '"><svg/onload=alert(3)>'  # a user name may hold no spaces, but this
FORMULA = '=HYPERLINK("http://evil.example","x")'


def _hostile_item(app: Flask, archive: SearchArchive) -> tuple[str, int]:
    """An item whose every text field is markup or a formula; its id and record id."""
    record_id = archive.records[0]["id"]
    with app.extensions["archive_db"].session() as session:
        from archive.accounts import add_user

        user = add_user(session, EVIL_USER, "a-long-password", "editor")
        item = archive_tracking.add_follow_up(
            session, record_id, f"{FORMULA} {EVIL}", user=user,
            agency_names=[f"{FORMULA}", f"กอง {EVIL}"], due_date="2030-01-31", note=EVIL,
        )  # fmt: skip
        archive_tracking.update_follow_up(
            session, item.id, {"notes": f"-1+2 {EVIL} [x](javascript:alert(4))",
                               "assignee": EVIL_USER}, user=user, version=1, note=EVIL,
        )  # fmt: skip
        session.commit()
        return item.id, record_id


def _inert(html: str) -> None:
    for live in ("<script>alert", "<img src=x", "<svg/onload", 'href="javascript'):
        assert live not in html, live


def test_hostile_text_is_inert_on_every_page_and_in_every_file(
    site: Site, tracking_archive: SearchArchive
) -> None:
    item_id, record_id = _hostile_item(site.app, tracking_archive)
    site.login("editor")
    evil_query = {"agency": f"กอง {EVIL}", "q": EVIL, "assignee": EVIL_USER}
    pages = [
        f"/follow-ups/{item_id}",
        f"/records/{record_id}",
        "/follow-ups",
    ]
    for page in pages:
        html = site.client.get(page, query_string=evil_query if page == "/follow-ups" else None)
        assert html.status_code == 200, page
        _inert(html.get_data(as_text=True))
    dashboard = site.client.get("/follow-ups", query_string={"agency": f"กอง {EVIL}"})
    assert item_id in dashboard.get_data(as_text=True)  # the filter matched, shown escaped

    # the conflict box and the 400 page echo the values escaped too
    form = _form_values(site.html(f"/follow-ups/{item_id}"))
    response = site.post(
        f"/follow-ups/{item_id}", {**form, "version": "1", "progress": EVIL},
        page=f"/follow-ups/{item_id}",
    )  # fmt: skip
    assert response.status_code == 409
    _inert(response.get_data(as_text=True))
    response = site.post(
        f"/follow-ups/{item_id}", {**form, "progress": EVIL}, page=f"/follow-ups/{item_id}"
    )
    assert response.status_code == 400
    _inert(response.get_data(as_text=True))

    # CSV: formula cells are prefixed with an apostrophe
    rows = list(csv.reader(io.StringIO(
        site.client.get("/follow-ups/export.csv").get_data().decode("utf-8-sig")
    )))  # fmt: skip
    row = dict(zip(rows[0], next(r for r in rows if r[0] == item_id), strict=True))
    assert row["text"].startswith("'=") and row["agencies"].startswith("'=")
    assert row["notes"].startswith("'-1+2")
    # XLSX: every text cell is a string, never a formula
    book = openpyxl.load_workbook(io.BytesIO(site.client.get("/follow-ups/export.xlsx").data))
    sheet = book.active
    cells = next(r for r in sheet.iter_rows() if r[0].value == item_id)
    assert all(c.data_type != "f" for c in cells)
    assert cells[4].value == f"{FORMULA} {EVIL}"
    # iCalendar: still one event per item, the text as text
    response = site.client.get(
        "/follow-ups/calendar.ics", query_string={"agency": "x\r\nBEGIN:VEVENT"}
    )
    assert response.status_code == 200
    assert Calendar.from_ical(response.data).walk("VEVENT") == []
    calendar = Calendar.from_ical(site.client.get("/follow-ups/calendar.ics").data)
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(item_id))
    assert str(event["SUMMARY"]).startswith(FORMULA)
    assert EVIL in str(event["DESCRIPTION"])
    # JSON: application/json with the text as a string
    response = site.client.get(f"/api/follow-ups/{item_id}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json["assignee"] == EVIL_USER and response.json["history"][0]["note"] == EVIL


def test_long_thai_notes_fit_the_edit_form(site: Site, tracking_archive: SearchArchive) -> None:
    item = _first_item(tracking_archive)
    site.login("editor")
    notes = "ความคืบหน้า" * (archive_tracking_fields.MAX_NOTES // 11)  # ~180 KB URL-encoded
    assert _edit(site, item["id"], notes=notes).status_code == 303
    assert [c.field for c in _history(site.app, item["id"])] == ["notes"]


def test_a_bad_as_of_date_names_the_as_of_field(site: Site) -> None:
    html = unescape(site.html("/follow-ups?as_of=31/02/2563", status=400))
    assert "สถานะ ณ วันที่" in html and "กำหนดเสร็จ" not in html.split("<main", 1)[-1]


def test_import_reports_read_in_the_interface_language(
    site: Site, tracking_archive: SearchArchive
) -> None:
    item = _first_item(tracking_archive)
    site.login("editor")
    sheet = (
        "id,status,progress,due_date,version\r\n"
        f"{item['id']},finished,150,31/02/2563,1\r\n"
        "99-nope,done,0,,1\r\n"
    ).encode()

    def preview(lang: str) -> str:
        page = f"/follow-ups/import?lang={lang}"
        data = {"file": (io.BytesIO(sheet), "edited.csv")}
        response = site.post(f"/follow-ups/import?lang={lang}", data, page=page)
        assert response.status_code == 200
        html = unescape(response.get_data(as_text=True))
        return " ".join(html[html.index('class="row-errors"') :].split())

    thai = preview("th")
    assert "สถานะ: ต้องเป็น รอดำเนินการ อยู่ระหว่างดำเนินการ" in thai
    assert "ความคืบหน้า: ต้องเป็นจำนวนเต็ม 0 ถึง 100 (ไม่ใช่ '150')" in thai
    assert "กำหนดเสร็จ: ไม่มีวันนี้ในปฏิทิน: '31/02/2563'" in thai
    assert "ไม่พบรายการติดตามรหัสนี้" in thai and "no follow-up item" not in thai
    english = preview("en")
    assert "Status: must be open, in progress, done or cancelled" in english
    assert "no follow-up item with this id" in english

    response = site.post(
        "/follow-ups/import", {"file": (io.BytesIO(b"\xff\xfe\x00"), "x.csv")},
        page="/follow-ups/import?lang=th",
    )  # fmt: skip
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and "อ่านไฟล์ไม่ได้: " in html
    error = re.search(r'id="form-error">([^<]*)<', html)
    assert error and not re.search(r"[a-z]{4,}", error[1].replace("UTF-16", ""))
