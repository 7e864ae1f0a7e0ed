"""Search-quality evaluation: the project's search against four baselines over the same records.

    python -m evaluation.harness                        # temp archive, evaluate, clean up
    python -m evaluation.harness --home /tmp/eval       # build once, reuse it on later runs
    python -m evaluation.harness --articles 1000 --home /tmp/eval-1000
    python -m evaluation.harness --home /tmp/eval --generate tests/search_queries.json

The archive: ``../shared/seeds``, ``corpus/`` and the first ``--articles`` (5,000) shared thaigov
articles, ingested into a fresh data folder and indexed with ``rebuild_index``. With ``--home`` the
folder is kept and reused (nothing is ingested or indexed when it already holds an index); the
baseline indexes are then kept in ``HOME/baselines`` too. Nothing is written inside the repo.

Systems, each over the same records (title + record text for the baselines, BM25F scoring):

- ``project``: ``indexer.search.service.search`` as the CLI and the web site call it.
- ``standard``: Whoosh's ``StandardAnalyzer`` (regex words, lower-case, English stop words).
- ``nlpo3``: nlpo3 words with pythainlp's plain word list, lower-cased (``NaiveNlpo3Tokenizer``).
- ``icu``: ICU word segmentation (``BreakIterator`` word instance, locale ``th``, PyICU): what
  Lucene's Thai analyzer does; segments without letters or digits are dropped, lower-cased.
- ``trigram``: every 3-character window of the lower-cased text, like SQLite FTS5's trigram
  tokenizer. A query is FTS5's: each whitespace-separated part is the phrase of its trigrams,
  the parts are AND-ed, and a part shorter than 3 characters matches nothing.

For ``standard``, ``nlpo3`` and ``icu`` a query is the AND of its analysed tokens.

Queries (``tests/search_queries.json``): ``{"kind", "query", "relevant"}``; ``relevant`` lists
source paths (matched by suffix: "seeds/000_....txt", "corpus/01_...", "2020/09/17/..._1.txt")
and rules: ``{"country": "JP"}`` (records whose venue or one of whose meetings is in that
country), ``{"contains": "ร่วมมือ"}`` (records whose title or text contains that string). A query
whose relevant records are all absent from the archive (a smaller ``--articles``) is skipped.
``--generate`` rewrites the file from the archive, deterministically (``--seed``); see
``generate_queries`` for how each kind is cut.

Metrics, per kind and system (cut-off 10): success@10 (a relevant record in the top 10), MRR@10
(1 / rank of the first relevant record, 0 beyond 10), precision@10 (relevant records in the top
10 / min(10, number of relevant records)).

Targets (exit status 1 when any is missed, each one named):

- on every kind, the project beats every baseline: MRR strictly higher (or both 1.0), and
  success@10 and precision@10 not lower;
- success@10 >= 0.99 on the known-item kinds (``KNOWN_ITEM_KINDS``);
- MRR above the trigram baseline on every kind (part of the first rule, named separately);
- precision@10 >= 0.9 on English country names.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, StandardAnalyzer, Token, Tokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import And, Phrase, Query, Term

from indexer.search.analysis import NaiveNlpo3Tokenizer

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = ROOT / "corpus"
ARTICLES = SHARED / "data" / "thaigov-2020-2022.jsonl.xz"
QUERIES = ROOT / "tests" / "search_queries.json"

K = 10
KINDS = ("known_title", "known_body", "subword", "mixed", "country_en", "typo")
KNOWN_ITEM_KINDS = ("known_title", "known_body")
METRICS = ("success@10", "MRR@10", "precision@10")
SYSTEMS = ("project", "standard", "nlpo3", "icu", "trigram")
MIN_SUCCESS_KNOWN = 0.99
MIN_PRECISION_COUNTRY = 0.9
MARKER = "evaluate-archive.json"  # in the data folder: what it was built from

# --- metrics -----------------------------------------------------------------------------------


def success_at(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> float:
    """1.0 when a relevant record is among the first ``k``, else 0.0."""
    return 1.0 if any(r in relevant for r in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> float:
    """1 / rank of the first relevant record among the first ``k``, 0.0 if none."""
    for rank, r in enumerate(ranked[:k], 1):
        if r in relevant:
            return 1.0 / rank
    return 0.0


def precision_at(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> float:
    """Relevant records among the first ``k`` / min(k, number of relevant records)."""
    if not relevant:
        return 0.0
    found = sum(1 for r in ranked[:k] if r in relevant)
    return found / min(k, len(relevant))


def query_scores(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> tuple[float, ...]:
    """(success@k, MRR@k, precision@k) of one ranking, in ``METRICS`` order."""
    return (
        success_at(ranked, relevant, k),
        reciprocal_rank(ranked, relevant, k),
        precision_at(ranked, relevant, k),
    )


def mean_scores(rows: Iterable[Sequence[float]]) -> tuple[float, ...]:
    """Column means of per-query scores (zeros when there are none)."""
    rows = list(rows)
    if not rows:
        return (0.0,) * len(METRICS)
    return tuple(sum(col) / len(rows) for col in zip(*rows, strict=True))


# --- records -----------------------------------------------------------------------------------


@dataclass
class EvalRecord:
    """What the evaluation needs of one archive record."""

    id: int
    path: str  # source path, seeds and corpus files as "seeds/NAME" / "corpus/NAME"
    title: str
    text: str
    countries: frozenset[str] = frozenset()

    @property
    def body(self) -> str:
        """Title and text: what the baselines index and what ``contains`` rules look in."""
        return f"{self.title}\n{self.text}"


def short_path(source_path: str) -> str:
    """A stored source path as the query file names it: absolute paths (seeds and corpus files,
    stored resolved) as "FOLDER/NAME", relative ones (thaigov articles) as they are."""
    path = Path(source_path)
    return f"{path.parent.name}/{path.name}" if path.is_absolute() else source_path


def load_records(db: Any) -> list[EvalRecord]:
    """Every record of the archive, in id order."""
    from archive.store.save import iter_records

    out = []
    with db.session() as session:
        for record in iter_records(session):
            venues = [record.venue, *(m.venue for m in record.meetings)]
            out.append(
                EvalRecord(
                    id=record.id,
                    path=short_path(record.source_path),
                    title=record.title,
                    text=record.text,
                    countries=frozenset(v.country_code for v in venues if v and v.country_code),
                )
            )
    return out


class RecordSet:
    """Records with the lookups that resolve ``relevant`` entries to record ids."""

    def __init__(self, records: Sequence[EvalRecord]) -> None:
        self.records = list(records)
        self.by_id = {r.id: r for r in self.records}
        self.by_path = {r.path: r.id for r in self.records}

    def path_ids(self, wanted: str) -> set[int]:
        """Records whose source path is ``wanted`` or ends with "/" + ``wanted``."""
        if wanted in self.by_path:
            return {self.by_path[wanted]}
        return {r.id for r in self.records if r.path.endswith("/" + wanted)}

    def relevant(self, entries: Iterable[str | dict[str, str]]) -> set[int]:
        """The ids the ``relevant`` entries of a query name (paths and rules, united)."""
        ids: set[int] = set()
        for entry in entries:
            if isinstance(entry, str):
                ids |= self.path_ids(entry)
            elif "country" in entry:
                ids |= {r.id for r in self.records if entry["country"] in r.countries}
            elif "contains" in entry:
                ids |= {r.id for r in self.records if entry["contains"] in r.body}
            else:
                raise ValueError(f"unknown relevance rule: {entry!r}")
        return ids


# --- queries -----------------------------------------------------------------------------------


@dataclass
class EvalQuery:
    kind: str
    query: str
    relevant: list[str | dict[str, str]]


RULES = ("country", "contains")


def load_queries(path: Path = QUERIES) -> list[EvalQuery]:
    """The query file, checked: known kinds, a non-empty query, paths or known rules."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: a JSON list of queries expected")
    queries = []
    for n, item in enumerate(data):
        where = f"{path}: query {n}"
        if set(item) != {"kind", "query", "relevant"}:
            raise ValueError(f"{where}: keys must be kind, query, relevant")
        if item["kind"] not in KINDS:
            raise ValueError(f"{where}: unknown kind {item['kind']!r}")
        if not isinstance(item["query"], str) or not item["query"].strip():
            raise ValueError(f"{where}: empty query")
        if not isinstance(item["relevant"], list) or not item["relevant"]:
            raise ValueError(f"{where}: relevant must be a non-empty list")
        for entry in item["relevant"]:
            ok = isinstance(entry, str) or (
                isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in RULES
            )
            if not ok:
                raise ValueError(f"{where}: bad relevant entry {entry!r}")
        queries.append(EvalQuery(item["kind"], item["query"], list(item["relevant"])))
    return queries


