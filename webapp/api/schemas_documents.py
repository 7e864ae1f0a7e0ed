"""API schemas of uploaded documents: ``POST /api/documents`` and ``GET /api/documents/<id>``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, NonNegativeInt

from archive.jobs.uploads import STAGES, STATUSES
from webapp.api.schemas import Answer

JobStatus = Literal[STATUSES]  # type: ignore[valid-type]
Stage = Literal[STAGES]  # type: ignore[valid-type]
MAX_JOB_ID = 2**31 - 1


class JobPath(BaseModel):
    """An upload job's id in the path."""

    job_id: int = Field(ge=0, le=MAX_JOB_ID)


class JobProgress(Answer):
    """What the worker is doing: the stage, and for a paged document (PDF, scan) pages read."""

    stage: Stage = Field(
        description="queued, reading, ocr (page pages_done + 1 is being read by OCR), parsing, "
        "parsed (done), duplicate (done: nothing stored), failed"
    )
    pages_done: NonNegativeInt | None = Field(description="Pages read so far (OCR included)")
    pages_total: NonNegativeInt | None = Field(description="Pages of the document")


class JobCreated(Answer):
    """A job just created for one uploaded file."""

    id: int
    filename: str
    status: JobStatus


class JobsCreated(Answer):
    """The jobs of the uploaded files, in the order they were sent."""

    jobs: list[JobCreated]


class Job(Answer):
    """An uploaded file on its way to a record."""

    id: int
    filename: str
    status: JobStatus = Field(description="queued | running | done | failed")
    progress: JobProgress
    record_id: int | None = Field(
        description="The record made from the file, or the record it duplicates"
    )
    duplicate_of: int | None = Field(
        description="Set when the same bytes or the same text are already a record: nothing "
        "was stored twice"
    )
    error: str | None = Field(description="Why the file failed (it names the file)")
