"""Original files: their bytes stored once per distinct content (sha256), linked to records.

Kept in the database, so that every node of a shared PostgreSQL database serves them.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from archive.store.models import OriginalFile, Record, RecordOriginal, UploadJob

# Media types by suffix (the file's content was already sniffed by the reader).
MEDIA_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".htm": "text/html",
    ".html": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}


@dataclass(frozen=True)
class Original:
    """An original file as a record shows it."""

    sha256: str
    filename: str
    media_type: str
    size: int


def digest(data: bytes) -> str:
    """The content address of ``data``: its sha256 in hex."""
    return hashlib.sha256(data).hexdigest()


def media_type(filename: str) -> str:
    """The media type of a file by its name (``application/octet-stream`` when unknown)."""
    suffix = PurePath(filename).suffix.lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(filename)[0] or (
        "application/octet-stream"
    )


def put(session: Session, data: bytes, filename: str) -> str:
    """Store ``data`` unless the same bytes are stored already; its sha256."""
    sha = digest(data)
    if session.get(OriginalFile, sha) is None:
        session.add(
            OriginalFile(sha256=sha, data=data, size=len(data), media_type=media_type(filename))
        )
        session.flush()
    return sha


def link(session: Session, record_id: int, sha256: str, filename: str) -> None:
    """Say that the record was read from this original (again: the newest link is shown)."""
    found = session.scalar(
        select(RecordOriginal).where(
            RecordOriginal.record_id == record_id, RecordOriginal.sha256 == sha256
        )
    )
    if found is None:
        session.add(RecordOriginal(record_id=record_id, sha256=sha256, filename=filename))
    else:
        found.filename = filename
    session.flush()


def attach(session: Session, record_id: int, data: bytes, filename: str) -> str:
    """Store ``data`` (once) and link it to the record; its sha256."""
    sha = put(session, data, filename)
    link(session, record_id, sha, filename)
    return sha


def record_of(session: Session, sha256: str) -> int | None:
    """The record read from exactly these bytes, if any (the lowest id)."""
    return session.scalar(
        select(RecordOriginal.record_id)
        .where(RecordOriginal.sha256 == sha256)
        .order_by(RecordOriginal.record_id)
        .limit(1)
    )


def of_record(session: Session, record_id: int) -> Original | None:
    """The record's newest original (without its bytes), None when none is kept."""
    row = session.execute(
        select(RecordOriginal.sha256, RecordOriginal.filename, OriginalFile.media_type,
               OriginalFile.size)
        .join(OriginalFile, OriginalFile.sha256 == RecordOriginal.sha256)
        .where(RecordOriginal.record_id == record_id)
        .order_by(RecordOriginal.id.desc())
        .limit(1)
    ).first()
    return Original(*row) if row else None


def page_starts(session: Session, record_id: int) -> list[int]:
    """Where each page of the record's original starts in its text (empty: not paged)."""
    return list(
        session.scalar(select(Record.page_starts).where(Record.id == record_id)) or []
    )


def content(session: Session, sha256: str) -> bytes | None:
    """The bytes of an original, None when not stored."""
    return session.scalar(select(OriginalFile.data).where(OriginalFile.sha256 == sha256))


def discard_if_unused(session: Session, sha256: str) -> bool:
    """Delete an original no record links and no unfinished job needs; True when deleted."""
    linked = exists().where(RecordOriginal.sha256 == sha256)
    pending = exists().where(
        UploadJob.sha256 == sha256, UploadJob.status.in_(("queued", "running"))
    )
    if session.scalar(select(linked)) or session.scalar(select(pending)):
        return False
    session.execute(delete(OriginalFile).where(OriginalFile.sha256 == sha256))
    return True
