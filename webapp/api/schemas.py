"""The JSON API's requests and answers as pydantic models: the routes validate requests with
them and ``webapp/api/openapi.py`` derives ``/api/openapi.json`` from them.

Answers are closed objects (``extra="forbid"``: no other key) with every key present, ``null``
where a value may be missing. A model's docstring and its fields' descriptions are what the
document says about them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    RootModel,
    create_model,
    model_validator,
)

from archive.store.lookups import MAX_ID
from archive.store.vocabulary import FOLLOW_UP_STATUSES
from archive.tracking.dashboard import SORTS
from archive.tracking.fields import (
    MAX_AGENCIES,
    MAX_AGENCY,
    MAX_NOTES,
    MAX_USER,
    TRACKED,
    TrackedField,
)
from indexer.search.service import MAX_PER_PAGE, NOTICES
from indexer.search.service import SORTS as SEARCH_SORTS
from webapp.api.values import (
    DateText,
    FacetFilter,
    QueryInt,
    WholeNumber,
    keyed_by_facets,
    optional,
    text,
)
from webapp.followups.service import MAX_PER_PAGE as MAX_FOLLOW_UPS
from webapp.followups.service import PER_PAGE as FOLLOW_UPS_PER_PAGE
from webapp.services import MAX_QUERY, PER_PAGE

FLAGS = ("0", "1", "false", "true")
MAX_FOLLOW_UP_QUERY = 200

Status = Literal[FOLLOW_UP_STATUSES]  # type: ignore[valid-type]
Flag = Literal[FLAGS]  # type: ignore[valid-type]
Day = Annotated[date, Field(description="YYYY-MM-DD (Common Era)")]
Count = NonNegativeInt


class Answer(BaseModel):
    """A JSON object with exactly these keys."""

    model_config = ConfigDict(extra="forbid")


# ----------------------------------------------------------------------------- requests


class FacetQuery(BaseModel):
    """A search's words and facet filters."""

    q: str = Field(
        "",
        max_length=MAX_QUERY,
        description=(
            'Words in Thai or English, with the query syntax ("phrases", -word, OR, '
            "field:value filters). Empty: every record."
        ),
    )
    f: list[FacetFilter] = Field(
        [],
        description=(
            "Keep only records with this facet value, as field:value (repeatable; values of "
            "one field are OR-ed, fields AND-ed). Years may be Buddhist Era, countries names."
        ),
        examples=[["country:JP"]],
    )
    x: list[FacetFilter] = Field(
        [],
        description="Leave out records with this facet value, as field:value (repeatable).",
        examples=[["kind:project"]],
    )

    # An empty scalar parameter ("sort=") is one left out: OpenAPI says so (allowEmptyValue).
    EMPTY_LEFT_OUT: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _empty_is_left_out(cls, data: Any) -> Any:
        """URL parameters as the search reads them: an empty one is one left out."""
        if isinstance(data, dict):
            return {name: value for name, value in data.items() if value != ""}
        return data


class ExportQuery(FacetQuery):
    """A search's words, facet filters and order."""

    sort: Literal[SEARCH_SORTS] = Field(  # type: ignore[valid-type]
        "relevance", description="relevance (default), or date: newest first."
    )


class SearchQuery(ExportQuery):
    """A search and the page of hits wanted."""

    page: QueryInt = Field(1, ge=1, le=10_000, description="Page of hits, from 1.")
    limit: QueryInt = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Hits per page.")


class SuggestQuery(BaseModel):
    """What has been typed in the search box."""

    q: str = Field("", max_length=100, description="The start of a name, Thai or English.")
    limit: QueryInt = Field(8, ge=1, le=20, description="Suggestions at most.")


class RecordPath(BaseModel):
    """A record's id in the path."""

    record_id: int = Field(ge=0, le=MAX_ID)


class ItemPath(BaseModel):
    """A follow-up item's id in the path."""

    item_id: str = Field(
        min_length=1,
        max_length=40,
        pattern="^[^/]+$",
        description="A follow-up item's id, as `id` in the list",
    )


