"""Decoded text -> one complete record. Layouts find what their documents state; the rules here
complete every record the same way and record a warning for each thing they could not find."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from archive.reference.organizations import find_organization, organization_named
from archive.store.recorddata import MeetingData, RecordData
from archive.thai.normalize import clean_text, collapse_spaces
from indexer.extract import layouts
from indexer.extract.actions import items_from_section
from indexer.extract.commitments import agreements_from_prose, items_from_prose, tells_meeting
from indexer.extract.dates import DateSpan, first_date_span
from indexer.extract.findings import split_findings
from indexer.extract.layouts import Draft, Page
from indexer.extract.offsets import TextLocator, item_span
from indexer.extract.partners import (
    Parties,
    find_parties,
    holds_meeting,
    reports_meeting,
    source_spans,
)
from indexer.extract.people import find_people
from indexer.extract.sections import numbering
from indexer.extract.venue_prose import in_thai_office, prose_venue, venue_phrase
from indexer.extract.venues import resolve_venue

MAX_TITLE = 500
_KIND_CUES = [
    ("visit", re.compile(r"การ(?:เดินทาง)?เยือน|การศึกษาดูงาน|ลงพื้นที่|study visit", re.IGNORECASE)),
    ("meeting", re.compile(r"ประชุม|หารือ|สัมมนา|conference|meeting|summit|forum|workshop", re.I)),
    ("project", re.compile(r"^โครงการ")),
]


def content_hash(text: str) -> str:
    """SHA-256 of the decoded text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_text(text: str, *, source_path: str, source_format: str = "text") -> RecordData:
    """Parse decoded document text into a record. Never raises on odd text: what cannot be
    found is left empty and named in ``warnings``."""
    cleaned = clean_text(text)
    page = Page.from_text(cleaned)
    layout = layouts.detect(page)
    draft = layout.extract(page)
    return _complete(draft, page, text=text, source_path=source_path, source_format=source_format)


def _complete(
    draft: Draft, page: Page, *, text: str, source_path: str, source_format: str
) -> RecordData:
    warnings = list(draft.warnings)
    title = collapse_spaces(draft.title or "")[:MAX_TITLE]
    if not title:
        title = source_path.rsplit("/", 1)[-1]
        warnings.append("no title found: file name used")

    meetings = _meetings(draft.meeting_lines or [])
    date_start, date_end = draft.date_start, draft.date_end
    date_phrase = draft.date_phrase
    if meetings:
        starts = [m.date_start for m in meetings if m.date_start]
        ends = [m.date_end or m.date_start for m in meetings if m.date_start]
        if starts:
            date_start, date_end = min(starts), max(e for e in ends if e)
    if date_start is None and draft.date_text:
        span = first_date_span(draft.date_text)
        if span:
            date_start, date_end, date_phrase = span.start, span.end, span.text
    if date_start is None and draft.kind != "project":
        span = _first_body_date(draft.body)
        if span:
            date_start, date_end, date_phrase = span.start, span.end, span.text
            warnings.append(f"meeting date taken from the text: “{span.text}”")
    if date_start is None:
        warnings.append("no meeting date found")

    venue_text = draft.venue_text and collapse_spaces(draft.venue_text)
    if not venue_text and meetings:
        main = _main_meeting(meetings, title).venue
        venue_text = main.raw if main else None
    venue = resolve_venue(venue_text) if venue_text else None
    parties = find_parties(title, draft.body) if draft.kind != "project" else Parties()
    domestic = not (parties.countries or parties.organizations)  # no foreign party
    if venue is None and draft.kind != "project":
        venue = prose_venue(title, draft.body, domestic=domestic)
    if venue is not None and not venue.country_code and not venue.online and draft.address:
        # A meeting room of the issuing office ("ห้องประชุมชั้น ๑ อาคารเพชรรัตน์ กอ.รมน.") is at
        # the office's address, which the contact footer gives.
        office = resolve_venue(draft.address)
        if office.country_code:
            venue = replace(office, raw=venue.raw)
            warnings.append(
                f"venue city taken from the issuing office's address: “{draft.address}”"
            )
    if venue is not None:
        venue = in_thai_office(venue)
    if venue is None:
        warnings.append("no venue found")
    elif not venue.country_code and not venue.online:
        warnings.append(f"venue not matched to a city or country: “{venue.raw}”")

    findings_lines = draft.findings_lines if draft.findings_lines is not None else draft.body
    findings = split_findings(findings_lines, prose=draft.layout != "bma_form")
    if not findings:
        warnings.append("no summary text found")

    after = date_end or date_start
    if draft.follow_up_lines is not None:
        follow_ups = items_from_section(draft.follow_up_lines, after=after)
        keys = {item.key for item in follow_ups}
        lines = [line for f in findings for line in f.text.splitlines() if line.strip()]
        summary = agreements_from_prose(lines, after=after)
        follow_ups += [item for item in summary if item.key not in keys]
    elif draft.kind == "news" and not (
        ((parties.countries or parties.organizations) and reports_meeting(title, draft.body))
        or holds_meeting(title, draft.body)
    ):
        follow_ups = []  # news of no meeting (a speech or a cabinet item may name parties)
    else:
        follow_ups = items_from_prose(draft.body, after=after, domestic=domestic)
        if date_phrase and date_start:
            days = (date_start, date_end or date_start)
            follow_ups = [
                i
                for i in follow_ups
                if not tells_meeting(i.text, date_phrase, domestic=domestic, days=days)
            ]
    if draft.kind == "project":
        follow_ups = follow_ups if draft.follow_up_lines is not None else []
    if not follow_ups and draft.kind in ("meeting", "visit"):
        warnings.append("no follow-up actions found")

    # Where each fact was read, in offsets of ``text``.
    locator = TextLocator(text)
    venue = venue and replace(venue, source_span=locator.span(venue.raw))
    meetings = [
        replace(m, venue=replace(m.venue, source_span=locator.span(m.venue.raw)))
        if m.venue is not None
        else m
        for m in meetings
    ]
    follow_ups = [replace(item, source_span=item_span(item.text, locator)) for item in follow_ups]

    organization = _organization(draft, page)
    if organization is None:
        warnings.append("issuing organisation not stated")
    if not meetings and draft.kind in ("meeting", "visit") and date_start:
        meetings = [MeetingData(name=title, venue=venue, date_start=date_start, date_end=date_end)]

    return RecordData(
        title=title,
        text=text,
        source_path=source_path,
        content_hash=content_hash(text),
        source_format=source_format,
        document_kind=draft.kind or _kind(title, draft.body),
        organization=organization,
        mission_group=draft.mission_group,
        venue=venue,
        date_start=date_start,
        date_end=date_end or date_start,
        published=draft.published,
        updated=draft.updated,
        meetings=meetings,
        findings=findings,
        follow_ups=follow_ups,
        people=find_people(page.text),
        reporter=draft.reporter,
        source_url=draft.source_url,
        warnings=warnings,
        date_span=locator.span(date_phrase) if date_phrase and date_start else None,
        party_countries=parties.countries,
        party_organizations=parties.organizations,
        party_sources=source_spans(parties, locator.span),
    )


