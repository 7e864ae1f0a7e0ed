"""The four baselines the project's search is compared with, each a one-field Whoosh index over
title + record text with one analyzer, BM25F scoring:

- ``standard``: Whoosh's ``StandardAnalyzer`` (regex words, lower-case, English stop words).
- ``nlpo3``: nlpo3 words with pythainlp's plain word list, lower-cased (``NaiveNlpo3Tokenizer``).
- ``icu``: ICU word segmentation (:mod:`evaluation.icu_words`); segments without letters or
  digits are dropped, lower-cased.
- ``trigram``: every 3-character window of the lower-cased text, like SQLite FTS5's trigram
  tokenizer. A query is FTS5's: each whitespace-separated part is the phrase of its trigrams,
  the parts are AND-ed, and a part shorter than 3 characters matches nothing.

For ``standard``, ``nlpo3`` and ``icu`` a query is the AND of its analysed tokens. The
tokenizers are module-level classes: Whoosh pickles them into each index's schema.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nlpo3
from whoosh import index as whoosh_index
from whoosh.analysis import Composable, LowercaseFilter, StandardAnalyzer, Token, Tokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import And, Phrase, Query, Term

from evaluation.icu_words import icu_available, icu_segments
from evaluation.metrics import K
from evaluation.records import EvalRecord
from indexer.search.analysis import pythainlp_dictionary_name

FIELD = "body"

# --- tokenizers --------------------------------------------------------------------------------


class NaiveNlpo3Tokenizer(Tokenizer):
    """The naive reference (the ``nlpo3`` baseline, ``benchmarks/naive_index.py``): nlpo3 over
    the whole text with pythainlp's word list, every non-whitespace token as it comes, with
    positions only."""

    def __call__(
        self, value: str, positions: bool = False, start_pos: int = 0, **kwargs: Any
    ) -> Iterator[Token]:
        t = Token(positions, **kwargs)
        pos = start_pos
        for word in nlpo3.segment(value, pythainlp_dictionary_name()):
            if word.isspace():
                continue
            t.text = word
            if positions:
                t.pos = pos
            pos += 1
            yield t


def _tokens(
    t: Token,
    value: str,
    spans: Iterable[tuple[str, int, int]],
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


def standard_analyzer() -> Composable:
    """The ``standard`` baseline's analyzer."""
    return StandardAnalyzer()


def nlpo3_analyzer() -> Composable:
    """The ``nlpo3`` baseline's analyzer."""
    return NaiveNlpo3Tokenizer() | LowercaseFilter()


def icu_analyzer() -> Composable:
    """The ``icu`` baseline's analyzer."""
    return IcuTokenizer()


def trigram_analyzer() -> Composable:
    """The ``trigram`` baseline's analyzer."""
    return TrigramTokenizer()


# --- indexes -----------------------------------------------------------------------------------


@dataclass
class Baseline:
    """A one-field Whoosh index over title + text with one analyzer, BM25F scoring."""

    name: str
    make_analyzer: Callable[[], Composable]
    fts5: bool = False  # query = AND of the phrases of the trigrams of its parts
    skipped: str | None = None
    build_seconds: float = 0.0
    _ix: Any = field(default=None, repr=False)
    _searcher: Any = field(default=None, repr=False)

    def schema(self) -> Schema:
        """The index schema: a stored id and the analysed body."""
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
        """Index ``records`` into a new index in ``folder``."""
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
        """Close the searcher (the baseline can be opened again)."""
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
