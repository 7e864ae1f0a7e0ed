"""Related records of one record, for its page and ``GET /api/records/<id>/related``: the
records an editor linked with it (the same meeting, then its series neighbours:
``archive.curation.links``), then the records most like it (``indexer.search.related``)."""

from __future__ import annotations

from typing import Any

from archive.curation.links import Linked, links_of
from archive.store.db import Database
from archive.store.lookups import get_record
from indexer.search.generations import Index
from indexer.search.related import LIMIT, related_records
from webapp.review.publishing import hide_awaiting_review


def _linked(item: Linked, kind: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "date_start": item.date_start.isoformat() if item.date_start else None,
        "date_end": item.date_end.isoformat() if item.date_end else None,
        "organization": item.organization,
        "link": kind,
        "score": None,
        "shared": [],
        "days_apart": None,
    }


def related_view(
    db: Database, index: Index, record_id: int, limit: int = LIMIT
) -> dict[str, Any] | None:
    """``{"record_id", "related": [...]}``: linked records first (``link`` "same_meeting" or
    "series"), then up to ``limit`` records like it (``link`` null, with their score, the
    entities they share and how many days apart they are); None for an unknown record.
    Records awaiting review are left out where this request's searches leave them out."""
    hide = hide_awaiting_review()
    with db.session() as session:
        if get_record(session, record_id) is None:
            return None
        links = links_of(session, record_id, hide_awaiting=hide)
    related = [_linked(item, "same_meeting") for item in links.same_meeting]
    related += [
        _linked(item, "series") for item in (links.previous, links.next) if item is not None
    ]
    seen = {record_id, *(r["id"] for r in related)}
    similar = [
        found
        for found in related_records(index, record_id, limit + len(seen), hide_awaiting_review=hide)
        if found.id not in seen
    ]
    for found in similar[:limit]:
        summary = found.summary
        related.append(
            {
                "id": found.id,
                "title": summary["title"],
                "date_start": summary["date_start"],
                "date_end": summary["date_end"],
                "organization": summary["organization"],
                "link": None,
                "score": found.score,
                "shared": found.shared,
                "days_apart": found.days_apart,
            }
        )
    return {"record_id": record_id, "related": related}
