"""The review queue and a record's review page (editors), and the forms that link records.
A record's review page shows the changes of its source under corrections with the record
page's accept / keep forms (``records/_source_changes.html``).

Views read the request, call one function of ``archive.curation`` in a session and render
plain values; the record page and the site header read theirs through the template globals
``record_links`` and ``review_waiting``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from archive.curation import links, review, suggestions
from archive.curation.links import LinkError
from archive.store.db import Database
from archive.store.lookups import MAX_ID
from archive.store.models import Record
from archive.store.shown import listed, shown_value
from archive.thai.calendar import thai_digits
from archive.thai.normalize import thai_to_arabic_digits
from webapp.auth import can, requires, safe_next
from webapp.curation.views import record_section
from webapp.i18n import current
from webapp.review.publishing import hide_awaiting_review

bp = Blueprint("review", __name__)

PER_PAGE = 20
SOURCE_CHANGED = next(check for check in review.CHECKS if check.source_changed)
LINK_ACTIONS = ("link", "unlink")


def _db() -> Database:
    return current_app.extensions["archive_db"]


def _hold() -> bool:
    return bool(current_app.config.get("REVIEW_BEFORE_PUBLISH"))


def _problem(error: LinkError) -> str:
    """A refusal in the page's language."""
    wording = {
        "record.not_found": gettext("ไม่พบรายงานเลขที่ %(value)s", value=error.params.get("value")),
        "link.kind": gettext("ประเภทการเชื่อมโยงไม่ถูกต้อง"),
        "link.same_record": gettext("เชื่อมโยงรายงานกับตัวเองไม่ได้"),
        "link.not_found": gettext("รายงานทั้งสองไม่ได้เชื่อมโยงกันไว้"),
        "fact.unknown": gettext("ไม่รู้จักข้อมูลที่ขอยืนยัน"),
    }
    return wording.get(error.code, str(error))


def _fail(error: LinkError) -> Response:
    abort(404 if error.missing else 400, description=_problem(error))


@bp.app_template_filter("local_digits")
def local_digits(value: object) -> str:
    """A number (or text) with Thai digits on Thai pages."""
    return thai_digits(str(value)) if current() == "th" else str(value)


@bp.app_template_global("review_waiting")
def review_waiting() -> int | None:
    """How many records wait for review, for an editor's header (None for others)."""
    if not can("editor"):
        return None
    return review.waiting_in(_db(), hold=_hold())


@bp.app_template_global("record_links")
def record_links(record_id: int) -> dict[str, Any]:
    """A record's links for its page, and for an editor the suggested ones."""
    lang = current()
    with _db().session() as session:
        found = links.links_of(session, record_id, hide_awaiting=hide_awaiting_review())
        suggested: list[dict[str, Any]] = []
        record = session.get(Record, record_id) if 0 < record_id <= MAX_ID else None
        if record is not None and can("editor") and listed(record):
            for item in [*suggestions.same_meeting(session, record),
                         *suggestions.series(session, record)]:  # fmt: skip
                suggested.append(
                    {
                        "kind": item.kind,
                        "id": item.id,
                        "title": item.title,
                        "date_start": item.date_start,
                        "score": round(item.score * 100),
                        "reasons": [reason.text(lang) for reason in item.reasons],
                    }
                )
    return {
        "same_meeting": found.same_meeting,
        "series": found.series,
        "previous": found.previous,
        "next": found.next,
        "suggestions": suggested,
        "kinds": {kind: label.text(lang) for kind, label in links.KINDS.items()},
    }


# ----------------------------------------------------------------------------- the queue


def _page_number() -> int:
    raw = request.args.get("page", "1")
    try:
        return max(1, min(int(raw), 10_000))
    except ValueError:
        abort(400, description=gettext("เลขหน้าไม่ถูกต้อง: %(value)s", value=raw))


@bp.get("/review")
@requires("editor")
def queue() -> str:
    """The records waiting for review, newest first, by check and organisation."""
    check = request.args.get("check") or None
    if check and review.check_named(check) is None:
        abort(400, description=gettext("ไม่มีประเภทคำเตือน %(name)s", name=check))
    organization = request.args.get("organization") or None
    lang = current()
    with _db().session() as session:
        page = review.queue(
            session, hold=_hold(), check=check, organization=organization,
            page=_page_number(), per_page=PER_PAGE,
        )  # fmt: skip

    def url(**changes: Any) -> str:
        params = {"check": check, "organization": organization, "page": page.page}
        params.update(changes)
        query = {k: v for k, v in params.items() if v and not (k == "page" and v == 1)}
        return url_for("review.queue") + ("?" + urlencode(query) if query else "")

    return render_template(
        "review/queue.html",
        page=page,
        check=check,
        organization=organization,
        url=url,
        checks=[(c.name, c.label.text(lang), n) for c, n in page.by_check],
        labels={c.name: c.label.text(lang) for c in review.CHECKS},
    )


