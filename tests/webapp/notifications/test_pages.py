"""Saved searches, the account page and admins' contact pages: forms with CSRF, roles, and
values refused with the field named; every kind of unsubscribe link, one click, no login."""

from __future__ import annotations

from html import unescape
from urllib.parse import quote

import pytest
from sqlalchemy import select

from archive.config import database_url
from archive.notifications.subscriptions import (
    add_agency_contact,
    agency_names,
    save_search,
    set_dashboard_subscription,
)
from archive.notifications.unsubscribe import TARGETS, make_token
from archive.store.db import Database
from archive.store.models import AgencyContact, DashboardSubscription, SavedSearch, User
from tests.conftest import SearchArchive
from tests.webapp.conftest import Site, tracking_config
from webapp import close_app, create_app


def _rows(archive: SearchArchive, model: type) -> list:  # type: ignore[type-arg]
    database = Database(database_url(archive.home))
    try:
        with database.session() as session:
            return list(session.scalars(select(model)))
    finally:
        database.dispose()


def test_save_rename_and_delete_a_search(site: Site, tracking_archive: SearchArchive) -> None:
    assert 'id="save-search"' not in site.html("/search?q=น้ำท่วม")  # signed in only
    site.login("viewer")
    page = site.html("/search?q=น้ำท่วม&f=country:JP&page=1")
    assert 'id="save-search"' in page and 'name="params"' in page
    saved = site.post(
        "/saved-searches",
        {"name": "น้ำท่วมญี่ปุ่น", "params": "/search?q=น้ำท่วม&f=country:JP", "frequency": "weekly"},
        page="/search?q=น้ำท่วม",
    )
    assert saved.status_code == 303 and saved.location.endswith("/saved-searches")
    listing = site.html("/saved-searches")
    assert "น้ำท่วมญี่ปุ่น" in listing and "บันทึกการค้นหาแล้ว" in listing
    [row] = _rows(tracking_archive, SavedSearch)
    assert row.frequency == "weekly"
    assert row.params == "q=" + quote("น้ำท่วม") + "&f=country%3AJP"
    assert f'href="/search?{row.params}"' in unescape(listing)

    taken = site.post(
        "/saved-searches",
        {"name": "น้ำท่วมญี่ปุ่น", "params": "q=x", "frequency": "daily"},
        page="/saved-searches",
    )
    assert taken.status_code == 303
    assert "บันทึกไม่ได้ – ชื่อ" in site.html("/saved-searches")
    bad = site.post(
        "/saved-searches",
        {"name": "อื่น", "params": "f=nosuch:1", "frequency": "daily"},
        page="/saved-searches",
    )
    assert bad.status_code == 303 and "บันทึกไม่ได้ – การค้นหา" in site.html("/saved-searches")

    renamed = site.post(
        f"/saved-searches/{row.id}",
        {"name": "Floods in Japan", "frequency": "immediate"},
        page="/saved-searches",
    )
    assert renamed.status_code == 303
    [row] = _rows(tracking_archive, SavedSearch)
    assert (row.name, row.frequency) == ("Floods in Japan", "immediate")

    other = site.new()
    other.login("editor")
    delete = f"/saved-searches/{row.id}/delete"
    assert other.post(delete, {}, page="/saved-searches").status_code == 404
    assert site.post(delete, {}, page="/saved-searches").status_code == 303
    assert _rows(tracking_archive, SavedSearch) == []


def test_account_page_sets_email_language_and_dashboard(
    site: Site, tracking_archive: SearchArchive
) -> None:
    assert site.client.get("/account").status_code == 302  # to the login page
    site.login("editor")
    bad = site.post("/account", {"email": "not an address", "language": "en"}, page="/account")
    assert bad.status_code == 303 and "บันทึกไม่ได้ – อีเมล" in site.html("/account")
    site.post(
        "/account",
        {"email": "editor@example.go.th", "language": "en", "reminders": "1", "dashboard": "1"},
        page="/account",
    )
    user = next(u for u in _rows(tracking_archive, User) if u.name == "editor")
    assert (user.email, user.language, user.reminders) == ("editor@example.go.th", "en", True)
    assert [s.user_id for s in _rows(tracking_archive, DashboardSubscription)] == [user.id]


