"""The JSON API's requests and answers for correcting records: the change, the history."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from archive.curation.edits import EDITABLE, MAX_NOTE
from archive.curation.values import MAX_NAME, MAX_RAW, MAX_TEXT, MAX_TITLE
from archive.store.vocabulary import DOCUMENT_KINDS
from webapp.api.schemas import Answer
from webapp.api.values import WholeNumber, optional, text

Kind = Literal[tuple(DOCUMENT_KINDS)]  # type: ignore[valid-type]
DATE_TEXT = "YYYY-MM-DD, D/M/YYYY or D <Thai month> YYYY; a year from 2400 on is Buddhist era"
LocalTime = Field(
    pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
    description="Local time of the server, YYYY-MM-DDTHH:MM:SS",
)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VenueInput(_Input):
    """A venue: as written, and its city and country (gazetteer names, Thai or English, or
    ISO codes; found in `raw` when both are left out). Country names follow from the code."""

    raw: text(MAX_RAW) | None = optional()  # type: ignore[valid-type]
    city: text(MAX_NAME) | None = optional()  # type: ignore[valid-type]
    country_code: text(MAX_NAME) | None = optional()  # type: ignore[valid-type]
    country_name_th: text(MAX_NAME) | None = optional(description="Ignored (from the code)")  # type: ignore[valid-type]
    country_name_en: text(MAX_NAME) | None = optional(description="Ignored (from the code)")  # type: ignore[valid-type]
    online: bool = optional()


class MeetingInput(_Input):
    """One meeting the record covers."""

    name: text(MAX_RAW)  # type: ignore[valid-type]
    venue: VenueInput | None = optional()
    date_start: text(40) | None = optional(description=DATE_TEXT)  # type: ignore[valid-type]
    date_end: text(40) | None = optional(description=DATE_TEXT)  # type: ignore[valid-type]


class FindingInput(_Input):
    """A numbered finding."""

    number: text(40) | None = optional()  # type: ignore[valid-type]
    heading: text(MAX_RAW) | None = optional()  # type: ignore[valid-type]
    text: text(MAX_TEXT)  # type: ignore[valid-type]


class ReporterInput(_Input):
    """Who wrote the report."""

    name: text(MAX_NAME) | None = optional()  # type: ignore[valid-type]
    position: text(MAX_NAME) | None = optional()  # type: ignore[valid-type]
    unit: text(MAX_NAME) | None = optional()  # type: ignore[valid-type]
    phone: text(MAX_NAME) | None = optional()  # type: ignore[valid-type]


_Names = list[text(MAX_NAME)]  # type: ignore[misc]
_TYPES: dict[str, tuple[Any, str]] = {
    "title": (text(MAX_TITLE), "The title"),
    "document_kind": (Kind, "The kind of document"),
    "organization": (text(MAX_NAME) | None, "The organisation that owns the matter"),
    "mission_group": (text(MAX_NAME) | None, "The mission group"),
    "venue": (VenueInput | None, "Where the meeting took place (null: not stated)"),
    "date_start": (text(40) | None, f"The meeting's first day: {DATE_TEXT}"),
    "date_end": (text(40) | None, f"The meeting's last day: {DATE_TEXT}"),
    "party_countries": (_Names, "Foreign parties: ISO codes or country names (not Thailand)"),
    "party_organizations": (_Names, "International organisations of the reference list"),
    "meetings": (list[MeetingInput], "The meetings the record covers (replaces the list)"),
    "findings": (list[FindingInput], "The findings (replaces the list)"),
    "people": (_Names, "People named (replaces the list)"),
    "reporter": (ReporterInput | None, "Who wrote the report"),
    "source_url": (text(MAX_RAW) | None, "The source's http(s) address"),
}
assert set(_TYPES) == set(EDITABLE), set(_TYPES) ^ set(EDITABLE)

RecordPatch = create_model(
    "RecordPatch",
    __config__=ConfigDict(extra="forbid", strict=True),
    __doc__=(
        "Any of the record JSON's correctable keys, an optional note, and the version the "
        "change starts from (required). Keys left out are unchanged."
    ),
    **{  # type: ignore[arg-type]
        name: (kind, optional(description=about)) for name, (kind, about) in _TYPES.items()
    },
    note=(
        text(MAX_NOTE) | None,  # type: ignore[operator]
        Field(None, description="Why: stored with every history entry of this change"),
    ),
    version=(
        WholeNumber,
        Field(ge=1, description="The record's version you started from (optimistic locking)"),
    ),
)


class RecordChange(Answer):
    """One history entry of a record: append-only, never edited or deleted."""

    at: str = LocalTime
    user: str | None = Field(description="Who (null: a re-ingest of the source document)")
    field: str = Field(description="A key of the record JSON, or `withdrawn`")
    old_value: Any = Field(description="As the record JSON has it (withdrawn: the reason)")
    new_value: Any
    note: str | None
    version: int = Field(description="The record's version after it")


class Correction(Answer):
    """A field an editor corrected: shown instead of what the document says."""

    field: str
    value: Any = Field(description="The editor's value, shown")
    user: str | None
    at: str = LocalTime
    note: str | None
    source_value: Any = Field(description="What the document says now")
    source_changed: bool = Field(
        description="The document says something else than when it was corrected"
    )


class Withdrawal(Answer):
    """Why a record was withdrawn (hidden from search, feeds and exports)."""

    at: str = LocalTime
    reason: str


class RecordHistory(Answer):
    """A record's corrections and its whole history."""

    record_id: int
    version: int = Field(ge=1)
    withdrawn: Withdrawal | None
    corrections: list[Correction]
    history: list[RecordChange] = Field(description="Oldest first")


class RecordConflict(Answer):
    """The record changed since the version sent: nothing was saved."""

    error: str = Field(min_length=1)
    current_version: int
    your_version: int
    changes: list[RecordChange] = Field(description="What changed since your version")
