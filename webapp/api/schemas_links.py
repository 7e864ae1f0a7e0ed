"""The JSON API's requests and answers for links between records (same meeting, series)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from archive.curation.links import KINDS
from archive.store.lookups import MAX_ID
from webapp.api.schemas import Answer, Day

LinkKind = Literal[tuple(KINDS)]  # type: ignore[valid-type]


class LinkBody(BaseModel):
    """Link the record with another."""

    model_config = ConfigDict(extra="forbid")

    other_id: int = Field(ge=1, le=MAX_ID, description="The other record's id.")
    kind: LinkKind = Field(
        description="same_meeting: both report one meeting; series: meetings of one series."
    )


class LinkQuery(BaseModel):
    """Which link to remove."""

    kind: LinkKind = Field(description="same_meeting or series.")


class LinkPath(BaseModel):
    """The two records of a link."""

    record_id: int = Field(ge=0, le=MAX_ID)
    other_id: int = Field(ge=0, le=MAX_ID)


class LinkedRecord(Answer):
    """Another record of the meeting or of the series."""

    id: int
    title: str
    date_start: Day | None
    number: int | None = Field(description="The session number its title states.")
    linked_by: str | None = Field(
        description="Who linked it with this record (null: linked through another record)."
    )
    linked_at: str | None = Field(description="When (ISO 8601, the server's local time).")


class RecordLinks(Answer):
    """A record's links: the other reports of its meeting and its series, in order."""

    record_id: int
    same_meeting: list[LinkedRecord]
    series: list[LinkedRecord] = Field(description="The whole series in order, this record too.")
    previous: LinkedRecord | None
    next: LinkedRecord | None
