"""Ministry of Foreign Affairs web pages: the title twice, "วันที่นำเข้าข้อมูล" and
"วันที่ปรับปรุงข้อมูล" lines, a view counter (dropped as noise), then prose."""

from __future__ import annotations

import re

from indexer.extract.dates import first_date_span
from indexer.extract.layouts import Draft, Page, deduplicated_title, paragraphs

NAME = "mfa_page"
_ENTERED = re.compile(r"^\s*วันที่นำเข้าข้อมูล\s*:?\s*(?P<date>.+)$")
_UPDATED = re.compile(r"^\s*วันที่ปรับปรุงข้อมูล\s*:?\s*(?P<date>.+)$")


def matches(page: Page) -> bool:
    """The page carries the MFA site's data-entry date line."""
    return any(_ENTERED.match(line) for line in page.lines[:40])


def extract(page: Page) -> Draft:
    """Title, publication dates and prose body."""
    title, after = deduplicated_title(page.lines)
    lines = page.lines[after:] if title else page.lines
    if title is None:
        first = paragraphs(page.lines)
        title = first[0] if first else None
        lines = page.lines[page.lines.index(next(x for x in page.lines if x.strip())) + 1 :]
    draft = Draft(layout=NAME, title=title, kind="meeting", organization="กระทรวงการต่างประเทศ")
    body = []
    for line in lines:
        entered, updated = _ENTERED.match(line), _UPDATED.match(line)
        if entered:
            span = first_date_span(entered.group("date"))
            draft.published = span.start if span else None
        elif updated:
            span = first_date_span(updated.group("date"))
            draft.updated = span.start if span else None
        else:
            body.append(line)
    draft.body = paragraphs(body)
    draft.date_text = next((p for p in draft.body if first_date_span(p)), None)
    return draft
