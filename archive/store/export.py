"""The whole archive for researchers: every listed record in the record JSON of the API, as
JSON Lines or CSV, streamed (a batch of records in memory at a time).

Withdrawn records are left out. :data:`COLUMNS` is the CSV's flattening of the record JSON,
one entry per column; lists are joined (:data:`JOIN`, or a new line for texts).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.store.lookups import load_records
from archive.store.models import Record
from archive.store.serialize import record_dict

FORMATS = ("jsonl", "csv")
MEDIA_TYPES = {"jsonl": "application/jsonl; charset=utf-8", "csv": "text/csv; charset=utf-8"}
BATCH = 200  # records loaded (with their children) at a time
JOIN = " | "  # between the items of a list in one CSV cell
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only after one


def listed_ids(session: Session, *, after: int = 0, limit: int = BATCH) -> list[int]:
    """Ids of the next ``limit`` listed (not withdrawn) records after id ``after``, in order."""
    query = (
        select(Record.id)
        .where(Record.id > after, Record.withdrawn_at.is_(None))
        .order_by(Record.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def record_dicts(session: Session) -> Iterator[dict[str, Any]]:
    """The record JSON of every listed record, in id order, a batch at a time."""
    after = 0
    while ids := listed_ids(session, after=after):
        for record in load_records(session, ids):
            yield record_dict(record)
        after = ids[-1]
        session.expunge_all()


def _joined(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda r: JOIN.join(str(item) for item in r[key] or [])


def _sub(key: str, sub: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: (r[key] or {}).get(sub)


def _finding(f: dict[str, Any]) -> str:
    head = " ".join(part for part in (f["number"], f["heading"]) if part)
    return f"{head} {f['text']}".strip()


def _follow_up(f: dict[str, Any]) -> str:
    agencies = ", ".join(f["agencies"])
    due = f" ({f['due_date']})" if f["due_date"] else ""
    return f"[{f['status']}] {f['text']}{due}" + (f" – {agencies}" if agencies else "")


COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], Any]], ...] = (
    ("id", lambda r: r["id"]),
    ("title", lambda r: r["title"]),
    ("document_kind", lambda r: r["document_kind"]),
    ("organization", lambda r: r["organization"]),
    ("mission_group", lambda r: r["mission_group"]),
    ("date_start", lambda r: r["date_start"]),
    ("date_end", lambda r: r["date_end"]),
    ("published", lambda r: r["published"]),
    ("updated", lambda r: r["updated"]),
    ("venue", _sub("venue", "raw")),
    ("venue_city", _sub("venue", "city")),
    ("venue_country_code", _sub("venue", "country_code")),
    ("venue_country_name_th", _sub("venue", "country_name_th")),
    ("venue_country_name_en", _sub("venue", "country_name_en")),
    ("venue_online", _sub("venue", "online")),
    ("party_countries", _joined("party_countries")),
    ("party_organizations", _joined("party_organizations")),
    ("meetings", lambda r: "\n".join(m["name"] for m in r["meetings"])),
    ("findings", lambda r: "\n".join(_finding(f) for f in r["findings"])),
    ("follow_ups", lambda r: "\n".join(_follow_up(f) for f in r["follow_ups"])),
    ("follow_ups_open", lambda r: sum(f["status"] == "open" for f in r["follow_ups"])),
    ("people", _joined("people")),
    ("reporter_name", _sub("reporter", "name")),
    ("reporter_position", _sub("reporter", "position")),
    ("reporter_unit", _sub("reporter", "unit")),
    ("reporter_phone", _sub("reporter", "phone")),
    ("source_url", lambda r: r["source_url"]),
    ("source_path", lambda r: r["source_path"]),
    ("content_hash", lambda r: r["content_hash"]),
    ("warnings", lambda r: "\n".join(r["warnings"])),
)
"""CSV column -> its value in a record's JSON."""


def jsonl_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One record JSON per line (UTF-8 text, not ASCII-escaped)."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def csv_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """A byte-order mark and the header, then one row per record (:data:`COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([name for name, _ in COLUMNS])
    yield BOM + take()
    for record in records:
        writer.writerow(["" if (v := value(record)) is None else v for _, value in COLUMNS])
        yield take()


def export_lines(session: Session, fmt: str) -> Iterator[str]:
    """The whole archive in ``fmt`` ("jsonl" or "csv"), as pieces of text to write in order."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    lines = jsonl_lines if fmt == "jsonl" else csv_lines
    return lines(record_dicts(session))
