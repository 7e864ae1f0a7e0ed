"""Character spans merged and asked by position."""

from __future__ import annotations

from archive.thai.spans import Covered, merge_spans


def test_overlapping_and_touching_spans_merge() -> None:
    assert merge_spans([(10, 12), (0, 3), (2, 5), (5, 7)]) == [(0, 7), (10, 12)]
    assert merge_spans([]) == []


def test_a_position_is_covered_from_the_start_to_before_the_end() -> None:
    covered = Covered([(10, 20), (0, 3), (15, 30)])
    assert [pos for pos in (0, 2, 3, 9, 10, 29, 30) if covered.holds(pos)] == [0, 2, 10, 29]
    assert not Covered([]).holds(0)