# --- baseline analyzers (module level: Whoosh pickles them into the index schema) -------------

_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
_ICU_WORD_NONE_LIMIT = 100  # rule status below this: spaces, punctuation (UBRK_WORD_NONE_LIMIT)


@cache
def _icu_word_iterator():  # type: ignore[no-untyped-def]
    import icu

    return icu.BreakIterator.createWordInstance(icu.Locale("th"))


def icu_available() -> str | None:
    """None when PyICU works, else why not (the ICU baseline is then skipped)."""
    try:
        _icu_word_iterator()
    except Exception as error:  # ImportError, or an ICU without break rules
        return f"PyICU unavailable ({type(error).__name__}: {error}); pip install PyICU"
    return None


def icu_segments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the ICU word segments of ``text`` that hold letters or digits."""
    # ICU counts UTF-16 units: a character outside the BMP (an emoji) would shift every offset
    # after it, so it is replaced by one BMP character first.
    text = _NON_BMP.sub("\ufffd", text)
    words = _icu_word_iterator()
    words.setText(text)
    start = words.first()
    for end in words:
        if words.getRuleStatus() >= _ICU_WORD_NONE_LIMIT:
            yield start, end
        start = end


def icu_boundaries(text: str) -> set[int]:
    """Every ICU word boundary of ``text`` (spaces and punctuation included)."""
    words = _icu_word_iterator()
    words.setText(_NON_BMP.sub("\ufffd", text))
    return {words.first(), *words}


def _tokens(  # type: ignore[no-untyped-def]
    t: Token,
    value: str,
    spans,
    positions: bool,
    chars: bool,
    keeporiginal: bool,
    start_pos: int,
    start_char: int,
) -> Iterator[Token]:
    """Whoosh tokens of ``(text, start, end)`` spans of ``value``, at consecutive positions."""
    for pos, (text, start, end) in enumerate(spans, start_pos):
        t.text = text
        t.boost = 1.0
        t.stopped = False
        if keeporiginal:
            t.original = value[start:end]
        if positions:
            t.pos = pos
        if chars:
            t.startchar, t.endchar = start_char + start, start_char + end
        yield t


class IcuTokenizer(Tokenizer):
    """ICU word segments (letters or digits), lower-cased: Lucene's Thai analyzer, roughly."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans = ((value[a:b].lower(), a, b) for a, b in icu_segments(value))
        yield from _tokens(t, value, spans, positions, chars, keeporiginal, start_pos, start_char)


