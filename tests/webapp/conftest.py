"""The web app over an archive of corpus/ (built once per session by ``corpus_archive``)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from archive.accounts import add_user
from archive.store.db import Database
from tests.conftest import (
    SearchArchive,
    build_search_archive,
    corpus_archive_copy,
    postgres_database,
    write_bma,
)
from tests.postgres_server import Cluster
from webapp import close_app, create_app


@pytest.fixture(scope="session")
def app(
    shared_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The app (pytest-flask's ``client`` uses it) on a copy of the corpus archive: its SQLite
    file, or a PostgreSQL copy for the tests of ``BOTH_DATABASES`` (``shared_backend``)."""
    home = tmp_path_factory.mktemp(f"app-{shared_backend}") / "home"
    archive, url = corpus_archive_copy(request, shared_backend, home)
    application = create_app(
        {"TESTING": True, "ARCHIVE_HOME": str(archive.home), "DATABASE_URL": url}
    )
    yield application
    close_app(application)


@dataclass(frozen=True)
class FacetLink:
    facet: str
    label: str
    count: int
    href: str
    exclude_href: str


_FACET_LI = re.compile(
    r'<a class="value" href="(?P<href>[^"]*)" data-facet="(?P<facet>[^"]+)"[^>]*>'
    r"(?P<label>[^<]*)</a>"
    r'\s*<span class="count">(?P<count>\d+)</span>\s*<a class="exclude" href="(?P<exclude>[^"]*)"'
)


def sidebar(html: str) -> dict[tuple[str, str], FacetLink]:
    """The facet sidebar of a search page: (facet, label as shown) -> link."""
    return {
        (m["facet"], unescape(m["label"])): FacetLink(
            m["facet"],
            unescape(m["label"]),
            int(m["count"]),
            unescape(m["href"]),
            unescape(m["exclude"]),
        )
        for m in _FACET_LI.finditer(html)
    }


def result_count(html: str) -> int:
    """The "พบ N รายการ" figure of a search page."""
    match = re.search(r'id="result-count">พบ (\d+) รายการ<', html)
    assert match, "no result count on the page"
    return int(match[1])


def hit_links(html: str) -> list[int]:
    """Record ids of the hits on a search page, in order."""
    return [int(i) for i in re.findall(r'<h3><a href="/records/(\d+)">', html)]


@contextmanager
def hostile_app(folder: Path, template_db: Path, hostile: str) -> Iterator[Flask]:
    """A site over one record whose title holds ``hostile`` markup."""
    write_bma(folder / "docs" / "evil.txt", f"การประชุมเรื่องน้ำท่วม {hostile}")
    archive = build_search_archive(folder / "home", template_db, folder / "docs")
    assert hostile in archive.records[0]["title"]
    application = create_app({"TESTING": True, "ARCHIVE_HOME": str(archive.home)})
    try:
        yield application
    finally:
        close_app(application)


# --------------------------------------------------------------------------- API tokens
# Users with personal API tokens and an app over a private copy of the corpus archive, for the
# follow-up API (tests/webapp/test_api_follow_ups.py, tests/webapp/test_openapi.py).

API_TODAY = "2019-06-01"
"""The fixed clock (config ``TODAY``) of ``api_app``: some corpus items are overdue then."""


def add_token_user(home: Path, name: str, role: str, *, active: bool = True) -> str:
    """Add a user to the data folder's database; return a new API token of theirs."""
    from archive.accounts import add_user, issue_token
    from archive.config import database_url
    from archive.store.db import Database

    database = Database(database_url(home))  # the test's database (SQLite or PostgreSQL)
    try:
        with database.session() as session:
            user = add_user(session, name, "a-long-password", role)
            token = issue_token(session, name)
            user.active = active
    finally:
        database.dispose()
    return token


