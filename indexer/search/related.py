"""Records related to one record ("more like this"): the records sharing its key terms, boosted
by shared partners and named entities, the same organisation and a close date.

The key terms are the record's title and content words that best tell it apart (tf-idf over
the index: words in few records, not in most); their BM25F scores over the title and content of
every record come from the search's own executor. The final score adds, to the key terms' score
scaled to 0..1 (the entities' own names left out) is multiplied by a boost for each entity in
common (partners and entities named in titles, Thailand left out) and for a date within months;
records sharing only entities come after those on the same subject.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from whoosh.query import Or, Query, Term

from archive.reference.entities import entity_by_id
from indexer.search.analysis import words
from indexer.search.documents import ENTITIES_FIELD, facet_field, record_entities
from indexer.search.executor import QueryExecutor
from indexer.search.generations import Index
from indexer.search.index_view import View

KEY_TERMS = 15  # the record's words that make the query
TITLE_WEIGHT = 3  # a word of the title counts as this many of the content
MAX_SHARE = 0.10  # a word in more than this share of records tells nothing apart
MIN_LENGTH = 2  # shorter words (single letters, signs) are not key terms
MIN_COMMON = 3  # in a small archive, a word in this many records may still be a key term
# The key terms' score (0..1) is multiplied by 1 + these boosts; a record sharing only entities
# gets ENTITY_ALONE per entity, below records on the same subject.
ENTITY_BOOST = 0.4  # per entity in common (at most ``MAX_ENTITIES`` counted)
MAX_ENTITIES = 3
DATE_BOOST = 0.4  # times exp(-days apart / DATE_SCALE)
DATE_SCALE = 180.0
ENTITY_ALONE = 0.1
ORGANISATION_BONUS = 0.05
EVERYWHERE = frozenset({"country:TH"})  # nearly every record: shared by all, says nothing
LIMIT = 8


@dataclass
class Related:
    """One related record: its id, score, stored summary, and what it shares with the record."""

    id: int
    score: float
    summary: dict
    shared: list[str] = field(default_factory=list)  # entity ids in common
    days_apart: int | None = None


def key_terms(
    title: str,
    content: str,
    doc_frequency: Callable[[str], int],
    total: int,
    leave_out: frozenset[str] = frozenset(),
) -> list[str]:
    """The ``KEY_TERMS`` words of a record that best tell it apart: tf (title words counted
    ``TITLE_WEIGHT`` times) times idf, words found in at least one other record and in at most
    ``MAX_SHARE`` of them (or ``MIN_COMMON``), not in ``leave_out`` (the names of the entities,
    which count through the entity boost). ``doc_frequency(word)``: records holding it."""
    counts: Counter[str] = Counter()
    for word in words(title):
        counts[word] += TITLE_WEIGHT
    for word in words(content):
        counts[word] += 1
    scored = []
    for word, tf in counts.items():
        if len(word) < MIN_LENGTH or word.isdigit() or word in leave_out:
            continue
        df = doc_frequency(word)
        if df < 2 or df > max(MAX_SHARE * total, MIN_COMMON):
            continue
        scored.append((tf * math.log(total / df), word))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [word for _, word in scored[:KEY_TERMS]]


def related_records(
    index: Index, record_id: int, limit: int = LIMIT, *, hide_awaiting_review: bool = False
) -> list[Related]:
    """The ``limit`` records most related to ``record_id`` (none when it is not indexed);
    without those awaiting review when ``hide_awaiting_review`` (as the search hides them)."""
    with index.view() as view:
        searcher, table = view.searcher, view.table
        docnums = [d for d in searcher.document_numbers(id=str(record_id)) if table.live[d]]
        if not docnums:
            return []
        own = docnums[0]
        stored = searcher.stored_fields(own)
        facets = json.loads(stored.get("facets") or "{}")
        title, content = stored.get("title") or "", stored.get("content") or ""
        total = max(searcher.doc_count(), 1)
        frequency = _live_frequency(view, total)

        entities = [
            e for e in record_entities(title, facets.get("partner", [])) if e not in EVERYWHERE
        ]
        names = frozenset(
            w for e in map(entity_by_id, entities) if e for n in e.names for w in words(n)
        )
        terms = key_terms(title, content, frequency, total, names)
        executor = QueryExecutor(view.terms)
        text = np.zeros(table.size, dtype=np.float64)
        if terms:
            clauses: list[Query] = [Term(f, t) for t in terms for f in ("title", "content")]
            matched, raw = executor.scored(Or(clauses))
            top = float(raw[matched].max(initial=0.0)) if matched.any() else 0.0
            if top > 0:
                text = np.where(matched, raw / top, 0.0)
        shared = np.zeros(table.size, dtype=np.int64)
        holders: dict[str, np.ndarray] = {}
        for entity in entities:
            mask, _ = executor.scored(Term(ENTITIES_FIELD, entity))
            holders[entity] = mask
            shared += mask
        shared = np.minimum(shared, MAX_ENTITIES)
        candidates = ((text > 0) | (shared > 0)) & table.live
        if hide_awaiting_review:
            awaiting = view.terms.postings("awaiting_review", "1")
            if awaiting is not None:
                candidates[awaiting.ids] = False
        candidates[own] = False
        dates = table.dates
        apart = np.abs(dates - dates[own]).astype(np.float64)
        dated = (dates > 0) & (dates[own] > 0)
        near = np.where(dated, np.exp(-apart / DATE_SCALE), 0.0)
        score = text * (1 + ENTITY_BOOST * shared + DATE_BOOST * near) + ENTITY_ALONE * shared
        organisation = facets.get("organization") or []
        if organisation:
            same, _ = executor.scored(Term(facet_field("organization"), organisation[0]))
            score += np.where(same, ORGANISATION_BONUS, 0.0)
        chosen = np.flatnonzero(candidates)
        if not len(chosen):
            return []
        order = chosen[np.lexsort((chosen, -score[chosen]))][:limit]
        out = []
        for docnum in order.tolist():
            fields = searcher.stored_fields(docnum)
            out.append(
                Related(
                    id=int(fields["id"]),
                    score=round(float(score[docnum]), 4),
                    summary=json.loads(fields["summary"]),
                    shared=[e for e in entities if holders[e][docnum]],
                    days_apart=int(apart[docnum]) if dated[docnum] else None,
                )
            )
        return out


def _live_frequency(view: View, total: int) -> Callable[[str], int]:
    """How many live records hold a word (in the title or the content, whichever more).
    Whoosh's document frequency also counts the old copies of records indexed again (deleted
    until their segment is merged): a record's own words would look shared after an edit. It
    bounds the live count, so only words it leaves in doubt have their postings read."""
    reader = view.searcher.reader()
    deleted = view.searcher.doc_count_all() - view.searcher.doc_count()
    most = max(MAX_SHARE * total, MIN_COMMON)

    def frequency(word: str) -> int:
        stored = max(reader.doc_frequency("title", word), reader.doc_frequency("content", word))
        if not deleted or stored < 2 or stored - deleted > most:
            return stored  # exact, or on the same side of both limits as the live count
        found = [view.terms.postings(f, word) for f in ("title", "content")]
        return max((len(p.ids) for p in found if p is not None), default=0)

    return frequency
