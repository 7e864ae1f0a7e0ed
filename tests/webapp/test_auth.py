"""Accounts on the site: login and logout, cookies, the secret key, safe redirects, CSRF,
the login rate limit and READ_REQUIRES_LOGIN."""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from archive.accounts import issue_token
from archive.store.models import User
from tests.conftest import SearchArchive
from tests.webapp.conftest import PASSWORD, Site, csrf_token, tracking_config
from webapp import close_app, create_app


def _location(response) -> str:  # type: ignore[no-untyped-def]
    location = response.headers["Location"]
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_login_shows_the_user_and_logout_ends_the_session(site: Site) -> None:
    page = site.html("/")
    assert 'id="login-link"' in page and 'id="signed-in-user"' not in page

    response = site.login("editor", next_url="/follow-ups")
    assert response.status_code == 302 and _location(response) == "/follow-ups"
    page = site.html("/")
    assert '<strong id="signed-in-user">editor</strong>' in page
    assert 'id="logout"' in page and 'id="login-link"' not in page

    assert site.client.get("/logout").status_code == 405  # only a POST with a token signs out
    response = site.post("/logout", {}, page="/")
    assert response.status_code == 302
    page = site.html("/")
    assert 'id="signed-in-user"' not in page and 'id="login-link"' in page


@pytest.mark.parametrize(
    ("name", "password"),
    [("editor", "wrong-password"), ("nobody", PASSWORD), ("", PASSWORD), ("editor", "")],
)
def test_a_bad_login_is_refused_with_a_message(site: Site, name: str, password: str) -> None:
    response = site.login(name, password)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="login-error"' in html
    assert 'id="signed-in-user"' not in site.html("/")


def test_a_disabled_user_is_signed_out(site: Site, tracking_app: Flask) -> None:
    site.login("editor")
    assert 'id="signed-in-user"' in site.html("/")
    with tracking_app.extensions["archive_db"].session() as session:
        session.query(User).filter_by(name="editor").one().active = False
    assert 'id="signed-in-user"' not in site.html("/")
    assert site.login("editor").status_code == 200  # and cannot sign in again


def test_a_password_change_ends_existing_sessions(site: Site, tracking_app: Flask) -> None:
    from werkzeug.security import generate_password_hash

    site.login("editor")
    with tracking_app.extensions["archive_db"].session() as session:
        user = session.query(User).filter_by(name="editor").one()
        user.password_hash = generate_password_hash("another-password-2")
    assert 'id="signed-in-user"' not in site.html("/")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "follow-ups",
        "/follow-ups\r\nSet-Cookie: x=1",
    ],
)
def test_next_never_leaves_the_site(site: Site, target: str) -> None:
    response = site.login("viewer", next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/search"  # the home page, never elsewhere


def test_next_returns_to_the_page_asked_for(site: Site) -> None:
    response = site.client.get("/follow-ups/import")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert parse_qs(urlsplit(login_url).query)["next"] == ["/follow-ups/import"]
    page = site.html(_location(response))
    assert 'name="next" type="hidden" value="/follow-ups/import"' in page
    response = site.login("editor", next_url="/follow-ups/import")
    assert _location(response) == "/follow-ups/import"


def test_session_cookie_is_secure_httponly_and_lax_by_default(
    tracking_archive: SearchArchive,
) -> None:
    config = tracking_config(tracking_archive.home)
    del config["SESSION_COOKIE_SECURE"]
    app = create_app(config)
    try:
        client = app.test_client()
        page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
        response = client.post(
            "/login",
            base_url="https://localhost",
            data={"csrf_token": csrf_token(page), "name": "editor", "password": PASSWORD},
            headers={"Referer": "https://localhost/login"},  # checked over https
        )
        assert response.status_code == 302
        cookie = next(
            c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")
        )
        flags = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
        assert "secure" in flags and "httponly" in flags
        assert flags["samesite"].strip().lower() == "samesite=lax"
    finally:
        close_app(app)


def test_the_secret_key_is_made_once_and_kept_private(tracking_archive: SearchArchive) -> None:
    config = tracking_config(tracking_archive.home)
    del config["SECRET_KEY"]
    path = Path(tracking_archive.home) / "secret_key"
    path.unlink(missing_ok=True)
    first = create_app(dict(config))
    second = create_app(dict(config))
    try:
        assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
        assert len(first.config["SECRET_KEY"]) >= 32
        # a session made by one process is valid in the next (sessions survive restarts)
        one = Site(first, first.test_client())
        assert one.login("editor").status_code == 302
        cookie = one.client.get_cookie("session")
        assert cookie is not None
        other = second.test_client()
        other.set_cookie("session", cookie.value)
        assert 'id="signed-in-user"' in other.get("/").get_data(as_text=True)
    finally:
        close_app(first)
        close_app(second)


def test_login_without_or_with_a_wrong_csrf_token_is_400(site: Site) -> None:
    data = {"name": "editor", "password": PASSWORD}
    assert site.client.post("/login", data=data).status_code == 400
    assert site.client.post("/login", data={**data, "csrf_token": "forged"}).status_code == 400
    assert 'id="signed-in-user"' not in site.html("/")
    # a token from another visitor's session does not work either
    other_token = site.new().token()
    site.client.get("/login")
    response = site.client.post("/login", data={**data, "csrf_token": other_token})
    assert response.status_code == 400


def test_the_sixth_bad_login_within_a_minute_is_429(site: Site) -> None:
    for _ in range(5):
        assert site.login("editor", "wrong-password").status_code == 200
    response = site.login("editor", "wrong-password")
    assert response.status_code == 429
    assert "Traceback" not in response.get_data(as_text=True)
    # the right password is refused too while the limit lasts ...
    assert site.login("editor").status_code == 429
    # ... but only for this name: another user from the same address may sign in
    assert site.login("viewer").status_code == 302
    # and pages are not limited
    for _ in range(10):
        assert site.client.get("/login").status_code == 200


def test_successful_logins_do_not_count(site: Site) -> None:
    for _ in range(8):
        assert site.login("editor").status_code == 302


def test_the_login_limit_can_be_switched_off(tracking_archive: SearchArchive) -> None:
    app = create_app(tracking_config(tracking_archive.home, RATELIMIT_ENABLED=False))
    try:
        site = Site(app, app.test_client())
        for _ in range(8):
            assert site.login("editor", "wrong-password").status_code == 200
    finally:
        close_app(app)


def test_behind_a_trusted_proxy_the_limit_counts_the_visitors_address(
    tracking_archive: SearchArchive,
) -> None:
    """Several nodes behind a reverse proxy (TRUSTED_PROXIES): every request comes from the
    proxy, and the limit counts the address it forwards."""
    app = create_app(tracking_config(tracking_archive.home, TRUSTED_PROXIES=1))
    try:
        site = Site(app, app.test_client())
        site.client.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.7"
        for _ in range(5):
            assert site.login("editor", "wrong-password").status_code == 200
        assert site.login("editor", "wrong-password").status_code == 429
        other = site.new()
        other.client.environ_base["HTTP_X_FORWARDED_FOR"] = "192.0.2.8"
        assert other.login("editor").status_code == 302
    finally:
        close_app(app)


@pytest.fixture
def closed_site(tracking_archive: SearchArchive) -> Site:
    app = create_app(tracking_config(tracking_archive.home, READ_REQUIRES_LOGIN=True))
    yield Site(app, app.test_client())  # type: ignore[misc]
    close_app(app)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=น้ำ",
        "/records/1",
        "/records/1/cite.bib",
        "/export.csv",
        "/follow-ups",
        "/follow-ups/1-8396754aa610",
        "/follow-ups/export.csv",
        "/follow-ups/calendar.ics",
    ],
)
def test_read_requires_login_closes_every_page(closed_site: Site, path: str) -> None:
    response = closed_site.client.get(path)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    closed_site.login("viewer")
    assert closed_site.client.get(path).status_code == 200


