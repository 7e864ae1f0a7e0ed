"""Which page of a paged original (a PDF) a piece of a record's text came from."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def page_at(page_starts: Sequence[int] | None, offset: int | None) -> int | None:
    """The 1-based page holding the character at ``offset`` (None: not paged, or no offset)."""
    if not page_starts or offset is None or offset < 0:
        return None
    return max(bisect_right(list(page_starts), offset), 1)


def page_of_text(page_starts: Sequence[int] | None, text: str, part: str) -> int | None:
    """The page where ``part`` (a finding, a snippet) first occurs in the record's ``text``."""
    if not page_starts or not part:
        return None
    probe = part.strip()[:60]
    offset = text.find(probe) if probe else -1
    return page_at(page_starts, offset) if offset >= 0 else None
