"""The manager's spreadsheet round trip: follow-up items out as CSV or XLSX, edited, back in.

:func:`export_items` writes one row per item (:data:`COLUMNS`, stable header names).
:func:`read_sheet` reads an edited file back as text cells, :func:`plan_import` compares each
row's editable cells (:data:`IMPORTED`) with the item as it was when exported (its ``version``,
rebuilt from history) and lists what the manager changed, :func:`apply_import` saves those
changes through :func:`archive.tracking.edits.update_follow_up`, so every one is in history.

Only cells the manager edited count: a cell equal to the exported value after normalisation
("31/3/2562" for 2019-03-31, "50.0" for 50) is no change. An edited row of an item that changed
since the export is a conflict and is not applied; an unedited row of such an item is left
alone (the sheet is merely stale). Other columns are never imported.

Spreadsheet-formula injection is neutralised as :mod:`archive.spreadsheet` writes every
export: a CSV cell that would start a formula (or starts with an apostrophe) gets an apostrophe
prefix, which reading removes again; an XLSX cell is always text and reads back exactly.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.spreadsheet import csv_bytes, unescape, workbook_bytes, xlsx_workbook, xml_safe
from archive.store.models import FollowUp, FollowUpChange, User
from archive.store.vocabulary import FOLLOW_UP_STATUS_LABELS
from archive.thai.normalize import thai_to_arabic_digits
from archive.tracking.dashboard import ItemState
from archive.tracking.edits import (
    Conflict,
    NotFound,
    TrackingError,
    clean_changes,
    update_follow_up,
)
from archive.tracking.errors import Problem, SheetError
from archive.tracking.fields import imported

COLUMNS = (
    "id",
    "record_id",
    "record_title",
    "meeting_date",
    "text",
    "agencies",
    "assignee",
    "status",
    "progress",
    "due_date",
    "notes",
    "version",
)
IMPORTED = imported()
AGENCY_SEPARATOR = "; "
IMPORT_NOTE = "import from spreadsheet"
MAX_ROWS = 20_000
MAX_BYTES = 20 * 2**20
MAX_UNZIPPED = 200 * 2**20  # an .xlsx expanding beyond this is refused (zip bomb)
SHEET_TITLE = "follow-ups"
FIRST_ROW = 2  # the sheet row of the first data row (row 1 is the header)
STATUS_TH = {status: entry.th for status, entry in FOLLOW_UP_STATUS_LABELS.items()}

_STATUS_ALIASES = {label: status for status, label in STATUS_TH.items()}
_WIDTHS = {
    "id": 22,
    "record_id": 10,
    "record_title": 40,
    "meeting_date": 13,
    "text": 60,
    "agencies": 30,
    "assignee": 14,
    "status": 13,
    "progress": 10,
    "due_date": 13,
    "notes": 40,
    "version": 9,
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class PlannedChange:
    """One cell the manager changed: ``old`` and ``new`` as history stores them."""

    row: int
    item_id: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RowError:
    """A row (numbered as the spreadsheet shows it) that cannot be applied, and why."""

    row: int
    item_id: str | None
    problem: Problem

    @property
    def reason(self) -> str:
        """Why, in English (logs, the command line)."""
        return str(self.problem)


@dataclass
class ImportPlan:
    """What an import would change: the preview shown before applying."""

    changes: list[PlannedChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Edits to columns the import never applies (agencies, assignee), so the manager knows.
    ignored: list[RowError] = field(default_factory=list)
    # The version each changed item had when exported: the import applies against it.
    versions: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0  # rows with nothing to apply

    @property
    def item_ids(self) -> list[str]:
        """Items with planned changes, in sheet order."""
        return list(dict.fromkeys(change.item_id for change in self.changes))


@dataclass
class ImportReport:
    """What an import did: changes written, items and records touched, rows not applied."""

    applied: int = 0  # history rows written (one per changed cell)
    item_ids: list[str] = field(default_factory=list)
    record_ids: list[int] = field(default_factory=list)  # to reindex
    errors: list[RowError] = field(default_factory=list)


# ----------------------------------------------------------------------------- export


def _values(state: ItemState) -> list[Any]:
    return [
        state.id,
        state.record_id,
        state.record_title,
        state.meeting_date,
        state.text,
        AGENCY_SEPARATOR.join(state.agencies),
        state.assignee,
        state.status,
        state.progress,
        state.due_date,
        state.notes,
        state.version,
    ]


def _xlsx_export(states: list[ItemState]) -> bytes:
    # openpyxl takes a noticeable time to import; only spreadsheet exports need it.
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = xlsx_workbook(
        COLUMNS, (_values(state) for state in states), title=SHEET_TITLE, widths=_WIDTHS
    )
    sheet = workbook.active
    letters = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, 1)}
    last = max(sheet.max_row, 2)
    sheet.auto_filter.ref = f"A1:{letters[COLUMNS[-1]]}{last}"
    statuses = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(STATUS_TH)),
        allow_blank=False,
        showErrorMessage=True,
        error="open, in_progress, done, cancelled",
    )
    progress = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        showErrorMessage=True,
        error="0-100",
    )
    for validation, name in ((statuses, "status"), (progress, "progress")):
        sheet.add_data_validation(validation)
        validation.add(f"{letters[name]}2:{letters[name]}{last}")
    return workbook_bytes(workbook)


def export_items(states: list[ItemState], fmt: str) -> bytes:
    """The items as a spreadsheet: ``csv`` (UTF-8 with BOM) or ``xlsx``, header row first."""
    if fmt == "csv":
        return csv_bytes(COLUMNS, (_values(state) for state in states))
    if fmt == "xlsx":
        return _xlsx_export(states)
    raise ValueError(f"unknown spreadsheet format {fmt!r} (csv or xlsx)")


# ----------------------------------------------------------------------------- reading


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetError("sheet.utf16") from None
    else:
        for encoding in ("utf-8-sig", "cp874"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SheetError("sheet.encoding")
    if "\x00" in text:
        raise SheetError("sheet.binary")
    return text.removeprefix("\ufeff")


def _csv_rows(text: str) -> Iterator[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield [unescape(cell) for cell in cells]
    except csv.Error as exc:
        raise SheetError("sheet.bad_csv", row=reader.line_num, reason=str(exc)) from None


def _records(rows: Iterable[Sequence[str]]) -> list[dict[str, str]]:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or not any(cell.strip() for cell in header):
        raise SheetError("sheet.no_header")
    names = [cell.strip().removeprefix("\ufeff").casefold() for cell in header]
    if "id" not in names:
        raise SheetError("sheet.no_id_column", columns=", ".join(COLUMNS))
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise SheetError("sheet.repeated_column", names=", ".join(repeated))
    columns = [(i, name) for i, name in enumerate(names) if name]
    out: list[dict[str, str]] = []
    blanks = 0
    for cells in iterator:
        row = {name: cells[i] if i < len(cells) else "" for i, name in columns}
        if not any(value.strip() for value in row.values()):
            blanks += 1  # kept only between filled rows, so that row numbers stay right
            continue
        out.extend({name: "" for _, name in columns} for _ in range(blanks))
        blanks = 0
        out.append(row)
        if len(out) > MAX_ROWS:
            raise SheetError("sheet.too_many_rows", limit=f"{MAX_ROWS:,}")
    return out


def _xlsx_records(data: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SheetError("sheet.damaged_xlsx") from None
    if unzipped > MAX_UNZIPPED:
        raise SheetError("sheet.xlsx_too_large")
    # Excel files warn about features openpyxl drops (extensions, styles): irrelevant here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as exc:  # a damaged upload raises anything from zip, XML or openpyxl
            raise SheetError("sheet.unreadable_workbook", reason=type(exc).__name__) from None
        try:
            if SHEET_TITLE in workbook.sheetnames:
                sheet = workbook[SHEET_TITLE]
            elif workbook.worksheets:
                sheet = workbook.worksheets[0]
            else:
                raise SheetError("sheet.no_worksheet")
            sheet.reset_dimensions()  # trust the cells, not the declared size
            return _records(
                [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            )
        finally:
            workbook.close()


def read_sheet(data: bytes, filename: str) -> list[dict[str, str]]:
    """The data rows of an uploaded CSV or XLSX file as ``{column: text}`` (header names
    lower-cased); the i-th dict is sheet row ``i + 2``. ``SheetError`` says why a file is
    refused (empty, not a spreadsheet, undecodable, no ``id`` column, too many rows)."""
    if not data.strip():
        raise SheetError("sheet.empty")
    if len(data) > MAX_BYTES:
        raise SheetError("sheet.too_large", mb=MAX_BYTES // 2**20)
    suffix = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if data.startswith(_ZIP_MAGIC):
        return _xlsx_records(data)
    if data.startswith(_OLE_MAGIC):
        raise SheetError("sheet.xls")
    if suffix in ("xlsx", "xlsm"):
        raise SheetError("sheet.not_xlsx")
    return _records(_csv_rows(_decode(data)))


# ----------------------------------------------------------------------------- import


def _number(text: str) -> int | None:
    text = thai_to_arabic_digits(text.strip())
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _status(text: str) -> str:
    text = text.strip()
    return _STATUS_ALIASES.get(text) or re.sub(r"[\s-]+", "_", text.casefold())


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _typed(name: str, old: str | None) -> Any:
    """A history value back to the item's value."""
    if name == "progress":
        return int(old or 0)
    if name == "due_date":
        return date.fromisoformat(old) if old else None
    if name == "status":
        return old or "open"
    return old or ""


