"""Names for the search box as it is typed: ``GET /suggest?q=...`` for the site's own script
(the session's access rules, like every page) and ``GET /api/suggest`` for API clients, the same
JSON: ``{"q", "suggestions": [{"value", "label", "kind", "records"}]}``. The search box works
without them (a plain form)."""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from archive.store.db import Database
from archive.store.lookups import people_counts
from indexer.search.generations import Index
from indexer.search.suggest import LIMIT, NameTable, people_names, suggest_names

bp = Blueprint("suggest", __name__)

MAX_TYPED = 100  # characters of a typed name
MAX_LIMIT = 20
PEOPLE_SECONDS = 300.0  # people's names are read from the records again after this long

_people: dict[str, tuple[float, NameTable]] = {}
_people_lock = threading.Lock()


def people_table(db: Database) -> NameTable:
    """People named in the records, with how many records name each (read again every
    ``PEOPLE_SECONDS``)."""
    key = str(db.engine.url)
    with _people_lock:
        kept = _people.get(key)
        if kept is not None and time.monotonic() - kept[0] < PEOPLE_SECONDS:
            return kept[1]
        with db.session() as session:
            table = people_names(people_counts(session))
        _people[key] = (time.monotonic(), table)
        return table


def suggestions(db: Database, index: Index, typed: str, limit: int = LIMIT) -> dict[str, Any]:
    """The suggestions for ``typed`` (at most ``limit``)."""
    typed = (typed or "").strip()[:MAX_TYPED]
    if not typed:
        return {"q": typed, "suggestions": []}
    with index.view() as view:
        found = suggest_names(view, typed, people_table(db), limit=limit)
    return {"q": typed, "suggestions": found}


def _limit(value: str | None) -> int:
    try:
        return min(max(int(value or LIMIT), 1), MAX_LIMIT)
    except ValueError:
        return LIMIT


@bp.get("/suggest")
def names() -> Response:
    """Names starting with ``q``, as JSON, for the search box's script."""
    app = current_app
    found = suggestions(
        app.extensions["archive_db"],
        app.extensions["archive_index"],
        request.args.get("q", ""),
        _limit(request.args.get("limit")),
    )
    response = jsonify(found)
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
