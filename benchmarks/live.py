"""The archive while people write: searches during follow-up saves, and a killed ingest.

On the archive of ``benchmarks/load.py`` (the 27k shared articles, built into ``--home`` when
it has none), ``archive serve`` on a free loopback port, then:

1. quiet: ``--clients`` threads search without pause for ``--seconds`` (nobody writes);
2. mixed: the same searchers while one editor saves a follow-up item through the API every
   ``--every`` seconds (PATCH with the version it read), and every fifth save is polled in the
   search index until it shows (freshness);
3. crash (``--crash``): ``archive ingest`` of ``--crash-docs`` new articles, killed with
   SIGKILL once about half are stored; then, with no command typed, the time until the site's
   index holds every stored record.

Prints p50/p95/max of searches and saves, errors, and the freshness and catch-up times. Only
127.0.0.1 is contacted.

    python benchmarks/live.py --home /tmp/web27k --seconds 40 --crash
    python benchmarks/live.py --home /tmp/web27k --processes 1 2 1 2   # one vs two processes
    python benchmarks/live.py --home /tmp/web27k --processes 2 --threads 4 1 4 1
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import (  # noqa: E402
    _free_port,
    ensure_archive,
    run_round,
    search_paths,
    start_server,
)
from benchmarks.search import ARTICLES, make_queries  # noqa: E402

EDITOR = "bench-editor"


def _pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)] if ordered else 0.0


def _figures(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: none"
    return (
        f"{name}: n={len(values)} p50 {_pct(values, 0.5):.0f} ms, "
        f"p95 {_pct(values, 0.95):.0f} ms, max {max(values):.0f} ms"
    )


def editor_token(home: Path) -> str:
    """An editor's API token for the benchmark (the user is added once)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    base = [sys.executable, "-m", "archive", "--home", str(home), "users"]
    subprocess.run(
        [*base, "add", EDITOR, "--role", "editor", "--password-stdin"],
        input="bench password 1\n", text=True, cwd=ROOT, env=env, capture_output=True,
    )
    done = subprocess.run(
        [*base, "token", EDITOR], text=True, cwd=ROOT, env=env, capture_output=True, check=True
    )
    return done.stdout.strip()


class Api:
    """JSON requests to the site on one keep-alive connection."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body: object = None) -> tuple[int, object]:
        """Status and decoded body (None when not JSON)."""
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return 0, None
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, None


def _single_item_records(api: Api) -> list[tuple[str, int, str]]:
    """(item id, record id) of open items that are their record's only item: saving one
    changes the record's follow-up status facet, which shows whether the index caught up."""
    status, body = api.call("GET", "/api/follow-ups?" + urlencode({"limit": 500, "sort": "id"}))
    assert status == 200, status
    items = body["items"]  # type: ignore[index]
    last = items[-1]["record_id"]  # its other items may be on the next page
    items = [i for i in items if i["record_id"] != last]
    per_record: dict[int, int] = {}
    for item in items:
        per_record[item["record_id"]] = per_record.get(item["record_id"], 0) + 1
    return [
        (i["id"], i["record_id"], i["record_title"])
        for i in items
        if per_record[i["record_id"]] == 1
    ]


def _indexed_status(api: Api, record_id: int, title: str) -> str | None:
    """The record's follow-up status as the search index has it."""
    for status in ("open", "done"):
        code, body = api.call(
            "GET",
            # The whole title as a phrase: the record itself, not the thousands sharing words.
            "/api/search?"
            + urlencode({"q": '"%s"' % title.replace('"', " "), "f": f"status:{status}"}),
        )
        if code == 200 and any(h["id"] == record_id for h in body["hits"]):  # type: ignore[index]
            return status
    return None


def editor(
    port: int, token: str, every: float, seconds: float, saves: list[float],
    fresh: list[float], errors: list[str],
) -> None:
    """Save an item every ``every`` seconds for ``seconds``; every fifth save, poll the index."""
    api, probe = Api(port, token), Api(port, token)
    items = _single_item_records(api)
    rng = random.Random(5)
    stop = time.monotonic() + seconds
    number = 0
    while time.monotonic() < stop:
        tick = time.monotonic()
        item_id, record_id, title = rng.choice(items)
        code, item = api.call("GET", f"/api/follow-ups/{item_id}")
        if code != 200:
            errors.append(f"GET item {code}")
            continue
        target = "done" if item["status"] != "done" else "open"  # type: ignore[index]
        started = time.perf_counter()
        code, body = api.call(
            "PATCH", f"/api/follow-ups/{item_id}",
            {"status": target, "version": item["version"]},  # type: ignore[index]
        )
        saves.append((time.perf_counter() - started) * 1000)
        if code != 200:
            errors.append(f"PATCH {code} {body}")
        elif number % 5 == 0:
            while time.perf_counter() - started < 30:
                if _indexed_status(probe, record_id, title) == target:
                    fresh.append((time.perf_counter() - started) * 1000)
                    break
                time.sleep(0.05)
            else:
                errors.append(f"not searchable after 30 s: {item_id}")
        number += 1
        time.sleep(max(0.0, every - (time.monotonic() - tick)))


