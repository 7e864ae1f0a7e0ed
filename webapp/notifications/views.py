"""Saved searches (``/saved-searches``), the account page (``/account``), admins' pages for
users' addresses and agency contacts, and one-click unsubscribe (``/unsubscribe/<token>``).

Views read the form, call ``archive.notifications.subscriptions`` and redirect (303) with a
message; a refused value is said in the message, nothing stored changes."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from archive.accounts import list_users
from archive.notifications import subscriptions as subs
from archive.notifications.unsubscribe import TARGETS, read_token, unsubscribe
from archive.store.db import Database
from archive.store.models import User
from webapp.auth import csrf, requires
from webapp.i18n import current

bp = Blueprint("notifications", __name__)

FREQUENCY_LABELS = {
    "immediate": _l("ทันทีที่มีรายการใหม่"),
    "daily": _l("สรุปรายวัน"),
    "weekly": _l("สรุปรายสัปดาห์"),
    "none": _l("ไม่ส่งอีเมล"),
}
LANGUAGE_LABELS = {"th": "ไทย", "en": "English"}
FIELD_LABELS = {
    "name": _l("ชื่อ"),
    "params": _l("การค้นหา"),
    "frequency": _l("ความถี่"),
    "email": _l("อีเมล"),
    "language": _l("ภาษา"),
    "agency": _l("หน่วยงาน"),
}


def _db() -> Database:
    return current_app.extensions["archive_db"]  # type: ignore[no-any-return]


def _refused(error: subs.FieldError) -> None:
    reason = str(error).split(": ", 1)[-1]
    flash(gettext("บันทึกไม่ได้ – %(field)s: %(reason)s",
                  field=FIELD_LABELS.get(error.field, error.field), reason=reason))


def _me(session) -> User:  # type: ignore[no-untyped-def]
    user = session.get(User, current_user.id)
    if user is None:
        abort(403)
    return user  # type: ignore[no-any-return]


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"frequency_labels": FREQUENCY_LABELS, "language_labels": LANGUAGE_LABELS}


# ----------------------------------------------------------------------------- saved searches


@bp.get("/saved-searches")
@requires("viewer")
def saved_searches() -> str:
    """The signed-in user's saved searches, each with its digest, rename and delete."""
    with _db().session() as session:
        user = _me(session)
        listed = [
            {"id": s.id, "name": s.name, "params": s.params, "frequency": s.frequency,
             "last_sent_at": s.last_sent_at}
            for s in subs.saved_searches(session, user)
        ]
        return render_template(
            "notifications/saved_searches.html", searches=listed, email=user.email
        )


@bp.post("/saved-searches")
@requires("viewer")
def save() -> Response:
    """Save the search of the page it was posted from under a name."""
    form = request.form
    with _db().session() as session:
        try:
            subs.save_search(
                session, _me(session), form.get("name", ""), form.get("params", ""),
                form.get("frequency", "none"),
            )
        except subs.FieldError as error:
            _refused(error)
            params = form.get("params", "")
            back = f"{url_for('search.index')}?{params.split('?', 1)[-1]}" if params else None
            return redirect(back or url_for("notifications.saved_searches"), 303)
        session.commit()
    flash(gettext("บันทึกการค้นหาแล้ว"))
    return redirect(url_for("notifications.saved_searches"), 303)


@bp.post("/saved-searches/<int:search_id>")
@requires("viewer")
def change(search_id: int) -> Response:
    """Rename a saved search or change its digest."""
    with _db().session() as session:
        saved = subs.saved_search(session, _me(session), search_id)
        if saved is None:
            abort(404)
        try:
            subs.change_search(
                session, saved, name=request.form.get("name"),
                frequency=request.form.get("frequency"),
            )
        except subs.FieldError as error:
            _refused(error)
            return redirect(url_for("notifications.saved_searches"), 303)
        session.commit()
    flash(gettext("บันทึกแล้ว"))
    return redirect(url_for("notifications.saved_searches"), 303)


@bp.post("/saved-searches/<int:search_id>/delete")
@requires("viewer")
def delete(search_id: int) -> Response:
    """Delete a saved search."""
    with _db().session() as session:
        saved = subs.saved_search(session, _me(session), search_id)
        if saved is None:
            abort(404)
        session.delete(saved)
        session.commit()
    flash(gettext("ลบการค้นหาที่บันทึกไว้แล้ว"))
    return redirect(url_for("notifications.saved_searches"), 303)


