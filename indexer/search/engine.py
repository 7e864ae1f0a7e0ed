"""The search index: the one module that talks to Whoosh (with ``indexer.search.analysis``, whose
classes Whoosh pickles into the schema).

The index is a projection of database rows: ``index_document`` turns one record into one index
document and ``rebuild`` iterates over the rows. Facet filtering and counting do not use Whoosh
at all: a ``FacetTable`` (numpy arrays of value codes per document, loaded once per index
generation from a stored field) answers them in a few array operations.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Characters
from whoosh.highlight import HtmlFormatter, PinpointFragmenter
from whoosh.query import Every, Query
from whoosh.searching import Searcher

from archive.store.models import Record
from archive.thai.calendar import to_ce
from archive.thai.normalize import thai_to_arabic_digits
from indexer.search.analysis import dictionary_name, subword_analyzer, word_analyzer, word_format

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
    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=words, stored=True, chars=True, field_boost=4.0),
        # Titles get a sub-word field (a substring is a phrase of cluster bigrams). Bodies do
        # not: their bigrams were two thirds of all postings and more than half of the build
        # time; a substring of a body word is found through the vocabulary instead (see
        # ``Vocabulary``), which costs nothing at build time.
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
        **{f"f_{name}": KEYWORD(commas=True, scorable=False) for name in FACET_NAMES},
        date=NUMERIC(int, sortable=True, signed=False, bits=32),
        summary=STORED,
        facets=STORED,
    )
    for spec in schema:
        if spec.analyzer is words:  # the same postings, computed without Token objects
            chars = isinstance(spec.format, Characters)
            spec.format = word_format(chars=chars, field_boost=spec.format.field_boost)
    return schema


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


class _Codec(W3Codec):
    """Whoosh 3 files without per-block field-length statistics: collecting them read a
    document's field length back for every posting (a tenth of the build). They only bound
    scores for Whoosh's block skipping, which stays correct with the loose bound (length 0);
    scores use the lengths stored per document."""

    length_stats = False


def _codec() -> W3Codec:
    """Posting blocks stored uncompressed: reading a common word's postings for facet counts
    spent half its time in zlib; the index grows by about a third."""
    return _Codec(compression=0)


def exists(root: Path) -> bool:
    """Whether a live index exists under ``root``."""
    return _live_dir(root) is not None


def open_index(root: Path) -> whoosh_index.Index:
    """The live index; raises ``FileNotFoundError`` when none was built."""
    live = _live_dir(root)
    if live is None:
        raise FileNotFoundError(f"no search index in {root}: run 'archive index'")
    return whoosh_index.open_dir(str(live))


# Postings a writer process holds in memory (Whoosh's estimate) before it spills a sorted run to
# disk. Spilling pickles every posting out and back: at 256 MB a writer of half of the 27,305
# shared articles spent 40 % more time per document, and a writer that spilled near the end
# finished 20 s after the other one. Half of the shared articles stay under 2048.
POOL_MB = 2048
# While a generation is built, the cyclic garbage collector runs rarely, in this process and in
# the processes it forks (they inherit the thresholds): the build keeps millions of objects alive
# (posting pools, rows read back), and every full collection went over them, a tenth of the time.
_BUILD_GC = (100_000, 50, 100)
_gc_lock = threading.Lock()
_gc_saved: list[tuple[int, int, int]] = []  # thresholds to restore when no build is running
_gc_builds = 0


def _hold_gc() -> None:
    global _gc_builds
    with _gc_lock:
        if _gc_builds == 0:
            _gc_saved[:] = [gc.get_threshold()]
            gc.set_threshold(*_BUILD_GC)
        _gc_builds += 1


def _release_gc() -> None:
    global _gc_builds
    with _gc_lock:
        _gc_builds -= 1
        if _gc_builds == 0:
            gc.set_threshold(*_gc_saved[0])


class Generation:
    """A new index generation built aside from the live one; ``commit`` switches to it.

    With ``procs`` > 1 (0: one per core), documents are analysed and written by that many writer
    processes (Whoosh's multi-process writer), each producing its own segment: the caller only
    turns records into documents. Readers keep the generation they opened; the previous
    generation is kept until the next commit so that no open reader loses its files."""

    def __init__(self, root: Path, *, procs: int = 1) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{os.urandom(3).hex()}"
        self.path = root / self.name
        self.path.mkdir()
        self.count = 0
        procs = procs or os.cpu_count() or 1
        if procs > 1:
            dictionary_name()  # loaded once here, not in each writer process forked below
        try:
            ix = whoosh_index.create_in(str(self.path), make_schema())
            self.writer = (
                ix.writer(procs=procs, limitmb=POOL_MB, multisegment=True, codec=_codec())
                if procs > 1
                else ix.writer(limitmb=POOL_MB, codec=_codec())
            )
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise
        self._building = True
        _hold_gc()

    def _done(self) -> None:
        if self._building:
            self._building = False
            _release_gc()

    def add(self, record: Record) -> None:
        """Add one record's document."""
        self.writer.add_document(**index_document(record))
        self.count += 1

    def commit(self) -> int:
        """Write the generation and make it the live one; returns its number of documents."""
        try:
            self.writer.commit()
        except BaseException:
            self.cancel()
            raise
        self._done()
        previous = _live_dir(self.root)
        _point_to(self.root, self.name)
        for old in self.root.glob("gen-*"):
            if old != self.path and old != previous:
                shutil.rmtree(old, ignore_errors=True)
        return self.count

    def cancel(self) -> None:
        """Abandon the generation: stop its writer processes and remove its folder."""
        with contextlib.suppress(Exception):  # a writer that failed to commit is closed
            self.writer.cancel()
        # Whoosh's cancel only flags the parent's copies of its writer processes.
        for task in getattr(self.writer, "tasks", []):
            if task.is_alive():
                task.terminate()
            task.join()
        shutil.rmtree(self.path, ignore_errors=True)
        self._done()


def rebuild(root: Path, records: Iterable[Record], *, procs: int = 1, progress=None) -> int:  # type: ignore[no-untyped-def]
    """Build a new generation aside from the live one, then switch to it atomically."""
    generation = Generation(root, procs=procs)
    try:
        for record in records:
            generation.add(record)
            if progress:
                progress()
    except BaseException:
        generation.cancel()
        raise
    return generation.commit()


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


_PARSERS = threading.local()


def _parser():  # type: ignore[no-untyped-def]
    """A parser for the query syntax only: words stay as typed, fields name facets (one per
    thread, built once: building one costs more than parsing)."""
    from whoosh import qparser
    from whoosh.analysis import SpaceSeparatedTokenizer

    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        fields = {"q": TEXT(analyzer=SpaceSeparatedTokenizer())}
        fields.update({name: ID() for name in FILTER_FIELDS})
        parser = qparser.QueryParser("q", Schema(**fields), group=qparser.AndGroup)
        parser.add_plugin(qparser.PlusMinusPlugin())
        parser.remove_plugin_class(qparser.BoostPlugin)
        _PARSERS.parser = parser
    return parser


_TREES: dict[str, Query] = {}


def _parse(text: str) -> Query:
    """The syntax tree of a query (remembered: a search parses its query three times)."""
    tree = _TREES.get(text)
    if tree is None:
        tree = _parser().parse(text)
        if len(_TREES) >= 1024:
            _TREES.clear()
        _TREES[text] = tree
    return tree


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
        self._found: dict[tuple[str, str], list[int]] = {}
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
        """Indexes of the terms that contain ``piece`` (each once), at most a few thousand
        (remembered: scanning the vocabulary for a rare piece costs a millisecond)."""
        import bisect

        key = (name, piece)
        found = self._found.get(key)
        if found is not None:
            return found
        if len(self._found) >= 4096:
            self._found.clear()
        joined, starts, _, _ = self.by_field[name]
        found = self._found[key] = []
        position = joined.find(piece)
        while position != -1 and len(found) < 100 * MAX_EXPANSIONS:
            index = bisect.bisect_right(starts, position) - 1
            found.append(index)
            following = starts[index + 1] if index + 1 < len(starts) else len(joined)
            position = joined.find(piece, following)
        return found

    def _best(self, name: str, indexes: list[int]) -> list[str]:
        """The ``MAX_EXPANSIONS`` most frequent of these terms, most frequent first."""
        _, _, terms, frequencies = self.by_field[name]
        if len(indexes) > 1:
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

    from archive.reference.gazetteer import City, Country, lookup
    from indexer.search.analysis import subwords as split_subwords
    from indexer.search.analysis import words

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
    digits = thai_to_arabic_digits(word.strip())
    if len(digits) == 4 and digits.isdigit():
        year = int(digits)
        year = to_ce(year)
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
        tree = _parse(_FIELD_VALUE.sub(r'\1"\2"', text))
        result = ParsedQuery(query=Every())
        if tree is q.NullQuery and text.lstrip().startswith("-"):
            # "-ญี่ปุ่น" or "-country:TH" alone: everything except that
            tree = q.Not(_parse(_FIELD_VALUE.sub(r'\1"\2"', text.lstrip()[1:])))
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
        from indexer.search.analysis import words

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
    from archive.reference.gazetteer import City, Country, lookup

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
    from indexer.search.analysis import fold_token, words

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
    # Postings of recently used terms and field lengths, valid for this generation.
    terms: TermCache | None = None

    @classmethod
    def load(cls, searcher: Searcher) -> FacetTable:
        reader = searcher.reader()
        size = reader.doc_count_all()
        table = cls(size=size, live=np.zeros(size, dtype=bool), terms=TermCache(searcher, size))
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
        present = np.flatnonzero(counted)
        order = present[np.lexsort((present, -counted[present]))]
        values = self.values[name]
        return [(values[i], int(counted[i])) for i in order.tolist()]


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
TERM_CACHE = 4096  # postings of recently used terms, per index generation
CACHE_BYTES = 96 * 2**20  # and at most about this much memory for them


@dataclass(eq=False)
class _Postings:
    ids: np.ndarray  # global document numbers, ascending
    scores: np.ndarray  # BM25F of the term in each document, before query boosts
    # Where the encoded values (positions and characters) are, read only when a phrase or a
    # snippet needs them: the first posting of each block and where the block is (a row of
    # source, offset, length, compressed); a source is a postings file, or the values
    # themselves when the postings were not in blocks (offset -1). Arrays, not tuples, which
    # the garbage collector would walk.
    starts: np.ndarray
    places: np.ndarray
    sources: list  # type: ignore[type-arg]
    size: int = 0  # bytes held

    def find(self, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Indexes of ``docnums`` in ``ids`` and whether each document is there."""
        where = np.searchsorted(self.ids, docnums)
        inside = where < len(self.ids)
        present = np.zeros(len(docnums), dtype=bool)
        present[inside] = self.ids[where[inside]] == docnums[inside]
        return np.minimum(where, max(len(self.ids) - 1, 0)), present

    def block_values(self, number: int) -> tuple[bytes, ...]:
        """The encoded values of one block."""
        import pickle
        import zlib

        source, offset, length, compressed = self.places[number].tolist()
        if offset < 0:
            return self.sources[source]
        data = self.sources[source].get(offset, length)
        return pickle.loads(zlib.decompress(data) if compressed else data)[2]


class TermCache:
    """Postings (documents, BM25F scores, positions) of recently used terms and the field
    lengths of one index generation, kept across the searches of that generation.

    Whoosh scores a query by walking a matcher tree in Python, one call per document and per
    clause: tens of milliseconds for a pair of common words. Here a term's postings are read
    block by block once and scored with numpy, with the same BM25F formula and statistics."""

    def __init__(self, searcher: Searcher, size: int) -> None:
        from whoosh.scoring import BM25F

        self.searcher = searcher
        self.size = size
        self.leaves = searcher.reader().leaf_readers()
        weighting = searcher.weighting
        self.weighting = weighting if isinstance(weighting, BM25F) else BM25F()
        self._postings: dict[tuple[str, str], _Postings | None] = {}
        self._lengths: dict[str, np.ndarray] = {}
        self._held = 0
        self._lock = threading.Lock()

    def postings(self, fieldname: str, text: str) -> _Postings | None:
        """The postings of a term, or None when the index does not have it."""
        key = (fieldname, text)
        with self._lock:
            if key in self._postings:
                found = self._postings.pop(key)
                self._postings[key] = found  # most recently used last
                return found
        found = self._read(fieldname, text)
        with self._lock:
            if key not in self._postings:
                self._postings[key] = found
                self._held += found.size if found else 0
            while len(self._postings) > TERM_CACHE or (
                self._held > CACHE_BYTES and len(self._postings) > 1
            ):
                old = self._postings.pop(next(iter(self._postings)))
                self._held -= old.size if old else 0
        return found

    def _read(self, fieldname: str, text: str) -> _Postings | None:
        if fieldname not in self.searcher.schema:
            return None
        field = self.searcher.schema[fieldname]
        try:
            tbytes = field.to_bytes(text)
        except ValueError:
            return None
        chunks, weights, starts, places, sources, size, count = [], [], [], [], [], 0, 0
        for leaf, offset in self.leaves:
            if (fieldname, tbytes) in leaf:
                read = _read_postings(leaf.postings(fieldname, tbytes))
                chunks.append(read[0] + offset)
                weights.append(read[1])
                starts += [count + first for first in read[2]]
                places += [(len(sources), *place) for place in read[3]]
                sources.append(read[4])
                size += read[5]
                count += len(read[0])
        if not chunks:
            return None
        ids = np.concatenate(chunks)
        tf = np.concatenate(weights)
        if field.scorable:
            # whoosh.scoring.bm25, term by term, in the same order of operations
            model = self.weighting
            b, k1 = model._field_B.get(fieldname, model.B), model.K1
            idf = self.searcher.idf(fieldname, text)
            average = self.searcher.avg_field_length(fieldname) or 1
            length = self.lengths(fieldname)[ids]
            scores = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * length / average)))
        else:
            scores = tf
        return _Postings(
            ids,
            scores,
            np.asarray(starts, dtype=np.int64),
            np.asarray(places, dtype=np.int64).reshape(-1, 4),
            sources,
            size,
        )

    def lengths(self, fieldname: str) -> np.ndarray:
        """The length of field ``fieldname`` in every document, as Whoosh's scorer sees it."""
        with self._lock:
            found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.size, dtype=np.float64)
            for leaf, offset in self.leaves:
                lengths = _field_lengths(leaf, fieldname)
                found[offset : offset + len(lengths)] = lengths
            with self._lock:
                self._lengths[fieldname] = found
        return found


def _head(data: bytes, count: int) -> bytes | None:
    """The ids and weights of a whoosh3 posting block's pickle, ``(ids, weights, values)``,
    as a pickle of their own: unpickling the values (a ``codecs.encode`` call per posting)
    costs ten times the rest. The ids tuple is memo 0, so it ends at the first ``t q 0``
    (``TUPLE`` then ``BINPUT 0``; small ints cannot be followed by ``q``); the weights are
    None, one float, or a tuple of ``count`` 9-byte floats (memo 1)."""
    if count > 3:
        end = data.find(b"tq\x00", 3) + 3
    else:
        end = data.find(bytes((0x84 + count,)) + b"q\x00", 2) + 3
    if end < 3:
        return None
    kind = data[end : end + 1]
    if kind == b"N":
        end += 1
    elif kind == b"(":
        end += 1 + 9 * count + 3
    elif kind == b"G":
        tupled = 1 < count <= 3 and data[end + 9 : end + 10] in (b"G", b"\x86", b"\x87")
        end += 9 * count + 3 if tupled else 9
    else:
        return None
    return data[:end] + b"\x86."


def _read_postings(matcher):  # type: ignore[no-untyped-def]
    """Document ids and weights of a leaf posting list, where its blocks start and what
    ``_Postings.block_values`` reads them from, and the bytes held. whoosh3's block matcher is
    read block by block (its private block API: we pin whoosh-reloaded 2.7.5); others are
    walked."""
    import pickle
    import zlib

    from whoosh.codec.whoosh3 import W3LeafMatcher

    deltas: list[int] = []
    counts: list[int] = []
    weights: list[float] = []
    if not isinstance(matcher, W3LeafMatcher):
        values = []
        while matcher.is_active():
            deltas.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        size = 16 * len(deltas) + sum(len(v or b"") for v in values)
        found = np.asarray(deltas, dtype=np.int64)
        weight = np.asarray(weights, dtype=np.float64)
        return found, weight, [0], [(-1, 0, 0)], tuple(values), size
    places: list[tuple[int, int, int]] = []
    while True:
        offset, length = matcher._dataoffset, matcher._nextoffset - matcher._dataoffset
        compressed = int(bool(matcher._compression))
        data = matcher._postfile.get(offset, length)
        if compressed:
            data = zlib.decompress(data)
        count = matcher._blocklength
        head = _head(data, count)
        try:
            ids, weight = pickle.loads(head) if head else ((), None)
        except Exception:  # not the layout expected: the whole block is unpickled below
            ids, weight = (), None
        if len(ids) != count or (isinstance(weight, tuple) and len(weight) != count):
            ids, weight, _ = pickle.loads(data)
        places.append((offset, length, compressed))
        deltas.extend(ids)
        counts.append(count)
        if weight is None:
            weights.extend([1.0] * count)
        elif isinstance(weight, float):
            weights.extend([weight] * count)
        else:
            weights.extend(weight)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    found = np.asarray(deltas, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    if not matcher._byteids:  # each block's ids are deltas from the block's start
        sums = np.cumsum(found)
        found = sums - np.repeat(sums[starts] - found[starts], counts)
    size = 16 * len(found) + 40 * len(places)
    weight = np.asarray(weights, dtype=np.float64)
    return found, weight, starts.tolist(), places, matcher._postfile, size


def _field_lengths(leaf, fieldname: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Field lengths of a segment's documents, decoded like ``doc_field_length`` (a byte per
    document in whoosh3's lengths column, read at once; other readers document by document)."""
    from whoosh.util.numeric import byte_to_length

    count = leaf.doc_count_all()
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        codes = np.zeros(count, dtype=np.uint8)
        if column is not None:
            stored = min(column._count, count)
            raw = column._dbfile.get(column._basepos, stored)
            codes[:stored] = np.frombuffer(raw, dtype=np.uint8)
        table = np.asarray([byte_to_length(b) for b in range(256)], dtype=np.float64)
        return table[codes]
    except AttributeError:
        return np.asarray(
            [leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(count)], dtype=np.float64
        )


class Evaluation:
    """Queries of one search evaluated over the whole index with numpy: which documents match
    (``match``) and the best of them by BM25F (``top``), with Whoosh's scores.

    Positions (phrases, sub-word sequences) are checked document by document, so only where
    they decide something: a phrase is checked only on documents no other clause already
    settles, and when ranking, only on the documents that could reach the page. Above
    ``POSITIONAL_LIMIT`` documents to check, a phrase counts as all its words (``approximated``);
    a sub-word sequence with more than ``SEQUENCE_LIMIT`` candidates, which only adds records
    matching parts of words, is dropped."""

    def __init__(self, terms: TermCache) -> None:
        self.terms = terms
        self.size = terms.size
        self.approximated = False
        self._masks: dict[Query, np.ndarray] = {}
        self._scores: dict[Query, tuple[np.ndarray, np.ndarray]] = {}
        self._positional: dict[Query, bool] = {}
        self._checked: dict[Query, np.ndarray] = {}  # documents whose positions were read
        self._found: dict[Query, np.ndarray] = {}  # ... and where they matched
        self._blocks: dict[tuple[_Postings, int], tuple[bytes, ...]] = {}  # values read
        self._cands: dict[Query, np.ndarray] = {}

    def values(self, postings: _Postings, indexes: list[int]) -> list[bytes]:
        """The encoded values (positions, characters) of the postings at these indexes."""
        numbers = (np.searchsorted(postings.starts, indexes, side="right") - 1).tolist()
        starts = postings.starts.tolist()
        found = []
        for index, number in zip(indexes, numbers, strict=True):
            key = (postings, number)
            block = self._blocks.get(key)
            if block is None:
                block = self._blocks[key] = postings.block_values(number)
            found.append(block[index - starts[number]])
        return found

    # --- which documents match ---

    def match(self, query: Query, need: np.ndarray | None = None) -> np.ndarray:
        """Boolean mask of the documents matching ``query``; exact on the documents in ``need``
        (all when None), elsewhere possibly not (positions left unchecked)."""
        from whoosh import query as q

        if not self._has_positions(query):
            return self._plain(query)
        if isinstance(query, (q.Phrase, q.Sequence)):
            return self._positional_match(query, need)
        if isinstance(query, q.Or):
            mask = np.zeros(self.size, dtype=bool)
            later = []
            for child in query.subqueries:
                if self._has_positions(child):
                    later.append(child)
                else:
                    mask |= self._plain(child)
            for child in later:
                mask |= self.match(child, _without(need, mask))
            return mask
        if isinstance(query, q.And):
            mask = np.ones(self.size, dtype=bool)
            later = []
            for child in query.subqueries:
                if self._has_positions(child):
                    later.append(child)
                else:
                    mask &= self._plain(child)
            for child in later:
                mask &= self.match(child, _within(need, mask))
            return mask
        if isinstance(query, q.Not):
            return ~self.match(query.query, need)
        if isinstance(query, q.AndNot):
            mask = self.match(query.a, need)
            return mask & ~self.match(query.b, _within(need, mask))
        if isinstance(query, q.AndMaybe):
            return self.match(query.a, need)
        return self._whoosh(query, np.ones(self.size, dtype=bool))[0]

    def _plain(self, query: Query) -> np.ndarray:
        """``match`` for a query without positional parts (memoised for the search)."""
        from whoosh import query as q

        found = self._masks.get(query)
        if found is not None:
            return found
        if isinstance(query, Every):
            mask = np.ones(self.size, dtype=bool)
        elif query is q.NullQuery:
            mask = np.zeros(self.size, dtype=bool)
        elif isinstance(query, q.Term):
            mask = np.zeros(self.size, dtype=bool)
            postings = self.terms.postings(query.fieldname, query.text)
            if postings is not None:
                mask[postings.ids] = True
        elif isinstance(query, q.Or):
            mask = np.zeros(self.size, dtype=bool)
            for child in query.subqueries:
                mask |= self._plain(child)
        elif isinstance(query, q.And):
            mask = np.ones(self.size, dtype=bool)
            for child in query.subqueries:
                mask &= self._plain(child)
        elif isinstance(query, q.Not):
            mask = ~self._plain(query.query)
        elif isinstance(query, q.AndNot):
            mask = self._plain(query.a) & ~self._plain(query.b)
        elif isinstance(query, q.AndMaybe):
            mask = self._plain(query.a)
        elif isinstance(query, q.Prefix):
            mask = np.zeros(self.size, dtype=bool)
            reader = self.terms.searcher.reader()
            for text in reader.expand_prefix(query.fieldname, query.text):
                word = text.decode("utf-8") if isinstance(text, bytes) else text
                mask |= self._plain(q.Term(query.fieldname, word))
        else:
            mask = self._whoosh(query, np.ones(self.size, dtype=bool))[0]
        self._masks[query] = mask
        return mask

    def _has_positions(self, query: Query) -> bool:
        from whoosh import query as q

        found = self._positional.get(query)
        if found is None:
            if isinstance(query, (q.Phrase, q.Sequence)):
                found = True
            elif isinstance(query, (q.Term, q.Prefix, Every)) or query is q.NullQuery:
                found = False
            else:
                found = any(self._has_positions(child) for child in query.children())
            self._positional[query] = found
        return found

    # --- positions ---

    def _parts(self, query: Query) -> list[list[tuple[str, str]]]:
        """The terms at each position of a phrase or sequence."""
        from whoosh import query as q

        if isinstance(query, q.Phrase):
            return [[(query.fieldname, word)] for word in query.words]
        parts = []
        for child in query.subqueries:
            terms = [child] if isinstance(child, q.Term) else list(child.children())
            parts.append([(t.fieldname, t.text) for t in terms if isinstance(t, q.Term)])
        return parts

    def _candidates(self, query: Query) -> np.ndarray:
        """Documents holding a term of every position of a phrase or sequence. A sequence's
        expansions are added most frequent first, and once more than ``SEQUENCE_LIMIT``
        documents hold them (it will be dropped) the rest are not read."""
        from whoosh import query as q

        found = self._cands.get(query)
        if found is not None:
            return found
        mask = np.ones(self.size, dtype=bool)
        parts = self._parts(query)
        for part in parts:
            if len(part) == 1 or isinstance(query, q.Phrase):
                mask &= self._plain(q.Or([q.Term(f, t) for f, t in part]))
        several = [part for part in parts if len(part) > 1 and isinstance(query, q.Sequence)]
        unions = [np.zeros(self.size, dtype=bool) for _ in several]
        for i in range(max((len(part) for part in several), default=0)):
            for union, part in zip(unions, several, strict=True):
                if i < len(part):
                    union |= self._plain(q.Term(*part[i]))
            found = np.logical_and.reduce([mask, *unions])
            if np.count_nonzero(found) > SEQUENCE_LIMIT:
                break
        found = np.logical_and.reduce([mask, *unions]) if several else mask
        self._cands[query] = found
        return found

    def _state(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        if query not in self._checked:
            self._checked[query] = np.zeros(self.size, dtype=bool)
            self._found[query] = np.zeros(self.size, dtype=bool)
        return self._checked[query], self._found[query]

    def _dropped(self, query: Query, candidates: np.ndarray) -> bool:
        from whoosh import query as q

        return not isinstance(query, q.Phrase) and np.count_nonzero(candidates) > SEQUENCE_LIMIT

    def _positional_match(self, query: Query, need: np.ndarray | None) -> np.ndarray:
        candidates = self._candidates(query)
        if self._dropped(query, candidates):
            return np.zeros(self.size, dtype=bool)
        checked, found = self._state(query)
        todo = _within(need, candidates & ~checked)
        if np.count_nonzero(todo) > POSITIONAL_LIMIT:
            self.approximated = True
            return candidates & (found | ~checked)
        self._check(query, np.flatnonzero(todo))
        return candidates & found

    def _check(self, query: Query, docnums: np.ndarray) -> None:
        """Read the positions of a phrase's or sequence's terms in ``docnums`` (candidates):
        a document matches when some start ``p`` has the k-th part at ``p + k`` for every k."""
        checked, found = self._state(query)
        docnums = docnums[~checked[docnums]]
        if not len(docnums):
            return
        checked[docnums] = True
        schema = self.terms.searcher.schema
        starts: list[set[int]] = []  # per document: starts still possible
        for k, part in enumerate(self._parts(query)):
            shifted: list[set[int]] = [set() for _ in range(len(docnums))]
            for fieldname, text in part:
                postings = self.terms.postings(fieldname, text)
                if postings is None:
                    continue
                where, present = postings.find(docnums)
                rows = np.flatnonzero(present).tolist()
                values = self.values(postings, where[present].tolist())
                back = (-k).__add__
                for row, positions in zip(
                    rows, _positions(schema[fieldname].format, values), strict=True
                ):
                    shifted[row].update(map(back, positions))
            starts = shifted if k == 0 else [a & b for a, b in zip(starts, shifted, strict=True)]
            keep = [i for i, possible in enumerate(starts) if possible]
            if len(keep) < len(docnums):
                docnums = docnums[keep]
                starts = [starts[i] for i in keep]
            if not len(docnums):
                return
        found[docnums] = True

    def _check_tree(self, query: Query, docnums: np.ndarray) -> None:
        """Check every phrase and sequence of ``query`` on these documents."""
        from whoosh import query as q

        if not self._has_positions(query):
            return
        if isinstance(query, (q.Phrase, q.Sequence)):
            candidates = self._candidates(query)
            if not self._dropped(query, candidates):
                self._check(query, docnums[candidates[docnums]])
            return
        for child in query.children():
            self._check_tree(child, docnums)

    # --- scores ---

    def scored(self, query: Query, hopeful: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(matches, scores) of ``query`` over every document, Whoosh's BM25F scores summed as
        its matchers sum them. Unchecked positions count as matching when ``hopeful``."""
        from whoosh import query as q

        positional = self._has_positions(query)
        if not positional and query in self._scores:
            return self._scores[query]
        if isinstance(query, q.Term):
            mask = self._plain(query)
            score = np.zeros(self.size, dtype=np.float64)
            self._add_term(score, query)
        elif isinstance(query, (q.Phrase, q.Sequence)):
            candidates = self._candidates(query)
            if self._dropped(query, candidates):
                mask = np.zeros(self.size, dtype=bool)
            else:
                checked, found = self._state(query)
                mask = candidates & (found | ~checked) if hopeful else candidates & found
            score = np.zeros(self.size, dtype=np.float64)
            for part in self._parts(query):
                for fieldname, text in part:
                    self._add_term(score, q.Term(fieldname, text))
            if query.boost != 1.0:
                score *= query.boost
            score[~mask] = 0.0
        elif isinstance(query, (q.Or, q.And)):
            either = isinstance(query, q.Or)
            mask = np.zeros(self.size, dtype=bool) if either else np.ones(self.size, dtype=bool)
            score = np.zeros(self.size, dtype=np.float64)
            for child in query.subqueries:
                if isinstance(child, q.Term):  # added sparsely: no array per term
                    part = self._plain(child)
                    self._add_term(score, child)
                else:
                    part, child_score = self.scored(child, hopeful)
                    score += child_score
                if either:
                    mask |= part
                else:
                    mask &= part
            if not either:
                score[~mask] = 0.0
            # Whoosh drops the boost of an OR or AND of one clause (it returns the clause's own
            # matcher): kept so, for the same ranking.
            if query.boost != 1.0 and len(query.subqueries) > 1:
                score *= query.boost
        elif isinstance(query, q.AndMaybe):
            mask, score = self.scored(query.a, hopeful)
            score = score + self.scored(query.b, hopeful)[1] * mask
        elif isinstance(query, q.AndNot):
            mask, score = self.scored(query.a, hopeful)
            mask = mask & ~self.scored(query.b, not hopeful)[0]
            score = score * mask
        elif isinstance(query, q.Not):
            mask = ~self.scored(query.query, not hopeful)[0]
            score = mask.astype(np.float64)
        elif isinstance(query, Every):
            mask = np.ones(self.size, dtype=bool)
            score = np.full(self.size, float(query.boost))
        elif query is q.NullQuery:
            mask = np.zeros(self.size, dtype=bool)
            score = np.zeros(self.size, dtype=np.float64)
        else:
            mask, score = self._whoosh(query, self._plain(query), scores=True)
        if not positional:
            self._scores[query] = (mask, score)
        return mask, score

    def _add_term(self, score: np.ndarray, term: Query) -> None:
        postings = self.terms.postings(term.fieldname, term.text)
        if postings is not None:
            score[postings.ids] += postings.scores * term.boost

    def top(self, query: Query, allowed: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``count`` best of the ``allowed`` documents for ``query`` (document numbers and
        scores, best first; equal scores in document order, as Whoosh ranks them)."""
        docnums = np.flatnonzero(allowed)
        if not self._has_positions(query) or len(docnums) <= count:
            if self._has_positions(query):
                self._check_tree(query, docnums)
            return _best(docnums, self.scored(query)[1][docnums], count)
        # Positions decide only between the best candidates: rank with every unchecked phrase
        # counted as found, check the leaders, until the best checked are known to stay ahead.
        reach = max(4 * count, 64)
        while True:
            high = self.scored(query, hopeful=True)[1][docnums]
            if reach >= len(docnums):
                self._check_tree(query, docnums)
                return _best(docnums, self.scored(query)[1][docnums], count)
            leaders = np.argpartition(-high, reach)[: reach + 1]
            order = leaders[np.lexsort((docnums[leaders], -high[leaders]))]
            lead, next_high = order[:reach], high[order[reach]]
            self._check_tree(query, docnums[lead])
            exact = self.scored(query, hopeful=True)[1][docnums[lead]]
            best_docs, best_scores = _best(docnums[lead], exact, count)
            if len(best_scores) == count and best_scores[-1] >= next_high:
                return best_docs, best_scores
            if reach >= POSITIONAL_LIMIT:  # enough: what is left unchecked counts as absent
                return _best(docnums, self.scored(query, hopeful=False)[1][docnums], count)
            reach *= 4

    def _whoosh(
        self, query: Query, candidates: np.ndarray, *, scores: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ask Whoosh which of the candidate documents match (skipping between them) and,
        with ``scores``, their scores: for query types the numpy evaluation does not know."""
        mask = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size, dtype=np.float64)
        docnums = np.flatnonzero(candidates)
        if not len(docnums):
            return mask, score
        searcher = self.terms.searcher
        context = searcher.context() if scores else searcher.boolean_context()
        matcher = query.matcher(searcher, context)
        for docnum in docnums.tolist():
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
            if matcher.id() == docnum:
                mask[docnum] = True
                if scores:
                    score[docnum] = matcher.score()
        return mask, score


def _positions(form, values: list[bytes]) -> list[Iterable[int]]:  # type: ignore[no-untyped-def]
    """The positions in each encoded posting value of a field with format ``form``. Whoosh's
    ``Positions`` and ``Characters`` values are each a pickled list of deltas behind a 4-byte
    count: all of them are unpickled in one call, as one list."""
    import pickle
    from itertools import accumulate
    from operator import itemgetter

    from whoosh.formats import Characters, Positions

    kind = Characters if isinstance(form, Characters) else Positions
    same = isinstance(form, kind) and all(
        getattr(type(form), name) is getattr(kind, name) for name in ("encode", "decode_positions")
    )
    if not same or not values:
        return [form.decode_positions(v) for v in values]
    body = b"".join(v[4:-1] if v.endswith(b".") else v[4:] for v in values)
    lists = pickle.loads(b"(" + body + b"l.")
    if kind is Positions:
        return [accumulate(deltas) for deltas in lists]
    first = itemgetter(0)
    return [accumulate(map(first, codes)) for codes in lists]


def _within(need: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
    return mask if need is None else need & mask


def _without(need: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
    return ~mask if need is None else need & ~mask


def _best(docnums: np.ndarray, scores: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` highest scores, best first, equal scores by document number."""
    if len(docnums) > count:
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= threshold
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:count]
    return docnums[order], scores[order]


@dataclass
class Hit:
    id: int
    score: float
    summary: dict
    snippet: str


_FORMATTER = HtmlFormatter(tagname="mark", between=" … ")


def ranked(
    evaluation: Evaluation,
    tiers: list[tuple[Query, np.ndarray]],
    *,
    page: int,
    per_page: int,
    sort: str,
    surfaces: tuple[str, ...] = (),
    dates: np.ndarray | None = None,
) -> Iterator[Hit]:
    """The hits of one page, with highlighted snippets. ``tiers`` are (query, allowed docs)
    pairs ranked one after the other: every record matching the query's words comes before
    records matching only a part of a word, whatever their scores. Within a tier, by score
    (``Evaluation.top``), or newest first (by date, or without a query).

    Snippets read the positions of the page's hits from the postings the search already
    read, so the search itself need not record matched terms."""
    searcher = evaluation.terms.searcher
    skip, wanted = (page - 1) * per_page, per_page
    fragmenter = PinpointFragmenter(maxchars=240, surround=70, autotrim=True)
    for query, allowed in tiers:
        size = int(np.count_nonzero(allowed))
        if wanted <= 0:
            return
        if skip >= size:
            skip -= size
            continue
        if sort == "date" or isinstance(query, Every):
            docnums = _newest(np.flatnonzero(allowed), dates, skip + wanted)[skip:]
            scores = np.zeros(len(docnums))
        else:
            docnums, scores = evaluation.top(query, allowed, skip + wanted)
            docnums, scores = docnums[skip:], scores[skip:]
        for docnum, score in zip(docnums.tolist(), scores.tolist(), strict=True):
            wanted -= 1
            stored = searcher.stored_fields(docnum)
            yield Hit(
                id=int(stored["id"]),
                score=score,
                summary=json.loads(stored["summary"]),
                snippet=_snippet(
                    evaluation, docnum, stored["content"], query, fragmenter, surfaces
                ),
            )
        skip = 0


def _newest(docnums: np.ndarray, dates: np.ndarray | None, count: int) -> np.ndarray:
    """The ``count`` most recent documents (undated last, then by document number)."""
    if dates is None:
        return docnums[:count]
    key = -dates[docnums] * (int(docnums.max(initial=0)) + 1) + docnums
    if len(key) > count:
        chosen = np.argpartition(key, count)[:count]
        return docnums[chosen[np.argsort(key[chosen])]]
    return docnums[np.argsort(key)]


def _snippet(  # type: ignore[no-untyped-def]
    evaluation: Evaluation,
    docnum: int,
    text: str,
    query: Query,
    fragmenter,
    surfaces: tuple[str, ...],
) -> str:
    """Highlighted fragments of the stored content. Word matches come from the character offsets
    stored in the postings (no re-tokenising); a sub-word (substring) match is located by the
    typed words themselves. Only whole occurrences of a query term or phrase are marked."""
    tokens = _matched_tokens(evaluation, docnum, "content", _sequences(query, "content"))
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

    from archive.thai.normalize import thai_to_arabic_digits

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


def _matched_tokens(evaluation: Evaluation, docnum: int, fieldname: str, sequences):  # type: ignore[no-untyped-def]
    """Tokens with the character spans of whole occurrences of ``sequences`` in the hit's
    document, read from the positions and characters stored in the postings."""
    from whoosh.analysis import Token

    occurrences: dict[str, dict[int, tuple[int, int]]] = {}
    decode = evaluation.terms.searcher.schema[fieldname].format.decode_characters

    def where(term: str) -> dict[int, tuple[int, int]]:
        if term not in occurrences:
            occurrences[term] = {}
            postings = evaluation.terms.postings(fieldname, term)
            if postings is not None:
                index, present = postings.find(np.asarray([docnum]))
                if present[0]:
                    value = evaluation.values(postings, [int(index[0])])[0]
                    occurrences[term] = {p: (s, e) for p, s, e in decode(value)}
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
    "Evaluation",
    "FacetTable",
    "Hit",
    "Index",
    "TermCache",
    "exists",
    "facet_values",
    "index_document",
    "make_schema",
    "open_index",
    "parse_query",
    "ranked",
    "rebuild",
    "update",
]
