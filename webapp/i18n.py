"""The interface language: Thai by default, English on request (Flask-Babel).

The Thai wording is the message id (templates read as the page reads); the English catalogue
is ``webapp/translations/en/LC_MESSAGES/messages.po``, compiled to ``messages.mo`` beside it
(``make translations``; a test fails when the two disagree). Record content is never
translated. The choice is ``?lang=th|en`` on any page, kept in a cookie; anything else is
ignored.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, request
from flask_babel import Babel, get_locale, refresh

LANGUAGES = {"th": "ไทย", "en": "English"}  # code -> the language's name in itself
DEFAULT = "th"
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600


def _asked() -> str | None:
    """The language named by ``?lang=`` when it is one the site has."""
    value = request.args.get("lang")
    return value if value in LANGUAGES else None


def select_locale() -> str:
    """``?lang=``, else the remembered cookie, else Thai."""
    kept = request.cookies.get(COOKIE)
    return _asked() or (kept if kept in LANGUAGES else DEFAULT)


def current() -> str:
    """The language code of this request's interface ("th" or "en")."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT


def switch_url(code: str) -> str:
    """This page's URL (same parameters) in language ``code``."""
    args = request.args.copy()
    args["lang"] = code
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


def _fresh_locale() -> None:
    # Flask-Babel caches the locale on ``g``, which outlives a request when an app context
    # was already pushed (tests, CLI): choose it anew for every request.
    refresh()


def _remember(response: Response) -> Response:
    asked = _asked()
    if asked and request.cookies.get(COOKIE) != asked:
        response.set_cookie(
            COOKIE, asked, max_age=COOKIE_AGE, httponly=True, samesite="Lax", path="/"
        )
    response.vary.add("Cookie")  # the same URL reads in Thai or English
    return response


def _context() -> dict[str, Any]:
    return {"lang": current(), "languages": LANGUAGES, "switch_url": switch_url}


def init_app(app: Flask) -> None:
    """Flask-Babel with the locale selector, the cookie and the template helpers."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    Babel(app, locale_selector=select_locale)
    app.before_request(_fresh_locale)
    app.context_processor(_context)
    app.after_request(_remember)