# ----------------------------------------------------------------------------- account


@bp.route("/account", methods=["GET", "POST"])
@requires("viewer")
def account() -> Response | str:
    """The signed-in user's e-mail address, language of e-mails, reminders and (for editors
    and admins) the weekly dashboard summary."""
    with _db().session() as session:
        user = _me(session)
        if request.method == "POST":
            form = request.form
            try:
                subs.set_contact_details(
                    session, user, email=form.get("email", ""), language=form.get("language")
                )
            except subs.FieldError as error:
                _refused(error)
                return redirect(url_for("notifications.account"), 303)
            user.reminders = form.get("reminders") == "1"
            if current_user.can("editor"):
                subs.set_dashboard_subscription(session, user, form.get("dashboard") == "1")
            session.commit()
            flash(gettext("บันทึกแล้ว"))
            return redirect(url_for("notifications.account"), 303)
        return render_template(
            "notifications/account.html",
            user=user,
            dashboard=subs.subscribed_to_dashboard(session, user),
        )


@bp.get("/admin/users")
@requires("admin")
def users() -> str:
    """Admins: every user's e-mail address and language of e-mails."""
    with _db().session() as session:
        listed = list_users(session)
        return render_template("notifications/users.html", users=listed)


@bp.post("/admin/users/<int:user_id>")
@requires("admin")
def user_contact(user_id: int) -> Response:
    """Admins: change a user's e-mail address and language of e-mails."""
    with _db().session() as session:
        user = session.get(User, user_id)
        if user is None:
            abort(404)
        try:
            subs.set_contact_details(
                session, user, email=request.form.get("email", ""),
                language=request.form.get("language"),
            )
        except subs.FieldError as error:
            _refused(error)
            return redirect(url_for("notifications.users"), 303)
        session.commit()
        flash(gettext("บันทึกอีเมลของ %(name)s แล้ว", name=user.name))
    return redirect(url_for("notifications.users"), 303)


@bp.route("/admin/agency-contacts", methods=["GET", "POST"])
@requires("admin")
def agency_contacts() -> Response | str:
    """Admins: the addresses that get each agency's weekly digest; add one."""
    with _db().session() as session:
        if request.method == "POST":
            form = request.form
            try:
                subs.add_agency_contact(
                    session, form.get("agency", ""), form.get("email", ""),
                    form.get("language", "th"),
                )
            except subs.FieldError as error:
                _refused(error)
                return redirect(url_for("notifications.agency_contacts"), 303)
            session.commit()
            flash(gettext("เพิ่มผู้รับอีเมลแล้ว"))
            return redirect(url_for("notifications.agency_contacts"), 303)
        contacts = [
            {"id": c.id, "agency": c.agency.name, "email": c.email, "language": c.language}
            for c in subs.agency_contacts(session)
        ]
        agencies = subs.agency_names(session)
        return render_template(
            "notifications/agency_contacts.html", contacts=contacts, agencies=agencies
        )


@bp.post("/admin/agency-contacts/<int:contact_id>/delete")
@requires("admin")
def remove_contact(contact_id: int) -> Response:
    """Admins: remove an agency contact address."""
    with _db().session() as session:
        if not subs.remove_agency_contact(session, contact_id):
            abort(404)
        session.commit()
    flash(gettext("ลบผู้รับอีเมลแล้ว"))
    return redirect(url_for("notifications.agency_contacts"), 303)


# ----------------------------------------------------------------------------- unsubscribe


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click"; the token is signed
def unsubscribe_page(token: str) -> str:
    """GET: what the link stops and a button; POST: stop it (no login: the token is signed)."""
    found = read_token(current_app.config["SECRET_KEY"], token) if len(token) < 500 else None
    if found is None:
        abort(404, description=gettext("ลิงก์ยกเลิกการรับอีเมลนี้ไม่ถูกต้อง"))
    target, ident = found
    th, en = TARGETS[target]
    what = en if current() == "en" else th
    done = None
    if request.method == "POST":
        with _db().session() as session:
            done = unsubscribe(session, target, ident)
            session.commit()
    return render_template("notifications/unsubscribe.html", what=what, done=done)
