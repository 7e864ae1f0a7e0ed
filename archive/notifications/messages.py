"""A message's content (heading, lines, listed items, links) and its plain-text and HTML
bodies, in Thai or English; dates in Buddhist era (and Common Era in English)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

from archive.thai.calendar import ENGLISH_MONTH_ABBRS, format_thai_range, to_be

WORDS = {  # key -> (Thai, English)
    "search.subject": ("การค้นหา “{name}”: ระเบียนใหม่ {count} รายการ",
                       "Saved search “{name}”: {count} new records"),
    "search.intro": ("ระเบียนที่ตรงกับการค้นหา “{name}” ซึ่งเพิ่มเข้ามาตั้งแต่ครั้งก่อน",
                     "Records matching your saved search “{name}” added since the last digest"),
    "search.open": ("เปิดการค้นหานี้", "Open this search"),
    "due.subject": ("เตือน: เรื่องติดตามครบกำหนด {due}", "Reminder: follow-up due {due}"),
    "due.intro": ("เรื่องที่ท่านรับผิดชอบจะครบกำหนดในอีก {days} วัน",
                  "An item assigned to you is due in {days} days"),
    "overdue.subject": ("เกินกำหนด: เรื่องติดตามครบกำหนด {due}",
                        "Overdue: follow-up was due {due}"),
    "overdue.intro": ("เรื่องที่ท่านรับผิดชอบเลยกำหนดแล้ว", "An item assigned to you is overdue"),
    "agency.subject": ("{agency}: เรื่องติดตามค้าง {open} รายการ (เกินกำหนด {overdue})",
                       "{agency}: {open} open follow-ups ({overdue} overdue)"),
    "agency.intro": ("เรื่องติดตามของ{agency}ที่ยังไม่แล้วเสร็จ",
                     "Open follow-ups of {agency}"),
    "dashboard.subject": ("สรุปเรื่องติดตามประจำสัปดาห์: ค้าง {open} เกินกำหนด {overdue}",
                          "Weekly follow-up summary: {open} open, {overdue} overdue"),
    "dashboard.intro": ("สรุปเรื่องติดตามทั้งหมด ณ วันที่ {today}",
                        "All follow-ups as of {today}"),
    "total": ("ทั้งหมด", "Total"),
    "open": ("ยังไม่แล้วเสร็จ", "Open"),
    "overdue": ("เกินกำหนด", "Overdue"),
    "due": ("กำหนด", "Due"),
    "venue": ("สถานที่", "Venue"),
    "meeting": ("การประชุม", "Meeting"),
    "agency_row": ("หน่วยงาน", "Agency"),
    "dashboard.link": ("แดชบอร์ดเรื่องติดตาม", "Follow-up dashboard"),
    "footer": ("ท่านได้รับอีเมลนี้จากคลังข้อมูลการประชุมความร่วมมือระหว่างประเทศ",
               "You receive this e-mail from the archive of international cooperation meetings"),
    "unsubscribe": ("ยกเลิกการรับอีเมลนี้", "Unsubscribe"),
}


def word(key: str, language: str, **values: object) -> str:
    """The wording of ``key`` in ``language`` ("th" or "en") with ``values`` filled in."""
    th, en = WORDS[key]
    return (en if language == "en" else th).format(**values)


def date_text(start: date | None, end: date | None, language: str) -> str:
    """Thai: "4 – 15 พฤศจิกายน 2561"; English: "4 Nov 2018 – 15 Nov 2018 (BE 2561)"; "" if none."""
    if start is None:
        return ""
    end = end if end is not None and end >= start else None
    if language != "en":
        return format_thai_range(start, end)

    def one(d: date) -> str:
        return f"{d.day} {ENGLISH_MONTH_ABBRS[d.month - 1]} {d.year}"

    text = one(start) if end is None or end == start else f"{one(start)} – {one(end)}"
    years = sorted({to_be(start.year), to_be((end or start).year)})
    return f"{text} (BE {'–'.join(map(str, years))})"


@dataclass
class Item:
    """One listed thing: a title with its link and lines of details."""

    title: str
    url: str
    details: list[str] = field(default_factory=list)


@dataclass
class Message:
    """What one e-mail says."""

    language: str
    subject: str
    intro: str
    items: list[Item] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (label, url) below the items
    unsubscribe_url: str | None = None

    def text(self) -> str:
        """The plain-text body."""
        lines = [self.intro, ""]
        for item in self.items:
            lines.append(f"* {item.title}")
            lines += [f"  {detail}" for detail in item.details]
            lines += [f"  {item.url}", ""]
        if self.link:
            lines += [f"{self.link[0]}: {self.link[1]}", ""]
        lines += ["-- ", word("footer", self.language)]
        if self.unsubscribe_url:
            lines.append(f"{word('unsubscribe', self.language)}: {self.unsubscribe_url}")
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        """The HTML body (every value escaped)."""
        parts = [
            f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title>{escape(self.subject)}</title></head><body>",
            f"<p>{escape(self.intro)}</p>",
        ]
        if self.items:
            parts.append("<ul>")
            for item in self.items:
                details = "".join(f"<br>{escape(d)}" for d in item.details)
                parts.append(
                    f'<li><a href="{escape(item.url)}">{escape(item.title)}</a>{details}</li>'
                )
            parts.append("</ul>")
        if self.link:
            parts.append(f'<p><a href="{escape(self.link[1])}">{escape(self.link[0])}</a></p>')
        parts.append(f"<hr><p><small>{escape(word('footer', self.language))}")
        if self.unsubscribe_url:
            parts.append(
                f' · <a href="{escape(self.unsubscribe_url)}">'
                f"{escape(word('unsubscribe', self.language))}</a>"
            )
        parts.append("</small></p></body></html>")
        return "".join(parts)
