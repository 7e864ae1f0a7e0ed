"""Whether this request's searches leave out records awaiting review: on a site that sets
``REVIEW_BEFORE_PUBLISH = true`` (site.toml), for everyone but editors and admins."""

from __future__ import annotations

from flask import abort, current_app, has_request_context
from flask_babel import gettext
from flask_login import current_user

from archive.store.db import Database
from webapp.curation import service as curation_service


def hide_awaiting_review() -> bool:
    """True when new records stay out of this request's search results until reviewed."""
    if not current_app.config.get("REVIEW_BEFORE_PUBLISH"):
        return False
    # (webapp.auth.can, read here without importing webapp.auth, which imports the services)
    editor = has_request_context() and current_user.is_authenticated and current_user.can("editor")
    return not editor


def refuse_hidden(db: Database, record_id: int, *, api: bool = False) -> None:
    """Abort with 410 for a withdrawn record (but for admins) and 404 for one awaiting review
    that this visitor may not see yet: the record page, citations and original, and (``api``:
    in English, a withdrawn record gone for every caller) the record's API routes."""
    admin = (
        not api
        and has_request_context()
        and current_user.is_authenticated
        and current_user.can("admin")
    )
    hide = hide_awaiting_review()
    found = curation_service.closed(db, record_id, admin=admin, hide_awaiting=hide)
    if found is None:
        return
    status, reason = found
    if status == 410:
        if api:
            abort(410, description=f"record {record_id} was withdrawn: {reason}")
        withdrawn = gettext("รายงานนี้ถูกถอนออกจากคลังแล้ว เหตุผล: %(reason)s", reason=reason)
        abort(410, description=withdrawn)
    if api:
        abort(404, description=f"no record with id {record_id}")
    abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