class FollowUpQuery(BaseModel):
    """The follow-up list's filters, order and page (strict: a value the document does not
    allow is refused, never ignored)."""

    status: list[Status] = Field(
        [], description="Keep items with this status (repeatable: any of them)."
    )
    agency: list[str] = Field([], description="Responsible agency (repeatable).")
    mission_group: list[str] = Field([], description="The record's mission group (repeatable).")
    organization: list[str] = Field([], description="The record's organisation (repeatable).")
    year: list[QueryInt] = Field(
        [], description="The meeting's year, CE or Buddhist era (2562 = 2019) (repeatable)."
    )
    assignee: list[str] = Field([], description="The assigned user's name (repeatable).")
    overdue: Flag = optional(description="1: only overdue items.")
    removed: Flag = optional(description="1: include items removed from their source document.")
    record: QueryInt = optional(description="Only the items of this record.")
    q: str = optional(max_length=MAX_FOLLOW_UP_QUERY, description="Words in the item's text.")
    sort: Literal[tuple(SORTS)] = optional(  # type: ignore[valid-type]
        description="Sort column; default: overdue items first, then by due date."
    )
    desc: Flag = optional(description="1: sort descending.")
    page: QueryInt = Field(1, ge=1, le=100_000, description="Page.")
    limit: QueryInt = Field(
        FOLLOW_UPS_PER_PAGE, ge=1, le=MAX_FOLLOW_UPS, description="Items per page."
    )
    as_of: DateText = optional(
        schema={"format": "date"},
        description="The list as it stood at the end of this past date, rebuilt from the history.",
    )


def _kind_field(field: TrackedField) -> tuple[Any, Any]:
    """The API's type and constraints of a tracked field, by its kind."""
    about = field.label.en
    kinds: dict[str, tuple[Any, Any]] = {
        "status": (Status, optional(description=about)),
        "percent": (WholeNumber, optional(ge=0, le=100, description=f"{about}: per cent done")),
        "date": (
            text(40) | None,  # type: ignore[operator]
            optional(
                schema={"format": "date"},
                description=(
                    f"{about}: YYYY-MM-DD; D/M/YYYY with a Buddhist-era year (31/03/2562) is "
                    "also accepted; null removes it"
                ),
            ),
        ),
        "names": (
            list[text(MAX_AGENCY)],  # type: ignore[misc]
            optional(max_length=MAX_AGENCIES, description=f"{about} (replaces the list)"),
        ),
        "user": (
            text(MAX_USER) | None,  # type: ignore[operator]
            optional(description=f"{about}: an active user's name; null unassigns"),
        ),
        "markdown": (text(MAX_NOTES), optional(description=f"{about}: Markdown (replaces them)")),
    }
    return kinds[field.kind]


FollowUpPatch = create_model(
    "FollowUpPatch",
    __config__=ConfigDict(extra="forbid", strict=True),
    __doc__=(
        "Any of the editable fields, an optional note, and the version the change starts from "
        "(required). Fields left out are unchanged; a note alone is recorded too."
    ),
    **{field.name: _kind_field(field) for field in TRACKED if field.editable},  # type: ignore[arg-type]
    note=(
        text(MAX_NOTES) | None,  # type: ignore[operator]
        Field(None, description="Why: stored with every history entry of this change"),
    ),
    version=(
        WholeNumber,
        Field(ge=1, description="The version of the item you started from (optimistic locking)"),
    ),
)


# ----------------------------------------------------------------------------- answers


class Error(Answer):
    """Every API error: 400 bad parameter, 404 unknown id or route, 5xx."""

    error: str = Field(min_length=1, description="What was wrong.")


class Venue(Answer):
    """Where a meeting took place."""

    raw: str = Field(description="The place as the document states it.")
    city: str | None = Field(description="English city name")
    country_code: str | None = Field(pattern="^[A-Z]{2}$", description="ISO 3166-1")
    country_name_th: str | None
    country_name_en: str | None
    online: bool = Field(description="Held by video or telephone: no physical place.")


class Quote(Answer):
    """Where a fact was read: offsets into the record's text (`archive show --json --text`)
    and the words there."""

    start: NonNegativeInt
    end: NonNegativeInt
    text: str


class PartyQuote(Quote):
    """Where a party to the meeting was read."""

    party: str = Field(description="Its ISO country code or organisation name.")


class Sources(Answer):
    """Where the record's facts were read (null: not stated, or set by hand)."""

    venue: Quote | None
    date: Quote | None
    parties: list[PartyQuote]


class RecordRef(Answer):
    """Another record, by its id and title."""

    id: int
    title: str


