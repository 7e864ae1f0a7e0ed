"""PostgreSQL benchmark: the shared store of several nodes, against SQLite in the same run.

1. Ingest: N shared thaigov articles read, parsed and stored (no index; a process per core)
   into a fresh SQLite file and into a fresh PostgreSQL database, one after the other.
2. Fresh node: the time a node with an empty data folder takes to build its search index from
   the database (``rebuild_index``), from PostgreSQL and from SQLite.
3. Search: p50/p95 of Q queries (the mix of ``benchmarks/search.py``) on each node's index:
   the index is local, so PostgreSQL should not change them.
4. Propagation: two real ``archive serve`` nodes on the PostgreSQL database; C follow-up
   changes through node A (API PATCH, a new responsible agency each), each timed from A's
   answer (the change is committed) until node B's search finds it; p50/p95/max.
5. Moving up: ``archive copy`` of the SQLite archive into an empty PostgreSQL database (copy
   and checks).

The PostgreSQL server is a throwaway cluster on a free loopback port (as in the tests), or the
empty database given with ``--url``.

    python benchmarks/postgres.py --articles 3000 --changes 100
    python benchmarks/postgres.py --articles 27305 --queries 200
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from archive.accounts import add_user, issue_token  # noqa: E402
from archive.store.copy import copy_archive  # noqa: E402
from archive.store.db import Database  # noqa: E402
from archive.store.models import FollowUp  # noqa: E402
from benchmarks.search import ARTICLES, load, make_queries  # noqa: E402
from indexer.ingest import ingest_documents  # noqa: E402
from indexer.search.generations import Index  # noqa: E402
from indexer.search.indexing import rebuild_index  # noqa: E402
from indexer.search.service import index_root, search  # noqa: E402
from tests.postgres_server import Cluster  # noqa: E402

SITE = 'SECRET_KEY = "benchmark-key-0123456789abcdef0123456789abcdef"\n'


def percentiles(times: list[float]) -> str:
    """p50, p95 and max of ``times`` (milliseconds)."""
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms"


def time_ingest(url: str, documents: list[tuple[str, bytes]], workers: int) -> float:
    """Seconds to store ``documents`` into the (migrated) database at ``url``."""
    db = Database(url)
    try:
        started = time.perf_counter()
        report = ingest_documents(db, documents, workers=workers)
        elapsed = time.perf_counter() - started
    finally:
        db.dispose()
    assert not report.failed, report.summary()
    return elapsed


def time_build(url: str, home: Path) -> tuple[float, int]:
    """Seconds for an empty data folder to build its index from ``url``, and the records."""
    db = Database(url)
    try:
        started = time.perf_counter()
        count = rebuild_index(db, home)
        return time.perf_counter() - started, count
    finally:
        db.dispose()


def time_queries(home: Path, queries: list) -> str:  # type: ignore[type-arg]
    """p50/p95 of the queries on the index of ``home`` (after 20 to warm it)."""
    index = Index(index_root(home))
    try:
        for request in queries[:20]:
            search(index, request)
        times = []
        for request in queries:
            started = time.perf_counter()
            search(index, request)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        index.close()
    return percentiles(times)


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Node:
    """An ``archive serve`` process over its own data folder, on the database at ``url``."""

    def __init__(self, home: Path, url: str) -> None:
        self.home, self.port = home, free_port()
        home.mkdir(parents=True, exist_ok=True)
        (home / "site.toml").write_text(SITE, encoding="utf-8")
        env = {**os.environ, "ARCHIVE_DATABASE_URL": url}
        env.pop("ARCHIVE_HOME", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "archive", "--home", str(home), "serve",
             "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def call(self, method: str, path: str, token: str = "", body: object = None) -> tuple:  # type: ignore[type-arg]
        """(status, JSON) of a request; (0, None) while the node does not answer."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, None
        except OSError:
            return 0, None

    def hits(self, query: str) -> int | None:
        """Records found by a search query string on this node (None: no answer)."""
        status, body = self.call("GET", f"/api/search?limit=1&{query}")
        return body["total"] if status == 200 else None

    def wait_ready(self, records: int, timeout: float = 900) -> float:
        """Seconds until this node's index holds ``records`` records."""
        started = time.monotonic()
        while self.hits("") != records:
            if self.process.poll() is not None or time.monotonic() - started > timeout:
                raise SystemExit(f"node on port {self.port} did not come up")
            time.sleep(0.05)
        return time.monotonic() - started

    def stop(self) -> None:
        """Stop the process."""
        self.process.terminate()
        self.process.wait(30)