def _first_body_date(body: list[str]) -> DateSpan | None:
    for paragraph in body:
        span = first_date_span(paragraph)
        if span:
            return span
    return None


def _meetings(lines: list[str]) -> list[MeetingData]:
    """Meetings listed under "สถานที่/วันที่": "1. <name> ระหว่างวันที่ <dates> ณ <venue>"."""
    items: list[str] = []
    for line in lines:
        numbered = numbering(line)
        if numbered or not items:
            items.append(numbered[1] if numbered else line.strip())
        else:
            items[-1] = f"{items[-1]} {line.strip()}"
    meetings = []
    for item in items:
        span = first_date_span(item)
        name = item[: span.pos] if span else item
        name = re.sub(r"\s*(?:ระหว่าง)?(?:วันที่|ในวันที่)\s*$", "", name).strip()
        rest = item[span.endpos :] if span else item
        place = venue_phrase(rest) or (rest.strip() or None)
        meetings.append(
            MeetingData(
                name=collapse_spaces(name) or collapse_spaces(item),
                venue=resolve_venue(collapse_spaces(place)) if place else None,
                date_start=span.start if span else None,
                date_end=span.end if span else None,
            )
        )
    return meetings


def _main_meeting(meetings: list[MeetingData], title: str) -> MeetingData:
    """The meeting the title names (most shared leading characters), else the first."""

    def shared(name: str) -> int:
        count = 0
        for a, b in zip(name, title, strict=False):
            if a != b:
                break
            count += 1
        return count

    return max(meetings, key=lambda m: shared(m.name))


def _organization(draft: Draft, page: Page) -> str | None:
    if draft.organization:
        known = organization_named(draft.organization)
        return known.name_th if known else draft.organization
    reporter = draft.reporter
    head = "\n".join(page.nonblank()[:3])
    tail = "\n".join(page.nonblank()[-4:])
    return find_organization(reporter.unit if reporter else None, tail, head)


def _kind(title: str, body: list[str]) -> str:
    for kind, cue in _KIND_CUES:
        if cue.search(title):
            return kind
    return "other"
