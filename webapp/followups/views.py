"""Follow-up pages: the manager's dashboard (``/follow-ups``), item pages with their history
and edit form, adding and linking items from record pages.

Views read the request, call one function of ``webapp.followups.service`` and render; the filters
and
helpers here only shape what templates show.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from archive.store.db import Database
from archive.thai.calendar import BE_OFFSET
from archive.tracking.errors import CodedError, Problem, SheetError
from archive.tracking.fields import TRACKED, tracked
from webapp.auth import requires, safe_next, upload_limit
from webapp.error_responses import http_error, problem_text
from webapp.followups import files, forms
from webapp.followups import service as tracking
from webapp.i18n import current
from webapp.present import follow_up_status

bp = Blueprint("followups", __name__)

FILTER_KEYS = ("q", "status", "agency", "mission_group", "organization", "year", "assignee",
               "overdue", "removed", "record")  # fmt: skip
LIST_KEYS = (*FILTER_KEYS, "as_of", "sort", "desc", "limit")
COLUMNS = (  # (sort key, heading) of the list, in order
    ("text", _l("รายการ")),
    ("record", _l("รายงานการประชุม")),
    ("meeting_date", _l("วันประชุม")),
    ("agencies", _l("หน่วยงานรับผิดชอบ")),
    ("assignee", _l("ผู้รับผิดชอบ")),
    ("status", _l("สถานะ")),
    ("progress", _l("ความคืบหน้า")),
    ("due_date", _l("กำหนดเสร็จ")),
)
HISTORY_ENTRIES = {  # history rows that are not a tracked field (those: archive.tracking.fields)
    "created": _l("สร้างรายการ"),
    "note": _l("หมายเหตุ"),
    "link": _l("รายงานต่อเนื่อง"),
}
FILTER_LABELS = {
    "q": _l("ข้อความ"),
    "status": _l("สถานะ"),
    "agency": _l("หน่วยงานรับผิดชอบ"),
    "mission_group": _l("กลุ่มภารกิจ"),
    "organization": _l("หน่วยงานเจ้าของเรื่อง"),
    "year": _l("ปี"),
    "assignee": _l("ผู้รับผิดชอบ"),
    "overdue": _l("เกินกำหนด"),
    "removed": _l("รวมรายการที่ไม่ปรากฏในต้นฉบับ"),
    "record": _l("รายงาน"),
    "as_of": _l("สถานะ ณ วันที่"),
}


# ----------------------------------------------------------------------------- list state


@dataclass(frozen=True)
class ListState:
    """The dashboard's state as the URL carries it, and links that change one thing."""

    params: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, args: MultiDict[str, str]) -> ListState:
        """The known, non-empty parameters of a request."""
        return cls(tuple((k, v) for k, v in args.items(multi=True) if k in LIST_KEYS and v))

    def values(self, key: str) -> list[str]:
        """Every value of ``key``."""
        return [v for k, v in self.params if k == key]

    def value(self, key: str) -> str:
        """The first value of ``key`` ("" when absent)."""
        return next((v for k, v in self.params if k == key), "")

    def _query(self, pairs: list[tuple[str, str]]) -> str:
        return ("?" + urlencode(pairs)) if pairs else ""

    def url(self, *, page: int = 1, endpoint: str = "followups.dashboard", **changes: Any) -> str:
        """This list with some parameters replaced (a value None drops it), back to page 1."""
        pairs = [(k, v) for k, v in self.params if k not in changes]
        for key, value in changes.items():
            if value is None:
                continue
            pairs += [(key, str(v)) for v in (value if isinstance(value, list) else [value])]
        if page != 1:
            pairs.append(("page", str(page)))
        return url_for(endpoint) + self._query(pairs)

    def filtered(self, **changes: Any) -> str:
        """The list narrowed to these filter values (a count's link)."""
        return self.url(**changes)

    def narrow(self, key: str, value: Any, **extra: Any) -> str:
        """The list narrowed to one value of ``key`` (years in BE), plus ``extra`` filters."""
        if key == "year":
            value = be_year(value)
        return self.url(**{key: str(value), **extra})

    def without(self, key: str, value: str) -> str:
        """The list with one filter value removed."""
        rest = [v for v in self.values(key) if v != value]
        return self.url(**{key: rest or None})

    def sort_url(self, column: str) -> str:
        """Sort by ``column``: ascending first, descending when already ascending."""
        ascending = self.value("sort") == column and not self.value("desc")
        return self.url(sort=column, desc="1" if ascending else None)

    def aria_sort(self, column: str) -> str | None:
        """``ascending`` / ``descending`` for the sorted column, None for the others."""
        if self.value("sort") != column:
            return None
        return "descending" if self.value("desc") in ("1", "true") else "ascending"

    def chips(self) -> list[tuple[str, str]]:
        """(filter, value) of every filter set, in the form's order."""
        return [(k, v) for key in FILTER_KEYS for k, v in self.params if k == key]

    def export_url(self, fmt: str) -> str:
        """The filtered list (every page) as a CSV or XLSX file."""
        pairs = [(k, v) for k, v in self.params if k in (*FILTER_KEYS, "sort", "desc")]
        return url_for("followups.export", fmt=fmt) + self._query(pairs)