def _same(name: str, a: Any, b: Any) -> bool:
    if name == "notes":
        return _plain(a) == _plain(b)
    return bool(a == b)


def _plain(notes: str) -> str:
    """Notes as a spreadsheet keeps them: line ends, trailing space and XML-illegal
    characters are not the manager's edits."""
    text = notes.replace("\r\n", "\n").replace("\r", "\n")
    return xml_safe(text).rstrip()


def _at_version(session: Session, item: FollowUp, version: int) -> dict[str, Any]:
    """The imported fields as they were at ``version`` (history written later undone)."""
    values = {name: getattr(item, name) for name in IMPORTED}
    if version == item.version:
        return values
    later = session.scalars(
        select(FollowUpChange)
        .where(
            FollowUpChange.follow_up_id == item.id,
            FollowUpChange.version > version,
            FollowUpChange.field.in_(IMPORTED),
        )
        .order_by(FollowUpChange.id.desc())
    )
    for change in later:
        values[change.field] = _typed(change.field, change.old_value)
    return values


def _since(session: Session, item: FollowUp, version: int) -> Problem:
    changes = session.scalars(
        select(FollowUpChange)
        .where(FollowUpChange.follow_up_id == item.id, FollowUpChange.version > version)
        .order_by(FollowUpChange.id)
    ).all()
    told = [
        {"field": change.field, "user": change.user_name, "at": f"{change.at:%Y-%m-%d %H:%M}"}
        for change in changes[:3]
    ]
    params = {"sheet": version, "now": item.version, "changes": told, "more": len(changes[3:])}
    return Problem("row.changed", params=params)


