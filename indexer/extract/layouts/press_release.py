"""Press releases (e.g. ISOC / กอ.รมน.): a headline, a body opening "วันนี้ (๒๒ก.พ.63)", numbered
decisions "1. <topic> : <text>", a closing date line and a contact footer with a phone number."""

from __future__ import annotations

import re

from indexer.extract.dates import first_date_span
from indexer.extract.layouts import Draft, Page, paragraphs
from indexer.extract.people import contact_footer
from indexer.extract.sections import numbering

NAME = "press_release"
_TODAY = re.compile(r"^\s*วันนี้\s*\(")
_DATE_ONLY = re.compile(r"^[\s\d๐-๙./ก-ฮ]{4,24}$")


def matches(page: Page) -> bool:
    """A body paragraph near the top opens with "วันนี้ (<date>)"."""
    return any(_TODAY.match(line) for line in paragraphs(page.lines)[1:5])


def extract(page: Page) -> Draft:
    """Headline, date from the opening, numbered decisions as findings, footer as reporter."""
    lines = paragraphs(page.lines)
    draft = Draft(layout=NAME, title=lines[0], kind="meeting")
    body = lines[1:]
    draft.reporter = contact_footer(body)
    if draft.reporter:
        footer = [line for line in body if draft.reporter.phone in line or "โทร" in line]
        draft.address = footer[-1] if footer else None
        body = [line for line in body if line not in footer]
    # A closing line holding only a date ("๒๒ ก.พ. 63") repeats the release date.
    while body and _DATE_ONLY.match(body[-1]) and first_date_span(body[-1]):
        draft.published = first_date_span(body[-1]).start  # type: ignore[union-attr]
        body = body[:-1]
    draft.body = body
    draft.date_text = next((p for p in body if _TODAY.match(p)), None)
    if any(numbering(line) for line in body):
        draft.findings_lines = body
    return draft