class Hit(Answer):
    """One record found by a search."""

    id: int
    title: str
    date_start: Day | None
    date_end: Day | None
    venue: Venue | None
    organization: str | None
    document_kind: str
    open_follow_ups: Count
    score: float
    snippet: str = Field(
        description="An HTML fragment: the text escaped, matched words in <mark>."
    )
    page: int | None = Field(
        ge=1,
        description="The page of the original PDF or scan the snippet comes from (null: not a "
        "paged original, or not known).",
    )
    also_reported_in: list[RecordRef] = Field(
        description="Other records an editor linked as reports of the same meeting (the "
        "search shows the meeting once), by id."
    )


class FacetCounts(RootModel[dict[str, list[tuple[str, Count]]]]):
    """Facet name -> [value, records] pairs, most records first."""

    model_config = ConfigDict(json_schema_extra=keyed_by_facets)


class SearchResult(Answer):
    """One page of hits and the facet counts of every hit."""

    total: Count
    page: int = Field(ge=1)
    limit: int = Field(ge=1, le=MAX_PER_PAGE)
    hits: list[Hit] = Field(max_length=MAX_PER_PAGE)
    facets: FacetCounts
    corrected_query: str | None = Field(
        description="Did you mean …? (only when nothing matched)"
    )
    notice: str | None = Field(description="How the query was read, when not as typed.")
    notice_code: Literal[tuple(NOTICES)] | None = Field(  # type: ignore[valid-type]
        description="The notice's code: relaxed (not every word found), syntax (searched as words)"
        ", syntax_empty (nothing left to search for)."
    )


class Label(Answer):
    """A name in Thai and in English."""

    th: str
    en: str


class FacetLabels(RootModel[dict[str, Label]]):
    """Facet name -> its Thai and English labels."""

    model_config = ConfigDict(json_schema_extra=keyed_by_facets)


class Facets(Answer):
    """The facet counts of a search, with the facets' labels."""

    total: Count
    facets: FacetCounts
    labels: FacetLabels


class Meeting(Answer):
    """One meeting a report covers."""

    name: str
    venue: Venue | None
    date_start: Day | None
    date_end: Day | None


class Finding(Answer):
    """A numbered finding or resolution of a report."""

    number: str | None = Field(description="As numbered: 1, 2.1, ก …")
    heading: str | None
    text: str


class RecordFollowUp(Answer):
    """A follow-up item as its record lists it."""

    id: str
    text: str
    agencies: list[str]
    due_date: Day | None
    status: Status
    removed_from_source: bool
    source: Quote | None = Field(description="The sentence that states it (null: added by hand).")


class Reporter(Answer):
    """Who wrote the report."""

    name: str | None
    position: str | None
    unit: str | None
    phone: str | None


class Record(Answer):
    """The record JSON of archive/serialize.py (also `archive show --json`), as people see
    it: corrected values where an editor corrected the document's."""

    id: int
    version: int = Field(ge=1, description="Incremented by every correction (optimistic locking)")
    title: str
    document_kind: str
    organization: str | None
    mission_group: str | None
    venue: Venue | None
    date_start: Day | None
    date_end: Day | None
    published: Day | None
    updated: Day | None
    meetings: list[Meeting]
    findings: list[Finding]
    follow_ups: list[RecordFollowUp]
    people: list[str]
    reporter: Reporter | None
    source_url: str | None
    source_path: str
    content_hash: str = Field(pattern="^[0-9a-f]+$")
    warnings: list[str]
    party_countries: list[str] = Field(
        description="Foreign countries that were parties to the meeting (ISO 3166-1; Thailand "
        "implied), wherever it was held."
    )
    party_organizations: list[str] = Field(
        description="International organisations and frameworks that were parties."
    )
    sources: Sources


class RelatedRecord(Answer):
    """A record related to another: linked by an editor, or like it."""

    id: int
    title: str
    date_start: Day | None
    date_end: Day | None
    organization: str | None
    link: Literal["same_meeting", "series"] | None = Field(
        description="same_meeting: another report of the meeting; series: the previous or next "
        "meeting of its series; null: a record like it (key terms, shared partners, date)."
    )
    score: float | None = Field(description="How alike (null for a linked record)")
    shared: list[str] = Field(
        description='Entities both records name or have as partners ("country:LA", "org:ASEAN")'
    )
    days_apart: int | None = Field(description="Days between the two meetings, when both dated")


