"""A typed name of a country, city or organisation as a query for the entity: every record that
names it by any of its names, in titles and bodies, or has it as a partner or venue.

Ranking (constant boosts added to the word scores, so that they order the tiers whatever the
words score): the entity named in the title or a partner of the meeting (``ENTITIES_FIELD``,
filled at index time), then the venue (the country and city facets), then records that only
mention one of its names in the text (the words' own BM25F scores). An English article that
only contains "Germany" thus stays below a Thai title naming เยอรมนี.
"""

from __future__ import annotations

import re

from whoosh.query import Or, Phrase, Query, Term

from archive.reference.entities import Entity, entity_named
from indexer.search.analysis import words
from indexer.search.documents import ENTITIES_FIELD, facet_field

TITLE_BOOST = 60.0  # the entity is named in the title or is a partner
VENUE_BOOST = 25.0  # the meeting took place there
# Thailand and Bangkok are where most records are from: their names rank as words do, with the
# title and venue counting only a little more, and their other names are not added
# ("กรุงเทพมหานคร IOM" is about those words).
HOME = frozenset({"country:TH", "city:Bangkok"})
HOME_SHARE = 0.1
# Fields where another name of the entity is looked for as words (a phrase when several).
NAME_FIELDS = ("title", "content", "venue", "text")
NAME_BOOST = 0.8  # another name found as words counts a little less than the name typed
MAX_NAME_WORDS = 12  # every name of the tables (the longest official names), not longer ones


def entity_clauses(entity: Entity, typed: str) -> list[Query]:
    """The clauses that find ``entity``, typed as ``typed``: its index-time id (title,
    partners), its venue facet, and each of its other names as words in the word fields."""
    share = HOME_SHARE if entity.id in HOME else 1.0
    clauses: list[Query] = [Term(ENTITIES_FIELD, entity.id, boost=TITLE_BOOST * share)]
    if entity.kind == "country":
        clauses.append(Term(facet_field("country"), entity.code, boost=VENUE_BOOST * share))
    elif entity.kind == "city":
        clauses.append(Term(facet_field("city"), entity.name_en, boost=VENUE_BOOST * share))
    if entity.id in HOME:
        return clauses  # its other names are in most records: the words typed are enough
    typed_terms = tuple(words(typed))
    spelled = [
        tuple(words(name))
        for name in entity.names
        if not (entity.kind == "country" and name == entity.code)  # "LA", "DE": other words
    ]
    singles = {t[0] for t in spelled if len(t) == 1}
    if len(typed_terms) == 1:
        singles.add(typed_terms[0])
    for terms in dict.fromkeys(spelled):
        # A name holding a single-word name ("สปป ลาว", "Lao PDR") finds nothing more.
        if not terms or terms == typed_terms or len(terms) > MAX_NAME_WORDS:
            continue
        if len(terms) > 1 and singles.intersection(terms):
            continue
        for field in NAME_FIELDS:
            if len(terms) == 1:
                clauses.append(Term(field, terms[0], boost=NAME_BOOST))
            else:
                clauses.append(Phrase(field, list(terms), boost=NAME_BOOST))
    return clauses


def entity_query(entity: Entity, typed: str) -> Query:
    """Every record naming ``entity`` as one OR query."""
    return Or(entity_clauses(entity, typed))


MAX_NAME_PARTS = 5  # "Lao People's Democratic Republic": the longest names typed with spaces
_SIGN = re.compile(r"[+\-.'’]")


def quote_names(text: str) -> str:
    """``text`` with every entity name that has a space or sign inside quoted, so that the
    query syntax keeps it whole ("Lao PDR" is one name, not "Lao" and "PDR"; the "+" of
    "ASEAN+3" is not a required-word mark). Spans of up to ``MAX_NAME_PARTS`` words are looked
    up longest first; text already holding quotes or facet conditions is left as typed."""
    if '"' in text or ":" in text:
        return text
    parts = text.split()
    if len(parts) < 2 and not _SIGN.search(text):
        return text
    out: list[str] = []
    at = 0
    while at < len(parts):
        for size in range(min(MAX_NAME_PARTS, len(parts) - at), 0, -1):
            span = " ".join(parts[at : at + size])
            if (size == 1 and not _SIGN.search(span)) or span[0] in "+-":
                continue  # a plain word; or "-ลาว", "+ASEAN": the syntax's marks
            if span.upper() not in ("AND", "OR", "NOT") and entity_named(span) is not None:
                out.append(f'"{span}"')
                at += size
                break
        else:
            out.append(parts[at])
            at += 1
    return " ".join(out)
