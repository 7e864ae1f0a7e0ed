"""One-click unsubscribe: a signed token names what a message was about, and following it
stops that kind of message (no login: the signature is the proof)."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from archive.store.models import AgencyContact, DashboardSubscription, SavedSearch, User

SALT = "archive-unsubscribe"
TARGETS = {  # what a token can stop -> (Thai, English) description of the stopped messages
    "search": ("ข่าวสรุปของการค้นหาที่บันทึกไว้", "the digest of a saved search"),
    "reminders": ("การแจ้งเตือนเรื่องติดตาม", "follow-up reminders"),
    "agency": ("สรุปรายสัปดาห์ของหน่วยงาน", "the weekly digest of an agency"),
    "dashboard": ("สรุปแดชบอร์ดรายสัปดาห์", "the weekly dashboard summary"),
}


def make_token(secret: str, target: str, ident: int) -> str:
    """The token that stops messages of ``target`` (a ``TARGETS`` key) for id ``ident``."""
    assert target in TARGETS
    return str(URLSafeSerializer(secret, salt=SALT).dumps([target, ident]))


def read_token(secret: str, token: str) -> tuple[str, int] | None:
    """(target, id) of a genuine token, None for a forged or damaged one."""
    try:
        target, ident = URLSafeSerializer(secret, salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if target not in TARGETS or not isinstance(ident, int):
        return None
    return target, ident


def unsubscribe(session: Session, target: str, ident: int) -> bool:
    """Stop the messages a token names; whether anything was still subscribed."""
    if target == "search":
        saved = session.get(SavedSearch, ident)
        if saved is None or saved.frequency == "none":
            return False
        saved.frequency = "none"
    elif target == "reminders":
        user = session.get(User, ident)
        if user is None or not user.reminders:
            return False
        user.reminders = False
    elif target == "agency":
        contact = session.get(AgencyContact, ident)
        if contact is None:
            return False
        session.delete(contact)
    else:
        subscription = session.get(DashboardSubscription, ident)
        if subscription is None:
            return False
        session.delete(subscription)
    return True