def calendar_url(agency: str | None = None) -> str:
    """The iCalendar feed of due dates (of one agency, or of all)."""
    return url_for("followups.calendar", agency=agency, _external=True)


# ----------------------------------------------------------------------------- presentation


def be_year(year: int | str | None) -> str:
    """A CE year as the Buddhist-era year the interface shows."""
    try:
        return str(int(year) + BE_OFFSET)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def short_date(value: str | None) -> str:
    """A date for a table cell: ``D/M/YYYY`` BE in Thai, ISO in English ("–" for none)."""
    if not value:
        return "–"
    return value if current() == "en" else forms.be_date(value)


def field_label(name: str) -> str:
    """A history field as the interface reads it."""
    field = tracked(name)
    if field is not None:
        return field.label.text(current())
    label = HISTORY_ENTRIES.get(name)
    return str(label) if label is not None else name


def filter_value(value: str, name: str) -> str:
    """A filter value as the chips show it."""
    if name == "status":
        return follow_up_status(value)
    if name == "year" and value.isdigit() and int(value) < 2400:
        return be_year(value)
    if name in ("overdue", "removed"):
        return str(FILTER_LABELS[name])
    return value


def history_value(value: str | None, name: str) -> str:
    """A value of a history entry as the timeline shows it."""
    if value is None or value == "":
        return "–"
    if name == "link":
        return gettext("รายงานเลขที่ %(id)s", id=value)
    field = tracked(name)
    show = _SHOWN.get(field.kind) if field is not None else None
    try:
        return show(value) if show else value
    except (ValueError, TypeError):  # history text of an older form
        return value


def _names(value: str) -> str:
    return ", ".join(json.loads(value)) or "–"


_SHOWN: dict[str, Callable[[str], str]] = {  # how the timeline shows a value of each kind
    "status": follow_up_status,
    "date": lambda value: forms.be_date(value),
    "percent": lambda value: f"{value}%",
    "names": _names,
    "flag": lambda value: gettext("ใช่") if value == "True" else gettext("ไม่ใช่"),
}


def stamp(value: str) -> str:
    """A history time (ISO) as ``D/M/YYYY HH:MM`` in the Buddhist era."""
    moment = datetime.fromisoformat(value)
    return f"{moment.day}/{moment.month}/{moment.year + BE_OFFSET} {moment:%H:%M}"


