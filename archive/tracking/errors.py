"""Why follow-up tracking refused something: a change, a link, a spreadsheet or one of its rows.

Each refusal is a :class:`Problem`: a stable ``code``, the ``field`` it concerns (or None) and
the ``params`` of the case. Its English wording (``str(problem)``, :data:`ENGLISH`) is for logs,
the command line and the JSON API; the web pages word the same code in Thai or English through
their catalogue (``webapp/error_responses.py``), never by reading the English.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any


def _changed_since(params: Mapping[str, Any]) -> str:
    told = [
        f"{change['field']} by {change['user'] or 'the ingest'} on {change['at']}"
        for change in params["changes"]
    ]
    more = f" and {params['more']} more" if params["more"] else ""
    return (
        f"changed since the export (the sheet has version {params['sheet']}, the item is now at "
        f"version {params['now']}: {'; '.join(told) or 'linked or re-ingested'}{more}); "
        "export again and redo this row"
    )


ENGLISH: dict[str, str | Callable[[Mapping[str, Any]], str]] = {
    # values of a change (edits, forms, the dashboard's parameters)
    "date.invalid": "not a date: {value!r} (use YYYY-MM-DD)",
    "date.no_such_day": "no such day: {value!r}",
    "number.invalid": "not a number: {value!r}",
    "number.range": "from 1 to {top}",
    "progress.range": "a whole number from 0 to 100, not {value!r}",
    "status.unknown": "one of open, in_progress, done, cancelled, not {value!r}",
    "status.empty": "empty (one of open, in_progress, done, cancelled)",
    "choice.unknown": "one of {choices}",
    "format.unknown": "csv or xlsx, not {value!r}",
    "text.too_long": "longer than {limit} characters",
    "text.required": "the follow-up item needs a text",
    "agencies.name_too_long": "a name longer than {limit} characters",
    "user.unknown": "no user {value!r}",
    "fields.not_editable": "cannot change {names}",
    "version.required": "required (the version of the item you started from)",
    "record.not_a_number": "not a record number: {value!r}",
    "record.not_found": "no record {value}",
    "link.own_record": "an item cannot be linked to its own record",
    "follow_up.not_found": "no follow-up item {value!r}",
    "follow_up.conflict": (
        "follow-up {item_id} was changed by someone else (version {current}, "
        "you started from version {expected})"
    ),
    # rows of an imported spreadsheet
    "version.unknown": "not a version of this item: {value!r}",
    "version.empty": "empty (keep the exported version column)",
    "version.not_planned": "unknown, not applied",
    "import.not_imported": "not imported (edit on the site)",
    "row.no_id": "no id: rows must keep the exported id",
    "row.repeated": "the same item is already on row {row}",
    "row.unknown_item": "no follow-up item with this id",
    "row.changed": _changed_since,
    "row.changed_gone": "changed since the export",
    # an uploaded file that is not a follow-up sheet
    "sheet.empty": "the file is empty",
    "sheet.no_header": "the file is empty: row 1 must be the header row (id, status, ...)",
    "sheet.too_large": "the file is larger than {mb} MB",
    "sheet.utf16": "the file claims UTF-16 but cannot be decoded",
    "sheet.encoding": (
        "cannot read the file: not a spreadsheet, nor CSV in UTF-8 or Thai Windows (cp874) "
        "encoding"
    ),
    "sheet.binary": "cannot read the file: binary data, not a CSV or .xlsx spreadsheet",
    "sheet.bad_csv": "row {row}: not valid CSV ({reason})",
    "sheet.no_id_column": (
        "row 1 has no 'id' column: import the sheet as exported from the follow-up list "
        "(columns {columns})"
    ),
    "sheet.repeated_column": "row 1 names a column twice: {names}",
    "sheet.too_many_rows": "too many rows: at most {limit} items per import",
    "sheet.damaged_xlsx": "cannot read the file: a damaged .xlsx (zip) file",
    "sheet.unreadable_workbook": "cannot read the workbook: {reason}",
    "sheet.xlsx_too_large": "the workbook is too large to import",
    "sheet.no_worksheet": "the workbook has no worksheet",
    "sheet.xls": "an old Excel (.xls) file: save it as .xlsx or CSV and import that",
    "sheet.not_xlsx": "cannot read the file: it is named .xlsx but is not an Excel workbook",
}
"""Code -> the English wording of its detail (a ``str.format`` template of the params)."""


@dataclasses.dataclass(frozen=True)
class Problem:
    """One reason for a refusal: ``code`` (a key of :data:`ENGLISH`), the ``field`` it
    concerns, and the ``params`` its wording needs."""

    code: str
    field: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def detail(self) -> str:
        """The reason in English, without the field."""
        wording = ENGLISH[self.code]
        return wording(self.params) if callable(wording) else wording.format(**self.params)

    def __str__(self) -> str:
        return f"{self.field}: {self.detail}" if self.field else self.detail


class CodedError(Exception):
    """An error that says why with a :class:`Problem`; its message is the English wording."""

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.problem = Problem(code, field, params)
        super().__init__(str(self.problem))

    @property
    def code(self) -> str:
        """The problem's stable code."""
        return self.problem.code


class TrackingError(CodedError, ValueError):
    """A change cannot be made as asked (``field`` says which value, ``code`` why)."""


class NotFound(CodedError, LookupError):
    """No follow-up item or record with that id."""


class SheetError(CodedError, ValueError):
    """The uploaded file cannot be read as a follow-up sheet (``code`` says why)."""


class Conflict(CodedError):
    """The item changed since the version the editor started from.

    Plain values (they outlive the session): ``current`` is the item's version now,
    ``expected`` the one the editor started from, ``changes`` the history entries saved since
    (as ``archive.tracking.edits.change_record`` gives them).
    """

    def __init__(self, item_id: str, current: int, expected: int, changes: list[dict]) -> None:  # type: ignore[type-arg]
        super().__init__(
            "follow_up.conflict", item_id=item_id, current=current, expected=expected
        )
        self.item_id = item_id
        self.current = current
        self.expected = expected
        self.changes = changes
