"""Every error the site answers, rendered in one place: an HTML page, or JSON under ``/api/``.

Domain errors carry a code (``archive.tracking.errors``): :data:`PROBLEMS` words each code for
the pages, the Thai wording being the message id and the English in the catalogue, so that no
English sentence is ever read back. The JSON API answers in English: the domain's own message,
or :data:`HTTP_MESSAGES` for a bare status. :func:`register` installs the handlers
(``create_app``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from archive.curation.errors import CurationError, RecordConflict, RecordNotFound
from archive.notifications.subscriptions import FieldError
from archive.tracking.errors import CodedError, Conflict, NotFound, Problem
from indexer.search.service import SearchError
from webapp.curation import wording as curation_wording
from webapp.followups.service import conflict_dict

log = logging.getLogger(__name__)

Answer = tuple[Any, int]

HTTP_MESSAGES = {  # status: (the pages' wording, the API's)
    400: (_l("คำขอไม่ถูกต้อง"), "bad request"),
    404: (_l("ไม่พบหน้าที่ต้องการ"), "not found"),
    405: (_l("ไม่รองรับวิธีการเรียกนี้"), "method not allowed"),
    413: (_l("คำขอมีขนาดใหญ่เกินไป"), "request too large"),
    500: (_l("เกิดข้อผิดพลาดภายในระบบ"), "internal error"),
    503: (
        _l("ยังไม่มีดัชนีค้นหา กรุณาสร้างดัชนีด้วยคำสั่ง archive index"),
        "no search index: run 'archive index'",
    ),
}

PROBLEMS = {  # code of archive.tracking.errors -> the pages' wording of its reason
    "date.invalid": _l("ไม่ใช่วันที่: %(value)r (ใช้รูปแบบ 31/12/2568 หรือ 2025-12-31)"),
    "date.no_such_day": _l("ไม่มีวันนี้ในปฏิทิน: %(value)r"),
    "number.invalid": _l("ไม่ใช่ตัวเลข: %(value)r"),
    "number.range": _l("ต้องอยู่ระหว่าง 1 ถึง %(top)s"),
    "progress.range": _l("ต้องเป็นจำนวนเต็ม 0 ถึง 100 (ไม่ใช่ %(value)r)"),
    "status.unknown": _l(
        "ต้องเป็น รอดำเนินการ อยู่ระหว่างดำเนินการ ดำเนินการแล้ว หรือ ยกเลิก (ไม่ใช่ %(value)r)"
    ),
    "status.empty": _l("ว่างอยู่ ต้องระบุสถานะ"),
    "choice.unknown": _l("ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: %(choices)s"),
    "format.unknown": _l("ต้องเป็น csv หรือ xlsx (ไม่ใช่ %(value)r)"),
    "text.too_long": _l("ยาวเกิน %(limit)s ตัวอักษร"),
    "text.required": _l("ต้องกรอกข้อความของรายการ"),
    "agencies.name_too_long": _l("มีชื่อหน่วยงานยาวเกิน %(limit)s ตัวอักษร"),
    "user.unknown": _l("ไม่มีผู้ใช้ชื่อ %(value)r"),
    "fields.not_editable": _l("แก้ไขช่องเหล่านี้ไม่ได้: %(names)s"),
    "version.required": _l("ไม่พบเลขรุ่นของรายการ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"),
    "record.not_a_number": _l("ไม่ใช่เลขที่รายงาน: %(value)r"),
    "record.not_found": _l("ไม่มีรายงานเลขที่ %(value)s"),
    "link.own_record": _l("เชื่อมโยงรายการกับรายงานฉบับเดียวกันไม่ได้"),
    "follow_up.not_found": _l("ไม่พบรายการติดตาม %(value)r"),
    "follow_up.conflict": _l(
        "มีผู้อื่นแก้ไขรายการ %(item_id)s แล้ว (ปัจจุบันเป็นรุ่น %(current)s คุณเริ่มจากรุ่น %(expected)s)"
    ),
    "version.unknown": _l("ไม่ใช่รุ่นของรายการนี้: %(value)r"),
    "version.empty": _l("ว่างอยู่ (ต้องคงคอลัมน์ version ตามไฟล์ที่ส่งออก)"),
    "version.not_planned": _l("ไม่ทราบรุ่นของรายการ จึงไม่ได้นำเข้า"),
    "import.not_imported": _l("ไม่นำเข้า (แก้ไขได้ที่หน้ารายการเท่านั้น)"),
    "row.no_id": _l("ไม่มีรหัสรายการ (คอลัมน์ id ต้องคงค่าตามไฟล์ที่ส่งออก)"),
    "row.repeated": _l("รายการเดียวกันอยู่ในแถว %(row)s แล้ว"),
    "row.unknown_item": _l("ไม่พบรายการติดตามรหัสนี้"),
    "row.changed": _l(
        "มีการแก้ไขรายการนี้หลังจากส่งออกไฟล์ (ไฟล์เป็นรุ่น %(sheet)s ปัจจุบันเป็นรุ่น %(now)s: "
        "%(changes)s) จึงไม่นำเข้าแถวนี้ กรุณาส่งออกใหม่แล้วแก้ไขแถวนี้อีกครั้ง"
    ),
    "row.changed_gone": _l("มีการแก้ไขรายการนี้หลังจากส่งออกไฟล์"),
    "sheet.empty": _l("ไฟล์ว่างเปล่า ไม่มีแถวหัวตาราง"),
    "sheet.no_header": _l("ไฟล์ว่างเปล่า ไม่มีแถวหัวตาราง"),
    "sheet.too_large": _l("ไฟล์ใหญ่เกิน %(mb)s MB"),
    "sheet.utf16": _l("อ่านข้อความในไฟล์ (UTF-16) ไม่ได้"),
    "sheet.encoding": _l(
        "ไฟล์นี้ไม่ใช่ Excel และไม่ใช่ CSV ที่บันทึกเป็น UTF-8 หรือ Windows ภาษาไทย (cp874)"
    ),
    "sheet.binary": _l("ไฟล์นี้ไม่ใช่ CSV หรือ Excel (.xlsx)"),
    "sheet.bad_csv": _l("แถวที่ %(row)s: รูปแบบ CSV ไม่ถูกต้อง"),
    "sheet.no_id_column": _l(
        "แถวที่ 1 ไม่มีคอลัมน์ id กรุณานำเข้าไฟล์ตามที่ส่งออกจากหน้าติดตามการดำเนินงาน"
    ),
    "sheet.repeated_column": _l("แถวที่ 1 มีชื่อคอลัมน์ซ้ำ: %(names)s"),
    "sheet.too_many_rows": _l("มีรายการมากเกินไป นำเข้าได้ครั้งละไม่เกิน %(limit)s รายการ"),
    "sheet.damaged_xlsx": _l("ไฟล์ Excel เสียหาย เปิดไม่ได้"),
    "sheet.unreadable_workbook": _l("ไฟล์ Excel เสียหาย เปิดไม่ได้"),
    "sheet.xlsx_too_large": _l("ไฟล์ Excel ใหญ่เกินกว่าจะนำเข้าได้"),
    "sheet.no_worksheet": _l("ไฟล์ Excel ไม่มีแผ่นงาน"),
    "sheet.xls": _l("เป็นไฟล์ Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx หรือ CSV แล้วนำเข้าใหม่"),
    "sheet.not_xlsx": _l("ไฟล์ชื่อลงท้าย .xlsx แต่ไม่ใช่ไฟล์ Excel"),
}


class AuthError(Exception):
    """An API request without the credentials it needs: 401 (none, or not valid) or 403 (a
    role too low), with the ``WWW-Authenticate`` challenge that says which."""

    def __init__(self, status: int, message: str, challenge: str) -> None:
        super().__init__(message)
        self.status = status
        self.challenge = challenge


# ----------------------------------------------------------------------------- wording


def _changes_since(changes: list[Mapping[str, Any]], labels: Mapping[str, Any]) -> str:
    """The changes saved since an export, one by one (``row.changed``)."""
    return "; ".join(
        gettext(
            "%(field)s โดย %(user)s เมื่อ %(at)s",
            field=str(labels.get(change["field"], change["field"])),
            user=change["user"] or gettext("การนำเข้าเอกสาร"),
            at=change["at"],
        )
        for change in changes
    ) or gettext("เชื่อมโยงหรือนำเข้าจากเอกสารใหม่")


def problem_text(
    problem: Problem | Mapping[str, Any], labels: Mapping[str, Any] | None = None
) -> str:
    """A problem as the interface reads it, in the page's language: the reason, after the
    field's label from ``labels`` (or its name) when it concerns one field."""
    if isinstance(problem, Mapping):  # a problem copied by dataclasses.asdict
        problem = Problem(**problem)
    labels = labels or {}
    params = dict(problem.params)
    if "changes" in params:
        params["changes"] = _changes_since(params["changes"], labels)
    detail = str(PROBLEMS[problem.code]) % params
    if problem.field is None:
        return detail
    return f"{labels.get(problem.field, problem.field)}: {detail}"


