"""The web site: search page, record pages and a JSON API over the archive.

``create_app`` is the one application factory (Flask tutorial style): defaults, then the
data folder (``ARCHIVE_HOME``, via ``archive.config``) and its optional ``site.toml`` (e.g.
``READ_REQUIRES_LOGIN = true``, ``SESSION_COOKIE_SECURE = false``), then the test configuration.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from archive.config import database_url, resolve_home
from archive.store.db import Database
from indexer.search.engine import Index
from indexer.search.service import SearchError, index_root

log = logging.getLogger(__name__)

SETTINGS_FILE = "site.toml"  # optional site settings in the data folder (upper-case keys)

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
        READ_REQUIRES_LOGIN=False,  # True: every page but /login asks to sign in
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=True,  # set False only to sign in over plain http (not localhost)
        LOGIN_RATE_LIMIT="5 per minute",  # failed sign-ins per address and user name
        LOGIN_ADDRESS_RATE_LIMIT="30 per minute",  # failed sign-ins per address, any name
        RATELIMIT_ENABLED=True,
        WTF_CSRF_TIME_LIMIT=8 * 3600,  # a form left open for a working day still saves
        TODAY=None,  # a fixed "today" (YYYY-MM-DD) for overdue items; tests set it
    )
    home = resolve_home((test_config or {}).get("ARCHIVE_HOME"))
    app.config.from_mapping(ARCHIVE_HOME=str(home), DATABASE_URL=database_url(home))
    settings = home / SETTINGS_FILE
    if settings.is_file():
        app.config.from_file(str(settings), load=tomllib.load, text=False)
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    app.extensions["archive_db"] = Database(app.config["DATABASE_URL"])
    app.extensions["archive_index"] = Index(index_root(Path(app.config["ARCHIVE_HOME"])))

    from webapp import auth, i18n, present
    from webapp import downloads as export
    from webapp import recordpage as records
    from webapp import searchpage as search
    from webapp.api import routes as api
    from webapp.followups import views as followups
    i18n.init_app(app)  # Thai interface, English on request
    present.register(app)
    auth.init_app(app)  # sessions, login, roles, CSRF on every form, login rate limit
    app.register_blueprint(followups.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(records.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(export.bp)
    _register_errors(app)
    app.after_request(_security_headers)
    return app


def close_app(app: Flask) -> None:
    """Release the app's search index and database connections."""
    app.extensions["archive_index"].close()
    app.extensions["archive_db"].dispose()


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _error(status: int, message: str, message_en: str | None = None) -> tuple[Any, int]:
    """A JSON error under /api/, an HTML page elsewhere; never a stack trace."""
    if request.path == "/api" or request.path.startswith("/api/"):
        return jsonify(error=message_en or message), status
    page = render_template(
        "errors/error.html", status=status, message=message, message_en=message_en
    )
    return page, status


MESSAGES = {  # status: (Thai for pages, English for the API)
    400: ("คำขอไม่ถูกต้อง", "bad request"),
    404: ("ไม่พบหน้าที่ต้องการ", "not found"),
    405: ("ไม่รองรับวิธีการเรียกนี้", "method not allowed"),
    413: ("คำขอมีขนาดใหญ่เกินไป", "request too large"),
    500: ("เกิดข้อผิดพลาดภายในระบบ", "internal error"),
    503: (
        "ยังไม่มีดัชนีค้นหา กรุณาสร้างดัชนีด้วยคำสั่ง archive index",
        "no search index: run 'archive index'",
    ),
}


def _register_errors(app: Flask) -> None:
    @app.errorhandler(SearchError)
    def bad_search(error: SearchError) -> tuple[Any, int]:
        return _error(400, str(error))

    @app.errorhandler(FileNotFoundError)
    def no_index(error: FileNotFoundError) -> tuple[Any, int]:
        log.error("search index missing: %s", error)
        return _error(503, *MESSAGES[503])

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Any, int] | HTTPException:
        status = error.code or 500
        if status < 400:
            return error
        if error.description != type(error).description:  # a message given with abort()
            return _error(status, str(error.description))
        th, en = MESSAGES.get(status, (error.name, error.name))
        return _error(status, th, en)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Any, int]:
        log.exception("unhandled error on %s", request.path, exc_info=error)
        return _error(500, *MESSAGES[500])
