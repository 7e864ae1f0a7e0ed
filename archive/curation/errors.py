"""Why a correction of a record was refused: a stable code, the field, the case's values.

The English wording (:data:`ENGLISH`) is for the command line and the JSON API; the web pages
word the same codes in Thai (``webapp/error_responses.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ENGLISH: dict[str, str] = {
    "fields.not_editable": "cannot change {names}",
    "value.type": "expected {expected}",
    "text.required": "required",
    "text.too_long": "longer than {limit} characters",
    "list.too_long": "more than {limit} entries",
    "date.invalid": "not a date: {value!r} (use 2025-12-31, 31/12/2568 or 31 ธันวาคม 2568)",
    "date.no_such_day": "no such day: {value!r}",
    "date.order": "the meeting ends before it starts ({start} > {end})",
    "kind.unknown": "one of {choices}, not {value!r}",
    "country.unknown": "not a country of the gazetteer: {value!r}",
    "country.thailand": "Thailand is implied: list the foreign parties only",
    "city.unknown": "not a city of the gazetteer: {value!r}",
    "city.country": "{city} is in {city_country}, not {country}",
    "organization.unknown": "not an international organisation of the reference list: {value!r}",
    "url.invalid": "not an http(s) URL: {value!r}",
    "number.invalid": "not a number: {value!r}",
    "note.required": "a reason is required",
    "record.not_found": "no record {value}",
    "record.withdrawn": "record {value} is withdrawn",
    "record.not_withdrawn": "record {value} is not withdrawn",
    "record.conflict": (
        "record {record_id} was changed by someone else (version {current}, you started from "
        "version {expected})"
    ),
    "source.unchanged": "no pending change of the source for {name}",
}


class CurationError(ValueError):
    """A correction cannot be made as asked: ``code`` says why, ``field`` which value."""

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = params
        detail = ENGLISH[code].format(**params)
        super().__init__(f"{field}: {detail}" if field else detail)


class RecordNotFound(CurationError, LookupError):
    """No record with that id."""


class RecordConflict(CurationError):
    """The record changed since the version the editor started from: ``changes`` are the
    history entries saved since (as ``archive.curation.edits.change_dict`` gives them)."""

    def __init__(self, record_id: int, current: int, expected: int, changes: list[dict]) -> None:  # type: ignore[type-arg]
        super().__init__("record.conflict", record_id=record_id, current=current,
                         expected=expected)
        self.record_id = record_id
        self.current = current
        self.expected = expected
        self.changes = changes
