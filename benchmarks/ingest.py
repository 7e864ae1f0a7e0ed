"""Ingest benchmark: N shared thaigov articles into a fresh archive; prints docs/s, chars/s and
peak memory. Each round also times a baseline in the same run (parsing alone, one process), so
that figures from a noisy machine can be compared; medians over the rounds are reported.

    python benchmarks/ingest.py --articles 3000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.store.db import Database  # noqa: E402
from indexer.extract.parsing import parse_text  # noqa: E402
from indexer.ingest import ingest_documents  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "data" / "thaigov-2020-2022.jsonl.xz"


def load(path: Path, limit: int) -> list[tuple[str, bytes]]:
    """The first ``limit`` articles as (source path, UTF-8 bytes)."""
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            out.append((article["path"], article["text"].encode("utf-8")))
            if len(out) >= limit:
                break
    return out


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument("--source", type=Path, default=ARTICLES)
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")

    documents = load(args.source, args.articles)
    chars = sum(len(data.decode("utf-8")) for _, data in documents)
    print(f"{len(documents)} articles, {chars:,} characters, {os.cpu_count()} cores")
    baseline, full = [], []
    for round_number in range(1, args.rounds + 1):
        started = time.perf_counter()
        for name, data in documents:
            parse_text(data.decode("utf-8"), source_path=name)
        baseline.append(time.perf_counter() - started)

        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{folder}/archive.sqlite3")
            started = time.perf_counter()
            report = ingest_documents(db, documents, workers=args.workers)
            full.append(time.perf_counter() - started)
            db.dispose()
        assert len(report.new) + len(report.unchanged) == len(documents), report.summary()
        print(
            f"round {round_number}: parse only (1 process) {baseline[-1]:.2f} s; "
            f"ingest (read+parse+store, workers={args.workers or os.cpu_count()}) {full[-1]:.2f} s "
            f"[{report.summary()}]"
        )
    for label, times in (("parse only, 1 process", baseline), ("full ingest", full)):
        median = statistics.median(times)
        print(
            f"{label:>22}: median {median:.2f} s = {len(documents) / median:,.0f} docs/s, "
            f"{chars / median / 1e6:.2f} M chars/s"
        )
    own, children = peak_mb()
    print(f"peak memory: main process {own:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
