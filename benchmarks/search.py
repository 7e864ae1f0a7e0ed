"""Search benchmark on the shared thaigov articles, with the reference measured in the same run.

1. Build: what a user runs, ``archive ingest FOLDER`` on a fresh data folder (read, parse, store
   in SQLite and build the search index, side by side; a process per core), in a subprocess on
   the articles written out as files beforehand, against the naive reference of
   ``benchmarks/naive_index.py`` (nlpo3 words into a two-field Whoosh index, one process, no
   parsing, no database), on the same articles, one after the other. Wall and CPU seconds
   (user + system time, workers included) and peak memory are printed for both; ``--rebuild``
   also times ``archive index`` (a full rebuild from the database).
2. Queries: 200 queries (Thai words and word pairs cut from titles, sub-words, English country
   names, years, a filter) on the archive just built; each is a full search as the site runs it
   (facet counts over the whole result set and 10 highlighted snippets). Prints p50/p95.

    python benchmarks/search.py                    # all 27,305 articles
    python benchmarks/search.py --articles 3000 --queries 200
    python benchmarks/search.py --home /tmp/q27k --skip-naive   # keep the archive built
    python benchmarks/search.py --home /tmp/q27k --reuse --rounds 5   # queries only
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.naive_index import build as naive_build  # noqa: E402
from indexer.search.analysis import pythainlp_dictionary_name, words  # noqa: E402
from indexer.search.generations import Index  # noqa: E402
from indexer.search.service import SearchRequest, index_root, search  # noqa: E402

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


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its waited-for descendants."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_files(articles: list[tuple[str, str]], folder: Path) -> None:
    """The articles as UTF-8 text files under ``folder``, at their own relative paths."""
    for path, text in articles:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def run_cli(home: Path, report: Path, *args: str) -> tuple[float, float, float, float, str]:
    """``archive --home HOME ARGS`` in a subprocess: wall s, CPU s, peak MB of the command's own
    process and of its largest worker (written to ``report``), and its output."""
    started, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run(
        [sys.executable, __file__, "--cli", str(report), "--home", str(home), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if done.returncode != 0:
        sys.exit(f"archive {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    peaks = json.loads(report.read_text(encoding="utf-8"))
    return wall, cpu, peaks["main"], peaks["workers"], (done.stdout + done.stderr).strip()


def cli_child(report: str, argv: list[str]) -> None:
    """Run the ``archive`` command line in this process, then write its peak memory."""
    from archive.cli import main as archive_main

    try:
        archive_main(argv, standalone_mode=False)
    finally:
        peaks = {
            "main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }
        Path(report).write_text(json.dumps(peaks), encoding="utf-8")


def build_all(
    args: argparse.Namespace, articles: list[tuple[str, str]], folder: Path, home: Path
) -> None:
    """The naive reference build (unless skipped), then ``archive ingest`` of the articles as
    files into an empty ``home`` (and ``archive index`` with ``--rebuild``)."""
    naive = naive_cpu = None
    if not args.skip_naive:
        pythainlp_dictionary_name()
        gc.collect()
        started, cpu = time.perf_counter(), cpu_seconds()
        (folder / "naive").mkdir()
        naive_build([text for _, text in articles], str(folder / "naive"), stored=False)
        naive, naive_cpu = time.perf_counter() - started, cpu_seconds() - cpu
        print(
            f"naive build (nlpo3 words, 2 fields, 1 process): {naive:.1f} s, "
            f"CPU {naive_cpu:.1f} s = {naive_cpu / len(articles) * 1000:.2f} ms/article"
        )

    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        files, report = Path(scratch) / "files", Path(scratch) / "rusage.json"
        write_files(articles, files)
        gc.collect()
        wall, cpu, peak_main, peak_workers, output = run_cli(
            home, report, "ingest", str(files), "--workers", str(args.workers), "--no-progress"
        )
    print(
        f"project: archive ingest (read, parse, store, index): {wall:.1f} s, "
        f"CPU {cpu:.1f} s = {cpu / len(articles) * 1000:.2f} ms/article; "
        f"peak memory {peak_main:.0f} MB main, {peak_workers:.0f} MB largest worker "
        f"[{' / '.join(output.splitlines())}]"
    )
    if naive and naive_cpu:
        print(f"project/naive: wall {wall / naive:.2f}, CPU {cpu / naive_cpu:.2f}")
    if getattr(args, "rebuild", False):
        wall, cpu, peak_main, peak_workers, output = run_cli(
            home, folder / "rusage.json", "index", "--procs", str(args.procs), "--no-progress"
        )
        print(
            f"archive index (full rebuild, {output}): {wall:.1f} s, CPU {cpu:.1f} s; "
            f"peak memory {peak_main:.0f} MB main, {peak_workers:.0f} MB largest worker"
        )


def run_queries(home: Path, queries: list[SearchRequest], rounds: int) -> None:
    """Time every query as the site runs it, ``rounds`` times, each round on a newly opened
    index (its caches empty); print p50/p95/max per round and the medians over the rounds."""
    figures = []
    for number in range(1, rounds + 1):
        index = Index(index_root(home))
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
        figures.append((p50, p95, times[-1]))
        print(
            f"round {number}: {len(queries)} queries (facets + 10 snippets): p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms; "
            f"median hits {statistics.median(totals):,.0f}"
        )
        index.close()
    if rounds > 1:
        p50, p95, top = (statistics.median(column) for column in zip(*figures, strict=True))
        print(f"median of {rounds} rounds: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {top:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="default: all")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--workers", type=int, default=0, help="ingest: parser and writer processes (0: per core)"
    )
    parser.add_argument("--procs", type=int, default=0, help="--rebuild: writer processes")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="also time 'archive index'")
    parser.add_argument("--source", type=Path, default=ARTICLES)
    parser.add_argument(
        "--home", type=Path, default=None, help="data folder to build into and keep"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="query the archive already in --home, no build"
    )
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the queries")
    args = parser.parse_args()
    if args.reuse and args.home is None:
        sys.exit("--reuse needs --home")
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")

    articles = load(args.source, args.articles)
    chars = sum(len(text) for _, text in articles)
    print(f"{len(articles):,} articles, {chars:,} characters, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        home = args.home or Path(folder) / "home"
        if not args.reuse:
            build_all(args, articles, Path(folder), home)
        run_queries(home, make_queries(articles, args.queries), args.rounds)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main process {own:.0f} MB, largest child {children:.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--cli"]:  # run_cli's subprocess
        cli_child(sys.argv[2], sys.argv[3:])
    else:
        main()