# ----------------------------------------------------------------------------- answers


def is_api() -> bool:
    """Whether this request is one for the JSON API (errors answered as JSON)."""
    return request.path == "/api" or request.path.startswith("/api/")


def json_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """``{"error": message}`` with this status (and headers)."""
    response = jsonify(error=message)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def answer(status: int, message: str, english: str | None = None) -> Answer:
    """An error page saying ``message``, or under ``/api/`` JSON saying ``english`` (or
    ``message`` when the two are one); never a stack trace."""
    if is_api():
        return json_error(status, english or message), status
    page = render_template("errors/error.html", status=status, message=message, message_en=None)
    return page, status


def http_error(error: HTTPException) -> Answer | HTTPException:
    """A werkzeug HTTP error: its own description when one was given (``abort(404,
    description=...)``), else the status's wording."""
    status = error.code or 500
    if status < 400:
        return error
    if error.description != type(error).description:
        return answer(status, str(error.description))
    page, api = HTTP_MESSAGES.get(status, (error.name, error.name))
    return answer(status, str(page), api)


def _coded(error: CodedError) -> Answer:
    status = 404 if isinstance(error, NotFound) else 409 if isinstance(error, Conflict) else 400
    if is_api():
        body = conflict_dict(error) if isinstance(error, Conflict) else {"error": str(error)}
        return jsonify(body), status
    text = problem_text(error.problem)
    if status == 400:
        text = gettext("ข้อมูลไม่ถูกต้อง – %(detail)s", detail=text)
    return answer(status, text)