def test_read_requires_login_leaves_login_and_static_open(closed_site: Site) -> None:
    assert closed_site.client.get("/login").status_code == 200
    with closed_site.client.get("/static/site.css") as response:
        assert response.status_code == 200
    assert "Traceback" not in closed_site.html("/login")


def test_the_calendar_takes_a_personal_token_when_login_is_required(closed_site: Site) -> None:
    with closed_site.app.extensions["archive_db"].session() as session:
        token = issue_token(session, "viewer")
    response = closed_site.client.get(f"/follow-ups/calendar.ics?token={token}")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert closed_site.client.get("/follow-ups/calendar.ics?token=wrong").status_code == 302
    # the token opens the feed only, not the pages
    assert closed_site.client.get(f"/follow-ups?token={token}").status_code == 302


def test_reading_is_public_by_default(site: Site) -> None:
    for path in ("/", "/records/1", "/follow-ups", "/follow-ups/calendar.ics"):
        assert site.client.get(path).status_code == 200, path


def test_settings_come_from_the_data_folder(tracking_archive: SearchArchive) -> None:
    (tracking_archive.home / "site.toml").write_text(
        "READ_REQUIRES_LOGIN = true\nSESSION_COOKIE_SECURE = false\n", encoding="utf-8"
    )
    app = create_app({"ARCHIVE_HOME": str(tracking_archive.home), "TESTING": True})
    try:
        assert app.config["READ_REQUIRES_LOGIN"] is True
        assert app.config["SESSION_COOKIE_SECURE"] is False
        assert app.test_client().get("/").status_code == 302
    finally:
        close_app(app)


def test_nodes_sharing_a_redis_storage_share_the_sign_in_limits(
    tracking_archive: SearchArchive, redis_url: str
) -> None:
    """Two nodes with the same RATELIMIT_STORAGE_URI (README "Several nodes"): tries spread
    over both count once, so N nodes do not allow N times as many."""
    config = tracking_config(tracking_archive.home, RATELIMIT_STORAGE_URI=redis_url)
    first, second = create_app(config), create_app(config)
    try:
        node_a, node_b = Site(first, first.test_client()), Site(second, second.test_client())
        for node in (node_a, node_b, node_a, node_b, node_a):
            assert node.login("editor", "wrong-password").status_code == 200
        assert node_b.login("editor", "wrong-password").status_code == 429
        assert node_a.login("editor").status_code == 429
        assert node_b.login("viewer").status_code == 302
    finally:
        close_app(first)
        close_app(second)