def crash_ingest(home: Path, port: int, articles: list[tuple[str, str]], count: int) -> None:
    """Kill an ingest half-way, then time the site's catch-up with nothing typed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    folder = Path(tempfile.mkdtemp(prefix="crash-", dir=home.parent))
    rng = random.Random(9)
    for number, (_, text) in enumerate(rng.sample(articles, count)):
        # A new file (a new path and a changed text): stored as a new record.
        (folder / f"crash-{number:04d}.txt").write_text(text + f"\n\n(สำเนา {number})\n")
    database = home / "archive.sqlite3"

    def stored() -> int:
        with sqlite3.connect(database, timeout=30) as connection:
            return connection.execute("SELECT count(*) FROM records").fetchone()[0]

    before = stored()
    process = subprocess.Popen(
        [sys.executable, "-m", "archive", "--home", str(home), "ingest", str(folder),
         "--no-progress"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    while stored() < before + count // 2 and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = time.perf_counter()
    total = stored()
    print(f"crash: ingest killed with {total - before} of {count} new records stored")
    api = Api(port, "")
    while True:
        code, body = api.call("GET", "/api/search?" + urlencode({"limit": 1}))
        indexed = body["total"] if code == 200 else -1  # type: ignore[index]
        if indexed == total:
            print(f"crash: every stored record searchable after "
                  f"{time.perf_counter() - killed_at:.1f} s (index {indexed}, database {total})")
            return
        if time.perf_counter() - killed_at > 300:
            print(f"crash: NOT caught up after 300 s (index {indexed}, database {total})")
            return
        time.sleep(0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="data folder (built if empty)")
    parser.add_argument("--source", type=Path, default=ARTICLES)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between saves")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--crash", action="store_true", help="also kill an ingest half-way")
    parser.add_argument("--crash-docs", type=int, default=300)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--processes", type=int, nargs="+", default=[1],
                        help="archive serve --processes; several values run in turn (1 2 1 2)")
    parser.add_argument("--threads", type=int, nargs="+", default=[4],
                        help="archive serve --threads, paired with --processes in turn (a single "
                        "value applies to every run): --processes 2 2 --threads 4 1")
    args = parser.parse_args()
    if not args.source.exists():
        sys.exit(f"articles not found at {args.source} (../shared is absent)")
    args.home.mkdir(parents=True, exist_ok=True)
    articles = ensure_archive(args.home, args.source, args.workers, args.procs)
    paths = search_paths(make_queries(articles, args.queries))
    random.Random(7).shuffle(paths)
    token = editor_token(args.home)
    runs = max(len(args.processes), len(args.threads))
    if {len(args.processes), len(args.threads)} - {1, runs}:
        sys.exit("--processes and --threads: as many values each, or one")
    for run in range(runs):  # e.g. 1 2 1 2: configurations interleaved in one run
        processes = args.processes[run % len(args.processes)]
        threads = args.threads[run % len(args.threads)]
        print(f"--- archive serve --processes {processes} --threads {threads}")
        run_site(args, paths, articles, token, processes, threads)


def run_site(
    args: argparse.Namespace, paths: list[str], articles: list[tuple[str, str]], token: str,
    processes: int, threads: int,
) -> None:
    """Quiet, mixed (and crash) rounds against one ``archive serve --processes --threads``."""
    port = _free_port()
    process = start_server(args.home, port, args.home / "serve-live.log", processes, threads)
    many = 1_000_000  # requests per client: the time limit ends a round
    try:
        warm = run_round(port, paths, 2, 20, 120.0)
        print(f"warm-up: {warm.requests} requests, {warm.errors} errors")
        quiet = run_round(port, paths, args.clients, many, args.seconds)
        print(f"quiet, {args.clients} searching: {quiet.per_second:.1f} req/s, "
              f"{quiet.errors} errors; " + _figures("search", quiet.latencies))
        saves: list[float] = []
        fresh: list[float] = []
        errors: list[str] = []
        writer = threading.Thread(
            target=editor, args=(port, token, args.every, args.seconds, saves, fresh, errors)
        )
        writer.start()
        mixed = run_round(port, paths, args.clients, many, args.seconds)
        writer.join()
        print(f"mixed, {args.clients} searching + 1 editor every {args.every} s: "
              f"{mixed.per_second:.1f} req/s, {mixed.errors} search errors, "
              f"{len(errors)} save errors")
        print("  " + _figures("search", mixed.latencies))
        print("  " + _figures("save (PATCH)", saves))
        print("  " + _figures("saved -> searchable", fresh))
        for failure in (mixed.failures + errors)[:5]:
            print(f"  failed: {failure}")
        if fresh:
            print(f"  freshness median {statistics.median(fresh):.0f} ms")
        if args.crash:
            crash_ingest(args.home, port, articles, args.crash_docs)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
