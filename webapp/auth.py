"""Accounts on the site: sign in and out, roles, CSRF on every form, login rate limits.

Flask-Login keeps the signed-in account in the (signed, HttpOnly, SameSite=Lax) session
cookie; Flask-WTF's ``CSRFProtect`` checks a token on every POST except under ``/api/``
(bearer tokens, no cookies); Flask-Limiter (one limiter per app) counts failed sign-ins per
address and name, in the storage of ``RATELIMIT_STORAGE_URI`` (e.g. Redis), else in the
archive's database when it is PostgreSQL (every node of it counts together), else (SQLite, one
process) in memory. ``READ_REQUIRES_LOGIN`` closes every page but the login page
and static files to anonymous visitors.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response as BaseResponse
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from archive.accounts import MAX_NAME, authenticate, user_by_token
from archive.config import SECRET_FILE
from archive.store.db import Database
from archive.store.models import User
from archive.store.ratelimits import SCHEME, DatabaseStorage
from archive.store.vocabulary import ROLE_LABELS, ROLES, label
from webapp.error_responses import is_api, json_error
from webapp.i18n import current

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

RANK = {role: rank for rank, role in enumerate(ROLES)}  # viewer < editor < admin
# Reachable without signing in when READ_REQUIRES_LOGIN is on (the calendar feed takes a
# personal token instead: calendar apps cannot sign in).
# Open without login when READ_REQUIRES_LOGIN: e-mails' unsubscribe links carry a signed token.
OPEN_ENDPOINTS = {"auth.login", "static", "notifications.unsubscribe_page"}
MAX_PASSWORD = 1000

csrf = CSRFProtect()
login_manager = LoginManager()
View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Account:
    """The signed-in person as the site sees them (not a database row)."""

    id: int
    name: str
    role: str
    stamp: str  # changes with the password: sessions of an old password end

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """The session's key for this account: id and password stamp."""
        return f"{self.id}.{self.stamp}"

    def can(self, role: str) -> bool:
        """Whether this account has ``role`` or a higher one."""
        return RANK.get(self.role, -1) >= RANK[role]

    @property
    def role_label(self) -> str:
        """The role as the interface reads it."""
        return label(ROLE_LABELS, self.role, current())


def _account(user: User | None) -> Account | None:
    if user is None or not user.active:
        return None
    stamp = hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]
    return Account(user.id, user.name, user.role, stamp)


def _db() -> Database:
    return current_app.extensions["archive_db"]  # type: ignore[no-any-return]


def load_account(db: Database, key: str) -> Account | None:
    """The active account of a session key (``id.stamp``), or None."""
    user_id, _, stamp = str(key).partition(".")
    if not user_id.isdigit() or len(user_id) > 18:
        return None
    with db.session() as db_session:
        account = _account(db_session.get(User, int(user_id)))
    return account if account is not None and secrets.compare_digest(account.stamp, stamp) else None


def sign_in(db: Database, name: str, password: str) -> Account | None:
    """The account with this name and password, or None."""
    with db.session() as db_session:
        return _account(authenticate(db_session, name, password))