def _auth(error: AuthError) -> Answer:
    return json_error(error.status, str(error), {"WWW-Authenticate": error.challenge}), error.status


SEARCH_PROBLEMS = {  # code of indexer.search.service.PROBLEMS -> the pages' wording
    "filter.unknown": _l("ไม่มีตัวกรองชื่อ %(name)r (ใช้ได้: %(names)s)"),
    "filter.form": _l("ตัวกรองต้องเขียนเป็น ชื่อ=ค่า หรือ ชื่อ!=ค่า ไม่ใช่ %(value)r"),
    "filter.url_form": _l("ตัวกรองต้องเขียนเป็น ชื่อ:ค่า ไม่ใช่ %(value)r"),
    "sort.unknown": _l("ไม่มีการเรียงลำดับแบบ %(value)r (เรียงตามความเกี่ยวข้องหรือตามวันที่)"),
    "limit.range": _l("จำนวนต่อหน้าต้องอยู่ระหว่าง 1 ถึง %(top)s"),
    "page.range": _l("เลขหน้าต้องอยู่ระหว่าง 1 ถึง 10000"),
    "number.invalid": _l("%(name)s ต้องเป็นจำนวนเต็ม ไม่ใช่ %(value)r"),
    "query.too_long": _l("คำค้นยาวเกิน %(limit)s ตัวอักษร"),
    "export.too_many": _l(
        "ผลการค้นหามี %(total)s รายการ ส่งออกได้ครั้งละไม่เกิน %(limit)s รายการ"
        " กรุณากรองผลการค้นหาให้แคบลง"
    ),
}


def _field(error: FieldError) -> Answer:
    return answer(400, gettext("ข้อมูลไม่ถูกต้อง – %(detail)s", detail=str(error)), str(error))


def _curation(error: CurationError) -> Answer:
    """A refused correction of a record: 404, 409 (with the changes since) or 400."""
    status = (
        404 if isinstance(error, RecordNotFound) else 409 if isinstance(error, RecordConflict)
        else 400
    )
    if is_api():
        if isinstance(error, RecordConflict):
            return jsonify(curation_wording.conflict_json(error, error.changes)), status
        return json_error(status, str(error)), status
    text = curation_wording.problem(error)
    return answer(status, curation_wording.refused(error) if status == 400 else text)


def _search(error: SearchError) -> Answer:
    return answer(400, str(SEARCH_PROBLEMS[error.code]) % error.params, str(error))


def _no_index(error: FileNotFoundError) -> Answer:
    log.error("search index missing: %s", error)
    page, api = HTTP_MESSAGES[503]
    return answer(503, str(page), api)


def _csrf(error: CSRFError) -> Answer:
    return answer(
        400, gettext("แบบฟอร์มหมดอายุหรือไม่ถูกต้อง (CSRF) กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง")
    )


def _too_many(error: RateLimitExceeded) -> Answer:
    return answer(429, gettext("ลองเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่"))


def _unexpected(error: Exception) -> Answer:
    log.exception("unhandled error on %s", request.path, exc_info=error)
    page, api = HTTP_MESSAGES[500]
    return answer(500, str(page), api)


def register(app: Flask) -> None:
    """Answer every error of ``app`` here (Flask picks the handler of the closest class)."""
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(RateLimitExceeded, _too_many)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(AuthError, _auth)
    app.register_error_handler(CodedError, _coded)
    app.register_error_handler(SearchError, _search)
    app.register_error_handler(CurationError, _curation)
    app.register_error_handler(FieldError, _field)
    app.register_error_handler(FileNotFoundError, _no_index)
    app.register_error_handler(Exception, _unexpected)
