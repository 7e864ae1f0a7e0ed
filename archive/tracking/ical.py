"""An iCalendar (RFC 5545) feed of follow-up due dates, for managers' calendar apps.

One all-day event per item that is still to be done (open or in progress, with a due date,
still in its source document). Done and cancelled items are left out: a subscribed calendar
drops a deadline once it is met, and the feed stays a list of work to do. An item keeps its
UID (``<item id>@thai-meeting-archive``) for life, so clients update rather than duplicate it
when the date or status changes; SEQUENCE is the item's version. Items not yet due carry a
reminder at 09:00 three days before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from archive.store.vocabulary import CLOSED_STATUSES
from archive.tracking.dashboard import ItemState
from archive.tracking.sheets import STATUS_TH

UID_DOMAIN = "thai-meeting-archive"
PRODID = "-//Thai Meeting Archive//Follow-up due dates//TH"
SUMMARY_LENGTH = 80
# A trigger relative to the all-day event's start (midnight): 09:00, three days before.
REMINDER = -timedelta(days=3) + timedelta(hours=9)
REFRESH = timedelta(hours=6)
# Thai vowels written before their consonant (a summary never ends on one) and the vowel
# and tone marks that belong to the consonant before them (never cut off from it).
_LEADING_VOWELS = "เแโใไ"
_FOLLOWING_MARKS = (
    "\u0e31" + "".join(map(chr, range(0x0E33, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)


def _listed(state: ItemState) -> bool:
    return (
        state.due_date is not None
        and state.status not in CLOSED_STATUSES
        and not state.removed_from_source
    )


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """``text`` on one line, cut to ``limit`` characters at a space when one is near the end,
    never between a Thai consonant and its vowel or tone marks; "…" marks the cut."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit - 1
        while cut > 0 and line[cut] in _FOLLOWING_MARKS:
            cut -= 1
        while cut > 0 and line[cut - 1] in _LEADING_VOWELS:
            cut -= 1
    return line[:cut].rstrip() + "…"


def _description(state: ItemState, url: str, today: date) -> str:
    lines = [state.text.strip(), ""]
    lines.append(f"รายงานการประชุม: {state.record_title}")
    if state.agencies:
        lines.append(f"หน่วยงานที่รับผิดชอบ: {', '.join(state.agencies)}")
    if state.assignee:
        lines.append(f"ผู้รับผิดชอบ: {state.assignee}")
    status = STATUS_TH.get(state.status, state.status)
    lines.append(f"สถานะ: {status} ({state.progress}%)")
    if state.due_date is not None and state.due_date < today:
        lines.append("เลยกำหนดแล้ว")
    lines.append(url)
    return "\n".join(lines)


def due_dates_calendar(
    states: list[ItemState], *, name: str, item_url: Callable[[str], str], today: date
) -> bytes:
    """A VCALENDAR with one all-day VEVENT per open item with a due date (``item_url`` gives
    each item's absolute URL; DTSTAMP is ``today`` at 00:00 UTC)."""
    name = " ".join(name.split())  # a calendar's name is one content line (it may echo a URL)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = datetime.combine(today, time(), tzinfo=UTC)
    listed = sorted(filter(_listed, states), key=lambda s: (s.due_date, s.record_id, s.id))
    for state in listed:
        assert state.due_date is not None
        url = item_url(state.id)
        summary = shorten(state.text)
        event = Event()
        event.add("uid", f"{state.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", state.due_date)
        event.add("dtend", state.due_date + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", _description(state, url, today))
        event.add("url", url)
        event.add("sequence", state.version)
        event.add("transp", "TRANSPARENT")
        if state.agencies:
            event.add("categories", state.agencies)
        if state.due_date >= today:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"ครบกำหนดใน 3 วัน: {summary}")
            alarm.add("trigger", REMINDER)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
