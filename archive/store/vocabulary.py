"""The archive's controlled values (document kinds, statuses, roles), each with its labels.

Each value is defined here once, with its Thai and English label; models, validation, the
search facets, spreadsheets and the web pages all read these tables.
"""

from __future__ import annotations

from typing import NamedTuple


class Label(NamedTuple):
    """A value's Thai and English labels."""

    th: str
    en: str

    def text(self, language: str) -> str:
        """The label in ``language`` ("th" or "en"); Thai for any other."""
        return self.en if language == "en" else self.th


DOCUMENT_KINDS: dict[str, Label] = {
    "meeting": Label("การประชุม", "Meeting"),
    "visit": Label("การศึกษาดูงาน", "Study visit"),
    "project": Label("โครงการ", "Project"),
    "news": Label("ข่าว", "News"),
    "other": Label("อื่น ๆ", "Other"),
}
FOLLOW_UP_STATUS_LABELS: dict[str, Label] = {
    "open": Label("รอดำเนินการ", "Open"),
    "in_progress": Label("อยู่ระหว่างดำเนินการ", "In progress"),
    "done": Label("ดำเนินการแล้ว", "Done"),
    "cancelled": Label("ยกเลิก", "Cancelled"),
}
FOLLOW_UP_STATUSES = tuple(FOLLOW_UP_STATUS_LABELS)
OPEN_STATUSES = ("open", "in_progress")
CLOSED_STATUSES = ("done", "cancelled")
# A record's follow-up status as a whole (the search facet "status").
RECORD_STATUS_LABELS: dict[str, Label] = {
    "open": Label("ยังค้างดำเนินการ", "Open follow-ups"),
    "done": Label("ดำเนินการแล้ว", "Done"),
    "none": Label("ไม่มีเรื่องติดตาม", "No follow-ups"),
}
ROLE_LABELS: dict[str, Label] = {
    "viewer": Label("ผู้อ่าน", "Reader"),
    "editor": Label("ผู้แก้ไข", "Editor"),
    "admin": Label("ผู้ดูแลระบบ", "Administrator"),
}
ROLES = tuple(ROLE_LABELS)  # viewer < editor < admin


def label(table: dict[str, Label], value: str, language: str) -> str:
    """``value``'s label in ``language`` from ``table`` (the value itself when unknown)."""
    entry = table.get(value)
    return entry.text(language) if entry is not None else value
