"""Search benchmark on the shared thaigov articles, with the reference measured in the same run.

1. Build: the project's ingest (read, parse, store in SQLite; a process per core) plus its
   index build (a multi-process Whoosh writer), against the naive reference of
   ``benchmarks/naive_index.py`` (nlpo3 words into a two-field Whoosh index, one process, no
   parsing, no database), on the same articles, one after the other.
2. Queries: 200 queries (Thai words and word pairs cut from titles, sub-words, English country
   names, years, a filter) on the archive just built; each is a full search as the site runs it
   (facet counts over the whole result set and 10 highlighted snippets). Prints p50/p95.

    python benchmarks/search.py                    # all 27,305 articles
    python benchmarks/search.py --articles 3000 --queries 200
"""

from __future__ import annotations

import argparse
import gc
import json
import lzma
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.db import Database  # noqa: E402
from benchmarks.naive_index import build as naive_build  # noqa: E402
from indexer.analysis import words  # noqa: E402
from indexer.ingest import ingest_documents  # noqa: E402
from indexer.search import SearchRequest, index_root, rebuild_index, search  # noqa: E402
from indexer.searchindex import Index  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "data" / "thaigov-2020-2022.jsonl.xz"
PREFIXES = ("ความ", "การ", "กรุง", "นัก", "ผู้", "สำนัก", "กระทรวง")
COUNTRIES = [
    "Japan",
    "China",
    "Laos",
    "Cambodia",
    "Vietnam",
    "Myanmar",
    "Singapore",
    "Malaysia",
    "Indonesia",
    "India",
    "Korea",
    "Australia",
    "France",
    "Germany",
    "United States",
    "Russia",
    "Switzerland",
    "Brunei",
    "Philippines",
    "Sweden",
]


def load(path: Path, limit: int | None) -> list[tuple[str, str]]:
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            out.append((article["path"], article["text"]))
            if limit is not None and len(out) >= limit:
                break
    return out


def make_queries(articles: list[tuple[str, str]], count: int) -> list[SearchRequest]:
    """A fixed mix of the queries staff type, cut from the articles' own titles."""
    rng = random.Random(20261123)
    titles = [text.split("\n", 1)[0].split("-", 2)[-1] for _, text in articles]
    thai = [
        w
        for t in rng.sample(titles, min(400, len(titles)))
        for w in words(t)
        if len(w) >= 4 and "\u0e00" <= w[0] <= "\u0e7f"
    ]
    queries: list[SearchRequest] = []
    while len(queries) < count:
        kind = len(queries) % 10
        if kind < 4:
            queries.append(SearchRequest(q=rng.choice(thai)))
        elif kind < 6:
            queries.append(SearchRequest(q=rng.choice(thai) + rng.choice(thai)))
        elif kind == 6:  # the tail of a compound, as staff type it: "ร่วมมือ" for "ความร่วมมือ"
            compound = rng.choice([w for w in thai if w.startswith(PREFIXES) and len(w) >= 7])
            queries.append(
                SearchRequest(
                    q=compound[len(next(p for p in PREFIXES if compound.startswith(p))) :]
                )
            )
        elif kind == 7:
            queries.append(SearchRequest(q=rng.choice(COUNTRIES)))
        elif kind == 8:
            queries.append(
                SearchRequest(q=f"{rng.choice(thai)} {rng.choice(['2563', '2564', '2021'])}")
            )
        else:
            queries.append(
                SearchRequest(q=rng.choice(thai), filters={"kind": ["news"]}, sort="date")
            )
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="default: all")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=0, help="parser processes (0: per core)")
    parser.add_argument(
        "--procs", type=int, default=os.cpu_count() or 1, help="index writer processes"
    )
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--source", type=Path, default=ARTICLES)
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")

    articles = load(args.source, args.articles)
    chars = sum(len(text) for _, text in articles)
    print(f"{len(articles):,} articles, {chars:,} characters, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        naive = None
        if not args.skip_naive:
            gc.collect()
            started = time.perf_counter()
            (Path(folder) / "naive").mkdir()
            naive_build([text for _, text in articles], str(Path(folder) / "naive"), stored=False)
            naive = time.perf_counter() - started
            print(f"naive build (nlpo3 words, 2 fields, 1 process): {naive:.1f} s")

        home = Path(folder) / "home"
        home.mkdir()
        db = Database(f"sqlite:///{home / 'archive.sqlite3'}")
        documents = [(path, text.encode("utf-8")) for path, text in articles]
        gc.collect()
        started = time.perf_counter()
        report = ingest_documents(db, documents, workers=args.workers)
        ingest = time.perf_counter() - started
        del documents
        started = time.perf_counter()
        count = rebuild_index(db, home, procs=args.procs)
        build = time.perf_counter() - started
        print(f"project ingest (read, parse, store): {ingest:.1f} s [{report.summary()}]")
        print(
            f"project index build ({count:,} records, {args.procs} writer processes): {build:.1f} s"
        )
        total = ingest + build
        line = f"project total: {total:.1f} s = {len(articles) / total:,.0f} docs/s"
        if naive:
            line += f"; naive/project = {naive / total:.2f}"
        print(line)

        index = Index(index_root(home))
        queries = make_queries(articles, args.queries)
        for request in queries[:20]:  # warm: open the searcher, load facets and vocabulary
            search(index, request)
        times, totals = [], []
        for request in queries:
            started = time.perf_counter()
            result = search(index, request)
            times.append((time.perf_counter() - started) * 1000)
            totals.append(result["total"])
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{len(queries)} queries (facets + 10 snippets): p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms; "
            f"median hits {statistics.median(totals):,.0f}"
        )
        index.close()
        db.dispose()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main process {own:.0f} MB, largest child {children:.0f} MB")


if __name__ == "__main__":
    main()
