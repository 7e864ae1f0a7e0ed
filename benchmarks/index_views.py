"""Searching while the index changes: what a search pays after an edit, the first search of a new
process, and search speed after many small updates.

On a copy of ``--home`` (its database, migrated, and its live index generation):

1. first search: a new process opens the index and answers one query, ``--first`` times;
   seconds in the process (imports, opening, the query) and of ``archive search`` (wall);
2. after an edit: one record re-indexed (``generations.update``, a small commit), then the time
   an open ``Index`` takes to show it (``refresh``) and the first search after it, ``--edits``
   times;
3. segments kept in shape: the 200 queries of ``benchmarks/search.py`` (p50/p95, each a full
   search as the site runs it) on the copy, then ``--updates`` one-record updates (time per
   commit, segments left), then the same queries on a newly opened index.

Medians are printed; the machine is noisy, so compare figures of one run.

    python benchmarks/index_views.py --home /tmp/web27k
    python benchmarks/index_views.py --home /tmp/web27k --updates 1000 --edits 20
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from archive.store.db import Database  # noqa: E402
from archive.store.lookups import get_record  # noqa: E402
from archive.store.models import Record  # noqa: E402
from benchmarks.first_query import command, in_process  # noqa: E402
from benchmarks.search import ARTICLES, load, make_queries  # noqa: E402
from indexer.search import generations  # noqa: E402
from indexer.search.generations import Index  # noqa: E402
from indexer.search.indexing import is_current  # noqa: E402
from indexer.search.service import SearchRequest, index_root, search  # noqa: E402

DATABASE = "archive.sqlite3"
FIRST_QUERY = "ความร่วมมือ"


def copy_archive(home: Path, target: Path) -> Database:
    """``home``'s database (migrated) and live index generation copied into ``target``."""
    live = generations.live_generation(index_root(home))
    if live is None:
        sys.exit(f"no index in {home}")
    shutil.copy2(home / DATABASE, target / DATABASE)
    root = index_root(target)
    root.mkdir(parents=True)
    shutil.copytree(live, root / live.name)
    shutil.copy2(index_root(home) / generations.CURRENT, root / generations.CURRENT)
    if not is_current(target):
        sys.exit(f"the index in {home} has other fields than this version's: run 'archive index'")
    return Database(f"sqlite:///{target / DATABASE}")


def first_search(home: Path, rounds: int) -> None:
    """Seconds for a new process to answer its first query, in-process and on the CLI."""
    imports, answers, commands = [], [], []
    for _ in range(rounds):
        imported, answered = in_process(home, FIRST_QUERY)
        imports.append(imported)
        answers.append(answered)
        commands.append(command(home, FIRST_QUERY))
    print(
        f"first search of a new process ({rounds} runs, medians): imports "
        f"{statistics.median(imports):.2f} s + open and answer {statistics.median(answers):.2f} s"
        f"; 'archive search' {statistics.median(commands):.2f} s wall"
    )


def bring_up_to_date(index: Index) -> None:
    """Whatever this version of ``Index`` does to show the latest commit."""
    refresh = getattr(index, "refresh", None)
    if refresh is not None:
        refresh()
    else:  # an Index that reopens on its next search
        index.searcher()
        index.vocabulary()


def after_edits(home: Path, db: Database, ids: list[int], rounds: int, rng: random.Random) -> None:
    """Seconds to show a one-record commit in an open index, and the first search after it."""
    index = Index(index_root(home))
    search(index, SearchRequest(q=FIRST_QUERY))
    commits, views, searches = [], [], []
    for _ in range(rounds):
        with db.session() as session:
            record = get_record(session, rng.choice(ids))
            started = time.perf_counter()
            generations.update(index_root(home), [record])
            commits.append(time.perf_counter() - started)
        started = time.perf_counter()
        bring_up_to_date(index)
        views.append(time.perf_counter() - started)
        started = time.perf_counter()
        search(index, SearchRequest(q=FIRST_QUERY))
        searches.append(time.perf_counter() - started)
    index.close()
    print(
        f"after a one-record commit ({rounds} edits, medians): commit "
        f"{statistics.median(commits) * 1000:.0f} ms, next view "
        f"{statistics.median(views) * 1000:.0f} ms (max {max(views) * 1000:.0f}), first search "
        f"after it {statistics.median(searches) * 1000:.0f} ms"
    )


def run_queries(home: Path, queries: list[SearchRequest], label: str) -> None:
    """p50/p95 of the queries on a newly opened index (warmed by its first 20)."""
    index = Index(index_root(home))
    for request in queries[:20]:
        search(index, request)
    times = []
    for request in queries:
        started = time.perf_counter()
        search(index, request)
        times.append((time.perf_counter() - started) * 1000)
    index.close()
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    p50 = statistics.median(times)
    print(f"{label}: {len(queries)} queries p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def small_updates(home: Path, db: Database, ids: list[int], count: int, rng: random.Random) -> None:
    """``count`` one-record commits; their time and the segments left."""
    times = []
    for _ in range(count):
        with db.session() as session:
            record = get_record(session, rng.choice(ids))
            started = time.perf_counter()
            generations.update(index_root(home), [record])
            times.append(time.perf_counter() - started)
    times.sort()
    segments = generations.open_index(index_root(home))._read_toc().segments
    print(
        f"{count} one-record commits: p50 {statistics.median(times) * 1000:.0f} ms, p95 "
        f"{times[int(len(times) * 0.95) - 1] * 1000:.0f} ms; {len(segments)} segments left "
        f"({sorted((s.doc_count_all() for s in segments), reverse=True)} documents, "
        f"{sum(s.deleted_count() for s in segments)} deleted)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="data folder with an index")
    parser.add_argument("--first", type=int, default=5, help="new processes timed")
    parser.add_argument("--edits", type=int, default=20, help="one-record commits timed")
    parser.add_argument("--updates", type=int, default=1000, help="commits before the queries")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--source", type=Path, default=ARTICLES)
    args = parser.parse_args()
    rng = random.Random(20261206)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        db = copy_archive(args.home, home)
        with db.session() as session:
            ids = list(session.scalars(select(Record.id).order_by(Record.id)))
        first_search(home, args.first)
        after_edits(home, db, ids, args.edits, rng)
        if args.updates:
            queries = make_queries(load(args.source, None), args.queries)
            run_queries(home, queries, "queries before the updates")
            small_updates(home, db, ids, args.updates, rng)
            run_queries(home, queries, f"queries after {args.updates} updates")
        db.dispose()


if __name__ == "__main__":
    main()
