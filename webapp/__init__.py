"""The web site: search page, record pages and a JSON API over the archive.

``create_app`` is the one application factory (Flask tutorial style): defaults, then the
data folder (``ARCHIVE_HOME``, via ``archive.config``) and its optional ``site.toml`` (e.g.
``READ_REQUIRES_LOGIN = true``, ``SESSION_COOKIE_SECURE = false``), then the test configuration.
"""

from __future__ import annotations

import tomllib
from typing import Any

from flask import Flask, Response, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

from archive.config import SETTINGS_FILE, database_url, index_dir, resolve_home
from archive.store.db import Database
from archive.store.lookups import MAX_ID
from indexer.search.generations import Index
from indexer.search.indexing import Follower

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=64 * 1024,  # forms and GET parameters; the import page allows more
        IMPORT_MAX_BYTES=5 * 1024 * 1024,  # a follow-up spreadsheet uploaded for import
        RECORD_FORM_MAX_BYTES=4 * 1024 * 1024,  # a record's edit form (all its findings' text)
        READ_REQUIRES_LOGIN=False,  # True: every page but /login asks to sign in
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=True,  # set False only to sign in over plain http (not localhost)
        LOGIN_RATE_LIMIT="5 per minute",  # failed sign-ins per address and user name
        LOGIN_ADDRESS_RATE_LIMIT="30 per minute",  # failed sign-ins per address, any name
        RATELIMIT_ENABLED=True,
        # Where the login limits count: a store every node uses, e.g. "redis://redis-host:6379"
        # (pip install redis; README). None: the archive's database on PostgreSQL (shared by
        # the nodes), this process's memory on SQLite (webapp/auth.py).
        RATELIMIT_STORAGE_URI=None,
        # Behind a reverse proxy (several nodes behind a load balancer): how many proxies set
        # X-Forwarded-For/-Proto/-Host, so that client addresses (the login limits) and https
        # links are the visitor's (werkzeug's ProxyFix). 0: no proxy, headers ignored.
        TRUSTED_PROXIES=0,
        WTF_CSRF_TIME_LIMIT=8 * 3600,  # a form left open for a working day still saves
        TODAY=None,  # a fixed "today" (YYYY-MM-DD) for overdue items; tests set it
        # The index follows the database's change log in a background thread: a saved change
        # is searchable within about a second (INDEX_FOLLOW_SECONDS: how often it also looks
        # for changes made by other processes, such as an ingest).
        # True: records stored from now on stay out of public search, feeds and exports until
        # an editor marks them reviewed (/review); editors and admins still find them.
        REVIEW_BEFORE_PUBLISH=False,
        INDEX_FOLLOW=True,
        INDEX_FOLLOW_SECONDS=1.0,
        # Documents uploaded by editors (webapp/documents, POST /api/documents): one request
        # at most UPLOAD_MAX_BYTES and UPLOAD_MAX_FILES files, each at most
        # UPLOAD_FILE_MAX_BYTES; read by workers of the task queue TASK_QUEUE (None: "sqlite",
        # a file in the data folder; "redis://..." or "postgresql://..." for several nodes;
        # archive/jobs/queue.py).
        UPLOAD_MAX_BYTES=200 * 1024 * 1024,
        UPLOAD_MAX_FILES=50,
        UPLOAD_FILE_MAX_BYTES=20 * 1024 * 1024,
        TASK_QUEUE=None,
    )
    home = resolve_home((test_config or {}).get("ARCHIVE_HOME"))
    app.config.from_mapping(ARCHIVE_HOME=str(home), DATABASE_URL=database_url(home))
    settings = home / SETTINGS_FILE
    if settings.is_file():
        app.config.from_file(str(settings), load=tomllib.load, text=False)
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    db = app.extensions["archive_db"] = Database(app.config["DATABASE_URL"])
    # With the follower, searches never wait for a new view: it builds each one after applying
    # changes, and searches use the previous view meanwhile.
    following = app.config["INDEX_FOLLOW"]
    index = app.extensions["archive_index"] = Index(index_dir(home), check=not following)
    follower = app.extensions["archive_follower"] = Follower(
        db, home, applied=index.refresh, every=app.config["INDEX_FOLLOW_SECONDS"]
    )
    db.on_logged(follower.wake)  # a commit that changed what the index shows

    # Imported here: the blueprints import this package (``webapp.services``, ...).
    from webapp import admin_export, auth, error_responses, feeds, i18n, present
    from webapp import downloads as export
    from webapp import recordpage as records
    from webapp import searchpage as search
    from webapp import suggestions as suggest
    from webapp.api import link_routes as links_api
    from webapp.api import record_edit_routes as records_api
    from webapp.api import routes as api
    from webapp.api import saved_search_routes as notices_api
    from webapp.curation import views as curation
    from webapp.documents import views as documents
    from webapp.followups import views as followups
    from webapp.notifications import views as notices
    from webapp.oai import views as oai
    from webapp.review import views as review

    i18n.init_app(app)  # Thai interface, English on request
    present.register(app)
    auth.init_app(app)  # sessions, login, roles, CSRF on every form, login rate limit
    app.register_blueprint(followups.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(suggest.bp)  # /suggest: names for the search box
    app.register_blueprint(records.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(links_api.bp)
    app.register_blueprint(records_api.bp)  # PATCH /api/records/<id>, its history
    app.register_blueprint(curation.bp)  # /records/<id>/edit, withdraw, restore
    app.register_blueprint(export.bp)
    app.register_blueprint(documents.bp)  # uploads, their jobs, original files
    app.register_blueprint(notices.bp)  # saved searches, account, unsubscribe
    app.register_blueprint(notices_api.bp)  # /api/saved-searches
    app.register_blueprint(feeds.bp)  # /search.atom
    app.register_blueprint(admin_export.bp)  # /admin/export
    app.register_blueprint(oai.bp)  # /oai for harvesters
    error_responses.register(app)  # every error page and JSON error
    app.url_value_preprocessor(_no_id_beyond_the_database)
    app.before_request(_no_nul_in_forms)
    app.after_request(_security_headers)
    if following:  # last: the app is whole before a thread works beside it
        follower.start()
    return app


def close_app(app: Flask) -> None:
    """Stop following the change log; release the search index and database connections."""
    app.extensions["archive_follower"].stop()
    from webapp import auth  # imported here, as in create_app

    auth.close(app)
    if "archive_queue" in app.extensions:
        app.extensions["archive_queue"].close()
    app.extensions["archive_index"].close()
    app.extensions["archive_db"].dispose()


def _no_id_beyond_the_database(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """A 404 for a URL whose ``<int:...>`` is larger than any id a database holds (PostgreSQL
    would refuse the query: a 500), before the view runs, whatever the method."""
    if any(isinstance(value, int) and value > MAX_ID for value in (values or {}).values()):
        abort(404)


def _no_nul_in_forms() -> None:
    """A 400 for a form field holding NUL, which PostgreSQL cannot store in text (the API's
    JSON texts are refused by their schemas); uploaded files are not form fields."""
    forms = ("application/x-www-form-urlencoded", "multipart/form-data")
    limit, size = request.max_content_length, request.content_length
    if limit is not None and size is not None and size > limit:
        return  # too large: the view answers 413 with its own limit
    if request.mimetype in forms and any("\x00" in value for value in request.form.values()):
        abort(400)


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