def token_account(db: Database, token: str) -> Account | None:
    """The active account whose personal API token this is, or None."""
    with db.session() as db_session:
        return _account(user_by_token(db_session, token))


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (no open redirect)."""
    if not target or len(target) > 2000 or any(c in target for c in "\\\r\n\t\0"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


# ----------------------------------------------------------------------------- roles


def _to_login() -> BaseResponse:
    """Anonymous visitors go to the login page, then back where they were (GET pages)."""
    if is_api():
        return json_error(401, "authentication required", {"WWW-Authenticate": "Bearer"})
    if request.method == "GET":
        target = request.full_path if request.query_string else request.path
    else:  # a form posted from a page: come back to that page
        referrer = urlsplit(request.referrer or "")
        target = ""
        if referrer.netloc == request.host:
            target = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return redirect(url_for("auth.login", next=safe_next(target)))


def requires(role: str) -> Callable[[View], View]:
    """A view for signed-in accounts with ``role`` or higher: anonymous visitors are sent to
    the login page, lower roles get 403."""
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _to_login()
            if not current_user.can(role):
                raise Forbidden(gettext("บัญชีของคุณไม่มีสิทธิ์ทำรายการนี้"))
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def upload_limit(config_key: str) -> Callable[[View], View]:
    """Let a view take request bodies up to ``app.config[config_key]`` bytes instead of
    ``MAX_CONTENT_LENGTH`` (applied before the CSRF check reads the form)."""

    def decorator(view: View) -> View:
        view.upload_limit = config_key  # type: ignore[attr-defined]
        return view

    return decorator


def _upload_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    key = getattr(view, "upload_limit", None)
    if key is not None:
        request.max_content_length = current_app.config[key]


def can(role: str) -> bool:
    """Whether the current visitor is signed in with ``role`` or higher (for templates)."""
    return bool(current_user.is_authenticated and current_user.can(role))


# ----------------------------------------------------------------------------- views


class LoginForm(FlaskForm):
    """Name and password (CSRF token included by Flask-WTF)."""

    name = StringField(_l("ชื่อผู้ใช้"), validators=[DataRequired(), Length(max=MAX_NAME)])
    password = PasswordField(_l("รหัสผ่าน"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    next = HiddenField()


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form; a good name and password start a session and go to ``next``."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    failed = False
    if form.validate_on_submit():
        account = sign_in(_db(), form.name.data or "", form.password.data or "")
        if account is not None:
            session.clear()  # a fresh session: nothing from before signing in carries over
            login_user(account)
            return redirect(safe_next(form.next.data) or url_for("search.index"))
        failed = True
    elif request.method == "POST":
        failed = True
    return render_template("auth/login.html", form=form, failed=failed)


@bp.post("/logout")
def logout() -> BaseResponse:
    """End the session (POST with the CSRF token, so no other site can sign anyone out)."""
    logout_user()
    session.clear()
    return redirect(url_for("search.index"))


# ----------------------------------------------------------------------------- the app


def _read_requires_login() -> BaseResponse | None:
    if not current_app.config.get("READ_REQUIRES_LOGIN") or request.endpoint is None:
        return None
    if request.blueprint == "api":  # bearer tokens only: webapp/api/access.py applies the rule
        return None
    if request.endpoint in OPEN_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.endpoint in ("followups.calendar", "feeds.search_feed"):  # feed readers
        token = request.args.get("token", "")
        if token and token_account(_db(), token) is not None:
            return None
    return _to_login()


def _limit_storage(app: Flask) -> str:
    """Where the sign-in limits count (written back to the configuration): the configured
    ``RATELIMIT_STORAGE_URI``, else the archive's database when it may be shared by several
    nodes (not SQLite), else this process's memory."""
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        if app.config["DATABASE_URL"].startswith("sqlite"):
            app.config["RATELIMIT_STORAGE_URI"] = "memory://"
        else:
            app.config["RATELIMIT_STORAGE_URI"] = f"{SCHEME}://"
            app.config["RATELIMIT_STORAGE_OPTIONS"] = {
                **app.config.get("RATELIMIT_STORAGE_OPTIONS", {}),
                "database_url": app.config["DATABASE_URL"],
            }
    return str(app.config["RATELIMIT_STORAGE_URI"])


def close(app: Flask) -> None:
    """Release what the sign-in limits hold (the database storage's connections)."""
    limiter = app.extensions["login_limiter"]
    if limiter.enabled and isinstance(limiter.storage, DatabaseStorage):
        limiter.storage.engine.dispose()


def _login_key() -> str:
    name = (request.form.get("name") or "").strip().casefold()[:MAX_NAME]
    return f"{request.remote_addr or '-'}|{name}"


def _address() -> str:
    return request.remote_addr or "-"


def _failed(response: Response) -> bool:
    """A sign-in that did not succeed (success is a redirect)."""
    return response.status_code != 302


def secret_key(home: Path) -> str:
    """The key that signs session cookies: kept in the data folder (mode 600), created once,
    so sessions survive restarts."""
    path = home / SECRET_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
        raise RuntimeError(f"{path} holds no usable key: delete it to make a new one") from None
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def init_app(app: Flask) -> None:
    """Sessions, login, CSRF and the login rate limit for ``app``."""
    if not app.config.get("SECRET_KEY"):
        if not app.config["DATABASE_URL"].startswith("sqlite"):
            log.warning(
                "SECRET_KEY is not set: this node signs sessions with its own key, which the "
                "other nodes of a shared database do not know (set the same on every node)"
            )
        app.config["SECRET_KEY"] = secret_key(Path(app.config["ARCHIVE_HOME"]))

    login_manager.init_app(app)
    login_manager.user_loader(lambda key: load_account(_db(), key))
    login_manager.unauthorized_handler(_to_login)

    app.before_request(_upload_limit)  # before the CSRF check parses the form
    csrf.init_app(app)  # API blueprints exempt themselves: bearer tokens, no cookies

    limiter = Limiter(
        key_func=_address,
        app=app,
        storage_uri=_limit_storage(app),
        default_limits=[],
        headers_enabled=True,
    )
    app.extensions["login_limiter"] = limiter

    app.before_request(_read_requires_login)
    app.add_template_global(can)
    app.register_blueprint(bp)
    # Flask-Limiter checks a route's limits in the wrapper its decorator returns: wrap this
    # app's login view (one limiter, and its counts, per app).
    view = app.view_functions["auth.login"]
    for rate, key in (("LOGIN_RATE_LIMIT", _login_key), ("LOGIN_ADDRESS_RATE_LIMIT", _address)):
        view = limiter.limit(
            lambda rate=rate: current_app.config[rate],
            key_func=key,
            methods=["POST"],
            deduct_when=_failed,
            scope=rate.lower(),
        )(view)
    app.view_functions["auth.login"] = view