class RelatedRecords(Answer):
    """The records related to one record: linked ones first, then the most alike."""

    record_id: int
    related: list[RelatedRecord]


class Suggestion(Answer):
    """A name to search for."""

    value: str = Field(description="What goes into the search box (in the script typed)")
    label: str = Field(description='How it reads: "ลาว (Laos)"')
    kind: Literal["country", "city", "organisation", "agency", "person"]
    records: Count = Field(description="Records about it (title, partners; agencies: facet)")


class Suggestions(Answer):
    """Names starting with what was typed, best first."""

    q: str
    suggestions: list[Suggestion]


# ----------------------------------------------------------------------------- follow-ups

Progress = Annotated[int, Field(ge=0, le=100, description="Per cent done")]
Version = Annotated[
    int, Field(ge=1, description="Incremented by every change (optimistic locking)")
]
LocalTime = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
        description="Local time of the server, YYYY-MM-DDTHH:MM:SS",
    ),
]
Breakdown = Annotated[
    list[tuple[str, Count, Count, Count]],
    Field(description="[value, items, open items, overdue items], largest first"),
]


class FollowUpChange(Answer):
    """One history entry: append-only, never edited or deleted."""

    at: LocalTime
    user: str | None = Field(description="Who (null: the system)")
    field: str = Field(
        description=(
            "The field changed (status, progress, due_date, agencies, assignee, notes, text, "
            "removed_from_source), or created, link, note (a note alone)"
        )
    )
    old_value: str | None = Field(description="As text; dates ISO, agencies a JSON list")
    new_value: str | None
    note: str | None = Field(description="The editor's note")
    version: int = Field(description="The item's version after it")


class FollowUpItem(Answer):
    """What every follow-up item shows."""

    id: str = Field(description="`<record id>-<key>`")
    record_id: int
    record_title: str
    meeting_date: Day | None
    text: str
    status: Status
    progress: Progress
    due_date: Day | None
    overdue: bool = Field(
        description="Due date passed (against the server's date), not done or cancelled"
    )
    agencies: list[str]
    assignee: str | None = Field(description="A user name")
    version: Version
    removed_from_source: bool = Field(
        description="No longer in its source document after a re-ingest (kept, not deleted)"
    )
    manual: bool = Field(description="Added by hand, not parsed from the document")


class FollowUpSummary(FollowUpItem):
    """One follow-up item of the list."""

    organization: str | None
    mission_group: str | None


class Link(Answer):
    """A later record that reports on an item."""

    record_id: int
    title: str


class FollowUp(FollowUpItem):
    """One follow-up item with its links and its whole history."""

    notes: str = Field(
        description="Markdown, as typed (plain text in JSON: never rendered here)"
    )
    links: list[Link] = Field(description="Later records that report on this item")
    history: list[FollowUpChange] = Field(description="Oldest first")


StatusCounts = create_model(
    "StatusCounts",
    __base__=Answer,
    __doc__="Items per status.",
    **{status: (Count, ...) for status in FOLLOW_UP_STATUSES},  # type: ignore[call-overload]
)


class FollowUpCounts(Answer):
    """Counts of every filtered item (not only the page)."""

    total: Count
    status: StatusCounts  # type: ignore[valid-type]
    overdue: Count
    agency: Breakdown = Field(description="By responsible agency")
    mission_group: Breakdown = Field(description="By mission group")
    organization: Breakdown = Field(description="By organisation")
    year: list[tuple[int, Count, Count, Count]] = Field(
        description="By meeting year (CE), latest first"
    )


class FollowUpList(Answer):
    """Counts and one page of the filtered, sorted follow-up items."""

    today: Day = Field(description="The date overdue is computed against")
    as_of: Day | None = Field(description="The past date the list was rebuilt for, or null")
    total: Count
    page: int = Field(ge=1)
    limit: int = Field(ge=1, le=MAX_FOLLOW_UPS)
    counts: FollowUpCounts
    items: list[FollowUpSummary] = Field(max_length=MAX_FOLLOW_UPS)


class EditConflict(Answer):
    """The item changed since the version sent: nothing was saved."""

    error: str = Field(min_length=1)
    current_version: int
    your_version: int
    changes: list[FollowUpChange] = Field(description="What others changed since your version")
