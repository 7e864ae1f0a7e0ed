"""Page furniture of a paged document: running headers, footers and page numbers, dropped."""

from __future__ import annotations

import re

# Lines this close to the top or bottom of a page are candidates.
EDGE_LINES = 2
_DIGITS = re.compile(r"[0-9\u0e50-\u0e59]+")
_SPACES = re.compile(r"\s+")
_NUMBER = r"[0-9\u0e50-\u0e59]{1,4}"
# "12", "- ๑๒ -", "หน้า 3", "หน้า ๓/๑๐", "Page 3 of 10", "3/10"
PAGE_NUMBER = re.compile(
    rf"[-–—(\[\s]*(?:(?:หน้า|page|p\.)\s*)?{_NUMBER}"
    rf"(?:\s*(?:/|จาก|of)\s*{_NUMBER})?[-–—)\]\s]*",
    re.IGNORECASE,
)


def _key(line: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", line)).strip().lower()


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without page numbers (at the top or bottom) and without the lines
    that recur, digits aside, at the same place from the top or bottom on at least half of
    the pages (two or more)."""
    edges = [_edges(len(lines)) for lines in pages]
    counts: dict[tuple[int, str], int] = {}
    for lines, places in zip(pages, edges, strict=True):
        for key in {(place, _key(lines[i])) for i, place in places.items()}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    out = []
    for lines, places in zip(pages, edges, strict=True):
        doomed = {
            i
            for i, place in places.items()
            if PAGE_NUMBER.fullmatch(lines[i]) or counts.get((place, _key(lines[i])), 0) >= needed
        }
        out.append([line for i, line in enumerate(lines) if i not in doomed])
    return out


def _edges(count: int) -> dict[int, int]:
    """Line index → place: 0, 1 from the top; -1, -2 from the bottom (on a short page only the
    first and the last line)."""
    reach = min(EDGE_LINES if count > 2 * EDGE_LINES else 1, count)
    places = {count - 1 - k: -1 - k for k in range(reach)}
    places.update({k: k for k in range(reach)})
    return places
