"""Bangkok Metropolitan Administration summary forms ("สรุปเนื้อหาการประชุม...", กลุ่มภารกิจ, labelled
sections ชื่อการประชุม / สถานที่ / วันที่ / สรุปเนื้อหา / การดำเนินงานต่อเนื่อง / ผู้รายงาน), numbered
or not, and the looser variant with "สถานที่/วันที่" listing several meetings."""

from __future__ import annotations

import re

from archive.reference.organizations import find_organization
from indexer.extract.layouts import Draft, Page, deduplicated_title, paragraphs
from indexer.extract.people import parse_reporter
from indexer.extract.sections import split_sections

NAME = "bma_form"
VISIT = re.compile(r"การ(?:เดินทาง)?เยือน|การศึกษาดูงาน|study visit|การเยี่ยมชม", re.IGNORECASE)
_FORM_HEADING = "สรุปเนื้อหาการประชุม"
_CORE = {
    "title",
    "venue",
    "date",
    "venue_date",
    "findings",
    "follow_up",
    "reporter",
    "mission_group",
}


def matches(page: Page) -> bool:
    """At least three labelled sections of the form."""
    return len(_CORE.intersection(split_sections(page.lines).order)) >= 3


def extract(page: Page) -> Draft:
    """Fields from the labelled sections."""
    sections = split_sections(page.lines)
    draft = Draft(layout=NAME)
    top_title, _ = deduplicated_title(page.lines)
    preamble = paragraphs(sections.preamble)
    named = sections.text("title")
    draft.topic = sections.text("topic")
    if named:
        draft.title = " ".join(named.split())
    elif top_title:
        draft.title = top_title
    elif draft.topic:
        draft.title = draft.topic.strip('“”"')
    else:
        candidates = [line for line in preamble if not line.startswith(_FORM_HEADING)]
        draft.title = candidates[0] if candidates else (preamble[0] if preamble else None)
    draft.mission_group = sections.text("mission_group")
    if draft.mission_group:
        draft.mission_group = " ".join(draft.mission_group.split())
    draft.venue_text = sections.text("venue")
    draft.date_text = sections.text("date")
    if sections.get("venue_date") is not None:
        draft.meeting_lines = [line for line in sections.get("venue_date") or [] if line.strip()]
    findings = sections.get("findings")
    draft.findings_lines = findings
    draft.follow_up_lines = sections.get("follow_up")
    if sections.get("reporter"):
        draft.reporter = parse_reporter(sections.get("reporter") or [])
    draft.body = paragraphs(findings or [])
    draft.kind = "visit" if draft.title and VISIT.search(draft.title) else "meeting"
    draft.organization = find_organization(
        draft.reporter.unit if draft.reporter else None, "\n".join(page.nonblank())
    )
    # The preamble of the looser form describes the meetings and dates in one sentence.
    if not draft.date_text and not draft.meeting_lines:
        draft.date_text = next((line for line in preamble if line.startswith(_FORM_HEADING)), None)
    return draft
