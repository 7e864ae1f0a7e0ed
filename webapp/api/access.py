"""Who may call the JSON API: a personal API token (``Authorization: Bearer <token>``, from
``archive users token NAME``), never the site's session cookie.

Reading is public unless ``READ_REQUIRES_LOGIN`` is set; changing needs an editor's or an
admin's token. A refusal is an ``AuthError`` (401 or 403, with its challenge).
"""

from __future__ import annotations

from typing import Literal

from flask import current_app, request

from webapp.auth import Account, token_account
from webapp.error_responses import AuthError

Access = Literal["public", "read", "user", "editor"]
"""Who may call an operation: anyone; a reader (a token when the archive requires login);
any signed-in user, about their own things (always a token); an editor or an admin (always a
token)."""


def caller() -> Account:
    """The account of the request's bearer token; ``AuthError`` 401 without a valid one."""
    auth = request.authorization
    if auth is None or auth.type != "bearer" or not auth.token:
        raise AuthError(
            401,
            "authentication required: send Authorization: Bearer <your API token>",
            'Bearer realm="api"',
        )
    account = token_account(current_app.extensions["archive_db"], auth.token)
    if account is None:
        raise AuthError(401, "invalid API token", 'Bearer realm="api", error="invalid_token"')
    return account


def editor() -> Account:
    """The caller, who must be an editor or an admin (``AuthError`` 401 / 403)."""
    account = caller()
    if not account.can("editor"):
        raise AuthError(
            403,
            f"an editor's or admin's token is required (user {account.name!r} is a {account.role})",
            'Bearer realm="api", error="insufficient_scope"',
        )
    return account


def check(access: Access) -> Account | None:
    """The caller's account when ``access`` needs a token (``AuthError`` when it is missing,
    not valid or of too low a role), else None."""
    if access == "editor":
        return editor()
    if access == "user":
        return caller()
    if access == "read" and current_app.config.get("READ_REQUIRES_LOGIN"):
        return caller()
    return None
