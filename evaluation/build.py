"""The evaluation archive: ``../shared/seeds``, ``corpus/`` and the first N shared thaigov
articles, ingested into a data folder and indexed with ``rebuild_index``; a folder that already
holds an index is reused (re-indexed when the project's index schema changed since)."""

from __future__ import annotations

import json
import lzma
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.fields import Schema

from archive.config import DATABASE_FILE
from archive.store.db import Database
from evaluation.paths import ARTICLES, CORPUS, SEEDS
from indexer.ingest import ingest_documents, ingest_paths
from indexer.search.documents import make_schema
from indexer.search.generations import exists, open_index
from indexer.search.indexing import rebuild_index
from indexer.search.service import index_root

MARKER = "evaluate-archive.json"  # in the data folder: what it was built from


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


def load_last_articles(path: Path, count: int) -> list[tuple[str, bytes]]:
    """The last ``count`` shared articles (the newest: never in an archive of the first 5,000
    articles the project was tuned on), as (source path, UTF-8 bytes)."""
    kept: deque[str] = deque(maxlen=max(count, 0))
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            kept.append(line)
    out = []
    for line in kept:
        article = json.loads(line)
        out.append((article["path"], article["text"].encode("utf-8")))
    return out


def open_unseen(
    home: Path,
    documents: list[tuple[str, bytes]],
    *,
    workers: int = 0,
    say: Callable[[str], None] = print,
) -> Database:
    """An archive of ``documents`` only (articles unseen while tuning) in ``home``, ingested and
    indexed once and reused (re-indexed when the project's index schema changed)."""
    home.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{home / DATABASE_FILE}")
    marker = home / MARKER
    if exists(index_root(home)) and marker.exists():
        stored = open_index(index_root(home)).schema
        if schema_signature(stored) != schema_signature(make_schema()):
            say(f"note: re-indexing {home}: the project's index schema changed")
            rebuild_index(db, home)
        return db
    started = time.perf_counter()
    report = ingest_documents(db, documents, workers=workers)
    rebuild_index(db, home)
    say(f"unseen archive {home.name}: {report.summary()}, {time.perf_counter() - started:.0f} s")
    marker.write_text(json.dumps({"unseen": len(documents)}) + "\n", encoding="utf-8")
    return db


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


def open_archive(
    home: Path,
    articles: int,
    *,
    workers: int = 0,
    reindex: bool = False,
    say: Callable[[str], None] = print,
) -> Database:
    """The evaluation archive in ``home``: reused when it holds an index (re-indexed when asked
    or when the project's schema changed since), else ingested (seeds, corpus, ``articles``
    thaigov articles) and indexed. Returns the ``Database``."""
    home.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{home / DATABASE_FILE}")
    marker = home / MARKER
    if exists(index_root(home)):
        built = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else {}
        if built.get("articles") != articles:
            say(
                f"note: reusing {home}, built with {built.get('articles', '?')} articles "
                f"(--articles {articles} ignored; use a new --home to rebuild)"
            )
        stored = open_index(index_root(home)).schema
        if schema_signature(stored) != schema_signature(make_schema()):
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
