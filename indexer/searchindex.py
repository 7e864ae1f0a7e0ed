"""The search index: the one module that talks to Whoosh (with ``indexer.analysis``, whose
classes Whoosh pickles into the schema).

The index is a projection of database rows: ``index_document`` turns one record into one index
document and ``rebuild`` iterates over the rows. Facet filtering and counting do not use Whoosh
at all: a ``FacetTable`` (numpy arrays of value codes per document, loaded once per index
generation from a stored field) answers them in a few array operations.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.highlight import HtmlFormatter, PinpointFragmenter
from whoosh.query import Every, Query
from whoosh.searching import Searcher

from archive.models import Record
from indexer.analysis import subword_analyzer, word_analyzer

# Facet names, in display order. Values are strings; multi-valued facets hold several.
FACET_NAMES = (
    "year",
    "month",
    "country",
    "city",
    "organization",
    "mission_group",
    "agency",
    "kind",
    "status",
)
CURRENT = "current"  # the file naming the live index generation


def make_schema() -> Schema:
    """The index schema. Word fields rank above sub-word fields through their boosts."""
    words, subwords = word_analyzer(), subword_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=words, stored=True, chars=True, field_boost=4.0),
        # Titles get a sub-word field (a substring is a phrase of cluster bigrams). Bodies do
        # not: their bigrams were two thirds of all postings and more than half of the build
        # time; a substring of a body word is found through the vocabulary instead (see
        # ``Vocabulary``), which costs nothing at build time.
        title_sub=TEXT(analyzer=subwords, field_boost=1.2),
        content=TEXT(analyzer=words, stored=True, chars=True, field_boost=1.0),
        follow_ups=TEXT(analyzer=words, field_boost=1.0),
        venue=TEXT(analyzer=words, field_boost=2.0),
        agencies=TEXT(analyzer=words, field_boost=2.0),
        organization=TEXT(analyzer=words, field_boost=1.5),
        mission_group=TEXT(analyzer=words, field_boost=1.0),
        people=TEXT(analyzer=words, field_boost=2.0),
        text=TEXT(analyzer=words, field_boost=0.5),
        # Facet values as terms: entity expansion ("Japan" -> country JP, "2559" -> year 2016)
        # and facet conditions inside OR ("Tokyo OR country:KR"). Top-level conditions are
        # applied by the facet table instead, so that counts stay disjunctive.
        **{f"f_{name}": KEYWORD(commas=True, scorable=False) for name in FACET_NAMES},
        date=NUMERIC(int, sortable=True, signed=False, bits=32),
        summary=STORED,
        facets=STORED,
    )


# Word fields searched by a plain query word, and the sub-word fields for substrings.
WORD_FIELDS = (
    "title",
    "content",
    "follow_ups",
    "venue",
    "agencies",
    "organization",
    "mission_group",
    "people",
    "text",
)
SUBWORD_FIELDS = ("title_sub",)
# Word fields whose vocabulary answers substring queries, and how many expansions a substring
# may bring (the most frequent are kept): "without flooding results".
INFIX_FIELDS = ("content", "title", "text")
INFIX_BOOST = 0.12  # a sub-word match counts for much less than a word match
MAX_EXPANSIONS = 24


def _status(record: Record) -> str:
    live = [f for f in record.follow_ups if not f.removed_from_source]
    if not live:
        return "none"
    if all(f.status in ("done", "cancelled") for f in live):
        return "done"
    return "open"


def facet_values(record: Record) -> dict[str, list[str]]:
    """The facet values of one record (what filters and counts see)."""
    venues = [record.venue, *(m.venue for m in record.meetings)]
    years: list[str] = []
    if record.date_start:
        end = record.date_end or record.date_start
        years = [str(y) for y in range(record.date_start.year, end.year + 1)][:5]
    agencies = [a.name for f in record.follow_ups if not f.removed_from_source for a in f.agencies]
    return {
        "year": years,
        "month": [record.date_start.strftime("%Y-%m")] if record.date_start else [],
        "country": list(dict.fromkeys(v.country_code for v in venues if v and v.country_code)),
        "city": list(dict.fromkeys(v.city for v in venues if v and v.city)),
        "organization": [record.organization] if record.organization else [],
        "mission_group": [record.mission_group] if record.mission_group else [],
        "agency": list(dict.fromkeys(agencies)),
        "kind": [record.document_kind],
        "status": [_status(record)],
    }


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
    """The stored text that snippets are cut from: findings, then follow-up items."""
    parts = []
    for finding in record.findings:
        head = " ".join(p for p in (finding.number, finding.heading) if p)
        parts.append(f"{head} {finding.text}".strip())
    parts += [f.text for f in record.follow_ups]
    return "\n".join(parts) or record.text


def remainder_text(record: Record, content: str) -> str:
    """The lines of the original text not already indexed as title or content (headers, labels,
    reporter block, notes): the raw text stays searchable without indexing it twice."""
    import re

    seen = f"{record.title}\n{content}"
    text = re.sub(r"https?://\S+", " ", record.text)  # the URL is the record's source_url
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line and line not in seen)


def index_document(record: Record) -> dict:
    """One record as one index document."""
    venue = record.venue
    content = content_text(record)
    summary = {
        "title": record.title,
        "date_start": record.date_start.isoformat() if record.date_start else None,
        "date_end": record.date_end.isoformat() if record.date_end else None,
        "venue": None
        if venue is None
        else {
            "raw": venue.raw,
            "city": venue.city,
            "country_code": venue.country_code,
            "country_name_th": venue.country_name_th,
            "country_name_en": venue.country_name_en,
        },
        "organization": record.organization,
        "document_kind": record.document_kind,
        "open_follow_ups": sum(
            1
            for f in record.follow_ups
            if f.status in ("open", "in_progress") and not f.removed_from_source
        ),
    }
    facets = facet_values(record)
    return {
        "id": str(record.id),
        **{
            f"f_{name}": ",".join(v.replace(",", " ") for v in values)
            for name, values in facets.items()
        },
        "title": record.title,
        "title_sub": record.title,
        "content": content,
        "follow_ups": "\n".join(f.text for f in record.follow_ups),
        "venue": _venue_words(record),
        "agencies": "\n".join(a.name for f in record.follow_ups for a in f.agencies),
        "organization": record.organization or "",
        "mission_group": record.mission_group or "",
        "people": "\n".join(record.people or []),
        "text": remainder_text(record, content),
        "date": record.date_start.toordinal() if record.date_start else 0,
        "summary": json.dumps(summary, ensure_ascii=False),
        "facets": json.dumps(facets, ensure_ascii=False),
    }


# --- where the index lives: generations swapped atomically ------------------------------------


def _live_dir(root: Path) -> Path | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = root / name
    return path if path.is_dir() else None


def _point_to(root: Path, generation: str) -> None:
    tmp = root / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(generation, encoding="utf-8")
    os.replace(tmp, root / CURRENT)  # atomic: a reader sees the old or the new generation


def _codec():  # type: ignore[no-untyped-def]
    """Posting blocks stored uncompressed: reading a common word's postings for facet counts
    spent half its time in zlib; the index grows by about a third."""
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(compression=0)


def exists(root: Path) -> bool:
    """Whether a live index exists under ``root``."""
    return _live_dir(root) is not None


def open_index(root: Path) -> whoosh_index.Index:
    """The live index; raises ``FileNotFoundError`` when none was built."""
    live = _live_dir(root)
    if live is None:
        raise FileNotFoundError(f"no search index in {root}: run 'archive index'")
    return whoosh_index.open_dir(str(live))


def rebuild(root: Path, records: Iterable[Record], *, procs: int = 1, progress=None) -> int:  # type: ignore[no-untyped-def]
    """Build a new generation aside from the live one, then switch to it atomically.

    Readers keep the generation they opened; the previous generation is kept until the next
    rebuild so that no open reader loses its files."""
    root.mkdir(parents=True, exist_ok=True)
    generation = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{os.urandom(3).hex()}"
    path = root / generation
    path.mkdir()
    ix = whoosh_index.create_in(str(path), make_schema())
    # A multi-process writer analyses in ``procs`` processes; commit merges their segments.
    writer = (
        ix.writer(procs=procs, limitmb=256, multisegment=procs > 1, codec=_codec())
        if procs > 1
        else ix.writer(limitmb=256, codec=_codec())
    )
    count = 0
    try:
        for record in records:
            writer.add_document(**index_document(record))
            count += 1
            if progress:
                progress()
        writer.commit()
    except BaseException:
        writer.cancel()
        shutil.rmtree(path, ignore_errors=True)
        raise
    previous = _live_dir(root)
    _point_to(root, generation)
    for old in root.glob("gen-*"):
        if old != path and old != previous:
            shutil.rmtree(old, ignore_errors=True)
    return count


def update(
    root: Path, records: Iterable[Record], *, deleted: Iterable[int] = (), timeout: float = 30.0
) -> int:
    """Replace (or add) the documents of ``records`` and delete ``deleted`` ids in the live
    index. One writer at a time: waits up to ``timeout`` seconds for the lock. Never an
    AsyncWriter: in a short-lived process it would drop documents when the process ends."""
    ix = open_index(root)
    writer = ix.writer(timeout=timeout, codec=_codec())
    count = 0
    try:
        for record in records:
            writer.update_document(**index_document(record))
            count += 1
        for record_id in deleted:
            writer.delete_by_term("id", str(record_id))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count


# --- queries -----------------------------------------------------------------------------------

FILTER_FIELDS = FACET_NAMES


def _parser():  # type: ignore[no-untyped-def]
    """A parser for the query syntax only: words stay as typed, fields name facets."""
    from whoosh import qparser
    from whoosh.analysis import SpaceSeparatedTokenizer

    fields = {"q": TEXT(analyzer=SpaceSeparatedTokenizer())}
    fields.update({name: ID() for name in FILTER_FIELDS})
    parser = qparser.QueryParser("q", Schema(**fields), group=qparser.AndGroup)
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.remove_plugin_class(qparser.BoostPlugin)
    return parser


@dataclass
class ParsedQuery:
    query: Query
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[str, list[str]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    notice: str | None = None


class Vocabulary:
    """The terms of the word fields of one index generation, searchable by substring.

    A query for part of a compound ("ร่วมมือ" in "ความร่วมมือ") becomes the indexed words that
    contain it; a query spanning words ("ร่วมมือชายแด" in "ความร่วมมือ|ชายแดน") becomes a
    sequence: words ending with its first piece, its whole middle words, words starting with its
    last piece. The terms are kept as one newline-joined string searched with ``str.find``, and
    their document frequencies in an array, so that the most useful expansions are kept."""

    def __init__(self, searcher: Searcher, fields: tuple[str, ...] = INFIX_FIELDS) -> None:
        self.searcher = searcher
        self.by_field: dict[str, tuple[str, list[int], list[str], np.ndarray]] = {}
        reader = searcher.reader()
        for name in fields:
            terms: list[str] = []
            frequencies: list[int] = []
            for tbytes, info in reader.iter_field(name):
                if tbytes:
                    terms.append(tbytes.decode("utf-8"))
                    frequencies.append(info.doc_frequency())
            starts, offset = [], 0
            for term in terms:
                starts.append(offset)
                offset += len(term) + 1
            self.by_field[name] = (
                "\n".join(terms) + "\n",
                starts,
                terms,
                np.asarray(frequencies, dtype=np.int64),
            )

    def _holding(self, name: str, piece: str) -> list[int]:
        """Indexes of the terms that contain ``piece`` (each once), at most a few thousand."""
        import bisect

        joined, starts, _, _ = self.by_field[name]
        found: list[int] = []
        position = joined.find(piece)
        while position != -1 and len(found) < 100 * MAX_EXPANSIONS:
            index = bisect.bisect_right(starts, position) - 1
            found.append(index)
            following = starts[index + 1] if index + 1 < len(starts) else len(joined)
            position = joined.find(piece, following)
        return found

    def _best(self, name: str, indexes: list[int]) -> list[str]:
        """The ``MAX_EXPANSIONS`` most frequent of these terms."""
        _, _, terms, frequencies = self.by_field[name]
        if len(indexes) > MAX_EXPANSIONS:
            chosen = np.asarray(indexes)
            order = np.argsort(-frequencies[chosen], kind="stable")[:MAX_EXPANSIONS]
            indexes = chosen[order].tolist()
        return [terms[i] for i in indexes]

    def containing(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that contain ``piece`` inside them (not equal to it)."""
        terms = self.by_field[name][2]
        return self._best(name, [i for i in self._holding(name, piece) if terms[i] != piece])

    def ending_with(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that end with ``piece`` (itself included)."""
        terms = self.by_field[name][2]
        return self._best(name, [i for i in self._holding(name, piece) if terms[i].endswith(piece)])

    def starting_with(self, name: str, piece: str) -> list[str]:
        """Terms of field ``name`` that start with ``piece`` (itself included): a range of the
        sorted vocabulary."""
        import bisect

        terms = self.by_field[name][2]
        low = bisect.bisect_left(terms, piece)
        high = bisect.bisect_left(terms, piece + "\U0010ffff", lo=low)
        return self._best(name, list(range(low, high)))


def _infix_clauses(
    terms: list[str], vocabulary: Vocabulary | None, *, gate: bool = True
) -> list[Query]:
    """Sub-word matches of a typed word through the vocabulary (boosted below word matches).

    With ``gate``, not for a word common as a whole word: a one-word query for it already has
    plenty of exact matches, and the compounds containing it would flood the results."""
    from whoosh.query import Or, Sequence, Term

    if vocabulary is None or not terms or len("".join(terms)) < 2:
        return []
    searcher = vocabulary.searcher
    common = max(50, searcher.doc_count() // 20)
    if gate and len(terms) == 1 and searcher.doc_frequency("content", terms[0]) >= common:
        return []
    clauses: list[Query] = []
    for name in INFIX_FIELDS:
        if len(terms) == 1:
            found = vocabulary.containing(name, terms[0])
            if found:
                clauses.append(Or([Term(name, t) for t in found], boost=INFIX_BOOST))
            continue
        first = vocabulary.ending_with(name, terms[0])
        last = vocabulary.starting_with(name, terms[-1])
        if not first or not last:
            continue
        parts: list[Query] = [Or([Term(name, t) for t in first])]
        parts += [Term(name, t) for t in terms[1:-1]]
        parts.append(Or([Term(name, t) for t in last]))
        clauses.append(Sequence(parts, boost=INFIX_BOOST))
    return clauses


@dataclass
class _Options:
    """How a typed query becomes a Whoosh query (one search builds it in several modes)."""

    vocabulary: Vocabulary | None = None
    subwords: bool = True  # add part-of-a-word matches (title sub-words, vocabulary)
    join: str = "all"  # Thai typed without spaces: "all" words, "phrase" as written, "any"
    single: bool = False  # the query is one word (common words then skip sub-word expansion)
    bonus: bool = True  # words typed together rank higher when found together
    quoted: frozenset[str] = frozenset()


def _word_query(word: str, opts: _Options, *, phrase: bool = False) -> Query | None:
    """A typed word (or quoted phrase) across the word fields, its substrings through the title
    sub-word field and the vocabulary, and its entities: a country or city named in any
    language, a year in BE or CE."""
    from whoosh.query import And, AndMaybe, Or, Phrase, Term

    from indexer.analysis import subwords as split_subwords
    from indexer.analysis import words
    from indexer.gazetteer import City, Country, lookup

    phrase = phrase or word in opts.quoted
    terms = words(word)
    clauses: list[Query] = []
    if len(terms) == 1:
        clauses += [Term(name, terms[0]) for name in WORD_FIELDS]
    elif terms and (phrase or opts.join == "phrase"):
        clauses += [Phrase(name, terms) for name in WORD_FIELDS]
    elif terms and opts.join == "any":
        clauses += [Term(name, t) for t in terms for name in WORD_FIELDS]
    elif terms:
        # Thai typed without spaces is several words: each must match somewhere; found
        # together as written, they rank higher.
        every = And([Or([Term(name, t) for name in WORD_FIELDS]) for t in terms])
        if opts.bonus:
            every = AndMaybe(every, Or([Phrase(name, terms) for name in WORD_FIELDS]))
        clauses.append(every)
    grams = split_subwords(word) if opts.subwords else []
    if grams and len(word.strip()) >= 2:
        for name in SUBWORD_FIELDS:
            sub = Phrase(name, grams) if len(grams) > 1 else Term(name, grams[0])
            sub.boost = 0.3
            clauses.append(sub)
    short_latin = word.isascii() and len(word.strip()) < 4
    if opts.subwords and (not phrase or len(terms) <= 3) and not short_latin:
        clauses += _infix_clauses(terms, opts.vocabulary, gate=opts.single)
    place = lookup(word)
    if isinstance(place, Country):
        clauses.append(Term("f_country", place.code, boost=3.0))
    elif isinstance(place, City):
        clauses.append(Term("f_city", place.name_en, boost=3.0))
    year = _year(word)
    if year:
        clauses.append(Term("f_year", str(year), boost=2.0))
    return Or(clauses) if clauses else None


def _year(word: str) -> int | None:
    from indexer.normalize import thai_to_arabic_digits

    digits = thai_to_arabic_digits(word.strip())
    if len(digits) == 4 and digits.isdigit():
        year = int(digits)
        year = year - 543 if year >= 2400 else year
        if 1900 <= year <= 2100:
            return year
    return None


# "month:2018-11": quote a facet value so that its hyphen is not read as a minus.
_FIELD_VALUE = __import__("re").compile(r"(?<![\w\"])((?:%s):)([^\s\"()]+)" % "|".join(FACET_NAMES))


def parse_query(
    text: str,
    vocabulary: Vocabulary | None = None,
    *,
    subwords: bool = True,
    join: str = "all",
    bonus: bool = True,
) -> ParsedQuery:
    """The user's query as a Whoosh query plus facet filters typed in it ("country:JP").

    Syntax: words (all must match), "quoted phrases", OR, NOT / -word, field:value for facets.
    A query the parser cannot make sense of is searched as plain words, with a notice.
    ``subwords=False`` leaves out the part-of-a-word clauses; ``join`` says how a word typed
    without spaces is matched: all its words ("all"), as written ("phrase"), or any ("any",
    where the query's words are also OR-ed: the relaxed query when nothing has them all)."""
    import re

    from whoosh import query as q

    text = (text or "").strip()[:500]
    if not text:
        return ParsedQuery(query=Every())
    pieces = [w for w in text.split() if w not in ("AND", "OR", "NOT") and ":" not in w]
    opts = _Options(
        vocabulary=vocabulary,
        subwords=subwords,
        join=join,
        single=len(pieces) <= 1,
        bonus=bonus,
        # Whoosh turns a quoted single token into a plain term: remember what was quoted.
        quoted=frozenset(m.strip() for m in re.findall(r'"([^"]+)"', text)),
    )
    notice = None
    try:
        tree = _parser().parse(_FIELD_VALUE.sub(r'\1"\2"', text))
        result = ParsedQuery(query=Every())
        if tree is q.NullQuery and text.lstrip().startswith("-"):
            # "-ญี่ปุ่น" or "-country:TH" alone: everything except that
            tree = q.Not(_parser().parse(_FIELD_VALUE.sub(r'\1"\2"', text.lstrip()[1:])))
        result.query = _expand(tree, result, opts, negated=False, top=True)
        if isinstance(result.query, q.Not):
            result.query = q.And([Every(), result.query])
        if result.query is q.NullQuery:
            raise ValueError("empty")
    except Exception:  # the parser or the expansion choked: fall back to plain words
        notice = "query syntax not understood: searched for the words instead"
        plain = "".join(
            ch if ch.isalnum() or ch.isspace() or "\u0e00" <= ch <= "\u0e7f" else " " for ch in text
        )
        result = ParsedQuery(query=Every())
        clauses = [c for c in (_word_query(w, opts) for w in plain.split()) if c]
        result.words = plain.split()
        group = q.Or if join == "any" else q.And
        if clauses:
            result.query = group(clauses)
        else:  # only symbols: nothing to search for (not the whole archive)
            result.query = q.NullQuery
            notice = "query syntax not understood and no words left to search for"
    result.notice = notice
    return result


def _expand(node: Query, result: ParsedQuery, opts: _Options, *, negated: bool, top: bool) -> Query:
    from whoosh import query as q

    if isinstance(node, q.Term) and node.fieldname == "q":
        result.words.append(node.text)
        return _word_query(node.text, opts) or q.NullQuery
    if isinstance(node, q.Phrase) and node.fieldname == "q":
        phrase = " ".join(node.words)
        result.words.append(phrase)
        return _word_query(phrase, opts, phrase=True) or q.NullQuery
    if isinstance(node, (q.Prefix, q.Wildcard)) and node.fieldname == "q":
        stem = node.text.rstrip("*?")
        if isinstance(node, q.Wildcard) and not node.text.endswith("*"):
            raise ValueError("only trailing wildcards are supported")
        from indexer.analysis import words

        terms = words(stem)
        if not terms:
            raise ValueError("empty wildcard")
        return q.Or([q.Prefix(name, terms[-1]) for name in ("title", "content")])
    if isinstance(node, q.Term) and node.fieldname in FILTER_FIELDS:
        value = facet_value(node.fieldname, node.text)
        if not top:
            return q.Term(f"f_{node.fieldname}", value)
        target = result.excluded if negated else result.filters
        target.setdefault(node.fieldname, []).append(value)
        return Every()
    if isinstance(node, q.Not):
        inner = _expand(node.query, result, opts, negated=not negated, top=top)
        return Every() if isinstance(inner, Every) else q.Not(inner)
    if isinstance(node, q.AndNot):
        return q.AndNot(
            _expand(node.a, result, opts, negated=negated, top=False),
            _expand(node.b, result, opts, negated=not negated, top=False),
        )
    if isinstance(node, q.AndMaybe):
        return q.AndMaybe(
            _expand(node.a, result, opts, negated=negated, top=False),
            _expand(node.b, result, opts, negated=negated, top=False),
        )
    if isinstance(node, q.CompoundQuery):
        # Facet conditions directly under the top-level AND become filters; anywhere else
        # (under OR) they are terms of the query.
        keep_top = top and isinstance(node, q.And)
        children = [
            _expand(child, result, opts, negated=negated, top=keep_top) for child in node.subqueries
        ]
        children = [c for c in children if not isinstance(c, Every)] or [Every()]
        kind = type(node)
        if opts.join == "any" and kind is q.And:
            kind = q.Or  # relaxed: records with most of the words first
        return kind(children) if len(children) > 1 else children[0]
    raise ValueError(f"unsupported query part: {node!r}")


def facet_value(name: str, value: str) -> str:
    """A filter value as typed, in its stored form: years in CE, countries as ISO codes."""
    from indexer.gazetteer import City, Country, lookup

    if name == "year":
        year = _year(value)
        return str(year) if year else value
    if name == "country":
        place = lookup(value)
        if isinstance(place, Country):
            return place.code
        if isinstance(place, City):
            return place.country_code
        return value.upper()
    if name == "city":
        place = lookup(value)
        return place.name_en if isinstance(place, City) else value
    return value


def suggest(searcher: Searcher, words_typed: list[str]) -> str | None:
    """A corrected query from the index's own vocabulary, or None. Each typed word is first
    corrected whole (Thai is typed without spaces: "ความร่วมมอ" -> "ความร่วมมือ"), then piece by
    piece; every correction is a term of the title or content field."""
    from indexer.analysis import fold_token, words

    def known(term: str) -> bool:
        return any(searcher.doc_frequency(name, term) for name in ("title", "content"))

    def closest(term: str) -> str | None:
        for name in ("content", "title"):
            options = searcher.suggest(name, term, limit=1, maxdist=2, prefix=1)
            if options:
                return options[0]
        return None

    corrected, changed = [], False
    for word in words_typed:
        pieces = words(word)
        if all(known(p) for p in pieces):
            corrected.append(word)
            continue
        whole = closest(fold_token(word.replace(" ", "")))
        if whole:
            corrected.append(whole)
            changed = True
            continue
        fixed = [p if known(p) else (closest(p) or p) for p in pieces]
        changed = changed or fixed != pieces
        thai = all("\u0e00" <= p[:1] <= "\u0e7f" for p in fixed)
        corrected.append(("" if thai else " ").join(fixed))
    return " ".join(corrected) if changed else None


# --- searching ---------------------------------------------------------------------------------


@dataclass
class FacetTable:
    """Facet values of every document of one index generation, as numpy arrays.

    For each facet: ``values`` (the distinct strings) and two parallel arrays ``docs`` and
    ``codes``: document ``docs[i]`` has value ``values[codes[i]]``."""

    size: int
    values: dict[str, list[str]] = field(default_factory=dict)
    docs: dict[str, np.ndarray] = field(default_factory=dict)
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Meeting start date of each document (day ordinal, 0 when unknown), for sorting by date.
    dates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Document masks of recently used terms (see ``matching_docs``), valid for this generation.
    term_cache: dict = field(default_factory=dict)  # type: ignore[type-arg]

    @classmethod
    def load(cls, searcher: Searcher) -> FacetTable:
        reader = searcher.reader()
        size = reader.doc_count_all()
        table = cls(size=size, live=np.zeros(size, dtype=bool))
        lookup: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
        docs: dict[str, list[int]] = {name: [] for name in FACET_NAMES}
        codes: dict[str, list[int]] = {name: [] for name in FACET_NAMES}
        table.dates = np.zeros(size, dtype=np.int64)
        for docnum, stored in reader.iter_docs():
            table.live[docnum] = True
            start = json.loads(stored["summary"]).get("date_start")
            if start:
                table.dates[docnum] = date.fromisoformat(start).toordinal()
            for name, values in json.loads(stored["facets"]).items():
                codebook = lookup[name]
                for value in values:
                    code = codebook.setdefault(value, len(codebook))
                    docs[name].append(docnum)
                    codes[name].append(code)
        for name in FACET_NAMES:
            table.values[name] = list(lookup[name])
            table.docs[name] = np.asarray(docs[name], dtype=np.int64)
            table.codes[name] = np.asarray(codes[name], dtype=np.int64)
        return table

    def matching(self, name: str, values: Iterable[str]) -> np.ndarray:
        """Boolean mask of documents having any of ``values`` for facet ``name``."""
        mask = np.zeros(self.size, dtype=bool)
        wanted = {v for v in values}
        codes = [i for i, v in enumerate(self.values[name]) if v in wanted]
        if codes:
            hits = np.isin(self.codes[name], codes)
            mask[self.docs[name][hits]] = True
        return mask

    def counts(self, name: str, mask: np.ndarray) -> list[tuple[str, int]]:
        """(value, documents) for facet ``name`` over the documents in ``mask``, most first."""
        inside = mask[self.docs[name]]
        counted = np.bincount(self.codes[name][inside], minlength=len(self.values[name]))
        order = np.lexsort((np.arange(len(counted)), -counted))
        return [(self.values[name][i], int(counted[i])) for i in order if counted[i] > 0]


class Index:
    """A live index opened for searching, with its facet table; reopened when it changes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._ix: whoosh_index.Index | None = None
        self._dir: Path | None = None
        self._searcher: Searcher | None = None
        self._facets: FacetTable | None = None
        self._vocabulary: Vocabulary | None = None
        self._retired: list[Searcher] = []

    def vocabulary(self) -> Vocabulary:
        """The vocabulary of the current searcher (loaded once per index generation)."""
        searcher, _ = self.searcher()
        with self._lock:
            if self._vocabulary is None or self._vocabulary.searcher is not searcher:
                self._vocabulary = Vocabulary(searcher)
            return self._vocabulary

    def searcher(self) -> tuple[Searcher, FacetTable]:
        """A current searcher and facet table, reopened after updates or a rebuild.

        A changed index gets a new searcher, not ``Searcher.refresh()``: refresh reuses segment
        readers with their old deletions, so a replaced document would show twice. The
        previous searcher is left open for requests still using it and closed on the next
        change (or by ``close``)."""
        with self._lock:
            live = _live_dir(self.root)
            if live is None:
                raise FileNotFoundError(f"no search index in {self.root}: run 'archive index'")
            if live != self._dir or self._searcher is None or not self._searcher.up_to_date():
                if live != self._dir or self._ix is None:
                    self._ix = whoosh_index.open_dir(str(live))
                    self._dir = live
                for old in self._retired:
                    old.close()
                self._retired = [self._searcher] if self._searcher is not None else []
                self._searcher = self._ix.searcher()
                self._facets = FacetTable.load(self._searcher)
            assert self._facets is not None
            return self._searcher, self._facets

    def close(self) -> None:
        """Close every searcher opened here."""
        for searcher in [*self._retired, self._searcher]:
            if searcher is not None:
                searcher.close()
        self._retired = []
        self._searcher = self._facets = self._ix = self._vocabulary = None
        self._dir = None


POSITIONAL_LIMIT = 2000
SEQUENCE_LIMIT = 300  # sub-word sequences: checked on at most this many documents
TERM_CACHE = 512  # document masks of recently used terms, per index generation


def matching_docs(
    searcher: Searcher,
    query: Query,
    size: int,
    cache: dict | None = None,  # type: ignore[type-arg]
) -> np.ndarray:
    """Boolean mask of the documents matching ``query`` (no scoring).

    Boolean structure is evaluated with numpy over whole posting lists (read block by block);
    only positional parts (phrases, sequences) ask Whoosh, and only about the documents that
    hold all their words. Whoosh's own ``query.docs()`` walks every match in Python, one
    matcher call per document and per clause: seconds for a common word on 27,000 records."""
    return matching_docs_exact(searcher, query, size, cache)[0]


def matching_docs_exact(
    searcher: Searcher,
    query: Query,
    size: int,
    cache: dict | None = None,  # type: ignore[type-arg]
) -> tuple[np.ndarray, bool]:
    """``matching_docs`` and whether it is exact (no phrase was approximated by its words)."""
    sets = _DocSets(searcher, size, cache)
    mask = sets.of(query)
    return mask, not sets.approximated


class _DocSets:
    def __init__(
        self,
        searcher: Searcher,
        size: int,
        cache: dict | None = None,  # type: ignore[type-arg]
    ) -> None:
        self.searcher = searcher
        self.size = size
        self.leaves = searcher.reader().leaf_readers()
        self.terms: dict[tuple[str, str], np.ndarray] = {} if cache is None else cache
        self.approximated = False

    def of(self, query: Query) -> np.ndarray:
        from whoosh import query as q

        if isinstance(query, Every):
            return np.ones(self.size, dtype=bool)
        if query is q.NullQuery:
            return np.zeros(self.size, dtype=bool)
        if isinstance(query, q.Term):
            return self.term(query.fieldname, query.text).copy()
        if isinstance(query, q.Or):
            mask = np.zeros(self.size, dtype=bool)
            for child in query.subqueries:
                mask |= self.of(child)
            return mask
        if isinstance(query, q.And):
            mask = np.ones(self.size, dtype=bool)
            for child in query.subqueries:
                mask &= self.of(child)
            return mask
        if isinstance(query, q.Not):
            return ~self.of(query.query)
        if isinstance(query, q.AndNot):
            return self.of(query.a) & ~self.of(query.b)
        if isinstance(query, q.AndMaybe):
            return self.of(query.a)
        if isinstance(query, q.Prefix):
            mask = np.zeros(self.size, dtype=bool)
            reader = self.searcher.reader()
            for text in reader.expand_prefix(query.fieldname, query.text):
                mask |= self.term(
                    query.fieldname, text.decode("utf-8") if isinstance(text, bytes) else text
                )
            return mask
        if isinstance(query, (q.Phrase, q.Sequence)):
            return self.positional(query)
        return self.whoosh(query, np.ones(self.size, dtype=bool))

    def term(self, fieldname: str, text: str) -> np.ndarray:
        key = (fieldname, text)
        if key not in self.terms:
            mask = np.zeros(self.size, dtype=bool)
            field = self.searcher.schema[fieldname]
            tbytes = field.to_bytes(text)
            for leaf, offset in self.leaves:
                if (fieldname, tbytes) in leaf:
                    ids = _posting_ids(leaf.postings(fieldname, tbytes))
                    mask[ids + offset] = True
            if len(self.terms) >= TERM_CACHE:
                self.terms.pop(next(iter(self.terms)))
            self.terms[key] = mask
        return self.terms[key]

    def positional(self, query: Query) -> np.ndarray:
        """Documents where the words stand in order. Checking positions costs Whoosh a matcher
        step per document: above ``POSITIONAL_LIMIT`` candidates a phrase counts as all its
        words (the ranked hits still come from the real phrase) and a sub-word sequence, which
        only adds records matching parts of words, is dropped."""
        from whoosh import query as q

        if isinstance(query, q.Phrase):
            parts: list[Query] = [q.Term(query.fieldname, w) for w in query.words]
        else:
            parts = list(query.subqueries)
        candidates = np.ones(self.size, dtype=bool)
        for part in parts:
            candidates &= self.of(part)
        count = candidates.sum()
        if isinstance(query, q.Phrase) and count > POSITIONAL_LIMIT:
            self.approximated = True
            return candidates
        if not isinstance(query, q.Phrase) and count > SEQUENCE_LIMIT:
            return np.zeros(self.size, dtype=bool)
        return self.whoosh(query, candidates)

    def whoosh(self, query: Query, candidates: np.ndarray) -> np.ndarray:
        """Ask Whoosh which of the candidate documents match (skipping between them)."""
        mask = np.zeros(self.size, dtype=bool)
        docnums = np.flatnonzero(candidates)
        if not len(docnums):
            return mask
        matcher = query.matcher(self.searcher, self.searcher.boolean_context())
        for docnum in docnums.tolist():
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
            if matcher.id() == docnum:
                mask[docnum] = True
        return mask


def _posting_ids(matcher) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Every document id of a leaf posting list. whoosh3's block matcher is read block by block
    (its private block API: we pin whoosh-reloaded 2.7.5); others are walked."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    if not isinstance(matcher, W3LeafMatcher):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    chunks = []
    while True:
        if matcher._ids is None:
            matcher._read_ids()
        chunks.append(np.asarray(matcher._ids, dtype=np.int64))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)


@dataclass
class Hit:
    id: int
    score: float
    summary: dict
    snippet: str


_FORMATTER = HtmlFormatter(tagname="mark", between=" … ")


def ranked(
    searcher: Searcher,
    tiers: list[tuple[Query, np.ndarray]],
    *,
    page: int,
    per_page: int,
    sort: str,
    surfaces: tuple[str, ...] = (),
    first_is_exact: bool = False,
    dates: np.ndarray | None = None,
) -> Iterator[Hit]:
    """The hits of one page, with highlighted snippets. ``tiers`` are (query, allowed docs)
    pairs ranked one after the other: every record matching the query's words comes before
    records matching only a part of a word, whatever their scores.

    Snippets read the postings of the page's hits directly, so the search itself need not
    record matched terms (``terms=True`` costs a pass over every match)."""
    skip, wanted = (page - 1) * per_page, per_page
    sortedby = None if sort == "relevance" else "date"
    fragmenter = PinpointFragmenter(maxchars=240, surround=70, autotrim=True)
    for number, (query, allowed) in enumerate(tiers):
        size = int(allowed.sum())
        if wanted <= 0:
            return
        if skip >= size:
            skip -= size
            continue
        order = "date" if sortedby is None and isinstance(query, Every) else sortedby
        if order == "date" and dates is not None:
            # Newest first straight from the dates array: Whoosh would collect and sort every
            # match (all 27,000 records when browsing without a query).
            docnums = np.flatnonzero(allowed)
            ordered = docnums[np.lexsort((docnums, -dates[docnums]))]
            for docnum in ordered[skip : skip + wanted].tolist():
                wanted -= 1
                stored = searcher.stored_fields(docnum)
                yield Hit(
                    id=int(stored["id"]),
                    score=0.0,
                    summary=json.loads(stored["summary"]),
                    snippet=_snippet(
                        searcher, docnum, stored["content"], query, fragmenter, surfaces
                    ),
                )
            skip = 0
            continue
        # ``search`` with a limit, not ``search_page``: the page needs no total (the facet
        # table counted it), and ``search_page`` counts every match once more.
        # Whoosh skips low-scoring blocks only without a docset filter: the first tier of an
        # unfiltered search is exactly its query's matches and needs none.
        unfiltered = number == 0 and first_is_exact
        results = searcher.search(
            query,
            limit=skip + wanted,
            filter=None if unfiltered else set(np.flatnonzero(allowed).tolist()),
            sortedby=order,
            reverse=order == "date",
        )
        for hit in results[skip : skip + wanted]:
            wanted -= 1
            yield Hit(
                id=int(hit["id"]),
                score=float(hit.score or 0.0) if order is None else 0.0,
                summary=json.loads(hit["summary"]),
                snippet=_snippet(searcher, hit.docnum, hit["content"], query, fragmenter, surfaces),
            )
        skip = 0


def _snippet(  # type: ignore[no-untyped-def]
    searcher: Searcher,
    docnum: int,
    text: str,
    query: Query,
    fragmenter,
    surfaces: tuple[str, ...],
) -> str:
    """Highlighted fragments of the stored content. Word matches come from the character offsets
    stored in the postings (no re-tokenising); a sub-word (substring) match is located by the
    typed words themselves. Only whole occurrences of a query term or phrase are marked."""
    tokens = _matched_tokens(searcher, docnum, "content", _sequences(query, "content"))
    if not tokens and surfaces:
        tokens = _surface_tokens(text, surfaces)
    if tokens:
        fragments = fragmenter.fragment_matches(text, tokens)
        top = sorted(fragments, key=lambda f: -len(f.matches))[:2]
        top.sort(key=lambda f: f.startchar)
        return _FORMATTER(text, top)
    return _plain(text)


def _surface_tokens(text: str, surfaces: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """Tokens at each occurrence of the typed words in ``text`` (case-insensitive, spaces
    between the pieces of a phrase optional)."""
    import re

    from whoosh.analysis import Token

    from indexer.normalize import thai_to_arabic_digits

    folded = thai_to_arabic_digits(text).lower()
    spans: list[tuple[int, int]] = []
    for surface in surfaces:
        pieces = [re.escape(p) for p in thai_to_arabic_digits(surface).lower().split()]
        if pieces:
            spans += [m.span() for m in re.finditer(r"\s*".join(pieces), folded)]
    return [Token(startchar=s, endchar=e, matched=True, text="") for s, e in _merge(spans)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _plain(text: str, limit: int = 240) -> str:
    from html import escape

    cut = text[:limit]
    return escape(cut + ("…" if len(text) > limit else ""))


def _sequences(query: Query, fieldname: str) -> list[tuple[str, ...]]:
    """The terms (one) and phrases (several) that ``query`` looks for in ``fieldname``."""
    from whoosh.query import Phrase, Term

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


def _matched_tokens(searcher: Searcher, docnum: int, fieldname: str, sequences):  # type: ignore[no-untyped-def]
    """Tokens with the character spans of whole occurrences of ``sequences`` in the hit's
    document, read from the positions and characters stored in the postings."""
    from whoosh.analysis import Token

    occurrences: dict[str, dict[int, tuple[int, int]]] = {}

    def where(term: str) -> dict[int, tuple[int, int]]:
        if term not in occurrences:
            occurrences[term] = {}
            try:
                matcher = searcher.postings(fieldname, term)
            except Exception:  # term not in the index
                return occurrences[term]
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                occurrences[term] = {p: (s, e) for p, s, e in matcher.value_as("characters")}
        return occurrences[term]

    spans: list[tuple[int, int]] = []
    for sequence in sequences:
        first = where(sequence[0])
        rest = [where(term) for term in sequence[1:]]
        for position, (start, end) in first.items():
            if all(position + i + 1 in following for i, following in enumerate(rest)):
                spans.append((start, rest[-1][position + len(rest)][1] if rest else end))
    return [Token(startchar=s, endchar=e, matched=True, text="") for s, e in _merge(spans)]


__all__ = [
    "FACET_NAMES",
    "FacetTable",
    "Hit",
    "Index",
    "exists",
    "facet_values",
    "index_document",
    "make_schema",
    "matching_docs",
    "open_index",
    "ranked",
    "rebuild",
    "update",
]
