"""The record page: everything the archive knows about one record; permalink /records/<id>."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from webapp import services

bp = Blueprint("records", __name__, url_prefix="/records")


@bp.get("/<int:record_id>")
def show(record_id: int) -> str:
    record = services.record_page(current_app.extensions["archive_db"], record_id)
    if record is None:
        abort(404, description="ไม่พบรายงานนี้ในคลัง")
    return render_template("records/show.html", record=record)
