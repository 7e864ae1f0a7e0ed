"""The summary of a document as sections {number, heading, text}, keeping its numbering."""

from __future__ import annotations

from archive.records import FindingData
from indexer.sections import numbering, split_heading


def join_wrapped(left: str, right: str) -> str:
    """Join two hard-wrapped lines: Thai is written without spaces, so a break between two Thai
    letters is mid-word ("ความ\\nมั่นคง") and joins without a space."""
    if not left:
        return right
    if left[-1:] and "\u0e01" <= left[-1] <= "\u0e4e" and "\u0e01" <= right[:1] <= "\u0e4e":
        return left + right
    return f"{left} {right}"


def _next_nonblank(lines: list[str], index: int) -> str | None:
    for line in lines[index + 1 :]:
        if line.strip():
            return line
    return None


def split_findings(lines: list[str], *, prose: bool = False) -> list[FindingData]:
    """Sections of a summary. Numbered lines start sections; a short unnumbered line followed by a
    numbered one is a heading; other lines continue the current section. With ``prose`` (each
    line a paragraph, as on web pages) and no numbering, each paragraph is its own section."""
    has_numbers = any(numbering(line) for line in lines if line.strip())
    sections: list[FindingData] = []
    current: FindingData | None = None
    blank_before = True
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            blank_before = True
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        numbered = numbering(line)
        if numbered:
            number, rest = numbered
            next_line = _next_nonblank(lines, index)
            # A short numbered line is a heading when a paragraph of its own follows it after a
            # blank line; followed by another numbered line it is a list item.
            lone = not following.strip() and next_line is not None and numbering(next_line) is None
            heading, text = split_heading(rest, next_is_blank=lone)
            current = FindingData(number=number, heading=heading, text=text)
            sections.append(current)
        elif (
            len(line) <= 80
            and (nxt := _next_nonblank(lines, index)) is not None
            and numbering(nxt) is not None
            and (
                current is None
                or current.number is None
                or blank_before
                or numbering(nxt)[0] in ("1", "1.1")
            )
            and not (current is not None and current.heading is None and not current.text)
        ):
            current = FindingData(number=None, heading=line, text="")
            sections.append(current)
        elif current is None or (not has_numbers and (prose or blank_before)):
            current = FindingData(number=None, heading=None, text=line)
            sections.append(current)
        elif blank_before and current.text:
            current.text = f"{current.text}\n{line}"
        else:
            current.text = join_wrapped(current.text, line)
        blank_before = False
    return [s for s in sections if s.text or s.heading]
