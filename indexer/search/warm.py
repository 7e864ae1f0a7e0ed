"""Warming a new process up before it answers people: the reference tables a query looks names
up in, the tokenizer's dictionary, the index's current view and the postings of a first query,
and the names the search box suggests. ``archive serve`` runs it before accepting requests."""

from __future__ import annotations

import contextlib
import time

from indexer.search.generations import Index
from indexer.search.service import SearchRequest, search
from indexer.search.suggest import reference_names

WARM_QUERY = "ความร่วมมือ Laos"  # a Thai word and a name that goes through the entity tables


def warm_up(index: Index) -> float:
    """Load what queries need and answer one (no query without an index yet: a site serves
    before its first ingest); the seconds it took."""
    started = time.perf_counter()
    reference_names()
    with contextlib.suppress(FileNotFoundError):  # no index yet: nothing to search
        search(index, SearchRequest(q=WARM_QUERY))
    return time.perf_counter() - started
