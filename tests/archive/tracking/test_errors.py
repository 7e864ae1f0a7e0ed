"""Typed tracking errors: a stable code, the field, the params, and an English message for
logs, the command line and the JSON API."""

from __future__ import annotations

import pytest

from archive.tracking.errors import (
    ENGLISH,
    CodedError,
    Conflict,
    NotFound,
    Problem,
    SheetError,
    TrackingError,
)


def test_an_error_carries_its_code_field_and_params() -> None:
    error = TrackingError("progress.range", "progress", value="150")
    assert isinstance(error, ValueError) and isinstance(error, CodedError)
    assert error.code == "progress.range"
    assert error.problem == Problem("progress.range", "progress", {"value": "150"})
    assert str(error) == "progress: a whole number from 0 to 100, not '150'"


def test_errors_without_a_field_read_as_their_detail() -> None:
    assert str(NotFound("record.not_found", value=7)) == "no record 7"
    assert str(SheetError("sheet.too_many_rows", limit="20,000")) == (
        "too many rows: at most 20,000 items per import"
    )
    assert isinstance(NotFound("record.not_found", value=7), LookupError)


def test_a_conflict_keeps_the_versions_and_the_changes() -> None:
    error = Conflict("1-x", 3, 1, [{"field": "status"}])
    assert (error.code, error.current, error.expected, error.changes) == (
        "follow_up.conflict",
        3,
        1,
        [{"field": "status"}],
    )
    assert "changed by someone else (version 3, you started from version 1)" in str(error)


@pytest.mark.parametrize(("more", "tail"), [(0, "progress by the ingest on 2025-01-03"),
                                             (2, " and 2 more")])  # fmt: skip
def test_the_changes_since_an_export_are_told_in_english(more: int, tail: str) -> None:
    changes = [{"field": "progress", "user": None, "at": "2025-01-03 11:00"}]
    params = {"sheet": 1, "now": 2, "changes": changes, "more": more}
    problem = Problem("row.changed", params=params)
    assert tail in str(problem) and str(problem).startswith("changed since the export")


def test_every_code_is_worded() -> None:
    assert all(code.count(".") == 1 and code.islower() for code in ENGLISH)
