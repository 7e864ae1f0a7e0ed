"""The tracked fields of a follow-up item, one entry each in ``TRACKED``.

An entry says what the field is called (Thai and English), what kind of value it holds, whether
people may change it (forms, the API, spreadsheets) or only the ingest, and whether the
spreadsheet round trip imports it. Its kind says how a typed value is read (a form, JSON or a
spreadsheet cell: Thai digits, Buddhist-era dates), how history stores it as text, and how
history text is read back (the "as of" view, the edit form). Changes, history, the dashboard's
past views, the edit form, the API's request schema and the spreadsheet import all take their
fields from here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.store.models import FollowUp, FollowUpAgency, User
from archive.store.save import agencies
from archive.store.vocabulary import FOLLOW_UP_STATUSES, Label
from archive.thai.calendar import to_ce
from archive.thai.normalize import thai_to_arabic_digits
from archive.tracking.errors import TrackingError

MAX_TEXT = 5000  # characters of an item's text, added by hand
MAX_NOTES = 20000  # characters of Markdown notes, and of one change's note
MAX_AGENCY = 300  # characters of an agency's name
MAX_AGENCIES = 50  # agencies of one item
MAX_USER = 100  # characters of a user's name


def parse_date(value: Any, name: str = "due_date") -> date | None:
    """A date from a form, JSON or a spreadsheet cell: a date, ``YYYY-MM-DD`` or ``D/M/YYYY``
    (a year from 2400 on is Buddhist era), Thai digits allowed; "" means none."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = thai_to_arabic_digits(str(value).strip())
    if not text:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?", text):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise TrackingError("date.invalid", name, value=text[:40])
    try:
        return date(to_ce(year), month, day)
    except ValueError:
        raise TrackingError("date.no_such_day", name, value=text[:40]) from None


def _percent(session: Session, value: Any, name: str) -> int:
    text = thai_to_arabic_digits(str(value).strip()).removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        raise TrackingError("number.invalid", name, value=text[:20]) from None
    if not 0 <= number <= 100 or number != int(number):
        raise TrackingError("progress.range", name, value=text[:20])
    return int(number)


def _names(session: Session, value: Any, name: str) -> list[str]:
    names = value.splitlines() if isinstance(value, str) else list(value or [])
    if isinstance(value, str) and len(names) == 1:
        names = value.split(";")
    cleaned = list(dict.fromkeys(n for n in (str(n).strip() for n in names) if n))
    if any(len(n) > MAX_AGENCY for n in cleaned):
        raise TrackingError("agencies.name_too_long", name, limit=MAX_AGENCY)
    return cleaned


def _status(session: Session, value: Any, name: str) -> str:
    if value not in FOLLOW_UP_STATUSES:
        raise TrackingError("status.unknown", name, value=str(value)[:30])
    return str(value)


def _user(session: Session | None, value: Any, name: str) -> str | None:
    assignee = str(value or "").strip() or None
    if assignee is not None and session is not None:  # without one: only normalised
        user = session.scalar(select(User).where(User.name == assignee))
        if user is None or not user.active:
            raise TrackingError("user.unknown", name, value=assignee[:MAX_USER])
    return assignee


def checked_text(value: Any, name: str, limit: int) -> str:
    """Text of at most ``limit`` characters, with Windows line ends made plain."""
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise TrackingError("text.too_long", name, limit=limit)
    return text.replace("\r\n", "\n")


@dataclass(frozen=True)
class Kind:
    """A kind of tracked value: how it is read from input, and kept in and read from history."""

    # typed input -> value (``TrackingError``); without a session, normalised, not checked
    read: Callable[[Session | None, Any, str], Any]
    dump: Callable[[Any], str | None]  # value -> history text
    load: Callable[[str | None], Any]  # history text -> value


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