class TrigramTokenizer(Tokenizer):
    """Every 3-character window of the lower-cased value, at consecutive positions (FTS5's
    trigram tokenizer: spaces and punctuation included, a value under 3 characters gives none)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = value.lower()
        spans = ((text[i : i + 3], i, i + 3) for i in range(len(text) - 2))
        yield from _tokens(t, value, spans, positions, chars, keeporiginal, start_pos, start_char)


def standard_analyzer():  # type: ignore[no-untyped-def]
    return StandardAnalyzer()


def nlpo3_analyzer():  # type: ignore[no-untyped-def]
    return NaiveNlpo3Tokenizer() | LowercaseFilter()


def icu_analyzer():  # type: ignore[no-untyped-def]
    return IcuTokenizer()


def trigram_analyzer():  # type: ignore[no-untyped-def]
    return TrigramTokenizer()


# --- baselines ---------------------------------------------------------------------------------

FIELD = "body"


@dataclass
class Baseline:
    """A one-field Whoosh index over title + text with one analyzer, BM25F scoring."""

    name: str
    make_analyzer: Callable[[], Any]
    fts5: bool = False  # query = AND of the phrases of the trigrams of its parts
    skipped: str | None = None
    build_seconds: float = 0.0
    _ix: Any = field(default=None, repr=False)
    _searcher: Any = field(default=None, repr=False)

    def schema(self) -> Schema:
        return Schema(
            id=ID(stored=True, unique=True),
            body=TEXT(analyzer=self.make_analyzer(), phrase=self.fts5),
        )

    def open_or_build(self, folder: Path, records: Sequence[EvalRecord], procs: int = 1) -> None:
        """Open the index in ``folder``, building it first when it is not there."""
        done = folder / "complete"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            started = time.perf_counter()
            self.build(folder, records, procs=procs)
            self.build_seconds = time.perf_counter() - started
            done.write_text(f"{len(records)} records\n", encoding="utf-8")
        self._ix = whoosh_index.open_dir(str(folder))
        self._searcher = self._ix.searcher()

    def build(self, folder: Path, records: Sequence[EvalRecord], procs: int = 1) -> None:
        ix = whoosh_index.create_in(str(folder), self.schema())
        writer = (
            ix.writer(procs=procs, limitmb=256, multisegment=True)
            if procs > 1
            else ix.writer(limitmb=256)
        )
        try:
            for record in records:
                writer.add_document(id=str(record.id), body=record.body)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    def query(self, text: str) -> Query | None:
        """The Whoosh query for ``text``, or None when it can match nothing."""
        analyzer = self.make_analyzer()
        if self.fts5:
            parts = []
            for part in text.split():
                grams = [t.text for t in analyzer(part, positions=True, mode="query")]
                if not grams:  # under 3 characters: FTS5 trigram matches no row
                    return None
                parts.append(Phrase(FIELD, grams) if len(grams) > 1 else Term(FIELD, grams[0]))
            return And(parts) if len(parts) > 1 else (parts[0] if parts else None)
        terms = list(dict.fromkeys(t.text for t in analyzer(text, mode="query")))
        if not terms:
            return None
        return And([Term(FIELD, t) for t in terms]) if len(terms) > 1 else Term(FIELD, terms[0])

    def search(self, text: str, limit: int = K) -> list[int]:
        """Record ids of the first ``limit`` hits."""
        query = self.query(text)
        if query is None:
            return []
        return [int(hit["id"]) for hit in self._searcher.search(query, limit=limit)]

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = self._ix = None


def make_baselines() -> list[Baseline]:
    """The four baselines, in table order; ICU marked skipped when PyICU is missing."""
    return [
        Baseline("standard", standard_analyzer),
        Baseline("nlpo3", nlpo3_analyzer),
        Baseline("icu", icu_analyzer, skipped=icu_available()),
        Baseline("trigram", trigram_analyzer, fts5=True),
    ]


# --- the archive -------------------------------------------------------------------------------


def load_articles(path: Path, limit: int) -> list[tuple[str, bytes]]:
    """The first ``limit`` shared articles as (source path, UTF-8 bytes)."""
    out: list[tuple[str, bytes]] = []
    if limit <= 0:
        return out
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            out.append((article["path"], article["text"].encode("utf-8")))
            if len(out) >= limit:
                break
    return out


def schema_signature(schema: Schema) -> list[tuple[Any, ...]]:
    """What identifies an index schema: per field its type, analyzer, boost, stored flag and
    posting format (Whoosh schemas do not compare equal even to themselves)."""
    return sorted(
        (
            name,
            type(f).__name__,
            repr(getattr(f, "analyzer", None)),
            getattr(f, "field_boost", None),
            bool(getattr(f, "stored", False)),
            type(getattr(f, "format", None)).__name__,
        )
        for name, f in schema.items()
    )


def open_archive(  # type: ignore[no-untyped-def]
    home: Path, articles: int, *, workers: int = 0, reindex: bool = False, say=print
):
    """The evaluation archive in ``home``: reused when it holds an index (re-indexed when asked
    or when the project's schema changed since), else ingested (seeds, corpus, ``articles``
    thaigov articles) and indexed. Returns the ``Database``."""
    from archive.config import DATABASE_FILE
    from archive.store.db import Database
    from indexer.ingest import ingest_documents, ingest_paths
    from indexer.search import engine as searchindex
    from indexer.search.service import index_root, rebuild_index

    home.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{home / DATABASE_FILE}")
    marker = home / MARKER
    if searchindex.exists(index_root(home)):
        built = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else {}
        if built.get("articles") != articles:
            say(
                f"note: reusing {home}, built with {built.get('articles', '?')} articles "
                f"(--articles {articles} ignored; use a new --home to rebuild)"
            )
        stored = searchindex.open_index(index_root(home)).schema
        if schema_signature(stored) != schema_signature(searchindex.make_schema()):
            say("note: the project's index schema changed since this archive was indexed")
            reindex = True
        if reindex:
            started = time.perf_counter()
            count = rebuild_index(db, home)
            say(f"re-indexed {count} records in {time.perf_counter() - started:.0f} s")
        return db
    for folder in (SEEDS, CORPUS, ARTICLES):
        if not folder.exists():
            raise SystemExit(f"{folder} not found (../shared is absent?)")
    started = time.perf_counter()
    report = ingest_paths(db, [SEEDS, CORPUS], workers=workers)
    documents = load_articles(ARTICLES, articles)
    report2 = ingest_documents(db, documents, workers=workers)
    failed = report.failed + report2.failed
    say(
        f"ingested seeds + corpus ({report.summary()}) and {len(documents)} articles "
        f"({report2.summary()}) in {time.perf_counter() - started:.0f} s"
    )
    for failure in failed[:10]:
        say(f"  failed: {failure.path}: {failure.reason}")
    started = time.perf_counter()
    count = rebuild_index(db, home)
    say(f"indexed {count} records in {time.perf_counter() - started:.0f} s")
    marker.write_text(json.dumps({"articles": articles}) + "\n", encoding="utf-8")
    return db


# --- running -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One query's rankings by every system, and its scores."""

    query: EvalQuery
    relevant: set[int]
    ranked: dict[str, list[int]] = field(default_factory=dict)
    scores: dict[str, tuple[float, ...]] = field(default_factory=dict)


