"""Search-quality evaluation: the project's search against four baselines over the same records.

    python -m evaluation                        # temp archive, evaluate, clean up
    python -m evaluation --home /tmp/eval       # build once, reuse it on later runs
    python -m evaluation --articles 1000 --home /tmp/eval-1000
    python -m evaluation --home /tmp/eval --generate tests/search_queries.json

The archive (:mod:`evaluation.build`): ``../shared/seeds``, ``corpus/`` and the first
``--articles`` (5,000) shared thaigov articles, ingested into a fresh data folder and indexed.
With ``--home`` the folder is kept and reused (nothing is ingested or indexed when it already
holds an index); the baseline indexes are then kept in ``HOME/baselines`` too. Nothing is
written inside the repo.

Systems, each over the same records: ``project`` (:mod:`evaluation.project_search`) and the
baselines ``standard``, ``nlpo3``, ``icu`` and ``trigram`` (:mod:`evaluation.baselines`).

Queries (:mod:`evaluation.queries`, ``tests/search_queries.json``); a query whose relevant
records are all absent from the archive (a smaller ``--articles``) is skipped. ``--generate``
rewrites the file from the archive, deterministically (``--seed``; see
:mod:`evaluation.query_generator`).

Entity names (kinds ``entity_en``, ``entity_th``: a country, city or organisation by its English
or Thai name; relevant: records whose title names it by any of its names or whose partners
include it) run on two more archives of the last ``--unseen`` (2,300) shared articles, which the
project was not tuned on: the first half (dev, reported as the kind) and the second
(held out, reported as KIND_heldout), each with its own baselines.

Metrics per kind and system (:mod:`evaluation.metrics`): success@10, MRR@10, precision@10.
Exit status 1 when a target (:mod:`evaluation.targets`) is missed.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evaluation.baselines import make_baselines
from evaluation.build import load_last_articles, open_archive, open_unseen
from evaluation.outcomes import Outcome, evaluate, summarize
from evaluation.paths import ARTICLES, QUERIES
from evaluation.project_search import ProjectSearch
from evaluation.queries import (
    FILE_KINDS,
    HELD_OUT,
    UNSEEN_KINDS,
    EvalQuery,
    load_queries,
    write_queries,
)
from evaluation.query_generator import entity_queries, generate_queries
from evaluation.records import RecordSet, load_records
from evaluation.report import failing_examples, markdown_table
from evaluation.targets import check_targets

SYSTEMS = ("project", "standard", "nlpo3", "icu", "trigram")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation (or generate the query file) as the command line asks; the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--articles", type=int, default=5000, help="thaigov articles (5000)")
    parser.add_argument("--home", type=Path, help="data folder to build once and reuse")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--workers", type=int, default=0, help="ingest processes (0: per core)")
    parser.add_argument("--procs", type=int, default=1, help="processes per baseline index")
    parser.add_argument("--examples", type=int, default=5, help="failing queries shown per kind")
    parser.add_argument("--rebuild-baselines", action="store_true")
    parser.add_argument("--reindex", action="store_true", help="rebuild a reused --home's index")
    parser.add_argument(
        "--unseen",
        type=int,
        default=2300,
        help="last shared articles for the entity kinds, half dev, half held out (0: skip)",
    )
    parser.add_argument("--generate", type=Path, help="write a new query set here and stop")
    parser.add_argument("--seed", type=int, default=2024, help="seed of --generate")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    temp = None
    if args.home is None:
        temp = tempfile.TemporaryDirectory(prefix="evaluate-")
        home = Path(temp.name)
    else:
        home = args.home.resolve()
    try:
        return _run(args, home, started)
    finally:
        if temp is not None:
            temp.cleanup()


def _run(args: argparse.Namespace, home: Path, started: float) -> int:
    db = open_archive(home, args.articles, workers=args.workers, reindex=args.reindex)
    records = RecordSet(load_records(db))
    db.dispose()
    print(f"archive: {home} ({len(records.records)} records)")
    unseen = _unseen_archives(home, args)

    if args.generate:
        queries = generate_queries(records.records, seed=args.seed)
        if unseen:
            queries += entity_queries(unseen[0][1].records)
        write_queries(args.generate, queries)
        counts = {kind: sum(q["kind"] == kind for q in queries) for kind in FILE_KINDS}
        print(f"wrote {len(queries)} queries to {args.generate}: {counts}")
        return 0

    queries = load_queries(args.queries)
    runs = [(home, records, [q for q in queries if q.kind not in UNSEEN_KINDS])]
    for part_home, part_records, suffix in unseen:
        mine = [
            EvalQuery(q.kind + suffix, q.query, q.relevant)
            for q in queries
            if q.kind in UNSEEN_KINDS
        ]
        runs.append((part_home, part_records, mine))
    outcomes: list[Outcome] = []
    missing = 0
    seconds: dict[str, float] = {}
    skipped: dict[str, str] = {}
    where: dict[str, tuple[RecordSet, ProjectSearch]] = {}  # kind -> its archive's records
    projects = []
    for run_home, run_records, run_queries in runs:
        project = ProjectSearch(run_home)
        projects.append(project)
        for query in run_queries:
            where[query.kind] = (run_records, project)
        found, lost, spent, skipped = _evaluate(run_home, run_records, run_queries, project, args)
        outcomes += found
        missing += lost
        for name, value in spent.items():
            seconds[name] = seconds.get(name, 0.0) + value

    ran = [s for s in SYSTEMS if s in seconds]
    table, counts = summarize(outcomes, ran)
    print()
    print(markdown_table(table, counts, list(SYSTEMS), skipped))
    print()
    print(
        f"{len(outcomes)} queries ({missing} skipped: no relevant record in this archive); "
        "search time: " + ", ".join(f"{s} {seconds[s]:.1f} s" for s in ran)
    )
    baselines_run = [s for s in ran if s != "project"]
    misses = check_targets(table, counts, baselines_run)
    for name, reason in skipped.items():
        print(f"note: {name} baseline skipped ({reason})")
    if args.examples:
        failing = dict.fromkeys(m.split(":", 1)[0] for m in misses)
        for kind in failing:
            kind_records, project = where[kind]
            lines = failing_examples(
                outcomes, kind, baselines_run, kind_records, args.examples, project
            )
            if lines:
                print(f"\n### {kind}: where the project loses\n")
                print("\n".join(lines))
    print()
    if misses:
        print("TARGETS MISSED:")
        for miss in misses:
            print(f"- {miss}")
    else:
        print("all targets met")
    print(f"total eval time: {time.perf_counter() - started:.0f} s")
    for project in projects:
        project.close()
    return 1 if misses else 0


def _unseen_archives(home: Path, args: argparse.Namespace) -> list[tuple[Path, RecordSet, str]]:
    """The archives of the last ``--unseen`` shared articles, which the project was not tuned
    on: the first half (dev) and the second (held out), each with its records and the suffix
    of its kinds in the report."""
    if args.unseen <= 0:
        return []
    documents = load_last_articles(ARTICLES, args.unseen)
    half = len(documents) // 2
    out = []
    for name, part, suffix in (
        ("unseen-dev", documents[:half], ""),
        ("unseen-heldout", documents[half:], HELD_OUT),
    ):
        db = open_unseen(home / name, part, workers=args.workers)
        out.append((home / name, RecordSet(load_records(db)), suffix))
        db.dispose()
    return out


def _evaluate(
    home: Path,
    records: RecordSet,
    queries: Sequence[EvalQuery],
    project: ProjectSearch,
    args: argparse.Namespace,
) -> tuple[list[Outcome], int, dict[str, float], dict[str, str]]:
    """Run ``queries`` on one archive through the project and the baselines built over it."""
    baselines = make_baselines()
    systems: dict[str, Callable[[str], list[int]]] = {"project": project}
    skipped = {b.name: b.skipped for b in baselines if b.skipped}
    for baseline in baselines:
        if baseline.skipped:
            print(f"{baseline.name}: skipped: {baseline.skipped}")
            continue
        folder = home / "baselines" / baseline.name
        if args.rebuild_baselines:
            shutil.rmtree(folder, ignore_errors=True)
        baseline.open_or_build(folder, records.records, procs=args.procs)
        if baseline.build_seconds:
            print(f"{baseline.name}: index built in {baseline.build_seconds:.0f} s ({home.name})")
        systems[baseline.name] = baseline.search
    try:
        outcomes, missing, seconds = evaluate(queries, records, systems)
    finally:
        for baseline in baselines:
            baseline.close()
    return outcomes, missing, seconds, skipped
