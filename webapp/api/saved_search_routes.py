"""``/api/saved-searches``: a user's saved searches by their own API token (list, save,
delete). Digests are e-mailed by ``archive notify``."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, url_for

from archive.notifications import subscriptions as subs
from archive.store.db import Database
from archive.store.models import SavedSearch as SavedRow
from archive.store.models import User
from webapp.api.registry import ApiRoutes, Reply
from webapp.api.schemas_notifications import (
    SavedSearchDeleted,
    SavedSearchEntry,
    SavedSearchNew,
    SavedSearchPath,
)
from webapp.auth import Account

bp = Blueprint("saved_searches_api", __name__, url_prefix="/api")
api = ApiRoutes(bp, tag="saved-searches")


def _db() -> Database:
    return current_app.extensions["archive_db"]  # type: ignore[no-any-return]


def _json(saved: SavedRow) -> dict[str, object]:
    page = url_for("search.index", _external=True)
    return {
        "id": saved.id,
        "name": saved.name,
        "params": saved.params,
        "frequency": saved.frequency,
        "url": f"{page}?{saved.params}" if saved.params else page,
        "last_sent_at": saved.last_sent_at.isoformat() if saved.last_sent_at else None,
    }


def _user(session, account: Account) -> User:  # type: ignore[no-untyped-def]
    user = session.get(User, account.id)
    assert user is not None  # the token's account is an active user
    return user  # type: ignore[no-any-return]


@api.route(
    "/saved-searches",
    access="user",
    replies={200: Reply("Your saved searches", list[SavedSearchEntry])},
)
def list_saved(account: Account) -> Response:
    """Your saved searches, by name."""
    with _db().session() as session:
        return jsonify([_json(s) for s in subs.saved_searches(session, _user(session, account))])


@api.route(
    "/saved-searches",
    "POST",
    access="user",
    body=SavedSearchNew,
    replies={201: Reply("The saved search", SavedSearchEntry)},
)
def create_saved(body: SavedSearchNew, account: Account) -> tuple[Response, int]:
    """Save a search under a name, with its e-mail digest.

    Its digest lists the records added from now on that match it. A bad search in `params`, a
    name you already use or an unknown frequency is a 400 naming the field.
    """
    with _db().session() as session:
        saved = subs.save_search(
            session, _user(session, account), body.name, body.params, body.frequency
        )
        session.commit()
        return jsonify(_json(saved)), 201


@api.route(
    "/saved-searches/<int:search_id>",
    "DELETE",
    access="user",
    path=SavedSearchPath,
    replies={
        200: Reply("Deleted", SavedSearchDeleted),
        404: Reply("You have no saved search with this id"),
    },
)
def delete_saved(search_id: int, account: Account) -> Response:
    """Delete one of your saved searches."""
    with _db().session() as session:
        saved = subs.saved_search(session, _user(session, account), search_id)
        if saved is None:
            abort(404, description=f"you have no saved search {search_id}")
        session.delete(saved)
        session.commit()
    return jsonify({"deleted": search_id})
