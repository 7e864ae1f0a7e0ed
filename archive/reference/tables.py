"""Reading the reference tables shipped in ``indexer/data``."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


def load_tsv(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, comments (#) and blank lines skipped."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def split_aliases(cell: str) -> list[str]:
    """The ``|``-separated aliases of a cell, blanks dropped."""
    return [alias.strip() for alias in cell.split("|") if alias.strip()]