class ProjectSearch:
    """The project's search as a function: query text -> record ids of the first page. The
    correction the project offers for a query without hits is kept (``corrected``)."""

    def __init__(self, home: Path) -> None:
        from indexer.search.engine import Index
        from indexer.search.service import index_root

        self.index = Index(index_root(home))
        self.corrected: dict[str, str | None] = {}

    def __call__(self, text: str) -> list[int]:
        from indexer.search.service import SearchRequest, search

        result = search(self.index, SearchRequest(q=text, per_page=K))
        self.corrected[text] = result.get("corrected_query")
        return [hit["id"] for hit in result["hits"]]

    def close(self) -> None:
        self.index.close()


def evaluate(
    queries: Sequence[EvalQuery],
    records: RecordSet,
    systems: dict[str, Callable[[str], list[int]]],
) -> tuple[list[Outcome], int, dict[str, float]]:
    """Run every query through every system. Returns the outcomes, the number of queries
    skipped (no relevant record in the archive) and the seconds each system spent."""
    outcomes, skipped = [], 0
    seconds = dict.fromkeys(systems, 0.0)
    for query in queries:
        relevant = records.relevant(query.relevant)
        if not relevant:
            skipped += 1
            continue
        outcome = Outcome(query, relevant)
        for name, run in systems.items():
            started = time.perf_counter()
            ranked = run(query.query)
            seconds[name] += time.perf_counter() - started
            outcome.ranked[name] = ranked
            outcome.scores[name] = query_scores(ranked, relevant)
        outcomes.append(outcome)
    return outcomes, skipped, seconds


Table = dict[tuple[str, str], tuple[float, ...]]  # (kind, system) -> mean scores


def summarize(outcomes: Sequence[Outcome], systems: Sequence[str]) -> tuple[Table, dict[str, int]]:
    """Mean scores per (kind, system), and the number of queries per kind."""
    table: Table = {}
    counts = {kind: 0 for kind in KINDS}
    for kind in KINDS:
        mine = [o for o in outcomes if o.query.kind == kind]
        counts[kind] = len(mine)
        for system in systems:
            table[kind, system] = mean_scores(o.scores[system] for o in mine)
    return table, counts


def _r(x: float) -> float:
    return round(x, 4)


def check_targets(table: Table, counts: dict[str, int], baselines: Sequence[str]) -> list[str]:
    """Every target the project misses, as a sentence (empty: all met)."""
    misses = []
    for kind in KINDS:
        if not counts.get(kind):
            continue
        own = table[kind, "project"]
        for base in baselines:
            other = table[kind, base]
            for i, metric in enumerate(METRICS):
                p, b = _r(own[i]), _r(other[i])
                if metric == "MRR@10":
                    beaten = p > b or p == b == 1.0
                    if not beaten:
                        rule = "MRR above the trigram baseline" if base == "trigram" else "beat"
                        misses.append(f"{kind}: {rule}: project MRR@10 {p:.3f} <= {base} {b:.3f}")
                elif p < b:
                    misses.append(f"{kind}: beat: project {metric} {p:.3f} < {base} {b:.3f}")
        if kind in KNOWN_ITEM_KINDS and _r(own[0]) < MIN_SUCCESS_KNOWN:
            misses.append(
                f"{kind}: success@10 {own[0]:.3f} < {MIN_SUCCESS_KNOWN} (known-item target)"
            )
        if kind == "country_en" and _r(own[2]) < MIN_PRECISION_COUNTRY:
            misses.append(
                f"{kind}: precision@10 {own[2]:.3f} < {MIN_PRECISION_COUNTRY} (country target)"
            )
    return misses