def test_admins_edit_user_emails_and_agency_contacts(
    site: Site, tracking_archive: SearchArchive
) -> None:
    site.login("editor")
    assert site.client.get("/admin/agency-contacts").status_code == 403
    admin = site.new()
    admin.login("admin")
    viewer = next(u for u in _rows(tracking_archive, User) if u.name == "viewer")
    admin.post(
        f"/admin/users/{viewer.id}",
        {"email": "viewer@example.org", "language": "th"},
        page="/admin/users",
    )
    assert next(u for u in _rows(tracking_archive, User) if u.name == "viewer").email == (
        "viewer@example.org"
    )
    page = admin.html("/admin/agency-contacts")
    first = page.split('<select id="agency" name="agency" required><option>')[1]
    agency = unescape(first.split("<")[0])
    added = admin.post(
        "/admin/agency-contacts",
        {"agency": agency, "email": "office@example.go.th", "language": "th"},
        page="/admin/agency-contacts",
    )
    assert added.status_code == 303
    [contact] = _rows(tracking_archive, AgencyContact)
    assert contact.email == "office@example.go.th"
    assert "office@example.go.th" in admin.html("/admin/agency-contacts")
    admin.post(f"/admin/agency-contacts/{contact.id}/delete", {}, page="/admin/agency-contacts")
    assert _rows(tracking_archive, AgencyContact) == []


def test_unsubscribe_needs_no_login_and_asks_before_acting(
    site: Site, tracking_archive: SearchArchive
) -> None:
    site.login("viewer")
    site.post(
        "/saved-searches",
        {"name": "ทุกเรื่อง", "params": "", "frequency": "daily"},
        page="/saved-searches",
    )
    [row] = _rows(tracking_archive, SavedSearch)
    token = make_token(site.app.config["SECRET_KEY"], "search", row.id)
    stranger = site.new()  # not signed in, no CSRF token: the link is the proof
    page = stranger.html(f"/unsubscribe/{token}")
    assert 'id="unsubscribe-button"' in page and "ข่าวสรุปของการค้นหาที่บันทึกไว้" in page
    assert _rows(tracking_archive, SavedSearch)[0].frequency == "daily"  # GET changes nothing
    done = stranger.client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and 'id="unsubscribed"' in done.get_data(as_text=True)
    assert _rows(tracking_archive, SavedSearch)[0].frequency == "none"
    assert stranger.client.get(f"/unsubscribe/{token[:-2]}xx").status_code == 404  # forged
    closed = create_app(tracking_config(tracking_archive.home, READ_REQUIRES_LOGIN=True))
    try:  # a site closed to anonymous readers still takes the link
        assert closed.test_client().get(f"/unsubscribe/{token}").status_code == 200
        assert closed.test_client().get("/saved-searches").status_code == 302
    finally:
        close_app(closed)


def _subscribe(archive: SearchArchive, target: str) -> int:
    """Subscribe someone to the messages ``target`` names; the id its token carries."""
    database = Database(database_url(archive.home))
    try:
        with database.session() as session:
            user = session.scalar(select(User).where(User.name == "editor"))
            assert user is not None
            if target == "search":
                return save_search(session, user, "น้ำท่วมญี่ปุ่น", "q=น้ำท่วม", "weekly").id
            if target == "agency":
                agency = agency_names(session)[0]
                return add_agency_contact(session, agency, "office@example.go.th").id
            if target == "dashboard":
                set_dashboard_subscription(session, user, True)
            return user.id  # "reminders" are on for every user at first
    finally:
        database.dispose()


def _subscribed(archive: SearchArchive, target: str, ident: int) -> bool:
    """Whether the messages of ``target`` for ``ident`` still go out (its row as stored)."""
    if target == "search":
        return next(s for s in _rows(archive, SavedSearch) if s.id == ident).frequency != "none"
    if target == "reminders":
        return next(u for u in _rows(archive, User) if u.id == ident).reminders
    if target == "agency":
        return any(c.id == ident for c in _rows(archive, AgencyContact))
    return any(s.user_id == ident for s in _rows(archive, DashboardSubscription))


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_unsubscribe_link_stops_its_messages_in_one_click(
    site: Site, tracking_archive: SearchArchive, target: str
) -> None:
    ident = _subscribe(tracking_archive, target)
    assert _subscribed(tracking_archive, target, ident)
    token = make_token(site.app.config["SECRET_KEY"], target, ident)
    stranger = site.new()  # no login, no CSRF token: the signed link is the proof
    page = stranger.html(f"/unsubscribe/{token}")
    assert TARGETS[target][0] in page and 'id="unsubscribe-button"' in page

    payload, signature = token.rsplit(".", 1)
    forged = [
        f"{payload}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}",  # signature changed
        make_token("another-sites-secret-key", target, ident),  # signed by someone else
        make_token(site.app.config["SECRET_KEY"], target, ident + 1000)[:-4] + token[-4:],
    ]
    for bad in forged:
        refused = stranger.client.post(
            f"/unsubscribe/{bad}", data={"List-Unsubscribe": "One-Click"}
        )
        assert refused.status_code == 404
    assert _subscribed(tracking_archive, target, ident)  # a forged link changes nothing

    done = stranger.client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert (
        'id="unsubscribed"' in done.text
        and f"ยกเลิกแล้ว: ท่านจะไม่ได้รับ{TARGETS[target][0]}อีก" in done.text
    )
    assert not _subscribed(tracking_archive, target, ident)
    again = stranger.client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200 and "ยกเลิกไว้แล้วก่อนหน้านี้" in again.text