@dataclass(frozen=True)
class ApiSite:
    """An app over a private archive copy, with a token per role (and one of a disabled
    editor): ``headers("editor")`` is the Authorization header to send."""

    app: Flask
    archive: SearchArchive
    tokens: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        """``Authorization: Bearer`` of the user ``who`` (a role, or "disabled")."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def make_api_site(archive: SearchArchive, **config: object) -> ApiSite:
    """Users ``viewer``, ``editor``, ``admin`` (named as their role) and ``disabled`` (an
    inactive editor) with tokens, and an app with ``TODAY`` fixed and ``config``."""
    roles = ("viewer", "editor", "admin")
    tokens = {role: add_token_user(archive.home, role, role) for role in roles}
    tokens["disabled"] = add_token_user(archive.home, "disabled", "editor", active=False)
    application = create_app(
        {"TESTING": True, "ARCHIVE_HOME": str(archive.home), "TODAY": API_TODAY, **config}
    )
    return ApiSite(application, archive, tokens)


@pytest.fixture
def api_site(fresh_archive: SearchArchive) -> Iterator[ApiSite]:
    """A writable site with API users (see ``make_api_site``), one per test."""
    site = make_api_site(fresh_archive)
    yield site
    close_app(site.app)


# --------------------------------------------------------------------------- accounts, tracking

PASSWORD = "correct-horse-1"
USERS = {"viewer": "viewer", "editor": "editor", "editor2": "editor", "admin": "admin"}
TODAY = "2020-01-01"  # the fixed clock overdue items are computed against
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match, "no csrf_token field on the page"
    return unescape(match[1] or match[2])


def edit_form(html: str) -> dict[str, str]:
    """The edit form's fields as the browser would post them (unchanged)."""
    form = re.search(r'<form method="post" action="[^"]*/edit"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no edit form"
    body = form[1]
    values: dict[str, str] = {}
    for tag in re.findall(r"<input [^>]*>", body):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag and " checked" not in tag:
            continue
        values[name[1]] = unescape(value[1]) if value else ""
    for name, content in re.findall(
        r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S
    ):
        values[name] = unescape(content)
    for name, options in re.findall(
        r'<select id="[^"]*" name="([^"]+)">(.*?)</select>', body, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[name] = chosen[1] if chosen else ""
    return values


def tracking_config(home: Path, **extra: object) -> dict[str, object]:
    """A test site's configuration: fixed clock, known secret, cookies over plain http."""
    return {
        "TESTING": True,
        "ARCHIVE_HOME": str(home),
        "SECRET_KEY": "test-secret-key",
        "SESSION_COOKIE_SECURE": False,
        "TODAY": TODAY,
        **extra,
    }


@dataclass
class Site:
    """A test client with helpers for signing in and posting forms with their CSRF token."""

    app: Flask
    client: FlaskClient

    def login(self, name: str, password: str = PASSWORD, next_url: str = "") -> TestResponse:
        """Sign in through the login form."""
        token = csrf_token(self.client.get("/login").get_data(as_text=True))
        data = {"csrf_token": token, "name": name, "password": password, "next": next_url}
        return self.client.post("/login", data=data)

    def token(self, page: str = "/login") -> str:
        """A valid CSRF token of this session, read from a form on ``page``."""
        return csrf_token(self.client.get(page).get_data(as_text=True))

    def post(self, path: str, data: dict[str, object], *, page: str = "/login") -> TestResponse:
        """POST a form with the CSRF token read from ``page`` (the page the form is on)."""
        return self.client.post(path, data={"csrf_token": self.token(page), **data})

    def html(self, path: str, status: int = 200) -> str:
        """A page's HTML (asserting its status)."""
        response = self.client.get(path)
        assert response.status_code == status, (path, response.status_code)
        return response.get_data(as_text=True)

    def new(self) -> Site:
        """Another visitor of the same site (own cookies)."""
        return Site(self.app, self.app.test_client())


def _add_users(url: str) -> None:
    """Add the users of ``USERS`` (password ``PASSWORD``) to the database at ``url``."""
    database = Database(url)
    try:
        with database.session() as session:
            for name, role in USERS.items():
                add_user(session, name, PASSWORD, role)
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def _tracking_home(corpus_archive: SearchArchive, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = Path(shutil.copytree(corpus_archive.home, tmp_path_factory.mktemp("tracking") / "home"))
    _add_users(f"sqlite:///{home / 'archive.sqlite3'}")
    return home


@pytest.fixture(scope="session")
def _postgres_tracking(
    postgres: Cluster, postgres_corpus_archive: tuple[SearchArchive, str]
) -> tuple[SearchArchive, str]:
    """``postgres_corpus_archive`` with the users of ``USERS``, and the name of its database
    (the template of ``tracking_archive``'s copies)."""
    source, template = postgres_corpus_archive
    name = "tracking_archive"
    _add_users(postgres.create_database(name, template=template))
    return source, name


@pytest.fixture
def tracking_archive(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> SearchArchive:
    """A private copy of the corpus archive with users ``viewer``, ``editor``, ``editor2`` and
    ``admin`` (password ``PASSWORD``); on PostgreSQL, its database is named by
    ``ARCHIVE_DATABASE_URL``."""
    if backend == "postgresql":
        source, template = request.getfixturevalue("_postgres_tracking")
        monkeypatch.setenv("ARCHIVE_DATABASE_URL", postgres_database(request, template))
        return SearchArchive(Path(shutil.copytree(source.home, tmp_path / "home")), source.records)
    home = Path(shutil.copytree(request.getfixturevalue("_tracking_home"), tmp_path / "home"))
    return SearchArchive(home, request.getfixturevalue("corpus_archive").records)


@pytest.fixture
def tracking_app(tracking_archive: SearchArchive) -> Iterator[Flask]:
    """A site over ``tracking_archive`` with CSRF and the login limit on, clock at TODAY."""
    application = create_app(tracking_config(tracking_archive.home))
    yield application
    close_app(application)


@pytest.fixture
def site(tracking_app: Flask) -> Site:
    """An anonymous visitor of ``tracking_app``."""
    return Site(tracking_app, tracking_app.test_client())


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server on a free loopback port (Debian's redis-server, which `make
    test` installs); skips saying why where it is missing."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server not installed (make test installs it as root)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
