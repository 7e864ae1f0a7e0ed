"""Project descriptions: a page about a programme ("โครงการ... เป็นข้อเสนอโครงการของ <body>"), with
no meeting date or venue of its own."""

from __future__ import annotations

import re

from indexer.extract.dates import first_date_span
from indexer.extract.layouts import Draft, Page, paragraphs

NAME = "project"
_PROJECT = re.compile(r"^โครงการ\S")
_COPULA = re.compile(r"\s(?:เป็น(?:ข้อเสนอ)?โครงการ|เป็นความร่วมมือ|มีวัตถุประสงค์|ได้รับการสนับสนุน)")
_OWNER = re.compile(r"(?:ข้อเสนอโครงการของ|โครงการของ|ดำเนินการโดย|ริเริ่มโดย)\s*(?P<owner>\S+)")
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9 .\-]{1,24}$")


def matches(page: Page) -> bool:
    """A line near the top introduces a project, and the top states no date."""
    lines = paragraphs(page.lines)[:4]
    return any(_PROJECT.match(line) for line in lines) and not any(
        first_date_span(line) for line in lines
    )


def extract(page: Page) -> Draft:
    """Title from the project sentence (with its short Latin name if one heads the page)."""
    lines = paragraphs(page.lines)
    index = next(i for i, line in enumerate(lines[:4]) if _PROJECT.match(line))
    sentence = lines[index]
    cut = _COPULA.search(sentence)
    title = sentence[: cut.start()].strip() if cut else sentence
    if index > 0 and _ACRONYM.match(lines[index - 1]) and lines[index - 1] not in title:
        title = f"{title} ({lines[index - 1]})"
    draft = Draft(layout=NAME, title=title, kind="project")
    owner = _OWNER.search(sentence)
    if owner:
        draft.organization = owner.group("owner")
    draft.body = lines[index:]
    draft.findings_lines = lines[index:]
    return draft
