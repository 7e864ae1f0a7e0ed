"""Load test of the search page: ``archive serve`` (waitress) on the 27k shared articles,
N concurrent clients asking for real queries, some with facet filters.

Builds the archive into ``--home`` first when it has none (the ingest and index build of
``benchmarks/search.py``), starts ``archive serve`` on a free loopback port, warms it up, then
runs ``--clients`` threads, each with its own keep-alive connection, for ``--requests``
requests each (bounded by ``--seconds``); prints requests/s and p50/p95/max latency of the
whole HTML page, per round and the median of the rounds. Only 127.0.0.1 is ever contacted.

    python benchmarks/load.py --home /tmp/web27k                 # build if missing, 3 rounds
    python benchmarks/load.py --home /tmp/web27k --clients 8 --requests 50 --rounds 5
    python benchmarks/load.py --home /tmp/web27k --url-only       # print the request mix
    python benchmarks/load.py --home /tmp/web27k --port 5000      # a server already running
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.search import ARTICLES, build_all, load, make_queries  # noqa: E402
from indexer.search.service import SearchRequest, index_root  # noqa: E402

# Facet filters added to some queries, as a person narrowing a result list would.
FILTERS = (
    ["year:2021"],
    ["year:2022"],
    ["kind:news"],
    ["country:JP"],
    ["country:CN"],
    ["month:2021-06"],
    ["year:2020", "year:2021"],
)


@dataclass
class Round:
    """One round's figures (latencies in milliseconds)."""

    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    slowest: list[tuple[float, str]]  # (ms, path) of the slowest requests
    failures: list[str]  # "status path" of the failed ones

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, int(len(ordered) * share + 0.5) - 1)] if ordered else 0.0


def search_paths(requests: list[SearchRequest], seed: int = 20261124) -> list[str]:
    """Search-page URLs of the benchmark's queries; one in three gets a facet filter too."""
    rng = random.Random(seed)
    paths = []
    for number, req in enumerate(requests):
        params: list[tuple[str, str]] = [("q", req.q)]
        filters = [f"{k}:{v}" for k, values in req.filters.items() for v in values]
        if number % 3 == 1:
            filters += rng.choice(FILTERS)
        params += [("f", f) for f in filters]
        if req.sort != "relevance":
            params.append(("sort", req.sort))
        if number % 7 == 3:
            params.append(("page", "2"))
        paths.append("/search?" + urlencode(params))
    paths += ["/", "/search?f=kind:news&sort=date", "/search?more=organization"]
    return paths


def ensure_archive(home: Path, source: Path, workers: int, procs: int) -> list[tuple[str, str]]:
    """The articles, with an archive of them built into ``home`` unless it has an index."""
    articles = load(source, None)
    if (home / "archive.sqlite3").exists() and index_root(home).exists():
        print(f"reusing the archive in {home}")
        return articles
    print(f"building the archive of {len(articles):,} articles into {home} ...")
    options = argparse.Namespace(skip_naive=True, workers=workers, procs=procs)
    build_all(options, articles, home.parent, home)
    return articles


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    home: Path, port: int, log: Path, processes: int = 1, threads: int = 4
) -> subprocess.Popen[bytes]:
    """``archive serve`` (``--processes``, ``--threads``) on 127.0.0.1:port, once it answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "archive", "--home", str(home), "serve", "--port", str(port),
             "--processes", str(processes), "--threads", str(threads)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"archive serve exited:\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/api/facets")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("archive serve did not answer in 120 s")


def run_round(port: int, paths: list[str], clients: int, per_client: int, limit: float) -> Round:
    """``clients`` threads, each asking ``per_client`` pages from its own slice of ``paths``."""
    timed: list[tuple[float, str]] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + limit

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[tuple[float, str]] = []
        failed: list[str] = []
        for i in range(per_client):
            if time.monotonic() > stop_at:
                break
            path = paths[(number * per_client + i) % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = type(error).__name__
            mine.append(((time.perf_counter() - started) * 1000, path))
            if status != "200":
                failed.append(f"{status} {path}")
        connection.close()
        with lock:
            timed.extend(mine)
            failures.extend(failed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies = [ms for ms, _ in timed]
    slowest = sorted(timed, reverse=True)[:5]
    return Round(len(latencies), len(failures), seconds, latencies, slowest, failures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="data folder (built if empty)")
    parser.add_argument("--source", type=Path, default=ARTICLES)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=50, help="per client per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=120.0, help="time limit per round")
    parser.add_argument("--queries", type=int, default=400, help="distinct search URLs")
    parser.add_argument("--workers", type=int, default=0, help="parser processes for a build")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="index writers")
    parser.add_argument("--url-only", action="store_true", help="print the URLs and stop")
    parser.add_argument(
        "--port", type=int, default=0, help="load a server already running on 127.0.0.1:PORT"
    )
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")

    args.home.mkdir(parents=True, exist_ok=True)
    articles = ensure_archive(args.home, args.source, args.workers, args.procs)
    paths = search_paths(make_queries(articles, args.queries))
    del articles
    random.Random(7).shuffle(paths)
    if args.url_only:
        print("\n".join(paths))
        return

    port = args.port or _free_port()
    process = None if args.port else start_server(args.home, port, args.home / "serve-load.log")
    try:
        warm = run_round(port, paths, 2, 20, 120.0)  # open the searcher, load the facets
        print(f"warm-up: {warm.requests} requests, {warm.errors} errors")
        rounds = []
        for number in range(1, args.rounds + 1):
            figures = run_round(port, paths, args.clients, args.requests, args.seconds)
            rounds.append(figures)
            print(
                f"round {number}: {args.clients} clients, {figures.requests} requests "
                f"({figures.errors} errors) in {figures.seconds:.1f} s = "
                f"{figures.per_second:.1f} req/s; p50 {figures.percentile(0.5):.0f} ms, "
                f"p95 {figures.percentile(0.95):.0f} ms, max {max(figures.latencies):.0f} ms"
            )
            for failure in figures.failures[:5]:
                print(f"  failed: {unquote(failure)}")
        slow = sorted((item for r in rounds for item in r.slowest), reverse=True)[:5]
        print("slowest: " + "; ".join(f"{ms:.0f} ms {unquote(path)}" for ms, path in slow))
        if len(rounds) > 1:
            med = statistics.median
            print(
                f"median of {len(rounds)} rounds: {med(r.per_second for r in rounds):.1f} req/s; "
                f"p50 {med(r.percentile(0.5) for r in rounds):.0f} ms, "
                f"p95 {med(r.percentile(0.95) for r in rounds):.0f} ms, "
                f"max {med(max(r.latencies) for r in rounds):.0f} ms"
            )
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
