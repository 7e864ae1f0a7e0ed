"""Where a phrase read from the cleaned, re-joined paragraphs stands in the original text.

Layouts hand the rules paragraphs that differ from ``RecordData.text`` in spacing only: lines
joined, runs of spaces collapsed, invisible characters and Markdown emphasis dropped. A phrase
is found again by comparing both without those characters, and its span is given in offsets
of the original text, so that ``text[start:end]`` shows the sentence a fact came from.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left

from archive.store.recorddata import Span

# Characters that may differ between the original text and the paragraphs: whitespace,
# invisible characters removed by clean_text, and Markdown emphasis removed by Page.
_IGNORED = "\\s\u200b\u200c\u200d\u2060\ufeff\u00ad*#"
_KEPT_RUN = re.compile(f"[^{_IGNORED}]+")
_IGNORED_RUN = re.compile(f"[{_IGNORED}]+")
# SARA AM typed as NIKHAHIT + SARA AA reads the same; clean_text writes it as one character.
_SARA_AM = "\u0e4d\u0e32"


def compact(text: str) -> str:
    """``text`` without the characters that may differ (the comparison form)."""
    return _IGNORED_RUN.sub("", text).replace(_SARA_AM, "\u0e33")


class TextLocator:
    """Finds phrases of the paragraphs in one original text; built once per document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._compact: str | None = None
        self._origin = array("i")

    def _build(self) -> str:
        pieces: list[str] = []
        origin = self._origin
        for run in _KEPT_RUN.finditer(self.text):
            piece = run.group()
            start = run.start()
            if _SARA_AM in piece:
                index = 0
                while index < len(piece):
                    if piece.startswith(_SARA_AM, index):
                        pieces.append("\u0e33")
                        origin.append(start + index)
                        index += 2
                    else:
                        pieces.append(piece[index])
                        origin.append(start + index)
                        index += 1
            else:
                pieces.append(piece)
                origin.extend(range(start, run.end()))
        self._compact = "".join(pieces)
        return self._compact

    def span(self, phrase: str, after: int = 0) -> Span | None:
        """The span of ``phrase`` in the original text, at or after offset ``after`` when it
        occurs there, else its first occurrence; None when it is not found."""
        haystack = self._compact if self._compact is not None else self._build()
        needle = compact(phrase)
        if not needle:
            return None
        begin = bisect_left(self._origin, after) if after else 0
        found = haystack.find(needle, begin)
        if found < 0 and begin:
            found = haystack.find(needle)
        if found < 0:
            return None
        return self._origin[found], self._origin[found + len(needle) - 1] + 1
