"""The sign-in limits' counters in the archive's database (``archive-db://``)."""

from __future__ import annotations

import time
from pathlib import Path

from archive.config import database_url
from archive.store.ratelimits import DatabaseStorage


def test_rate_limit_counters_in_the_database(home: Path) -> None:
    """The ``archive-db://`` storage counts per key in fixed windows, on either database."""
    storage = DatabaseStorage("archive-db://", database_url=database_url(home))
    try:
        assert storage.check()
        assert [storage.incr("a", 60) for _ in range(3)] == [1, 2, 3]
        assert storage.incr("b", 60, amount=2) == 2
        assert storage.get("a") == 3 and storage.get("missing") == 0
        assert time.time() + 55 < storage.get_expiry("a") <= time.time() + 60
        assert storage.incr("short", 0) == 1  # a window that already ended starts again
        assert storage.incr("short", 60) == 1
        storage.clear("a")
        assert storage.get("a") == 0 and storage.get("b") == 2
        assert storage.reset() == 2 and storage.get("b") == 0
    finally:
        storage.engine.dispose()