def markdown_table(
    table: Table, counts: dict[str, int], systems: Sequence[str], skipped: dict[str, str]
) -> str:
    """Rows kind x metric, one column per system."""
    lines = [
        "| kind | n | metric | " + " | ".join(systems) + " |",
        "| --- | ---: | --- | " + " | ".join("---:" for _ in systems) + " |",
    ]
    for kind in KINDS:
        if not counts.get(kind):
            continue
        for i, metric in enumerate(METRICS):
            cells = []
            for system in systems:
                if system in skipped:
                    cells.append("skipped")
                    continue
                value = table[kind, system][i]
                best = max(table[kind, s][i] for s in systems if s not in skipped and s != system)
                text = f"{value:.3f}"
                cells.append(f"**{text}**" if system == "project" and value >= best else text)
            head = f"{kind} | {counts[kind]}" if i == 0 else " | "
            lines.append(f"| {head} | {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def failing_examples(
    outcomes: Sequence[Outcome],
    kind: str,
    baselines: Sequence[str],
    records: RecordSet,
    limit: int,
    project: ProjectSearch | None = None,
) -> list[str]:
    """Up to ``limit`` queries of ``kind`` where the project does worst against the best
    baseline (or is not perfect), with the project's top 3 and the relevant records, and the
    correction the project offered (with where searching it puts the relevant record)."""

    def deficit(o: Outcome) -> float:
        """How far the best baseline is ahead of the project on this query, on any metric."""
        own = o.scores["project"]
        return max(
            (o.scores[b][i] - own[i] for b in baselines for i in range(len(METRICS))),
            default=0.0,
        )

    mine = [o for o in outcomes if o.query.kind == kind]
    bad = [
        o
        for o in mine
        if deficit(o) > 0 or o.scores["project"][1] < 1.0 or o.scores["project"][2] < 1.0
    ]
    bad.sort(key=lambda o: (-deficit(o), o.scores["project"][1], o.scores["project"][2]))
    out = []

    def title(record_id: int, relevant: Collection[int]) -> str:
        mark = "+" if record_id in relevant else "-"
        record = records.by_id[record_id]
        where = f" ({','.join(sorted(record.countries))})" if record.countries else ""
        return f"{mark} [{record_id}]{where} {record.title[:90]}"

    for o in bad[:limit]:
        rank = next((i for i, r in enumerate(o.ranked["project"], 1) if r in o.relevant), None)
        others = ", ".join(
            f"{b} {'rank ' + str(i) if (i := _first(o.ranked[b], o.relevant)) else 'miss'}"
            for b in baselines
        )
        out.append(
            f"- `{o.query.query}` — project: {'rank ' + str(rank) if rank else 'miss'}, "
            f"P@10 {o.scores['project'][2]:.2f}; {others}"
        )
        top = o.ranked["project"][:3]
        out.append(
            "  - project top 3: " + ("; ".join(title(i, o.relevant) for i in top) or "(no hits)")
        )
        rel = sorted(o.relevant)
        shown = "; ".join(title(i, o.relevant) for i in rel[:3])
        more = f" (+{len(rel) - 3} more)" if len(rel) > 3 else ""
        out.append(f"  - relevant ({len(rel)}): {shown}{more}")
        corrected = project.corrected.get(o.query.query) if project else None
        if project and corrected:
            found = _first(project(corrected), o.relevant)
            out.append(
                f"  - project suggests `{corrected}`; searching it: "
                + (f"rank {found}" if found else "miss")
            )
    return out


def _first(ranked: Sequence[int], relevant: Collection[int]) -> int | None:
    return next((i for i, r in enumerate(ranked[:K], 1) if r in relevant), None)


# --- generating the query set ------------------------------------------------------------------

_THAI_LETTERS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # no ฯ ๆ, no digits
_THAI_ONLY = re.compile("[%s]+" % _THAI_LETTERS)
_SPACE = re.compile(r"\s+")
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_URL = re.compile(r"\S*(?:https?://|www\.)\S*|ที่มา\s*:.*")
# Function words: a query piece neither starts nor ends with one (nor ends with a prefix
# such as การ/ความ whose noun was cut off).
_FUNCTION_WORDS = frozenset(
    {
        "และ", "หรือ", "ที่", "ซึ่ง", "ใน", "ของ", "เพื่อ", "ให้", "กับ", "โดย", "จาก", "ได้",
        "ว่า", "ต่อ", "แก่", "ไป", "มา", "อยู่", "เป็น", "มี", "จะ", "ก็", "ถึง", "รวมถึง",
        "ทั้งนี้", "อาทิ", "แต่", "นั้น", "นี้", "ด้วย", "ไม่", "ยัง", "ทั้ง", "อีก", "เช่น",
        "ตาม", "กว่า", "คือ", "แล้ว", "ไว้", "เพื่อให้", "ซึ่งเป็น", "โดยมี", "ได้แก่", "ณ",
    }
)  # fmt: skip
_NOT_FIRST = _FUNCTION_WORDS
_NOT_LAST = _FUNCTION_WORDS | {"การ", "ความ", "ผู้", "นาย", "นาง", "นางสาว", "ประเทศ", "กรุง"}
# Upper-case abbreviations (MGMAC, JICA, OECD): the English names of mixed queries.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9\-])[A-Z]{3,8}(?![A-Za-z0-9\-])")
_COMMON_ENGLISH = frozenset(
    {
        "the", "and", "for", "with", "from", "this", "that", "are", "was", "were", "has",
        "have", "not", "but", "all", "new", "one", "two", "our", "its", "covid", "vdo", "zoom",
        "online", "meeting", "conference", "www", "http", "https", "com", "org", "net",
    }
)  # fmt: skip


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