def timeline(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """History entries grouped by the save that made them (same version), newest first."""
    groups: list[dict[str, Any]] = []
    for change in history:
        last = groups[-1] if groups else None
        if last is None or last["version"] != change["version"] or last["at"] != change["at"]:
            last = {key: change[key] for key in ("version", "at", "user", "note")}
            last["changes"] = []
            groups.append(last)
        if change["field"] != "note":
            last["changes"].append(change)
    return groups[::-1]


ERROR_FIELDS = {  # fields named only by error messages
    "version": _l("รุ่นของรายการ"),
    "page": _l("หน้า"),
    "limit": _l("จำนวนต่อหน้า"),
    "sort": _l("การเรียงลำดับ"),
    "format": _l("รูปแบบไฟล์"),
}
def error_labels() -> dict[str, Any]:
    """Each field as error messages name it, in the page's language."""
    named = {field.name: field.label.text(current()) for field in TRACKED}
    return {**ERROR_FIELDS, **FILTER_LABELS, **HISTORY_ENTRIES, **named}


def reason_text(problem: Problem | Mapping[str, Any]) -> str:
    """Why a value or a row was refused, as the interface reads it ("field: reason")."""
    return problem_text(problem, error_labels())


def error_message(error: CodedError) -> str:
    """A ``TrackingError`` for a page, in the interface's language."""
    return gettext("ข้อมูลไม่ถูกต้อง – %(detail)s", detail=reason_text(error.problem))


def _db() -> Database:
    return current_app.extensions["archive_db"]  # type: ignore[no-any-return]


def _home() -> Path:
    return Path(current_app.config["ARCHIVE_HOME"])


def _today() -> Any:
    return tracking.today(current_app.config)


@bp.app_template_global()
def follow_up_panel(record_id: int) -> dict[str, Any]:
    """A record page's follow-up tracking (``followups/_record_items.html``)."""
    return tracking.record_follow_ups(_db(), record_id)


@bp.record_once
def _register(state: Any) -> None:
    app = state.app
    filters = (be_year, field_label, filter_value, history_value, reason_text, short_date, stamp,
               timeline)  # fmt: skip
    for function in filters:
        app.add_template_filter(function)
    app.add_template_filter(tracking.notes_html, "notes_html")
    app.add_template_filter(forms.be_date, "be_date")
    app.add_template_global(calendar_url)
    # Notes of MAX_NOTES Thai characters are ~180 KB URL-encoded, over the site's form limit.
    app.config.setdefault("FOLLOW_UP_FORM_MAX_BYTES", 1024 * 1024)


# ----------------------------------------------------------------------------- views


@bp.get("/follow-ups")
def dashboard() -> str:
    """The manager's dashboard: counts, breakdowns and the filtered, sorted list."""
    try:
        listing = tracking.follow_up_list(_db(), request.args, _today())
    except tracking.TrackingError as error:
        abort(400, description=error_message(error))
    state = ListState.of(request.args)
    last_page = max(1, -(-listing["total"] // listing["limit"]))
    return render_template(
        "followups/dashboard.html",
        listing=listing,
        state=state,
        columns=COLUMNS,
        filter_labels=FILTER_LABELS,
        last_page=last_page,
        pages=range(max(1, listing["page"] - 3), min(last_page, listing["page"] + 3) + 1),
    )


@bp.get("/follow-ups/<item_id>")
def item(item_id: str) -> str:
    """One item: its state, notes, links, history; the edit form for editors."""
    page = forms.item_page(_db(), item_id, _today())
    if page is None:
        abort(404, description=gettext("ไม่พบรายการติดตามนี้"))
    return render_template("followups/item.html", **page)


@bp.post("/follow-ups/<item_id>")
@requires("editor")
@upload_limit("FOLLOW_UP_FORM_MAX_BYTES")
def update(item_id: str) -> Response | tuple[str, int]:
    """Save the edit form: back to the item page, or the form again (400 / 409 conflict)."""
    result = forms.save_edit(
        _db(), _home(), item_id, request.form, user_id=current_user.id, now=_today()
    )
    if result is None:
        abort(404, description=gettext("ไม่พบรายการติดตามนี้"))
    if result["status"] == 200:
        flash(gettext("บันทึกแล้ว") if result["changed"] else gettext("ไม่มีข้อมูลเปลี่ยนแปลง"))
        return redirect(url_for("followups.item", item_id=item_id, _anchor="history"), 303)
    if result["error"]:
        result["error"] = error_message(result["error"])
    return render_template("followups/item.html", **result), result["status"]


@bp.post("/records/<int:record_id>/follow-ups")
@requires("editor")
@upload_limit("FOLLOW_UP_FORM_MAX_BYTES")
def add(record_id: int) -> Response:
    """Add an item by hand to a record, then show it."""
    try:
        item_id = forms.add_item(
            _db(), _home(), record_id, request.form, user_id=current_user.id
        )
    except tracking.NotFound:
        abort(404, description=gettext("ไม่พบรายงานนี้ในคลัง"))
    except tracking.TrackingError as error:
        abort(400, description=error_message(error))
    flash(gettext("เพิ่มรายการติดตามแล้ว"))
    return redirect(url_for("followups.item", item_id=item_id), 303)


@bp.post("/follow-ups/<item_id>/links")
@requires("editor")
def link(item_id: str) -> Response:
    """Link an item to a later record reporting on it (or unlink), then go back."""
    try:
        done = forms.link_item(_db(), _home(), item_id, request.form, user_id=current_user.id)
    except tracking.NotFound:
        abort(404, description=gettext("ไม่พบรายการติดตามนี้"))
    except tracking.TrackingError as error:
        abort(400, description=error_message(error))
    if done:
        unlinked = request.form.get("unlink") == "1"
        flash(gettext("ยกเลิกการเชื่อมโยงแล้ว") if unlinked else gettext("เชื่อมโยงรายงานแล้ว"))
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("followups.item", item_id=item_id), 303)


# ----------------------------------------------------------------------------- files


def _send(download: Any, *, attachment: bool = True) -> Response:
    response = Response(download.body, content_type=download.content_type)
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{download.filename}"'
    return response


@bp.get("/follow-ups/export.<any(csv, xlsx):fmt>")
def export(fmt: str) -> Response:
    """The filtered list (the dashboard's parameters, every page) as CSV or XLSX."""
    try:
        download = files.export_file(_db(), request.args, _today(), fmt)
    except tracking.TrackingError as error:
        abort(400, description=error_message(error))
    return _send(download)


@bp.get("/follow-ups/calendar.ics")
def calendar() -> Response:
    """The due dates of open items as an iCalendar feed (``?agency=`` for one agency; with
    ``READ_REQUIRES_LOGIN``, ``?token=`` a personal API token)."""
    agency = request.args.get("agency", "").strip()
    name = gettext("กำหนดเสร็จการดำเนินงานต่อเนื่อง")
    try:
        download = files.calendar_file(
            _db(),
            request.args,
            _today(),
            name=f"{name} – {agency}" if agency else name,
            item_url=lambda item_id: url_for("followups.item", item_id=item_id, _external=True),
        )
    except tracking.TrackingError as error:
        abort(400, description=error_message(error))
    response = _send(download, attachment=False)
    response.headers["Cache-Control"] = "private, max-age=600"
    return response


@bp.get("/follow-ups/import")
@requires("editor")
def import_form() -> str:
    """The upload form of an edited export."""
    return _import_page()


def _import_page(**page: Any) -> str:
    return render_template(
        "followups/import.html", **{"preview": None, "report": None, "error": None, **page}
    )


@bp.post("/follow-ups/import")
@requires("editor")
@upload_limit("IMPORT_MAX_BYTES")
def import_preview() -> str | tuple[str, int]:
    """Read the uploaded sheet and show exactly what importing it would change."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_page(error=gettext("กรุณาเลือกไฟล์ CSV หรือ XLSX")), 400
    try:
        preview = files.import_preview(
            _db(), _home(), upload.read(), upload.filename, user_id=current_user.id
        )
    except SheetError as error:
        reason = reason_text(error.problem)
        return _import_page(error=gettext("อ่านไฟล์ไม่ได้: %(reason)s", reason=reason)), 400
    return _import_page(preview=preview)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """An upload over the limit: the import page again, saying how large a file may be."""
    if request.endpoint != "followups.import_preview":
        return http_error(error)  # type: ignore[return-value]
    size = current_app.config["IMPORT_MAX_BYTES"] / 2**20
    message = gettext(
        "ไฟล์มีขนาดใหญ่เกิน %(size)s MB จึงไม่ได้นำเข้า กรุณากรองรายการให้น้อยลงก่อนส่งออก แล้วนำเข้าทีละไฟล์",
        size=f"{size:g}",
    )
    return _import_page(error=message), 413


@bp.post("/follow-ups/import/confirm")
@requires("editor")
def import_confirm() -> Response | str:
    """Apply a previewed upload (or forget it) and show the report."""
    token = request.form.get("token", "")
    if request.form.get("cancel"):
        files.import_cancel(_home(), token, user_id=current_user.id)
        flash(gettext("ยกเลิกการนำเข้าแล้ว"))
        return redirect(url_for("followups.import_form"), 303)
    report = files.import_apply(_db(), _home(), token, user_id=current_user.id)
    if report is None:
        abort(400, description=gettext("ไม่พบไฟล์ที่อัปโหลดไว้ (อาจนำเข้าไปแล้ว) กรุณาอัปโหลดใหม่"))
    return _import_page(report=report)