# ----------------------------------------------------------------------------- one record


@bp.get("/review/<int:record_id>")
@requires("editor")
def record(record_id: int) -> str:
    """A record's doubtful facts beside the sentences they were read from."""
    lang = current()
    try:
        with _db().session() as session:
            found = review.get_for_review(session, record_id, hold=_hold())
            item = found.record
            page = {
                "id": item.id,
                "title": shown_value(item, "title"),
                "organization": shown_value(item, "organization"),
                "awaiting_review": item.awaiting_review,
                "reviewed_at": item.reviewed_at,
                "reviewed_by": item.reviewed_by,
                "withdrawn": not listed(item),
            }
    except LinkError as error:
        _fail(error)
    doubts = [
        {
            "fact": doubt.fact,
            "label": review.FACTS[doubt.fact].text(lang) if doubt.fact else gettext("ทั้งฉบับ"),
            "checks": [c.label.text(lang) for c in doubt.checks],
            "warnings": doubt.warnings,
            "value": doubt.value,
            "sources": doubt.sources,
            "confirmed": doubt.confirmed,
            "corrected": doubt.corrected,
        }
        for doubt in found.doubts
    ]
    return render_template(
        "review/record.html",
        record=page,
        doubts=doubts,
        history=[
            {
                "user": change.user_name,
                "at": change.at,
                "note": change.note,
                "what": gettext("ตรวจแล้ว") if change.field == review.REVIEWED
                else gettext("ยืนยันข้อมูล") + ": " + _fact_label(change.new_value, lang),
            }
            for change in found.history
        ],
        back=safe_next(request.args.get("next")) or url_for("review.queue"),
        edit_url=f"/records/{record_id}/edit",
        curation=record_section(record_id),
        source_changed=SOURCE_CHANGED.label.text(lang),
    )


@bp.post("/review/<int:record_id>/confirm")
@requires("editor")
def confirm(record_id: int) -> Response:
    """Confirm one doubtful fact as read, then show the record's review page again."""
    fact = request.form.get("fact", "")
    try:
        with _db().session() as session:
            review.confirm_fact(session, record_id, fact, current_user)
    except LinkError as error:
        _fail(error)
    flash(gettext("ยืนยันข้อมูลแล้ว"))
    return redirect(url_for("review.record", record_id=record_id), 303)


@bp.post("/review/<int:record_id>/reviewed")
@requires("editor")
def reviewed(record_id: int) -> Response:
    """Mark the record reviewed (kept in its history), then go back to the queue."""
    note = (request.form.get("note") or "").strip()[:2000]
    try:
        with _db().session() as session:
            review.mark_reviewed(session, record_id, current_user, note or None)
    except LinkError as error:
        _fail(error)
    flash(gettext("บันทึกว่าตรวจแล้ว"))
    return redirect(safe_next(request.form.get("next")) or url_for("review.queue"), 303)


def _fact_label(value: str | None, lang: str) -> str:
    """A confirmed fact's label from its history value ('"venue"')."""
    name = (value or "").strip('"')
    label = review.FACTS.get(name)
    return label.text(lang) if label else name


# ----------------------------------------------------------------------------- links


def _other_id(raw: str) -> int:
    digits = thai_to_arabic_digits(raw.strip().lstrip("#"))
    if not digits.isdigit() or not 0 < int(digits) <= MAX_ID:
        abort(400, description=gettext("เลขที่รายงานไม่ถูกต้อง: %(value)s", value=raw))
    return int(digits)


@bp.post("/records/<int:record_id>/links")
@requires("editor")
def link(record_id: int) -> Response:
    """Link the record with another (``other_id``, ``kind``) or unlink them (``action``)."""
    other = _other_id(request.form.get("other_id", ""))
    kind = request.form.get("kind", "")
    action = request.form.get("action", "link")
    if action not in LINK_ACTIONS:
        abort(400, description=gettext("คำสั่งไม่ถูกต้อง: %(value)s", value=action))
    try:
        with _db().session() as session:
            if action == "link":
                links.link(session, record_id, other, kind, current_user)
            else:
                links.unlink(session, record_id, other, kind, current_user)
    except LinkError as error:
        _fail(error)
    flash(gettext("เชื่อมโยงรายงานแล้ว") if action == "link" else gettext("ยกเลิกการเชื่อมโยงแล้ว"))
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("records.show", record_id=record_id), 303)
