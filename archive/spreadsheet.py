"""Rows as spreadsheet files: CSV and XLSX writing, with one formula-neutralising rule that the
reading side undoes exactly.

Spreadsheet-formula injection: a text cell starting with ``= + - @``, a tab or a carriage return
is a formula to Excel and LibreOffice. In CSV such a cell gets an apostrophe prefix, and so does
a cell that already starts with an apostrophe, so that :func:`unescape` gives back exactly the
text written. An XLSX cell is always stored as text (never a formula, never an error value such
as ``#N/A``), formula-looking ones with Excel's quote prefix, and reads back as written.

CSV: UTF-8 with a BOM (so Excel reads the Thai), CRLF line ends, dates in ISO form. XLSX: a bold
frozen header row, column widths by header name, real dates shown as ``yyyy-mm-dd``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "DATE_FORMAT",
    "DEFAULT_WIDTH",
    "FORMULA_START",
    "XLSX_MAX_CELL",
    "csv_bytes",
    "csv_cell",
    "escape",
    "unescape",
    "workbook_bytes",
    "xlsx_bytes",
    "xlsx_cell",
    "xlsx_workbook",
    "xml_safe",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Escaped in CSV: formula starts, and the apostrophe itself so that unescaping is exact.
_ESCAPED_START = (*FORMULA_START, "'")
XLSX_MAX_CELL = 32_767  # Excel's limit on characters in a cell
DATE_FORMAT = "yyyy-mm-dd"
DEFAULT_WIDTH = 14
# XML 1.0 cannot hold these; openpyxl refuses them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape(text: str) -> str:
    """``text`` as a CSV cell: an apostrophe before a formula start or an apostrophe."""
    return "'" + text if text.startswith(_ESCAPED_START) else text


def unescape(text: str) -> str:
    """A CSV cell's text as it was before :func:`escape` (other text unchanged)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_ESCAPED_START) else text


def csv_cell(value: Any) -> Any:
    """A value as the CSV writer gets it: None empty, a date in ISO form, text escaped."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return escape(value)
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file of ``header`` and ``rows``: UTF-8 with a BOM, CRLF, cells by :func:`csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 (and so an XLSX cell) cannot hold."""
    return _ILLEGAL_XML.sub("", text)


def xlsx_cell(value: Any) -> Any:
    """A value as an XLSX cell holds it: text XML-safe and cut to Excel's limit, empty text
    None; other values as they are."""
    if not isinstance(value, str):
        return value
    return xml_safe(value)[:XLSX_MAX_CELL] or None


def xlsx_workbook(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    widths: Mapping[str, float],
    default_width: float = DEFAULT_WIDTH,
) -> Workbook:
    """A workbook of one sheet named ``title``: the bold, frozen ``header`` row, then ``rows``;
    text never a formula, dates real dates, each column as wide as ``widths`` says of its
    header name (else ``default_width``)."""
    # openpyxl takes a noticeable time to import; only spreadsheet exports need it.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([xlsx_cell(name) for name in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                # openpyxl makes "=..." a formula and "#N/A" an error: text stays text.
                cell.data_type = "s"
                cell.quotePrefix = cell.value.startswith(FORMULA_START)
    for index, name in enumerate(header, 1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(name, default_width)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of ``workbook``."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    widths: Mapping[str, float],
    default_width: float = DEFAULT_WIDTH,
) -> bytes:
    """The .xlsx file of :func:`xlsx_workbook`."""
    return workbook_bytes(
        xlsx_workbook(header, rows, title=title, widths=widths, default_width=default_width)
    )
