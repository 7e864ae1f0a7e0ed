"""The record page: everything the archive knows about one record; permalink /records/<id>."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_babel import gettext

from webapp import services
from webapp.curation.views import record_section
from webapp.related import related_view
from webapp.review.publishing import refuse_hidden

bp = Blueprint("records", __name__, url_prefix="/records")


@bp.get("/<int:record_id>")
def show(record_id: int) -> str:
    """The record page (404 for an unknown id)."""
    page = services.record_view(current_app.extensions["archive_db"], record_id, permalink)
    if page is None:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    refuse_hidden(current_app.extensions["archive_db"], record_id)
    curation = record_section(record_id)
    if curation and curation["gone"]:  # withdrawn: only admins still see it
        abort(410, description=gettext("รายงานนี้ถูกถอนออกจากคลังแล้ว เหตุผล: %(reason)s",
                                       reason=curation["gone"]["reason"]))
    related = related_view(
        current_app.extensions["archive_db"], current_app.extensions["archive_index"], record_id
    )
    return render_template("records/show.html", **page, related=related, curation=curation)


def permalink(record_id: int) -> str:
    """The record page's absolute URL: what citations and exports link to."""
    return url_for("records.show", record_id=record_id, _external=True)
