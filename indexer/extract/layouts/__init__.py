"""Document layouts. Each module recognises one family of documents and pulls out what its
layout states explicitly; ``indexer.extract.parsing`` fills in the rest with rules common to all.

To add a layout: write a module with ``NAME``, ``matches(page) -> bool`` and
``extract(page) -> Draft``, and put it in ``LAYOUTS`` before ``generic`` (the catch-all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from archive.store.recorddata import ReporterData
from indexer.extract.findings import join_wrapped
from indexer.extract.reading import is_noise_line

_MARKDOWN_EMPHASIS = re.compile(r"^\s*#{1,6}\s+|\*\*|__")
_RULE = re.compile(r"^\s*(?:[-*_=.]\s*){3,}$")


@dataclass
class Page:
    """A decoded document as lines: page furniture dropped, Markdown markers removed."""

    text: str
    lines: list[str]

    @classmethod
    def from_text(cls, text: str) -> Page:
        lines = []
        for raw in text.split("\n"):
            line = _MARKDOWN_EMPHASIS.sub("", raw).rstrip()
            lines.append("" if is_noise_line(line) or _RULE.match(line) else line)
        return cls(text=text, lines=lines)

    def nonblank(self) -> list[str]:
        """The non-blank lines, stripped."""
        return [line.strip() for line in self.lines if line.strip()]


@dataclass
class Draft:
    """What a layout found. Unset fields are filled by ``indexer.extract.parsing``."""

    layout: str
    title: str | None = None
    kind: str | None = None
    organization: str | None = None
    mission_group: str | None = None
    topic: str | None = None
    venue_text: str | None = None
    date_text: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_phrase: str | None = None  # the words stating date_start, for its source span
    meeting_lines: list[str] | None = None
    published: date | None = None
    updated: date | None = None
    body: list[str] = field(default_factory=list)  # paragraphs of content
    findings_lines: list[str] | None = None
    follow_up_lines: list[str] | None = None
    reporter: ReporterData | None = None
    address: str | None = None  # the issuing office's address, from a contact footer
    source_url: str | None = None
    warnings: list[str] = field(default_factory=list)


def paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of a web or news page: each non-blank line, stripped. Where paragraphs are
    marked by indentation (most lines start with spaces), an unindented line continues the
    paragraph before it: the page was hard-wrapped when saved."""
    nonblank = [line for line in lines if line.strip()]
    indented = sum(1 for line in nonblank if line[:1] in (" ", "\t"))
    if indented < 2 or indented * 2 < len(nonblank):
        return [line.strip() for line in nonblank]
    out: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if out and line[:1] not in (" ", "\t") and out[-1] is not None:
            out[-1] = join_wrapped(out[-1], line.strip())
        else:
            out.append(line.strip())
    return out


def deduplicated_title(lines: list[str]) -> tuple[str | None, int]:
    """A title written twice at the top of a page, and the index of the line after the copy."""
    seen: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen.append((index, " ".join(line.split())))
        if len(seen) >= 2:
            break
    if len(seen) == 2 and seen[0][1] == seen[1][1]:
        return seen[0][1], seen[1][0] + 1
    return None, 0


from indexer.extract.layouts import bma_form, generic, mfa_page, press_release, project, thaigov  # noqa: E402

LAYOUTS = [thaigov, bma_form, mfa_page, press_release, project, generic]


def detect(page: Page):  # type: ignore[no-untyped-def]
    """The first layout module that recognises ``page`` (``generic`` always does)."""
    return next(layout for layout in LAYOUTS if layout.matches(page))
