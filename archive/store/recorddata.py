"""Plain data for one parsed document: what the indexer hands to the store.

These dataclasses are the contract between ``indexer`` (which produces them from files) and
``archive`` (which stores them). They carry no database state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Character offsets (start, end) into ``RecordData.text`` of the phrase or sentence a fact was
# read from, so that ``text[start:end]`` shows it ("จากข้อความ: …").
Span = tuple[int, int]


@dataclass
class VenueData:
    raw: str
    city: str | None = None
    city_th: str | None = None
    country_code: str | None = None
    country_name_th: str | None = None
    country_name_en: str | None = None
    online: bool = False  # held by video or phone: no physical city or country
    source_span: Span | None = None


@dataclass
class MeetingData:
    name: str
    venue: VenueData | None = None
    date_start: date | None = None
    date_end: date | None = None


@dataclass
class FindingData:
    number: str | None
    heading: str | None
    text: str


@dataclass
class FollowUpData:
    text: str
    key: str  # stable across re-ingest: derived from the folded text by the parser
    agencies: list[str] = field(default_factory=list)
    due_date: date | None = None
    status: str = "open"
    source_span: Span | None = None


@dataclass
class ReporterData:
    name: str | None = None
    position: str | None = None
    unit: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class OriginalData:
    """The file a document was read from, kept as the record's original (``store.originals``)."""

    filename: str
    data: bytes


@dataclass
class RecordData:
    title: str
    text: str
    source_path: str
    content_hash: str
    source_format: str = "text"
    document_kind: str = "other"
    organization: str | None = None
    mission_group: str | None = None
    venue: VenueData | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_span: Span | None = None  # where the meeting's own date is stated
    published: date | None = None
    updated: date | None = None
    meetings: list[MeetingData] = field(default_factory=list)
    findings: list[FindingData] = field(default_factory=list)
    follow_ups: list[FollowUpData] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    reporter: ReporterData | None = None
    source_url: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Where each page starts in ``text`` (character offsets, first 0) for paged sources (PDF,
    # multi-page TIFF); empty when the source is not paged.
    page_starts: list[int] = field(default_factory=list)
    # The foreign parties to the meeting (Thailand implied): ISO 3166-1 alpha-2 codes, and
    # international organisations and frameworks by their canonical name; each with where it
    # was read, keyed by the code or name.
    party_countries: list[str] = field(default_factory=list)
    party_organizations: list[str] = field(default_factory=list)
    party_sources: dict[str, Span] = field(default_factory=dict)
    original: OriginalData | None = None  # the file's bytes, stored with the record
