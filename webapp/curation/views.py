"""Record editing pages: the edit form (``/records/<id>/edit``, editors), settling a change of
the source against a correction (editors), withdrawing and restoring a record (admins); and
what the record page shows of them (corrections, history, "the source now says").

Views read the request, call ``webapp.curation.service`` and render; refusals of the domain
are re-shown on the form (bad values, a stale save with the other person's changes).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from archive.curation.errors import CurationError, RecordConflict, RecordNotFound
from archive.store.db import Database
from archive.store.vocabulary import DOCUMENT_KINDS
from webapp.auth import can, requires, safe_next, upload_limit
from webapp.curation import forms, service, wording
from webapp.datelabels import thai_range
from webapp.i18n import current

bp = Blueprint("curation", __name__, url_prefix="/records")

MAX_SHOWN = 300  # characters of a value in the history


def _db() -> Database:
    return current_app.extensions["archive_db"]  # type: ignore[no-any-return]


def _venue_text(venue: dict[str, Any] | None) -> str:
    if not venue:
        return "—"
    country = venue.get("country_name_en" if current() == "en" else "country_name_th")
    raw = venue.get("raw") or ""
    return f"{raw} ({country})" if country and country not in raw else raw


def value_text(value: Any, field: str) -> str:
    """A record field's value (record JSON) as one line of the history or a notice."""
    if value is None or value == [] or value == "":
        return "—"
    if field == "venue":
        return _venue_text(value)
    if field in ("date_start", "date_end"):
        return thai_range(date.fromisoformat(value), None) if current() == "th" else value
    if field == "meetings":
        return "; ".join(m.get("name", "") for m in value)
    if field == "findings":
        return "; ".join(
            " ".join(p for p in (f.get("number"), f.get("heading"), f.get("text")) if p)
            for f in value
        )[:MAX_SHOWN]
    if field == "reporter":
        return " · ".join(v for v in value.values() if v)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)[:MAX_SHOWN]


@bp.app_template_filter("record_value")
def record_value(value: Any, field: str) -> str:
    """Template filter of :func:`value_text`."""
    return value_text(value, field)


@bp.app_template_filter("record_field")
def record_field(name: str) -> str:
    """A record field's label."""
    return wording.field_label(name)


def _account_id() -> int | None:
    return int(current_user.id) if current_user.is_authenticated else None


def _form_page(
    *,
    form: dict[str, str],
    version: int | str,
    original: dict[str, Any],
    record: dict[str, Any],
    error: str | None = None,
    conflict: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    meetings = sum(1 for key in form if key.startswith("meetings-") and key.endswith("-name"))
    findings = sum(1 for key in form if key.startswith("findings-") and key.endswith("-text"))
    page = render_template(
        "curation/edit.html",
        record=record,
        form=form,
        version=version,
        original=json.dumps(original, ensure_ascii=False),
        kinds=DOCUMENT_KINDS,
        meeting_rows=meetings + 1,
        finding_rows=findings + 1,
        error=error,
        conflict=conflict,
    )
    return page, status


@bp.get("/<int:record_id>/edit")
@requires("editor")
def edit(record_id: int) -> Any:
    """The edit form of a record, filled with the values shown now."""
    state = service.edit_state(_db(), record_id)
    if state is None:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    return _form_page(form=forms.to_form(state["values"]), version=state["version"],
                      original=state["values"], record=state["record"])


def _original(posted: str | None, fallback: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(posted or "")
    except ValueError:
        return fallback
    return value if isinstance(value, dict) else fallback


@bp.post("/<int:record_id>/edit")
@requires("editor")
@upload_limit("RECORD_FORM_MAX_BYTES")
def save(record_id: int) -> Any:
    """Save the fields the editor changed; a bad value or a stale version shows the form again
    with what was typed (and, when stale, what the other person changed)."""
    state = service.edit_state(_db(), record_id)
    if state is None:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    posted = request.form.to_dict()
    shown_then = _original(posted.get("original"), state["values"])
    changes = forms.changes(shown_then, posted)
    try:
        service.correct(_db(), record_id, changes, user_id=_account_id(),
                        version=posted.get("version"), note=posted.get("note"))
    except RecordConflict as stale:
        # The current values with this editor's changes on top, from the current version:
        # saving again applies them over what the other person saved, now seen.
        form = {key: value for key, value in forms.to_form(state["values"]).items()
                if not any(_belongs(key, name) for name in changes)}
        form |= {key: value for key, value in posted.items()
                 if any(_belongs(key, name) for name in changes)}
        return _form_page(form=form, version=state["version"],
                          original=state["values"], record=state["record"],
                          error=wording.problem(stale), conflict=stale.changes, status=409)
    except RecordNotFound:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    except CurationError as refused:
        return _form_page(form=posted, version=posted.get("version", ""),
                          original=shown_then, record=state["record"],
                          error=wording.refused(refused), status=400)
    flash(gettext("บันทึกการแก้ไขแล้ว") if changes else gettext("ไม่มีข้อมูลที่เปลี่ยนแปลง"))
    return redirect(url_for("records.show", record_id=record_id))


def _belongs(key: str, name: str) -> bool:
    """Whether form field ``key`` is (part of) record field ``name`` ("venue_city", ...)."""
    return key == name or key.startswith((f"{name}_", f"{name}-"))


@bp.post("/<int:record_id>/source/<field>")
@requires("editor")
def settle(record_id: int, field: str) -> Response:
    """Accept the document's new value of a corrected field, or keep the correction; then
    back to the page the form was on (the record page or its review page)."""
    accept = request.form.get("action") == "accept"
    try:
        service.resolve(_db(), record_id, field, accept=accept, user_id=_account_id(),
                        version=request.form.get("version"))
    except RecordNotFound:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    flash(gettext("ใช้ค่าตามต้นฉบับแล้ว") if accept else gettext("คงค่าที่แก้ไขไว้"))
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("records.show", record_id=record_id))


@bp.post("/<int:record_id>/withdraw")
@requires("admin")
def withdraw(record_id: int) -> Response:
    """Withdraw a record with a reason (admins)."""
    try:
        service.withdraw(_db(), record_id, request.form.get("reason", ""),
                         user_id=_account_id())
    except RecordNotFound:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    flash(gettext("ถอนรายงานแล้ว รายงานนี้จะไม่ปรากฏในการค้นหาและการส่งออก"))
    return redirect(url_for("records.show", record_id=record_id))


@bp.post("/<int:record_id>/restore")
@requires("admin")
def restore(record_id: int) -> Response:
    """Restore a withdrawn record (admins)."""
    try:
        service.restore(_db(), record_id, user_id=_account_id())
    except RecordNotFound:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    flash(gettext("นำรายงานกลับมาเผยแพร่แล้ว"))
    return redirect(url_for("records.show", record_id=record_id))


def record_section(record_id: int) -> dict[str, Any] | None:
    """What the record page shows of curation (see ``service.curation``), or None; ``gone``:
    the reason a withdrawn record is not shown to this visitor (410), else None."""
    found = service.curation(_db(), record_id)
    if found is None:
        return None
    found["corrected"] = {c["field"]: c for c in found["corrections"]}
    found["pending"] = [c for c in found["corrections"] if c["source_changed"]]
    found["timeline"] = list(reversed(found["history"]))
    found["gone"] = found["withdrawn"] if found["withdrawn"] and not can("admin") else None
    return found
