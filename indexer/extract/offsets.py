"""Where a phrase read from the cleaned, re-joined paragraphs stands in the original text.

Layouts hand the rules paragraphs that differ from ``RecordData.text`` in spacing only: lines
joined, runs of spaces collapsed, invisible characters and Markdown emphasis dropped. A phrase
is found again by comparing both without those characters, and its span is given in offsets
of the original text, so that ``text[start:end]`` shows the sentence a fact came from.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate

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
    """Finds phrases of the paragraphs in one original text; built once per document, on the
    first look-up."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._compact: str | None = None
        self._runs: list[int] = []  # where each run of kept characters starts in the compact form
        self._origins: list[int] = []  # … and in the original text
        self._exact: array[int] | None = None  # per character, when SARA AM was rewritten

    def _build(self) -> str:
        runs = list(_KEPT_RUN.finditer(self.text))
        pieces = [run.group() for run in runs]
        compact = "".join(pieces)
        if _SARA_AM in compact:  # rare: map character by character, one SARA AM for two
            exact = array("i")
            chars: list[str] = []
            for run in runs:
                piece, index = run.group(), 0
                while index < len(piece):
                    two = piece.startswith(_SARA_AM, index)
                    chars.append("\u0e33" if two else piece[index])
                    exact.append(run.start() + index)
                    index += 2 if two else 1
            self._exact, compact = exact, "".join(chars)
        else:
            self._runs = list(accumulate((len(piece) for piece in pieces[:-1]), initial=0))
            self._origins = [run.start() for run in runs]
        self._compact = compact
        return compact

    def _origin(self, index: int) -> int:
        if self._exact is not None:
            return self._exact[index]
        run = bisect_right(self._runs, index) - 1
        return self._origins[run] + index - self._runs[run]

    def _compact_index(self, offset: int) -> int:
        """The first compact position at or after original ``offset``."""
        if self._exact is not None:
            return bisect_left(self._exact, offset)
        run = bisect_right(self._origins, offset) - 1
        if run < 0:
            return 0
        inside = offset - self._origins[run]
        length = self._runs[run + 1] if run + 1 < len(self._runs) else len(self._compact or "")
        length -= self._runs[run]
        return self._runs[run] + min(inside, length)

    def span(self, phrase: str, after: int = 0) -> Span | None:
        """The span of ``phrase`` in the original text, at or after offset ``after`` when it
        occurs there, else its first occurrence; None when it is not found."""
        exact = self.text.find(phrase, after)
        if exact < 0 and after:
            exact = self.text.find(phrase)
        if exact >= 0 and phrase:
            return exact, exact + len(phrase)  # most phrases are written just so
        haystack = self._compact if self._compact is not None else self._build()
        needle = compact(phrase)
        if not needle:
            return None
        begin = self._compact_index(after) if after else 0
        found = haystack.find(needle, begin)
        if found < 0 and begin:
            found = haystack.find(needle)
        if found < 0:
            return None
        return self._origin(found), self._origin(found + len(needle) - 1) + 1


_ITEM_PREFIX = re.compile(r"^(?:[^:]{1,200}:\s)?(?:\(\d+(?:\.\d+)*\)\s)?")


def item_span(text: str, locator: TextLocator) -> Span | None:
    """The span of a follow-up item: its text, else its text without the group heading and
    number the section parser put before it ("<group>: (1) …")."""
    found = locator.span(text)
    if found is None:
        rest = _ITEM_PREFIX.sub("", text, count=1)
        found = locator.span(rest) if rest and rest != text else None
    return found