class _Texts:
    """Space-free texts of every record, for uniqueness checks."""

    def __init__(self, records: Sequence[EvalRecord]) -> None:
        self.ids = [r.id for r in records]
        self.flat = [_flat(r.body) for r in records]

    def holders(self, piece: str, stop: int = 2) -> list[int]:
        """Ids of the records whose space-free text contains ``piece`` (at most ``stop``)."""
        out = []
        for record_id, flat in zip(self.ids, self.flat, strict=True):
            if piece in flat:
                out.append(record_id)
                if len(out) >= stop:
                    break
        return out


def _nlpo3_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of the non-space nlpo3 segments of ``text`` (pythainlp's word list)."""
    import nlpo3

    from indexer.search.analysis import pythainlp_dictionary_name

    out, start = [], 0
    for word in nlpo3.segment(text, pythainlp_dictionary_name()):
        end = start + len(word)
        if not word.isspace():
            out.append((start, end))
        start = end
    return out


def word_pieces(line: str, low: int, high: int, min_chars: int) -> list[str]:
    """Space-free Thai pieces of ``line`` made of ``low``-``high`` whole words. A word is an
    nlpo3 segment (pythainlp's word list); a piece starts and ends where nlpo3 and ICU both
    put a word boundary, so no word segmenter would call the cut a word split. Every word is
    in the dictionary (no fragment of an unknown name) and the piece neither starts nor ends
    with a function word (what a person looking for it would not type)."""
    from pythainlp.corpus import thai_words

    dictionary = thai_words()
    words = _nlpo3_words(line)
    known = [line[s:e] in dictionary for s, e in words]
    agreed = icu_boundaries(line) if len(line) == len(_NON_BMP.sub("", line)) else set()
    out = []
    for i, (start, first_end) in enumerate(words):
        if start not in agreed or line[start:first_end] in _NOT_FIRST:
            continue
        for n in range(low, high + 1):
            if i + n > len(words) or not all(known[i : i + n]):
                break
            last_start, end = words[i + n - 1]
            if end not in agreed or line[last_start:end] in _NOT_LAST:
                continue
            piece = _flat(line[start:end])
            if len(piece) >= min_chars and _THAI_ONLY.fullmatch(piece):
                out.append(piece)
    return out


def _body_lines(record: EvalRecord) -> list[str]:
    """Lines of the record's text that are prose, not the title, header or source line."""
    out = []
    for line in record.text.splitlines():
        line = line.strip()
        if len(line) < 40 or _URL.search(line) or record.title in line or line in record.title:
            continue
        out.append(line)
    return out


def _is_local(record: EvalRecord) -> bool:
    return record.path.startswith(("seeds/", "corpus/"))


def _order(records: Sequence[EvalRecord], rng: random.Random, local_first: int) -> list[EvalRecord]:
    """Records in a random order, ``local_first`` seed/corpus records first."""
    local = [r for r in records if _is_local(r)]
    articles = [r for r in records if not _is_local(r)]
    rng.shuffle(local)
    rng.shuffle(articles)
    return local[:local_first] + articles + local[local_first:]


def _known_items(
    records: Sequence[EvalRecord],
    texts: _Texts,
    rng: random.Random,
    *,
    kind: str,
    count: int,
    local_first: int,
    used: set[int],
) -> list[dict[str, Any]]:
    """Known-item queries: a unique piece of a record's title (2-5 words) or body (3-8)."""
    out: list[dict[str, Any]] = []
    for record in _order(records, rng, local_first):
        if len(out) >= count:
            break
        if record.id in used:
            continue
        if kind == "known_title":
            pieces = word_pieces(record.title, 2, 5, 8)
        else:
            lines = _body_lines(record)
            rng.shuffle(lines)
            pieces = [p for line in lines[:3] for p in word_pieces(line, 3, 8, 14)]
        rng.shuffle(pieces)
        for piece in pieces[:8]:
            if texts.holders(piece) == [record.id]:
                out.append({"kind": kind, "query": piece, "relevant": [record.path]})
                used.add(record.id)
                break
    return out


def _typo(piece: str, how: str, rng: random.Random) -> str | None:
    """``piece`` with one Thai character dropped, two adjacent ones swapped, or a tone mark
    changed; None when that edit does not apply."""
    inner = list(range(1, len(piece) - 1))
    rng.shuffle(inner)
    if how == "drop":
        i = inner[0]
        return piece[:i] + piece[i + 1 :]
    if how == "swap":
        for i in inner:
            if i + 1 < len(piece) and piece[i] != piece[i + 1]:
                return piece[:i] + piece[i + 1] + piece[i] + piece[i + 2 :]
        return None
    tones = [i for i, ch in enumerate(piece) if ch in _TONES]
    if not tones:
        return None
    i = rng.choice(tones)
    return piece[:i] + rng.choice([t for t in _TONES if t != piece[i]]) + piece[i + 1 :]


def _typos(
    records: Sequence[EvalRecord], texts: _Texts, rng: random.Random, count: int, used: set[int]
) -> list[dict[str, Any]]:
    """Title pieces (3-5 words, unique) with one typo that occurs in no record."""
    out: list[dict[str, Any]] = []
    edits = ("drop", "swap", "tone")
    for record in _order(records, rng, 2):
        if len(out) >= count:
            break
        if record.id in used:
            continue
        how = edits[len(out) % len(edits)]
        pieces = word_pieces(record.title, 3, 5, 12)
        rng.shuffle(pieces)
        for piece in pieces[:8]:
            typo = _typo(piece, how, rng)
            if typo and texts.holders(piece) == [record.id] and not texts.holders(typo, 1):
                out.append({"kind": "typo", "query": typo, "relevant": [record.path]})
                used.add(record.id)
                break
    return out


# The issue's own examples, asked first when the archive holds them inside longer words.
ISSUE_SUBWORDS = ("ร่วมมือ", "ก่อการร้าย", "สตอกโฮล์ม")


def _subwords(
    records: Sequence[EvalRecord], rng: random.Random, count: int
) -> list[dict[str, Any]]:
    """Parts of compound words: a token of the project's segmenter that is two dictionary
    words A + B (pythainlp's list); the query is the longer part (5+ characters, not a
    country name) when that part is never a whole token of the document, and 2 to 200
    records contain it. The issue's examples come first. Relevant: every record containing
    the part (``{"contains": part}``)."""
    from pythainlp.corpus import thai_words

    from archive.reference.gazetteer import Country, lookup
    from indexer.search.analysis import words

    out: list[dict[str, Any]] = []
    for part in ISSUE_SUBWORDS:
        if any(part in r.body and part not in words(r.body) for r in records):
            out.append({"kind": "subword", "query": part, "relevant": [{"contains": part}]})
    dictionary = thai_words()
    seen = set(ISSUE_SUBWORDS)
    for record in _order(records, rng, 3):
        if len(out) >= count:
            break
        tokens = set(words(record.body))
        compounds = sorted(t for t in tokens if len(t) >= 8 and _THAI_ONLY.fullmatch(t))
        rng.shuffle(compounds)
        for compound in compounds:
            parts = []
            for i in range(2, len(compound) - 1):
                a, b = compound[:i], compound[i:]
                if a in dictionary and b in dictionary:
                    part = b if len(b) >= len(a) else a
                    if (
                        len(part) >= 5
                        and part not in tokens
                        and part not in seen
                        and part not in _FUNCTION_WORDS
                        and not isinstance(lookup(part), Country)
                    ):
                        parts.append(part)
            if not parts:
                continue
            part = rng.choice(parts)
            holders = sum(1 for r in records if part in r.body)
            if 2 <= holders <= 200:
                out.append({"kind": "subword", "query": part, "relevant": [{"contains": part}]})
                seen.add(part)
                break
    return out


def _english_names(text: str) -> list[str]:
    """Upper-case abbreviations in ``text`` outside URLs, not common words nor places."""
    from archive.reference.gazetteer import lookup

    names = _ACRONYM.findall(_URL.sub(" ", text))
    return sorted({n for n in names if n.lower() not in _COMMON_ENGLISH and lookup(n) is None})


def _mixed(records: Sequence[EvalRecord], rng: random.Random, count: int) -> list[dict[str, Any]]:
    """An English abbreviation and a Thai word (one or two words, 4+ characters, cut like the
    known items) from the same line of a record, in either order; relevant: the 1 to 10
    records holding both (the Thai word as a substring, the abbreviation as a whole Latin
    word, any case)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in _order(records, rng, 8):
        if len(out) >= count:
            break
        lines = [line for line in record.body.splitlines() if _english_names(line)]
        rng.shuffle(lines)
        for line in lines[:4]:
            name = rng.choice(_english_names(line))
            thai = word_pieces(line, 1, 2, 4)
            if name.lower() in seen or not thai:
                continue
            word = rng.choice(thai)
            pattern = re.compile(r"(?<![A-Za-z0-9])%s(?![A-Za-z0-9])" % re.escape(name), re.I)
            holders = [r for r in records if word in r.body and pattern.search(r.body)]
            if 1 <= len(holders) <= 10 and record in holders:
                query = f"{word} {name}" if rng.random() < 0.5 else f"{name} {word}"
                out.append({"kind": "mixed", "query": query, "relevant": [h.path for h in holders]})
                seen.add(name.lower())
                break
    return out


def _countries(records: Sequence[EvalRecord]) -> list[dict[str, Any]]:
    """Every country that is a venue of some record, by its English name."""
    from archive.reference.gazetteer import country_by_code

    codes: dict[str, int] = {}
    for record in records:
        for code in record.countries:
            codes[code] = codes.get(code, 0) + 1
    out = []
    for code in sorted(codes, key=lambda c: (-codes[c], c)):
        country = country_by_code(code)
        if country is not None:
            out.append(
                {"kind": "country_en", "query": country.name_en, "relevant": [{"country": code}]}
            )
    return out


def generate_queries(
    records: Sequence[EvalRecord], *, seed: int = 2024, per_kind: int = 20
) -> list[dict[str, Any]]:
    """The query set, cut from ``records`` deterministically:

    - known_title: 2-5 words of a record's title (30 queries), known_body: 3-8 words of a prose
      line (30), both Thai only, spaces removed, cut where nlpo3 and ICU agree on a word
      boundary, and found (spaces removed) in that record only;
    - typo: a unique 3-5-word title piece with one character dropped, two swapped or a tone
      mark changed, the result found in no record;
    - subword: see ``_subwords``; mixed: see ``_mixed``; country_en: see ``_countries``.

    A record gives at most one known-item or typo query."""
    if icu_available():
        raise SystemExit(f"generating needs ICU word boundaries: {icu_available()}")
    rng = random.Random(seed)
    texts = _Texts(records)
    used: set[int] = set()
    known = 30
    queries = _known_items(
        records, texts, rng, kind="known_title", count=known, local_first=4, used=used
    )
    queries += _known_items(
        records, texts, rng, kind="known_body", count=known, local_first=6, used=used
    )
    queries += _subwords(records, rng, per_kind)
    queries += _mixed(records, rng, per_kind)
    queries += _countries(records)
    queries += _typos(records, texts, rng, per_kind, used)
    return queries


def write_queries(path: Path, queries: Sequence[dict[str, Any]]) -> None:
    """The query file: one query per line, readable in a diff."""
    lines = [json.dumps(q, ensure_ascii=False) for q in queries]
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


# --- command line ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.harness", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--articles", type=int, default=5000, help="thaigov articles (5000)")
    parser.add_argument("--home", type=Path, help="data folder to build once and reuse")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--workers", type=int, default=0, help="ingest processes (0: per core)")
    parser.add_argument("--procs", type=int, default=1, help="processes per baseline index")
    parser.add_argument("--examples", type=int, default=5, help="failing queries shown per kind")
    parser.add_argument("--rebuild-baselines", action="store_true")
    parser.add_argument("--reindex", action="store_true", help="rebuild a reused --home's index")
    parser.add_argument("--generate", type=Path, help="write a new query set here and stop")
    parser.add_argument("--seed", type=int, default=2024, help="seed of --generate")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    temp = None
    if args.home is None:
        temp = tempfile.TemporaryDirectory(prefix="evaluate-")
        home = Path(temp.name)
    else:
        home = args.home.resolve()
    try:
        return _run(args, home, started)
    finally:
        if temp is not None:
            temp.cleanup()


def _run(args: argparse.Namespace, home: Path, started: float) -> int:
    db = open_archive(home, args.articles, workers=args.workers, reindex=args.reindex)
    records = RecordSet(load_records(db))
    db.dispose()
    print(f"archive: {home} ({len(records.records)} records)")

    if args.generate:
        queries = generate_queries(records.records, seed=args.seed)
        write_queries(args.generate, queries)
        counts = {kind: sum(q["kind"] == kind for q in queries) for kind in KINDS}
        print(f"wrote {len(queries)} queries to {args.generate}: {counts}")
        return 0

    queries = load_queries(args.queries)
    baselines = make_baselines()
    project = ProjectSearch(home)
    systems: dict[str, Callable[[str], list[int]]] = {"project": project}
    skipped = {b.name: b.skipped for b in baselines if b.skipped}
    for baseline in baselines:
        if baseline.skipped:
            print(f"{baseline.name}: skipped: {baseline.skipped}")
            continue
        folder = home / "baselines" / baseline.name
        if args.rebuild_baselines:
            shutil.rmtree(folder, ignore_errors=True)
        baseline.open_or_build(folder, records.records, procs=args.procs)
        if baseline.build_seconds:
            print(f"{baseline.name}: index built in {baseline.build_seconds:.0f} s")
        systems[baseline.name] = baseline.search
    try:
        outcomes, missing, seconds = evaluate(queries, records, systems)
    finally:
        for baseline in baselines:
            baseline.close()

    ran = [s for s in SYSTEMS if s in systems]
    table, counts = summarize(outcomes, ran)
    print()
    print(markdown_table(table, counts, list(SYSTEMS), skipped))
    print()
    print(
        f"{len(outcomes)} queries ({missing} skipped: no relevant record in this archive); "
        "search time: " + ", ".join(f"{s} {seconds[s]:.1f} s" for s in ran)
    )
    baselines_run = [s for s in ran if s != "project"]
    misses = check_targets(table, counts, baselines_run)
    for name, reason in skipped.items():
        print(f"note: {name} baseline skipped ({reason})")
    if args.examples:
        failing = dict.fromkeys(m.split(":", 1)[0] for m in misses)
        for kind in failing:
            lines = failing_examples(outcomes, kind, baselines_run, records, args.examples, project)
            if lines:
                print(f"\n### {kind}: where the project loses\n")
                print("\n".join(lines))
    print()
    if misses:
        print("TARGETS MISSED:")
        for miss in misses:
            print(f"- {miss}")
    else:
        print("all targets met")
    print(f"total eval time: {time.perf_counter() - started:.0f} s")
    project.close()
    return 1 if misses else 0


