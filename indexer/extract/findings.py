"""The summary of a document as sections {number, heading, text}, keeping its numbering."""

from __future__ import annotations

from archive.store.recorddata import FindingData
from archive.thai.normalize import strip_line
from indexer.extract.sections import numbering, split_heading


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


def _follows(number: str, previous: str | None, top_depth: int) -> bool:
    """Whether ``number`` continues the numbering after ``previous``: a first child (4.3 → 4.3.1),
    the next sibling of it or of an ancestor (4.3.1 → 4.3.2 / 4.4 / 5), or a restart at the top
    level. A list "1. 2." inside section 4.3 does none of these and stays in 4.3's text."""
    parts = number.split(".")
    if previous is None or len(parts) == top_depth:
        return True
    prev = previous.split(".")
    if parts[:-1] == prev and parts[-1] == "1":
        return True
    depth = len(parts)
    return (
        depth <= len(prev)
        and parts[:-1] == prev[: depth - 1]
        and parts[-1].isdigit()
        and prev[depth - 1].isdigit()
        and int(parts[-1]) == int(prev[depth - 1]) + 1
    )


def _is_child(number: str, line: str | None) -> bool:
    child = numbering(line) if line else None
    return child is not None and child[0].startswith(number + ".")


def split_findings(lines: list[str], *, prose: bool = False) -> list[FindingData]:
    """Sections of a summary. Numbered lines that continue the numbering start sections; a short
    unnumbered line followed by a numbered one is a heading; other lines continue the current
    section. With ``prose`` (each line a paragraph, as on web pages) each unnumbered paragraph
    is its own section."""
    numbers = [n[0] for n in map(numbering, (x for x in lines if x.strip())) if n]
    has_numbers = bool(numbers)
    top_depth = len(numbers[0].split(".")) if numbers else 0
    sections: list[FindingData] = []
    current: FindingData | None = None
    last_number: str | None = None
    blank_before = True
    for index, raw in enumerate(lines):
        line = strip_line(raw)
        if not line:
            blank_before = True
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        next_line = _next_nonblank(lines, index)
        numbered = numbering(line)
        if numbered and _follows(numbered[0], last_number, top_depth):
            number, rest = numbered
            # A short numbered line is a heading when a paragraph of its own follows it after a
            # blank line, or when its own sub-sections follow ("4.2 การประชุมกลุ่มย่อย" → 4.2.1).
            lone = not following.strip() and next_line is not None and numbering(next_line) is None
            lone = lone or (
                _is_child(number, next_line) and len(rest) <= 80 and not rest.endswith(("ดังนี้", ":"))
            )
            heading, text = split_heading(rest, next_is_blank=lone)
            current = FindingData(number=number, heading=heading, text=text)
            sections.append(current)
            last_number = number
        elif numbered and current is not None:
            current.text = f"{current.text}\n{line}" if current.text else line
        elif (
            len(line) <= 80
            and next_line is not None
            and numbering(next_line) is not None
            and (
                current is None
                or current.number is None
                or blank_before
                or numbering(next_line)[0] in ("1", "1.1")
            )
            and not (current is not None and current.heading is None and not current.text)
        ):
            current = FindingData(number=None, heading=line, text="")
            sections.append(current)
        elif current is None or prose or (not has_numbers and blank_before):
            current = FindingData(number=None, heading=None, text=line)
            sections.append(current)
        elif blank_before and current.text:
            current.text = f"{current.text}\n{line}"
        else:
            current.text = join_wrapped(current.text, line)
        blank_before = False
    return [s for s in sections if s.text or s.heading]
