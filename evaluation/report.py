"""The evaluation's report: the table of mean scores (kind x metric, one column per system)
and the queries where the project loses, with what it found instead."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from evaluation.metrics import METRICS, K
from evaluation.outcomes import Outcome, Table
from evaluation.project_search import ProjectSearch
from evaluation.queries import KINDS
from evaluation.records import RecordSet


def markdown_table(
    table: Table, counts: dict[str, int], systems: Sequence[str], skipped: dict[str, str]
) -> str:
    """Rows kind x metric, one column per system."""
    lines = [
        "| kind | n | metric | " + " | ".join(systems) + " |",
        "| --- | ---: | --- | " + " | ".join("---:" for _ in systems) + " |",
    ]
    for kind in KINDS:
        if not counts.get(kind):
            continue
        for i, metric in enumerate(METRICS):
            cells = []
            for system in systems:
                if system in skipped:
                    cells.append("skipped")
                    continue
                value = table[kind, system][i]
                best = max(table[kind, s][i] for s in systems if s not in skipped and s != system)
                text = f"{value:.3f}"
                cells.append(f"**{text}**" if system == "project" and value >= best else text)
            head = f"{kind} | {counts[kind]}" if i == 0 else " | "
            lines.append(f"| {head} | {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def failing_examples(
    outcomes: Sequence[Outcome],
    kind: str,
    baselines: Sequence[str],
    records: RecordSet,
    limit: int,
    project: ProjectSearch | None = None,
) -> list[str]:
    """Up to ``limit`` queries of ``kind`` where the project does worst against the best
    baseline (or is not perfect), with the project's top 3 and the relevant records, and the
    correction the project offered (with where searching it puts the relevant record)."""

    def deficit(o: Outcome) -> float:
        """How far the best baseline is ahead of the project on this query, on any metric."""
        own = o.scores["project"]
        return max(
            (o.scores[b][i] - own[i] for b in baselines for i in range(len(METRICS))),
            default=0.0,
        )

    mine = [o for o in outcomes if o.query.kind == kind]
    bad = [
        o
        for o in mine
        if deficit(o) > 0 or o.scores["project"][1] < 1.0 or o.scores["project"][2] < 1.0
    ]
    bad.sort(key=lambda o: (-deficit(o), o.scores["project"][1], o.scores["project"][2]))
    out = []

    def title(record_id: int, relevant: Collection[int]) -> str:
        mark = "+" if record_id in relevant else "-"
        record = records.by_id[record_id]
        where = f" ({','.join(sorted(record.countries))})" if record.countries else ""
        return f"{mark} [{record_id}]{where} {record.title[:90]}"

    for o in bad[:limit]:
        rank = next((i for i, r in enumerate(o.ranked["project"], 1) if r in o.relevant), None)
        others = ", ".join(
            f"{b} {'rank ' + str(i) if (i := _first(o.ranked[b], o.relevant)) else 'miss'}"
            for b in baselines
        )
        out.append(
            f"- `{o.query.query}` — project: {'rank ' + str(rank) if rank else 'miss'}, "
            f"P@10 {o.scores['project'][2]:.2f}; {others}"
        )
        top = o.ranked["project"][:3]
        out.append(
            "  - project top 3: " + ("; ".join(title(i, o.relevant) for i in top) or "(no hits)")
        )
        rel = sorted(o.relevant)
        shown = "; ".join(title(i, o.relevant) for i in rel[:3])
        more = f" (+{len(rel) - 3} more)" if len(rel) > 3 else ""
        out.append(f"  - relevant ({len(rel)}): {shown}{more}")
        corrected = project.corrected.get(o.query.query) if project else None
        if project and corrected:
            found = _first(project(corrected), o.relevant)
            out.append(
                f"  - project suggests `{corrected}`; searching it: "
                + (f"rank {found}" if found else "miss")
            )
    return out


def _first(ranked: Sequence[int], relevant: Collection[int]) -> int | None:
    return next((i for i, r in enumerate(ranked[:K], 1) if r in relevant), None)
