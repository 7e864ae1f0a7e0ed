"""What every reader returns (``SourceText``) or raises (``ReadError``), and the limits that
guard the batch against hostile files."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

MB = 1024 * 1024

# (pages done, pages in all, stage): called while a paged document is read: stage "ocr" just
# before page done + 1 goes to OCR (seconds a page), "reading" when page done is read.
Progress = Callable[[int, int, str], None]
READING, OCR = "reading", "ocr"


class ReadError(Exception):
    """A file that cannot be read as a document; str(err) is the reason shown to the user."""


@dataclass(frozen=True)
class SourceText:
    text: str
    format: str  # "text" | "markdown" | "html" | "docx" | "pdf" | "image" | "doc" | "odt"
    encoding: str | None  # None for binary formats
    # Offsets in ``text`` where each page starts (first 0); empty when the source is not paged.
    page_starts: list[int] = field(default_factory=list)
    # For the reviewer, in Thai: pages read by OCR and how sure it was, scripts ignored...
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may cause; past them the file is refused with the reason."""

    max_bytes: int = 20 * MB
    max_pages: int = 500  # pages of a PDF or multi-page TIFF
    max_pixels: int = 60_000_000  # one decoded image (a 300 dpi A3 page is 35 million)
    max_ocr_pages: int = 100  # pages that may go to OCR (seconds each)
    timeout: float = 120.0  # seconds for one external program run (LibreOffice, Tesseract)
    max_inflated: int = 512 * MB  # a PDF's compressed streams, inflated, in all

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by $ARCHIVE_MAX_FILE_MB, $ARCHIVE_MAX_PAGES,
        $ARCHIVE_MAX_OCR_PAGES, $ARCHIVE_MAX_IMAGE_PIXELS, $ARCHIVE_TOOL_TIMEOUT."""
        base = cls()
        return cls(
            max_bytes=int(float(_env("ARCHIVE_MAX_FILE_MB", base.max_bytes / MB)) * MB),
            max_pages=int(_env("ARCHIVE_MAX_PAGES", base.max_pages)),
            max_pixels=int(_env("ARCHIVE_MAX_IMAGE_PIXELS", base.max_pixels)),
            max_ocr_pages=int(_env("ARCHIVE_MAX_OCR_PAGES", base.max_ocr_pages)),
            timeout=float(_env("ARCHIVE_TOOL_TIMEOUT", base.timeout)),
        )


def _env(name: str, default: float) -> str | float:
    value = os.environ.get(name, "").strip()
    return value or default


def too_large(size: int, limit: int) -> str:
    """The reason for a file over the size limit."""
    if limit >= MB:
        return f"file too large: {size / MB:.1f} MB (limit {limit / MB:g} MB)"
    return f"file too large: {size:,} bytes (limit {limit:,} bytes)"


def short_error(err: BaseException, limit: int = 120) -> str:
    """An exception's message as a short reason."""
    msg = str(err).strip().strip("'\"").strip() or type(err).__name__
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")


def has_text(text: str) -> bool:
    """True if the text has at least one visible character."""
    return _VISIBLE.search(text) is not None