KINDS: dict[str, Kind] = {
    "status": Kind(_status, _dump, lambda text: text or "open"),
    "percent": Kind(_percent, _dump, lambda text: int(text or 0)),
    "date": Kind(
        lambda s, v, n: parse_date(v, n), _dump, lambda t: date.fromisoformat(t) if t else None
    ),
    "names": Kind(
        _names,
        lambda v: None if v is None else json.dumps(list(v), ensure_ascii=False),
        lambda text: json.loads(text) if text else [],
    ),
    "user": Kind(_user, _dump, lambda text: text or None),
    "markdown": Kind(
        lambda s, v, n: checked_text(v, n, MAX_NOTES), _dump, lambda text: text or ""
    ),
    "text": Kind(lambda s, v, n: checked_text(v, n, MAX_TEXT), _dump, lambda text: text or ""),
    "flag": Kind(lambda s, v, n: bool(v), _dump, lambda text: text == "True"),
}


def _agencies_of(item: FollowUp) -> list[str]:
    return [agency.name for agency in item.agencies]


def _set_agencies(session: Session, item: FollowUp, names: list[str]) -> None:
    rows = agencies(session, names)
    item.agency_links = [
        FollowUpAgency(agency=rows[name], position=i) for i, name in enumerate(names)
    ]


def _set_assignee(session: Session, item: FollowUp, name: str | None) -> None:
    item.assignee = session.scalar(select(User).where(User.name == name)) if name else None


@dataclass(frozen=True)
class TrackedField:
    """A field of a follow-up item whose every change history records."""

    name: str  # the ``FollowUp`` attribute, history's ``field`` and the API's key
    label: Label
    kind: str  # a key of ``KINDS``
    editable: bool = True  # people change it; otherwise only the ingest does
    imported: bool = False  # a column that the spreadsheet round trip reads back
    get: Callable[[FollowUp], Any] | None = None  # default: the attribute
    put: Callable[[Session, FollowUp, Any], None] | None = None  # default: set the attribute

    def read(self, session: Session | None, value: Any) -> Any:
        """A typed value as stored (``TrackingError`` naming this field); without a session,
        normalised only (a user's name is not looked up)."""
        return KINDS[self.kind].read(session, value, self.name)

    def current(self, item: FollowUp) -> Any:
        """The item's value."""
        return self.get(item) if self.get else getattr(item, self.name)

    def set(self, session: Session, item: FollowUp, value: Any) -> None:
        """Give the item this value."""
        if self.put:
            self.put(session, item, value)
        else:
            setattr(item, self.name, value)

    def dump(self, value: Any) -> str | None:
        """The value as history keeps it (text; dates ISO; lists as JSON)."""
        return KINDS[self.kind].dump(value)

    def load(self, text: str | None) -> Any:
        """History text read back as a value."""
        return KINDS[self.kind].load(text)


TRACKED: list[TrackedField] = [
    TrackedField("status", Label("สถานะ", "Status"), "status", imported=True),
    TrackedField("progress", Label("ความคืบหน้า", "Progress"), "percent", imported=True),
    TrackedField("due_date", Label("กำหนดเสร็จ", "Due"), "date", imported=True),
    TrackedField(
        "agencies",
        Label("หน่วยงานรับผิดชอบ", "Responsible agencies"),
        "names",
        get=_agencies_of,
        put=_set_agencies,
    ),
    TrackedField(
        "assignee",
        Label("ผู้รับผิดชอบ", "Assignee"),
        "user",
        get=lambda item: item.assignee.name if item.assignee else None,
        put=_set_assignee,
    ),
    TrackedField("notes", Label("บันทึกความคืบหน้า", "Progress notes"), "markdown", imported=True),
    TrackedField("text", Label("ข้อความ", "Text"), "text", editable=False),
    TrackedField(
        "removed_from_source",
        Label("ไม่ปรากฏในต้นฉบับ", "No longer in the source"),
        "flag",
        editable=False,
    ),
]


def tracked(name: str) -> TrackedField | None:
    """The entry of field ``name``, or None."""
    return next((field for field in TRACKED if field.name == name), None)


def editable() -> tuple[str, ...]:
    """The fields people change, in order."""
    return tuple(field.name for field in TRACKED if field.editable)


def imported() -> tuple[str, ...]:
    """The fields the spreadsheet import reads back, in order."""
    return tuple(field.name for field in TRACKED if field.imported)
