"""Any other document: the first line as title, prose body; what is missing becomes a warning."""

from __future__ import annotations

from indexer.extract.layouts import Draft, Page, deduplicated_title, paragraphs

NAME = "generic"


def matches(page: Page) -> bool:
    """Always: this is the catch-all."""
    return True


def extract(page: Page) -> Draft:
    """Title from the (possibly repeated) first line; the rest is body."""
    title, after = deduplicated_title(page.lines)
    lines = paragraphs(page.lines[after:] if title else page.lines)
    if title is None and lines:
        title, lines = lines[0], lines[1:]
    draft = Draft(layout=NAME, title=title)
    draft.body = lines
    draft.warnings.append("layout not recognised: fields taken from general rules")
    return draft
