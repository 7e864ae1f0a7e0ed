"""Character spans of a text: overlapping ones merged, and asked which covers a position."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, overlapping or touching ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


class Covered:
    """Spans asked by position in O(log n) (a long text may name thousands of things)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged = merge_spans(spans)
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def holds(self, pos: int) -> bool:
        """Whether a span covers ``pos`` (start included, end excluded)."""
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]
