"""Running the queries: every query through every system, scored; the mean scores per kind
and system."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from evaluation.metrics import mean_scores, query_scores
from evaluation.queries import KINDS, EvalQuery
from evaluation.records import RecordSet

Table = dict[tuple[str, str], tuple[float, ...]]  # (kind, system) -> mean scores


@dataclass
class Outcome:
    """One query's rankings by every system, and its scores."""

    query: EvalQuery
    relevant: set[int]
    ranked: dict[str, list[int]] = field(default_factory=dict)
    scores: dict[str, tuple[float, ...]] = field(default_factory=dict)


def evaluate(
    queries: Sequence[EvalQuery],
    records: RecordSet,
    systems: dict[str, Callable[[str], list[int]]],
) -> tuple[list[Outcome], int, dict[str, float]]:
    """Run every query through every system. Returns the outcomes, the number of queries
    skipped (no relevant record in the archive) and the seconds each system spent."""
    outcomes, skipped = [], 0
    seconds = dict.fromkeys(systems, 0.0)
    for query in queries:
        relevant = records.relevant(query.relevant)
        if not relevant:
            skipped += 1
            continue
        outcome = Outcome(query, relevant)
        for name, run in systems.items():
            started = time.perf_counter()
            ranked = run(query.query)
            seconds[name] += time.perf_counter() - started
            outcome.ranked[name] = ranked
            outcome.scores[name] = query_scores(ranked, relevant)
        outcomes.append(outcome)
    return outcomes, skipped, seconds


def summarize(outcomes: Sequence[Outcome], systems: Sequence[str]) -> tuple[Table, dict[str, int]]:
    """Mean scores per (kind, system), and the number of queries per kind."""
    table: Table = {}
    counts = {kind: 0 for kind in KINDS}
    for kind in KINDS:
        mine = [o for o in outcomes if o.query.kind == kind]
        counts[kind] = len(mine)
        for system in systems:
            table[kind, system] = mean_scores(o.scores[system] for o in mine)
    return table, counts
