"""Which page of a paged original (a PDF, a scan) a hit's snippet comes from. Snippets are cut
from the stored ``content`` (findings and follow-up items, quoted from the record's text); the
record keeps where each page starts in its text (``page_starts``). At index time each content
line is found in the text, giving the stored runs of lines per page; a search maps the
snippet's offset in the content to its page through them.
"""

from __future__ import annotations

import json
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

from archive.thai.normalize import thai_to_arabic_digits

PROBE = 40  # letters and digits of a content line looked up in the text
MIN_REST = 4  # a line found by what follows its first word: at least this many of them


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The letters, marks and digits of ``text`` (Thai digits as Arabic: spaces, punctuation
    and numbering written otherwise do not count), and where each of them is in ``text``."""
    kept = [
        (i, ch)
        for i, ch in enumerate(thai_to_arabic_digits(text))  # one character for one
        if unicodedata.category(ch)[0] in "LMN"
    ]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def _find(squeezed: str, line: str, cursor: int) -> int:
    """Where a content line is in the squeezed text: where it starts, else where it goes on
    after its first word (a finding's number: "1" for "(ก)"), else where it ends; looked for
    from ``cursor`` on first (content follows the text's order), then before it; -1 when
    absent."""
    whole = _squeezed(line)[0]
    parts = line.split(maxsplit=1)
    rest = _squeezed(parts[1])[0] if len(parts) > 1 else ""
    probes = [whole[:PROBE], rest[:PROBE] if len(rest) >= MIN_REST else "", whole[-PROBE:]]
    for probe in dict.fromkeys(p for p in probes if p):
        found = squeezed.find(probe, cursor)
        if found < 0:
            found = squeezed.find(probe, 0, cursor + len(probe))
        if found >= 0:
            return found
    return -1


def content_pages(content: str, text: str, page_starts: Sequence[int]) -> list[list[int]]:
    """[offset in ``content``, page] where each run of content lines on one page begins (page
    0: a line not found in ``text``); empty when the text is not paged."""
    starts = list(page_starts)
    if not starts:
        return []
    squeezed, where = _squeezed(text)
    runs: list[list[int]] = []
    cursor = offset = 0
    for line in content.split("\n"):
        page = runs[-1][1] if runs else 1  # a line without words stays on the page before it
        if _squeezed(line)[0]:
            found = _find(squeezed, line, cursor)
            page = 0
            if found >= 0:
                cursor = found
                page = bisect_right(starts, where[found])
        if not runs or runs[-1][1] != page:
            runs.append([offset, page])
        offset += len(line) + 1
    return runs


def stored_pages(content: str, text: str, page_starts: Sequence[int] | None) -> str | None:
    """``content_pages`` as the index stores it (JSON), None for a text that is not paged."""
    runs = content_pages(content, text, page_starts or [])
    return json.dumps(runs) if runs else None


def content_page_at(stored: str | None, offset: int) -> int | None:
    """The page of the character at ``offset`` of the content (None: not paged, or the line
    was not found in the text)."""
    if not stored:
        return None
    runs = json.loads(stored)
    index = bisect_right([start for start, _ in runs], offset) - 1
    page = runs[max(index, 0)][1]
    return page or None
