"""The Atom feed of any search: ``/search.atom`` takes the search page's parameters and lists
its result set's newest records (by meeting date), for feed readers.

The search is read and run exactly as the search page does (``indexer.search.url_state`` and
the search service), so a record hidden from search (withdrawn, or awaiting review) is never
in a feed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import gettext

from archive.store.db import Database
from archive.store.lookups import load_records
from archive.store.serialize import record_dict
from archive.store.shown import listed
from indexer.search.generations import Index
from indexer.search.service import search
from webapp import services
from webapp.datelabels import ce_range, thai_range
from webapp.i18n import current
from webapp.present import be_years, facet_label
from webapp.recordpage import permalink

bp = Blueprint("feeds", __name__)

FEED_SIZE = 50  # entries: the newest records of the result set
SUMMARY_CHARS = 600  # of the record's summary (its findings) in an entry
MEDIA_TYPE = "application/atom+xml; charset=utf-8"


def _utc(value: datetime | None) -> datetime:
    """A stored (naive, UTC) time as an aware one; "now" when missing."""
    if value is None:
        return datetime.now(UTC).replace(microsecond=0)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Item(NamedTuple):
    """A feed entry's record: its JSON, when it last changed and when it was stored (UTC)."""

    record: dict[str, Any]
    updated: datetime
    published: datetime


def newest(index: Index, db: Database, args: services.Args) -> list[Item]:
    """The newest ``FEED_SIZE`` listed records of the search in ``args`` (by meeting date),
    newest first."""
    req = services.search_request(args)
    req.sort, req.page, req.per_page = "date", 1, FEED_SIZE
    ids = [hit["id"] for hit in search(index, req)["hits"]]
    with db.session() as session:
        rows = {r.id: r for r in load_records(session, ids)}
        return [
            Item(record_dict(row), _utc(row.updated_at), _utc(row.created_at))
            for row in (rows[i] for i in ids if i in rows)
            if listed(row)
        ]


def _dates(record: dict[str, Any]) -> str:
    start, end = record["date_start"], record["date_end"]
    if not start:
        return ""
    if current() == "en":  # as the English pages show dates
        return f"{ce_range(start, end)} ({be_years(start, end)})"
    return f"{thai_range(start, end)} ({ce_range(start, end)})"


def _venue(record: dict[str, Any]) -> str:
    venue = record["venue"]
    if not venue:
        return ""
    country = venue["country_name_en"] if current() == "en" else venue["country_name_th"]
    raw = venue["raw"]
    return f"{raw} ({country})" if country and country not in raw else raw


def _partners(record: dict[str, Any]) -> str:
    parties = [*record["party_countries"], *record["party_organizations"]]
    return ", ".join(facet_label(party, "partner") for party in parties)


def summary(record: dict[str, Any]) -> str:
    """An entry's text: dates (BE and CE), venue, partners, organisation, then the record's
    summary (its findings, shortened)."""
    facts = [
        (gettext("วันที่"), _dates(record)),
        (gettext("สถานที่"), _venue(record)),
        (gettext("คู่เจรจา"), _partners(record)),
        (gettext("หน่วยงาน"), record["organization"] or ""),
    ]
    lines = [f"{label}: {value}" for label, value in facts if value]
    text = " ".join(f["text"] for f in record["findings"])
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return "\n".join([*lines, *(["", text] if text else [])])


def atom(items: list[Item], q: str) -> bytes:
    """The feed document of these records (as :func:`newest` returns them)."""
    name = gettext("คลังรายงานการประชุมระหว่างประเทศ")
    feed = FeedGenerator()
    feed.id(request.url)
    feed.title(f"{name}: {q}" if q else name)
    feed.subtitle(gettext("รายงานล่าสุดที่ตรงกับการค้นหา"))
    feed.author({"name": name})
    feed.link(href=request.url, rel="self", type="application/atom+xml")
    search_page = url_for("search.index", _external=True)
    query = request.query_string.decode("ascii", "replace")
    feed.link(href=f"{search_page}?{query}" if query else search_page, rel="alternate",
              type="text/html")
    feed.language(current())
    feed.updated(max((item.updated for item in items), default=_utc(None)))
    for record, updated, published in items:
        entry = feed.add_entry(order="append")
        link = permalink(record["id"])
        entry.id(link)
        entry.title(record["title"])
        entry.link(href=link, rel="alternate", type="text/html")
        entry.updated(updated)
        entry.published(published)
        entry.summary(summary(record))
        if record["organization"]:
            entry.author({"name": record["organization"]})
        if record["date_start"]:
            entry.category(term=record["date_start"][:4], label=gettext("ปี"))
    return feed.atom_str(pretty=True)


@bp.get("/search.atom")
def search_feed() -> Response:
    """The Atom feed of the search in the URL (the search page's parameters)."""
    app = current_app
    items = newest(app.extensions["archive_index"], app.extensions["archive_db"], request.args)
    return Response(atom(items, request.args.get("q", "")), content_type=MEDIA_TYPE)
