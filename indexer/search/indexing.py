"""The indexing tasks: the search index follows the database's change log.

Every write that changes what the index shows logs the record in ``index_changes`` in its own
transaction (``archive.store.changelog``). An index generation keeps the last sequence number
it has applied in its folder (``position``), moved only after the index commit: whoever applies
the entries after it (the site's follower thread, ``archive ingest``, ``archive sync``) may
crash at any point and lose nothing, and an entry applied twice does no harm. A rebuild records
the log's position as of the rows it read. Each node's index follows the same log from its own
position.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import LockError

from archive.config import index_dir
from archive.store import changelog
from archive.store.db import Database
from archive.store.lookups import iter_records, load_records
from archive.store.shown import listed
from indexer.search import generations
from indexer.search.documents import index_document, make_schema

log = logging.getLogger(__name__)

POSITION = "position"  # in a generation's folder: the last change-log entry it has applied
BATCH = 500  # change-log entries applied per index commit
_LOCK = ".apply.lock"


class Busy(Exception):
    """Another process is applying changes to this index right now."""


@contextlib.contextmanager
def _applying(root: Path, *, wait: bool) -> Iterator[None]:
    """One applier per index at a time, across processes (an advisory file lock)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / _LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(f"another process is updating the index in {root}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_position(generation: Path) -> int:
    """The last change-log entry applied to this generation (0: none recorded)."""
    try:
        return int((generation / POSITION).read_text(encoding="ascii").strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def write_position(generation: Path, seq: int) -> None:
    """Record that this generation holds every change up to ``seq`` (atomically)."""
    partial = generation / f".{POSITION}.{os.getpid()}"
    partial.write_text(str(seq), encoding="ascii")
    os.replace(partial, generation / POSITION)


def position(home: Path) -> int | None:
    """The live index's position in the change log; None without an index."""
    live = generations.live_generation(index_dir(home))
    return None if live is None else read_position(live)


def is_current(home: Path) -> bool:
    """Whether the data folder has an index this version can use (same fields)."""
    root = index_dir(home)
    if not generations.exists(root):
        return False
    try:
        ix = generations.open_index(root)
    except Exception:  # written by an older version (its classes moved) or damaged
        return False
    return set(ix.schema.names()) == set(make_schema().names())


def rebuild_index(
    db: Database, home: Path, *, procs: int = 1, progress: Callable[[], None] | None = None
) -> int:
    """Rebuild the whole index from the database, aside, then switch to it atomically; then
    apply what was logged while it was built."""
    with db.session() as session:
        start = changelog.last_seq(session)  # every change up to here is in the rows read
        generation = generations.Generation(index_dir(home), procs=procs)
        try:
            for record in iter_records(session):
                generation.add(record)
                if progress:
                    progress()
            write_position(generation.path, start)
        except BaseException:
            generation.cancel()
            raise
    count = generation.commit()
    apply_pending(db, home)
    return count


def apply_pending(
    db: Database,
    home: Path,
    *,
    applied: Collection[int] = (),
    wait: bool = True,
    batch: int = BATCH,
    merge: bool = True,
) -> int:
    """Apply the change-log entries after the live index's position, oldest first, a batch per
    index commit; the number of record documents written or deleted. Entries in ``applied``
    (sequence numbers whose rows the index already has) are passed over. Without an index,
    nothing (the next rebuild reads the rows). ``Busy`` when another process holds the index
    and ``wait`` is false. Without ``merge`` the commits merge no segments
    (``generations.merge_small`` does it after)."""
    root = index_dir(home)
    done = 0
    with _applying(root, wait=wait):
        while True:
            live = generations.live_generation(root)
            if live is None:
                return done
            with db.session() as session:
                entries = changelog.changes_after(session, read_position(live), limit=batch)
                if not entries:
                    return done
                ids = list(dict.fromkeys(r for seq, r in entries if seq not in applied))
                records = load_records(session, ids) if ids else []
                found = {record.id for record in records}
                gone = [i for i in ids if i not in found]
                if ids:
                    generations.update(root, records, deleted=gone, merge=merge)
            if generations.live_generation(root) == live:  # else a rebuild switched in
                write_position(live, entries[-1][0])
            done += len(ids)


@dataclass
class Comparison:
    """How the index differs from the database."""

    missing: list[int] = field(default_factory=list)  # records with no index document
    stale: list[int] = field(default_factory=list)  # documents made from older rows
    extra: list[int] = field(default_factory=list)  # documents of records that are gone
    checked: int = 0

    @property
    def agrees(self) -> bool:
        """Whether the index is exactly the projection of the database."""
        return not (self.missing or self.stale or self.extra)

    def summary(self) -> str:
        """One line for people."""
        if self.agrees:
            return f"index agrees with the database: {self.checked} records"
        return (
            f"index differs from the database ({self.checked} records): "
            f"{len(self.missing)} missing, {len(self.stale)} stale, {len(self.extra)} extra"
        )


def _indexed(home: Path) -> dict[int, str]:
    ix = generations.open_index(index_dir(home))
    with ix.searcher() as searcher:
        return {
            int(stored["id"]): stored.get("fingerprint", "")
            for _, stored in searcher.reader().iter_docs()
        }


def compare(db: Database, home: Path) -> Comparison:
    """Compare the index with the database: ids and each record's document fingerprint."""
    indexed = _indexed(home)
    result = Comparison()
    with db.session() as session:
        for record in iter_records(session):
            result.checked += 1
            have = indexed.pop(record.id, None)
            if not listed(record):  # withdrawn: indexed, it is extra
                if have is not None:
                    indexed[record.id] = have
                continue
            if have is None:
                result.missing.append(record.id)
            elif have != index_document(record)["fingerprint"]:
                result.stale.append(record.id)
    result.extra = sorted(indexed)
    return result


def repair(db: Database, home: Path, comparison: Comparison | None = None) -> Comparison:
    """Fix what ``compare`` found, document by document (no rebuild); what was fixed."""
    found = comparison or compare(db, home)
    if found.agrees:
        return found
    ids = [*found.missing, *found.stale]
    with _applying(index_dir(home), wait=True), db.session() as session:
        for start in range(0, len(ids), BATCH):
            records = load_records(session, ids[start : start + BATCH])
            generations.update(index_dir(home), records)
        if found.extra:
            generations.update(index_dir(home), [], deleted=found.extra)
    return found


class Follower:
    """Keeps a data folder's index following the change log, in a background thread: woken by
    ``wake`` (after a commit that logged changes), on PostgreSQL by any process's commit to the
    log (``LISTEN/NOTIFY``), and every ``every`` seconds (polling: other processes' changes on
    SQLite, and a fallback while the notifications are not heard), it applies what is pending
    in one index commit per batch, at most one commit per ``pause`` seconds, and then calls
    ``applied`` (the site refreshes its view). Without a usable index it builds one from the
    database first."""

    def __init__(
        self,
        db: Database,
        home: Path,
        *,
        applied: Callable[[], object] | None = None,
        every: float = 1.0,
        pause: float = 0.3,
    ) -> None:
        self.db, self.home = db, home
        self.applied = applied
        self.every, self.pause = every, pause
        self.errors = 0  # failed rounds (each logged); the next round tries again
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._rounds = 0
        self._wanted = 0  # rounds that ``settle`` waits for: run them without waiting
        self._thread: threading.Thread | None = None
        self.listener: changelog.Listener | None = None

    def start(self) -> None:
        """Start following (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="index-follower", daemon=True)
            self._thread.start()
            self.listener = changelog.listen(self.db.url, self.wake)

    def wake(self) -> None:
        """Something was committed: apply it soon."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the round under way."""
        self._stop.set()
        self._wake.set()
        if self.listener is not None:
            self.listener.stop()
        if self._thread is not None:
            self._thread.join(timeout)

    def settle(self, timeout: float = 10.0) -> bool:
        """Wait until a round that started after this call has finished (everything committed
        before the call is then searchable); False on timeout."""
        with self._idle:
            target = self._rounds + 2  # the round under way may have read the log already
            self._wanted = max(self._wanted, target)
            self._wake.set()
            return self._idle.wait_for(lambda: self._rounds >= target, timeout)

    def round(self) -> int:
        """One round: build the index if unusable, apply pending changes, refresh readers."""
        if not is_current(self.home):
            count = rebuild_index(self.db, self.home)
            log.info("search index built from the database: %d records", count)
        else:
            count = apply_pending(self.db, self.home, wait=False, merge=False)
        if self.applied is not None:
            self.applied()
        # The changes are searchable now; merging small segments (seconds, now and then) comes
        # after, so that it never delays a change's own commit.
        if count and self._merged() and self.applied is not None:
            self.applied()
        return count

    def _merged(self) -> bool:
        try:
            return generations.merge_small(index_dir(self.home))
        except LockError:
            return False  # another writer (an ingest): the next round merges

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self.round()
            except Busy:
                pass  # another process applies the same entries
            except Exception:
                self.errors += 1
                log.exception("search index not brought up to date; trying again")
            with self._idle:
                self._rounds += 1
                if self._rounds < self._wanted:
                    self._wake.set()
                self._idle.notify_all()
            self._wake.wait(self.every)
            self._wake.clear()
            rest = self.pause - (time.monotonic() - started)
            if rest > 0 and not self._stop.is_set():
                time.sleep(rest)  # let a burst of saves land in one index commit
