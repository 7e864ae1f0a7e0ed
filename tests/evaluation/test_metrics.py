"""Per-query metrics at cut-off 10 and their means."""

import pytest

from evaluation.metrics import mean_scores, precision_at, query_scores, reciprocal_rank, success_at


def test_success_is_any_relevant_in_the_top_k():
    assert success_at([5, 6, 7], {7}) == 1.0
    assert success_at([5, 6, 7], {8}) == 0.0
    assert success_at([], {1}) == 0.0
    assert success_at(list(range(20)), {12}) == 0.0  # beyond 10
    assert success_at([1, 2, 3], {3}, k=2) == 0.0


def test_reciprocal_rank_of_the_first_relevant_within_ten():
    assert reciprocal_rank([1, 2, 3], {1}) == 1.0
    assert reciprocal_rank([1, 2, 3], {3, 2}) == 0.5
    assert reciprocal_rank(list(range(1, 11)), {10}) == pytest.approx(0.1)
    assert reciprocal_rank(list(range(1, 12)), {11}) == 0.0
    assert reciprocal_rank([], {1}) == 0.0


def test_precision_divides_by_the_relevant_records_there_can_be():
    assert precision_at([1, 9, 9, 9], {1}) == 1.0  # one relevant record: found = perfect
    assert precision_at([1, 2, 8, 9], {1, 2, 3}) == pytest.approx(2 / 3)
    many = set(range(100))
    assert precision_at(list(range(5)) + [200] * 5, many) == 0.5  # 5 of at most 10
    assert precision_at([1, 2], set()) == 0.0


def test_scores_and_means():
    assert query_scores([4, 1], {1}) == (1.0, 0.5, 1.0)
    assert mean_scores([(1.0, 1.0, 1.0), (0.0, 0.0, 0.5)]) == (0.5, 0.5, 0.75)
    assert mean_scores([]) == (0.0, 0.0, 0.0)