def propagation(url: str, home: Path, records: int, changes: int, work: Path) -> None:
    """Changes through node A (over ``home``'s index), each timed until node B finds it."""
    db = Database(url)
    with db.session() as session:
        add_user(session, "bench", "a-long-password", "editor")
        token = issue_token(session, "bench")
        items = list(session.scalars(select(FollowUp.id).order_by(FollowUp.id).limit(changes)))
    db.dispose()
    if not items:
        print("propagation: no follow-up items in these articles")
        return
    a = Node(home, url)
    b = Node(work / "node-b", url)
    try:
        a.wait_ready(records)
        print(f"node B (empty data folder) ready after {b.wait_ready(records):.1f} s")
        times = []
        for n in range(changes):
            item = items[n % len(items)]
            _, current = a.call("GET", f"/api/follow-ups/{item}", token)
            agency = f"สำนักงานวัดเวลา {n}"
            status, _ = a.call("PATCH", f"/api/follow-ups/{item}", token,
                               {"agencies": [agency], "version": current["version"]})  # fmt: skip
            assert status == 200, status
            committed = time.perf_counter()
            query = urllib.parse.urlencode({"f": f"agency:{agency}"})
            while b.hits(query) != 1:
                if time.perf_counter() - committed > 30:
                    raise SystemExit(f"change {n} not on node B after 30 s")
                time.sleep(0.005)
            times.append((time.perf_counter() - committed) * 1000)
        print(f"propagation A -> B over {changes} changes: {percentiles(times)}")
    finally:
        a.stop()
        b.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway one)")
    parser.add_argument("--source", type=Path, default=ARTICLES)
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")
    cluster = None
    if args.url is None:
        reason = Cluster.unavailable()
        if reason:
            sys.exit(f"no PostgreSQL: {reason}")
        cluster = Cluster().start()
        args.url = cluster.create_database("bench")
    articles = load(args.source, args.articles)
    documents = [(name, text.encode("utf-8")) for name, text in articles]
    queries = make_queries(articles, args.queries)
    print(f"{len(documents)} articles, {os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="archive-pg-bench-"))
    try:
        sqlite_url = f"sqlite:///{work / 'archive.sqlite3'}"
        lite = time_ingest(sqlite_url, documents, args.workers)
        pg = time_ingest(args.url, documents, args.workers)
        print(f"ingest (read+parse+store): SQLite {lite:.1f} s, PostgreSQL {pg:.1f} s "
              f"({pg / lite:.2f}x)")  # fmt: skip
        lite_build, count = time_build(sqlite_url, work / "sqlite-node")
        pg_build, _ = time_build(args.url, work / "pg-node")
        print(f"fresh node builds its index of {count} records: from SQLite {lite_build:.1f} s, "
              f"from PostgreSQL {pg_build:.1f} s")  # fmt: skip
        print(f"search, index built from SQLite: {time_queries(work / 'sqlite-node', queries)}")
        print(f"search, index built from PostgreSQL: {time_queries(work / 'pg-node', queries)}")
        propagation(args.url, work / "pg-node", count, args.changes, work)
        if cluster is not None:
            report = copy_archive(sqlite_url, cluster.create_database("copied"))
            print(f"archive copy of the SQLite archive into PostgreSQL: {report.seconds:.1f} s "
                  f"({report.counts['records']} records, "
                  f"{sum(report.counts.values())} rows, checked)")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
