"""Highlighted snippets of a hit's stored content: whole occurrences of the query's terms and
phrases marked, found from the character offsets stored in the postings (no re-tokenising)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import numpy as np
from whoosh.analysis import Token
from whoosh.highlight import HtmlFormatter, PinpointFragmenter
from whoosh.query import Phrase, Query, Term

from archive.thai.normalize import thai_to_arabic_digits
from archive.thai.spans import merge_spans
from indexer.search.executor import QueryExecutor

_FORMATTER = HtmlFormatter(tagname="mark", between=" … ")
# No charlimit: Whoosh stops at 32K characters, and a long report's only match may lie beyond.
_FRAGMENTER = PinpointFragmenter(maxchars=240, surround=70, autotrim=True, charlimit=None)


@dataclass(frozen=True)
class Snippet:
    """Highlighted fragments (HTML), and the offset in the stored content of the first mark
    (of the start when nothing is marked): where the snippet comes from."""

    html: str
    start: int


def snippet(
    executor: QueryExecutor, docnum: int, text: str, query: Query, surfaces: tuple[str, ...]
) -> Snippet:
    """Highlighted fragments of the stored content. Word matches come from the character offsets
    stored in the postings (no re-tokenising); a sub-word (substring) match is located by the
    typed words themselves (``surfaces``). Only whole occurrences of a query term or phrase are
    marked."""
    tokens = _matched_tokens(executor, docnum, "content", _sequences(query, "content"))
    if not tokens and surfaces:
        tokens = _surface_tokens(text, surfaces)
    if tokens:
        fragments = _FRAGMENTER.fragment_matches(text, tokens)
        top = sorted(fragments, key=lambda f: -len(f.matches))[:2]
        top.sort(key=lambda f: f.startchar)
        if top:
            first = min((t.startchar for t in top[0].matches), default=top[0].startchar)
            return Snippet(_FORMATTER(text, top), first)
    return Snippet(_unmarked(text), 0)


def _surface_tokens(text: str, surfaces: tuple[str, ...]) -> list[Token]:
    """Tokens at each occurrence of the typed words in ``text`` (case-insensitive, spaces
    between the pieces of a phrase optional)."""
    folded = thai_to_arabic_digits(text).lower()
    spans: list[tuple[int, int]] = []
    for surface in surfaces:
        pieces = [re.escape(p) for p in thai_to_arabic_digits(surface).lower().split()]
        if pieces:
            spans += [m.span() for m in re.finditer(r"\s*".join(pieces), folded)]
    return [Token(startchar=s, endchar=e, matched=True, text="") for s, e in merge_spans(spans)]


def _unmarked(text: str, limit: int = 240) -> str:
    """The start of the text, escaped, when nothing in it is marked."""
    cut = text[:limit]
    return escape(cut + ("…" if len(text) > limit else ""))


def _sequences(query: Query, fieldname: str) -> list[tuple[str, ...]]:
    """The terms (one) and phrases (several) that ``query`` looks for in ``fieldname``."""
    found: list[tuple[str, ...]] = []
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, Term) and node.fieldname == fieldname:
            found.append((node.text,))
        elif isinstance(node, Phrase) and node.fieldname == fieldname:
            found.append(tuple(node.words))
        else:
            stack.extend(node.children())
    return found


def _matched_tokens(
    executor: QueryExecutor, docnum: int, fieldname: str, sequences: list[tuple[str, ...]]
) -> list[Token]:
    """Tokens with the character spans of whole occurrences of ``sequences`` in the hit's
    document, read from the positions and characters stored in the postings."""
    occurrences: dict[str, dict[int, tuple[int, int]]] = {}
    decode = executor.terms.searcher.schema[fieldname].format.decode_characters

    def where(term: str) -> dict[int, tuple[int, int]]:
        if term not in occurrences:
            occurrences[term] = {}
            postings = executor.terms.postings(fieldname, term)
            if postings is not None:
                index, present = postings.find(np.asarray([docnum]))
                if present[0]:
                    value = executor.values(postings, [int(index[0])])[0]
                    occurrences[term] = {p: (s, e) for p, s, e in decode(value)}
        return occurrences[term]

    spans: list[tuple[int, int]] = []
    for sequence in sequences:
        first = where(sequence[0])
        rest = [where(term) for term in sequence[1:]]
        for position, (start, end) in first.items():
            if all(position + i + 1 in following for i, following in enumerate(rest)):
                spans.append((start, rest[-1][position + len(rest)][1] if rest else end))
    return [Token(startchar=s, endchar=e, matched=True, text="") for s, e in merge_spans(spans)]
