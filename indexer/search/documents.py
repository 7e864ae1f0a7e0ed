"""The index schema, and one record as one index document: the search side of a record.

The index is a projection of database rows: ``index_document`` is the whole mapping, and the
index generations (``indexer.search.generations``) only hand it records.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Characters

from archive.reference.entities import entities_in, partner_entity_id
from archive.store.serialize import iso, venue_dict
from archive.store.shown import ShownRecord, shown
from archive.store.vocabulary import OPEN_STATUSES
from indexer.search.analysis import subword_analyzer, word_analyzer, word_format
from indexer.search.facets import facet_names, record_facets
from indexer.search.pages import stored_pages

if TYPE_CHECKING:  # annotations only: a search runs without SQLAlchemy
    from archive.store.models import Record

# Word fields searched by a plain query word, and the sub-word fields for substrings.
WORD_FIELDS = (
    "title",
    "content",
    "venue",
    "agencies",
    "organization",
    "mission_group",
    "people",
    "text",
)
SUBWORD_FIELDS = ("title_sub",)
# Entity ids ("country:LA", "org:ASEAN") named in the title or partners of the meeting: a name
# in any language finds them (``indexer.search.entity_query``).
ENTITIES_FIELD = "entities"


def facet_field(name: str) -> str:
    """The index field holding the values of facet ``name`` as terms."""
    return f"f_{name}"


def make_schema() -> Schema:
    """The index schema. Word fields rank above sub-word fields through their boosts."""
    words, subwords = word_analyzer(), subword_analyzer()
    schema = Schema(
        id=ID(stored=True, unique=True),
        # What the document was made from (``fingerprint``): ``archive index --check`` compares
        # it with the database's rows.
        fingerprint=ID(stored=True),
        title=TEXT(analyzer=words, stored=True, chars=True, field_boost=4.0),
        # Titles get a sub-word field (a substring is a phrase of cluster bigrams). Bodies do
        # not: their bigrams were two thirds of all postings and more than half of the build
        # time; a substring of a body word is found through the vocabulary instead (see
        # ``indexer.search.index_vocabulary``), which costs nothing at build time.
        title_sub=TEXT(analyzer=subwords, field_boost=1.2),
        # Follow-up items are in ``content`` (see ``content_text``): no field of their own.
        content=TEXT(analyzer=words, stored=True, chars=True, field_boost=1.0),
        venue=TEXT(analyzer=words, field_boost=2.0),
        agencies=TEXT(analyzer=words, field_boost=2.0),
        organization=TEXT(analyzer=words, field_boost=1.5),
        mission_group=TEXT(analyzer=words, field_boost=1.0),
        people=TEXT(analyzer=words, field_boost=2.0),
        text=TEXT(analyzer=words, field_boost=0.5),
        # Facet values as terms: entity expansion ("Japan" -> country JP, "2559" -> year 2016)
        # and facet conditions inside OR ("Tokyo OR country:KR"). Top-level conditions are
        # applied by the facet table instead, so that counts stay disjunctive.
        **{facet_field(name): KEYWORD(commas=True, scorable=False) for name in facet_names()},
        entities=KEYWORD(commas=True, scorable=False),
        # Curation (archive.curation): "1" while the record awaits review (kept out of public
        # search with REVIEW_BEFORE_PUBLISH); the smallest id of the records linked with it as
        # one meeting (search shows the meeting once). Both absent otherwise.
        awaiting_review=ID(),
        meeting=ID(stored=True),
        date=NUMERIC(int, sortable=True, signed=False, bits=32),
        summary=STORED,
        facets=STORED,
        # A paged original's (PDF, scan): where its pages' lines begin in ``content`` (JSON,
        # ``indexer.search.pages``), for the page a snippet comes from. Absent otherwise.
        pages=STORED,
    )
    for spec in schema:
        if spec.analyzer is words:  # the same postings, computed without Token objects
            chars = isinstance(spec.format, Characters)
            spec.format = word_format(chars=chars, field_boost=spec.format.field_boost)
    return schema


def _venue_words(record: Record) -> str:
    parts = []
    for venue in [record.venue, *(m.venue for m in record.meetings)]:
        if venue:
            parts += [
                venue.raw,
                venue.city or "",
                venue.city_th or "",
                venue.country_name_th or "",
                venue.country_name_en or "",
            ]
    return "\n".join(dict.fromkeys(p for p in parts if p))


def content_text(record: Record) -> str:
    """The stored text that snippets are cut from: findings, then the follow-up items not
    already quoted in them (items are mostly sentences of findings: indexed once)."""
    parts = []
    for finding in record.findings:
        head = " ".join(p for p in (finding.number, finding.heading) if p)
        parts.append(f"{head} {finding.text}".strip())
    findings = "\n".join(parts)
    parts += [f.text for f in record.follow_ups if f.text not in findings]
    return "\n".join(parts) or record.text


_URL = re.compile(r"https?://\S+")
# Spaces and punctuation, which the word analyzer drops: "1.  เรื่อง ..." in the text is
# "1 เรื่อง ..." in a finding (number, heading, text).
_SEPARATORS = re.compile(r"[\s!-/:-@\[-`{-~\u2000-\u206f]+")


def remainder_text(record: Record, content: str) -> str:
    """The lines of the original text not already indexed as title or content (headers, labels,
    reporter block, notes), compared without spaces and punctuation: the raw text stays
    searchable without indexing it twice."""
    whole = {_SEPARATORS.sub("", line) for line in f"{record.title}\n{content}".splitlines()}
    seen = ""  # the title and content as one key, made when a line is not a whole line of them
    kept = []
    for line in _URL.sub(" ", record.text).splitlines():  # the URL is the record's source_url
        key = _SEPARATORS.sub("", line)
        if key in whole:
            continue
        seen = seen or "\n".join(whole)
        if key not in seen:
            kept.append(" ".join(line.split()))
    return "\n".join(kept)


def index_document(record: Record | ShownRecord) -> dict:
    """One record as one index document, as people see it (corrections applied)."""
    record = shown(record)
    content = content_text(record)
    summary = {
        "title": record.title,
        "date_start": iso(record.date_start),
        "date_end": iso(record.date_end),
        "venue": venue_dict(record.venue),
        "organization": record.organization,
        "document_kind": record.document_kind,
        "open_follow_ups": sum(
            1
            for f in record.follow_ups
            if f.status in OPEN_STATUSES and not f.removed_from_source
        ),
    }
    facets = record_facets(record)
    document = {
        "id": str(record.id),
        **{
            facet_field(name): ",".join(v.replace(",", " ") for v in values)
            for name, values in facets.items()
        },
        "title": record.title,
        "title_sub": record.title,
        "content": content,
        "venue": _venue_words(record),
        "agencies": "\n".join(a.name for f in record.follow_ups for a in f.agencies),
        "organization": record.organization or "",
        "mission_group": record.mission_group or "",
        "people": "\n".join(record.people or []),
        "text": remainder_text(record, content),
        "entities": ",".join(record_entities(record.title or "", facets["partner"])),
        "date": record.date_start.toordinal() if record.date_start else 0,
        "summary": json.dumps(summary, ensure_ascii=False),
        "facets": json.dumps(facets, ensure_ascii=False),
    }
    if record.awaiting_review:
        document["awaiting_review"] = "1"
    if record.meeting_group:
        document["meeting"] = str(record.meeting_group)
    pages = stored_pages(content, record.text or "", record.page_starts)
    if pages:
        document["pages"] = pages
    document["fingerprint"] = fingerprint(document)
    return document


def record_entities(title: str, partners: list[str]) -> list[str]:
    """Ids of the entities a record's title names and of its partners, each once."""
    ids = [e.id for e in entities_in(title)]
    ids += [partner_entity_id(p) for p in partners]
    return [i.replace(",", " ") for i in dict.fromkeys(ids)]


def fingerprint(document: dict) -> str:
    """A digest of an index document's fields (its own ``fingerprint`` left out)."""
    digest = hashlib.sha256()
    for name in sorted(document):
        if name != "fingerprint":
            digest.update(f"{name}\0{document[name]}\0".encode())
    return digest.hexdigest()[:32]
