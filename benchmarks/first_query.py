"""The first search of a new process: opening the index and answering one query, in the process
(imports apart) and as ``archive search`` from the command line (wall time), for a Thai word
and for names that go through the entity tables (an English country, an acronym, a Thai name).
Medians of ``--rounds`` new processes per query; read-only on ``--home``.

    python benchmarks/first_query.py --home /tmp/q27k --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("ความร่วมมือ", "Laos", "ASEAN", "เยอรมนี")
TARGET = 1.5  # seconds: the first query of a new process, in the process
CHILD = """
import sys, time
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from indexer.search.generations import Index
from indexer.search.service import SearchRequest, index_root, search
imported = time.perf_counter()
index = Index(index_root(Path(sys.argv[2])))
search(index, SearchRequest(q=sys.argv[3]))
done = time.perf_counter()
print(imported - started, done - imported)
"""


def in_process(home: Path, query: str) -> tuple[float, float]:
    """(imports, open + first answer) seconds of one new process."""
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(home), query],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(output[0]), float(output[1])


def command(home: Path, query: str) -> float:
    """Wall seconds of ``archive --home HOME search QUERY``."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "archive", "--home", str(home), "search", query],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="data folder with an index")
    parser.add_argument("--rounds", type=int, default=5, help="new processes per query")
    args = parser.parse_args()
    worst = 0.0
    print("| query | imports | open + first answer | `archive search` (wall) |")
    print("| --- | ---: | ---: | ---: |")
    for query in QUERIES:
        runs = [in_process(args.home, query) for _ in range(args.rounds)]
        imports = statistics.median(r[0] for r in runs)
        answer = statistics.median(r[1] for r in runs)
        wall = statistics.median(command(args.home, query) for _ in range(args.rounds))
        worst = max(worst, answer)
        print(f"| {query} | {imports:.2f} s | {answer:.2f} s | {wall:.2f} s |")
    print(f"medians of {args.rounds} new processes; target: first answer < {TARGET} s")
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
