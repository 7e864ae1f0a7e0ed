"""The export formats, one entry each: everything else (routes, links, the API document) follows.

A format is offered for one record (``/records/<id>/cite.<extension>``), for a whole result
set (``/export.<extension>``) or both, as its ``scopes`` say; pages list the formats of a scope
in this order, with their ``label``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from webapp import citations

RECORD = "record"
RESULTS = "results"

Render = Callable[[list[dict[str, Any]], list[str]], bytes]


class Format(NamedTuple):
    """An export: ``render(records, permalinks) -> bytes``, served as ``media_type``."""

    name: str
    label: str
    extension: str  # of the URL and of the downloaded file
    media_type: str  # the Content-Type, parameters included
    render: Render
    scopes: frozenset[str]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "bib",
            "BibTeX",
            "bib",
            "application/x-bibtex; charset=utf-8",
            citations.bibtex_export,
            frozenset({RECORD, RESULTS}),
        ),
        Format(
            "ris",
            "RIS",
            "ris",
            "application/x-research-info-systems; charset=utf-8",
            citations.ris_export,
            frozenset({RECORD, RESULTS}),
        ),
        Format(
            "csl",
            "CSL-JSON",
            "json",
            "application/vnd.citationstyles.csl+json",
            citations.csl_export,
            frozenset({RECORD, RESULTS}),
        ),
        Format("csv", "CSV", "csv", "text/csv; charset=utf-8", citations.csv_export,
               frozenset({RESULTS})),
        Format(
            "xlsx",
            "Excel (XLSX)",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            citations.xlsx_export,
            frozenset({RESULTS}),
        ),
    )
}


def offered(scope: str) -> list[Format]:
    """The formats offered for ``scope`` (``RECORD`` or ``RESULTS``), in display order."""
    return [f for f in FORMATS.values() if scope in f.scopes]


def by_extension(extension: str, scope: str) -> Format | None:
    """The format served at ``.<extension>`` for ``scope``, or None."""
    return next((f for f in offered(scope) if f.extension == extension), None)
