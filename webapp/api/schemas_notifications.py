"""Request and answer schemas of the saved-search API (``/api/saved-searches``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from archive.notifications.subscriptions import FREQUENCIES, MAX_NAME, MAX_PARAMS
from webapp.api.schemas import Answer

Frequency = Literal[FREQUENCIES]  # type: ignore[valid-type]


class SavedSearchNew(BaseModel):
    """A search to save: its name, its /search query string and how often its digest comes."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=MAX_NAME, description="Unique among yours")
    params: str = Field(
        max_length=MAX_PARAMS,
        description="The query string of a /search URL (or the URL), e.g. q=น้ำท่วม&f=country:JP",
        examples=["q=%E0%B8%99%E0%B9%89%E0%B8%B3%E0%B8%97%E0%B9%88%E0%B8%A7%E0%B8%A1&f=country:JP"],
    )
    frequency: Frequency = Field(  # type: ignore[valid-type]
        "none",
        description="E-mail digest of new matching records: immediate, daily, weekly or none",
    )


class SavedSearchPath(BaseModel):
    """A saved search's id in the path."""

    search_id: int = Field(ge=1, le=2**31 - 1)


class SavedSearchEntry(Answer):
    """One of your saved searches."""

    id: int
    name: str
    params: str = Field(description="The query string of its /search URL (normalised)")
    frequency: Frequency  # type: ignore[valid-type]
    url: str = Field(description="Its search page")
    last_sent_at: datetime | None = Field(description="When its last digest was made (UTC)")


class SavedSearchDeleted(Answer):
    """What was deleted."""

    deleted: int
