"""Per-query ranking metrics at cut-off 10 and their means.

- success@10: a relevant record in the top 10;
- MRR@10: 1 / rank of the first relevant record, 0 beyond 10;
- precision@10: relevant records in the top 10 / min(10, number of relevant records).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

K = 10
METRICS = ("success@10", "MRR@10", "precision@10")


def success_at(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> float:
    """1.0 when a relevant record is among the first ``k``, else 0.0."""
    return 1.0 if any(r in relevant for r in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> float:
    """1 / rank of the first relevant record among the first ``k``, 0.0 if none."""
    for rank, r in enumerate(ranked[:k], 1):
        if r in relevant:
            return 1.0 / rank
    return 0.0


def precision_at(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> float:
    """Relevant records among the first ``k`` / min(k, number of relevant records)."""
    if not relevant:
        return 0.0
    found = sum(1 for r in ranked[:k] if r in relevant)
    return found / min(k, len(relevant))


def query_scores(ranked: Sequence[int], relevant: Collection[int], k: int = K) -> tuple[float, ...]:
    """(success@k, MRR@k, precision@k) of one ranking, in ``METRICS`` order."""
    return (
        success_at(ranked, relevant, k),
        reciprocal_rank(ranked, relevant, k),
        precision_at(ranked, relevant, k),
    )


def mean_scores(rows: Iterable[Sequence[float]]) -> tuple[float, ...]:
    """Column means of per-query scores (zeros when there are none)."""
    rows = list(rows)
    if not rows:
        return (0.0,) * len(METRICS)
    return tuple(sum(col) / len(rows) for col in zip(*rows, strict=True))