def _load(session: Session, ids: list[str]) -> dict[str, FollowUp]:
    items: dict[str, FollowUp] = {}
    for start in range(0, len(ids), 500):
        query = select(FollowUp).where(FollowUp.id.in_(ids[start : start + 500]))
        items.update((item.id, item) for item in session.scalars(query))
    return items


def _read_cells(session: Session, row: dict[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """The row's imported cells as item values, and the problems of cells that are not valid."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in IMPORTED:
        if name not in row:
            continue
        cell = row[name]
        raw: Any = _status(cell) if name == "status" else cell
        if name == "status" and not raw:
            problems.append(Problem("status.empty", "status"))
            continue
        try:
            values[name] = clean_changes(session, {name: raw})[name]
        except TrackingError as exc:
            problems.append(exc.problem)
    return values, problems


def _ignored(row_number: int, item: FollowUp, row: dict[str, str]) -> list[RowError]:
    out = []
    if "agencies" in row:
        names = [name.strip() for name in row["agencies"].split(";") if name.strip()]
        if names != [agency.name for agency in item.agencies]:
            out.append(RowError(row_number, item.id, Problem("import.not_imported", "agencies")))
    if "assignee" in row:
        current = item.assignee.name if item.assignee else ""
        if row["assignee"].strip() != current:
            out.append(RowError(row_number, item.id, Problem("import.not_imported", "assignee")))
    return out


def plan_import(session: Session, rows: list[dict[str, str]]) -> ImportPlan:
    """Compare the sheet's rows (from :func:`read_sheet`) with the archive: the cells the
    manager changed, rows in conflict or with bad values, and edits that are never imported."""
    plan = ImportPlan()
    items = _load(session, sorted({row.get("id", "").strip() for row in rows} - {""}))
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        number = index + FIRST_ROW
        if not any(value.strip() for value in row.values()):
            continue
        item_id = row.get("id", "").strip()
        if not item_id:
            plan.errors.append(RowError(number, None, Problem("row.no_id")))
            continue
        if item_id in seen:
            plan.errors.append(
                RowError(number, item_id, Problem("row.repeated", params={"row": seen[item_id]}))
            )
            continue
        seen[item_id] = number
        item = items.get(item_id)
        if item is None:
            plan.errors.append(RowError(number, item_id, Problem("row.unknown_item")))
            continue
        values, problems = _read_cells(session, row)
        cell = row.get("version", "").strip()
        version = _number(cell) if cell else item.version
        if version is None or not 1 <= version <= item.version:
            problems.append(Problem("version.unknown", "version", {"value": cell[:20]}))
        if problems:
            plan.errors.extend(RowError(number, item_id, problem) for problem in problems)
            continue
        assert version is not None
        exported = _at_version(session, item, version)
        edits = {name: v for name, v in values.items() if not _same(name, v, exported[name])}
        if not edits:
            plan.unchanged += 1
        elif not cell:
            plan.errors.append(
                RowError(number, item_id, Problem("version.empty", "version"))
            )
        elif version != item.version:
            plan.errors.append(RowError(number, item_id, _since(session, item, version)))
        else:
            plan.versions[item_id] = version
            plan.changes.extend(
                PlannedChange(number, item_id, name, _shown(exported[name]), _shown(value))
                for name, value in edits.items()
            )
        if version == item.version:
            plan.ignored.extend(_ignored(number, item, row))
    return plan


def apply_import(
    session: Session, plan: ImportPlan, *, user: User | None, now: datetime | None = None
) -> ImportReport:
    """Apply the plan item by item through ``update_follow_up`` (history noted
    :data:`IMPORT_NOTE`); an item that fails becomes an error and the others still apply."""
    now = now or datetime.now()
    report = ImportReport(errors=list(plan.errors))
    by_item: dict[str, list[PlannedChange]] = {}
    for change in plan.changes:
        by_item.setdefault(change.item_id, []).append(change)
    records: set[int] = set()
    for item_id, changes in by_item.items():
        row = changes[0].row
        version = plan.versions.get(item_id)
        if version is None:
            report.errors.append(RowError(row, item_id, Problem("version.not_planned", "version")))
            continue
        try:
            written = update_follow_up(
                session,
                item_id,
                {change.field: change.new for change in changes},
                user=user,
                version=version,
                note=IMPORT_NOTE,
                now=now,
            )
        except Conflict:
            item = session.get(FollowUp, item_id)
            reason = _since(session, item, version) if item else Problem("row.changed_gone")
            report.errors.append(RowError(row, item_id, reason))
            continue
        except (TrackingError, NotFound) as exc:
            report.errors.append(RowError(row, item_id, exc.problem))
            continue
        if written:
            report.applied += len(written)
            report.item_ids.append(item_id)
            item = session.get(FollowUp, item_id)
            if item is not None:
                records.add(item.record_id)
    report.record_ids = sorted(records)
    report.errors.sort(key=lambda error: error.row)
    return report
