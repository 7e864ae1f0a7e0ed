"""Whether this request's searches leave out records awaiting review: on a site that sets
``REVIEW_BEFORE_PUBLISH = true`` (site.toml), for everyone but editors and admins."""

from __future__ import annotations

from flask import current_app, has_request_context
from flask_login import current_user


def hide_awaiting_review() -> bool:
    """True when new records stay out of this request's search results until reviewed."""
    if not current_app.config.get("REVIEW_BEFORE_PUBLISH"):
        return False
    # (webapp.auth.can, read here without importing webapp.auth, which imports the services)
    editor = has_request_context() and current_user.is_authenticated and current_user.can("editor")
    return not editor
