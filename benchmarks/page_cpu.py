"""CPU time of the search page, in process: the benchmark's search URLs through Flask's test
client, each timed with ``time.process_time()`` (what the server spends, whatever else loads
the machine), split into the search and the rendering.

The URLs are those of ``benchmarks/load.py`` (403: the query mix of ``benchmarks/search.py``, one
in three with a facet filter); the first 60 are asked once before timing. Run it from the tree
to measure; compare two trees by running each in turn, interleaved (A, B, A, B).

    python benchmarks/page_cpu.py --home /tmp/web27k --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import search_paths  # noqa: E402
from benchmarks.search import ARTICLES, load, make_queries  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="data folder with an index")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--runs", type=int, default=1, help="passes over the URLs (later: warm)")
    args = parser.parse_args()
    os.environ["ARCHIVE_HOME"] = str(args.home)
    import webapp.searchpage as page
    from webapp import create_app

    spent = {"search": 0.0, "render": 0.0}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*positional: Any, **named: Any) -> Any:
            started = time.process_time()
            try:
                return function(*positional, **named)
            finally:
                spent[name] += time.process_time() - started

        return wrapper

    app = create_app({"INDEX_FOLLOW": False})
    client = app.test_client()
    paths = search_paths(make_queries(load(ARTICLES, None), args.queries))
    for path in paths[:60]:
        client.get(path)
    page.services.search_page = timed("search", page.services.search_page)  # type: ignore[method-assign]
    page.render_template = timed("render", page.render_template)  # type: ignore[assignment]
    per_page = []
    for _ in range(args.runs):
        for path in paths:
            started = time.process_time()
            response = client.get(path)
            per_page.append((time.process_time() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{path}: {response.status_code}")
    print(
        json.dumps(
            {
                "pages": len(per_page),
                "median_ms": round(statistics.median(per_page), 2),
                "mean_ms": round(statistics.fmean(per_page), 2),
                "search_s": round(spent["search"], 2),
                "render_s": round(spent["render"], 2),
                "total_s": round(sum(per_page) / 1000, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
