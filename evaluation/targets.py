"""The targets the project's search must meet (the evaluation exits with status 1 when one is
missed, each one named):

- on every kind, the project beats every baseline: MRR strictly higher (or both 1.0), and
  success@10 and precision@10 not lower;
- success@10 >= 0.99 and MRR@10 >= 0.97 on the known-item kinds (``KNOWN_ITEM_KINDS``);
- MRR above the trigram baseline on every kind (part of the first rule, named separately);
- precision@10 >= 0.9 on English country names, and on entity names in English and Thai
  (``ENTITY_KINDS``: unseen articles, dev and held-out parts).
"""

from __future__ import annotations

from collections.abc import Sequence

from evaluation.metrics import METRICS
from evaluation.outcomes import Table
from evaluation.queries import ENTITY_KINDS, KINDS, KNOWN_ITEM_KINDS

MIN_SUCCESS_KNOWN = 0.99
MIN_MRR_KNOWN = 0.97
MIN_PRECISION_COUNTRY = 0.9


def _r(x: float) -> float:
    return round(x, 4)


def check_targets(table: Table, counts: dict[str, int], baselines: Sequence[str]) -> list[str]:
    """Every target the project misses, as a sentence (empty: all met)."""
    misses = []
    for kind in KINDS:
        if not counts.get(kind):
            continue
        own = table[kind, "project"]
        for base in baselines:
            other = table[kind, base]
            for i, metric in enumerate(METRICS):
                p, b = _r(own[i]), _r(other[i])
                if metric == "MRR@10":
                    beaten = p > b or p == b == 1.0
                    if not beaten:
                        rule = "MRR above the trigram baseline" if base == "trigram" else "beat"
                        misses.append(f"{kind}: {rule}: project MRR@10 {p:.3f} <= {base} {b:.3f}")
                elif p < b:
                    misses.append(f"{kind}: beat: project {metric} {p:.3f} < {base} {b:.3f}")
        if kind in KNOWN_ITEM_KINDS and _r(own[0]) < MIN_SUCCESS_KNOWN:
            misses.append(
                f"{kind}: success@10 {own[0]:.3f} < {MIN_SUCCESS_KNOWN} (known-item target)"
            )
        if kind in KNOWN_ITEM_KINDS and _r(own[1]) < MIN_MRR_KNOWN:
            misses.append(f"{kind}: MRR@10 {own[1]:.3f} < {MIN_MRR_KNOWN} (known-item target)")
        if (kind == "country_en" or kind in ENTITY_KINDS) and _r(own[2]) < MIN_PRECISION_COUNTRY:
            misses.append(
                f"{kind}: precision@10 {own[2]:.3f} < {MIN_PRECISION_COUNTRY} (country target)"
            )
    return misses
