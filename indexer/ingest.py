"""Files -> parsed records -> the store, one transaction per document (-> a new index
generation, when the archive has no search index yet).

Reading and parsing run in a process pool (they are CPU-bound Thai text work); the main process
only writes, so SQLite sees one writer. A failing document is reported and skipped; documents
already stored are never touched by another document's failure.

With ``build_index``, the search index is built while the documents are stored rather than after:
stored records are read back from the database in batches and handed to the writer processes
of a new index generation (``indexer.search.generations.Generation``), so that parsing, storing
and indexing run side by side; when the documents are stored, every other row is added and the
generation is switched in. The index stays a projection of database rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import select

from archive.store import changelog, lookups, save
from archive.store.db import Database
from archive.store.models import Record
from archive.store.recorddata import OriginalData, RecordData
from indexer.extract import reading
from indexer.extract.parsing import parse_text
from indexer.extract.reading import SUFFIXES, ReadError, SourceText, read_bytes
from indexer.search.generations import Generation
from indexer.search.indexing import write_position


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


@dataclass
class IngestReport:
    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    indexed: int | None = None  # documents in the index generation built by this ingest
    logged: set[int] = field(default_factory=set)  # change-log entries this ingest wrote

    @property
    def changed(self) -> list[int]:
        """Ids of records added or updated (what the search index must refresh)."""
        return self.new + self.updated

    def summary(self) -> str:
        """One line of counts."""
        return (
            f"{len(self.new)} new, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed"
        )


def is_document_name(name: str) -> bool:
    """True for a file a folder walk ingests: a document suffix, not hidden, not a README."""
    path = Path(name)
    return (
        not name.startswith(".")
        and path.suffix.lower() in SUFFIXES
        and path.stem.lower() != "readme"  # a folder's description, not a report
    )


def one_line(error: BaseException, limit: int = 200) -> str:
    """An exception as one short line: its type and the first line of its message (for a
    database error, the driver's message without the SQL statement and its parameters)."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the DBAPI error
    lines = str(cause).strip().splitlines()
    text = f"{type(cause).__name__}: {lines[0]}" if lines else type(cause).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Failure]:
    """Files named, and documents inside folders (recursively; hidden entries, READMEs and
    files without a document suffix skipped). A file named explicitly is always read."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            errors: list[OSError] = []  # unreadable folders: reported, the walk goes on
            for root, dirs, files in os.walk(path, onerror=errors.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if is_document_name(name):
                        yield Path(root) / name
            for error in errors:
                yield Failure(
                    str(error.filename or path), f"cannot read folder: {error.strerror or error}"
                )
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Failure(str(path), "no such file or folder")


def _resolved(path: Path) -> Path:
    """The absolute path with symbolic links resolved, as far as they resolve."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        return path.absolute()


def prepare_file(path: Path) -> RecordData | Failure:
    """Read and parse one file (runs in a worker process); its bytes go with the record as
    its original."""
    try:
        data = reading.load_file(path, max_bytes=reading.Limits.from_env().max_bytes)
        source = read_bytes(data, name=path.name)
    except ReadError as error:
        return Failure(str(path), str(error))
    parsed = _parse(str(_resolved(path)), source.text, source.format)
    # Failures name the file as it was given or found, like read failures do.
    if isinstance(parsed, Failure):
        return Failure(str(path), parsed.reason)
    return with_original(parsed, source, path.name, data)


def prepare_bytes(item: tuple[str, bytes]) -> RecordData | Failure:
    """Read and parse one in-memory document given as (source path, bytes)."""
    name, data = item
    try:
        source = read_bytes(data, name=name)
    except ReadError as error:
        return Failure(name, str(error))
    parsed = _parse(name, source.text, source.format)
    if isinstance(parsed, Failure):
        return parsed
    return with_original(parsed, source, Path(name).name, data)


def with_original(
    parsed: RecordData, source: SourceText, filename: str, data: bytes | None
) -> RecordData:
    """The parsed record with the pages of its source and the file's bytes as its original."""
    parsed.page_starts = list(source.page_starts)
    parsed.warnings = [*source.warnings, *parsed.warnings]  # OCR pages, repairs: for review
    if data is not None:
        parsed.original = OriginalData(filename, data)
    return parsed


def _parse(source_path: str, text: str, source_format: str) -> RecordData | Failure:
    try:
        return parse_text(text, source_path=source_path, source_format=source_format)
    except Exception as error:  # a parser bug must not stop the batch: report it with the file
        return Failure(source_path, f"parser error: {one_line(error)}")


def store(
    db: Database,
    prepared: Iterable[RecordData | Failure],
    *,
    report: IngestReport | None = None,
    progress: Callable[[], None] | None = None,
    stored: Callable[[int], None] | None = None,
    reparsed: bool = False,
) -> IngestReport:
    """Save prepared documents, one transaction each, collecting outcomes. ``stored`` is called
    with the id of each record added or updated, once its transaction is committed;
    ``reparsed``: stored texts extracted again (see :func:`reparse`)."""
    report = report or IngestReport()
    for item in prepared:
        if isinstance(item, Failure):
            report.failed.append(item)
        else:
            try:
                with db.session() as session:
                    outcome = save.save_record(session, item, reparsed=reparsed)
                getattr(report, outcome.status).append(outcome.record_id)
                if outcome.logged is not None:
                    report.logged.add(outcome.logged)
            except Exception as error:  # the transaction rolled back; earlier records are intact
                report.failed.append(Failure(item.source_path, _store_failure(error)))
            else:
                if stored and outcome.status != "unchanged":
                    stored(outcome.record_id)
        if progress:
            progress()
    return report


# SQLite's words for a write the disk refused (full, or a file size limit reached).
_NO_ROOM = ("disk I/O error", "database or disk is full", "File too large")


def _store_failure(error: Exception) -> str:
    reason = one_line(error)
    if any(words in reason for words in _NO_ROOM):
        return f"could not store: the disk is full or cannot be written ({reason})"
    return f"could not store: {reason}"


class _IndexFeed:
    """Records stored by an ingest, read back in batches into a new index generation; then
    every other row of the database, and the switch to the new generation."""

    BATCH = 100

    def __init__(self, db: Database, root: Path, procs: int) -> None:
        self.db = db
        self.procs = procs
        with db.session() as session:
            # The generation holds every change logged up to here (all rows are read at the
            # end) and those this ingest writes; the others are applied after the switch.
            self.start = changelog.last_seq(session)
        self.generation = Generation(root, procs=self.procs)
        self.pending: list[int] = []
        self.added: set[int] = set()
        self.stale = False  # a record changed again after it was added (same path twice)

    def stored(self, record_id: int) -> None:
        """A record was added or updated: index it with the next batch."""
        if record_id in self.added:
            self.stale = True
        self.pending.append(record_id)
        if len(self.pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        ids, self.pending = [i for i in dict.fromkeys(self.pending) if i not in self.added], []
        if ids:
            with self.db.session() as session:
                self._add(lookups.load_records(session, ids))

    def _add(self, records: Iterable[Record]) -> None:
        for record in records:
            self.generation.add(record)
            self.added.add(record.id)

    def finish(self) -> int:
        """Add the rows not added yet, switch to the new generation; its number of documents."""
        if self.stale:  # rare: start again from the rows, each one once
            self.generation.cancel()
            self.generation = type(self.generation)(self.generation.root, procs=self.procs)
            self.added.clear()
            with self.db.session() as session:
                self.start = changelog.last_seq(session)
        self.pending.clear()
        with self.db.session() as session:
            others = [i for i in lookups.record_ids(session) if i not in self.added]
        for start in range(0, len(others), self.BATCH):
            with self.db.session() as session:
                self._add(lookups.load_records(session, others[start : start + self.BATCH]))
        write_position(self.generation.path, self.start)
        return self.generation.commit()

    def cancel(self) -> None:
        """Abandon the new generation."""
        self.generation.cancel()


def ingest_paths(
    db: Database,
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 0,
    progress: Callable[[int], Callable[[], None]] | None = None,
    build_index: Path | None = None,
    procs: int = 0,
) -> IngestReport:
    """Ingest files and folders. ``workers`` > 1 parses in that many processes (0: one per core).

    ``progress``, given the number of files, returns a callback called once per file.
    ``build_index``: build a new search index generation of every record under this folder
    while storing, with ``procs`` writer processes (0: one per core), and switch to it."""
    report = IngestReport()
    files: list[Path] = []
    seen: set[Path] = set()
    for entry in iter_files(paths):
        if isinstance(entry, Failure):
            report.failed.append(entry)
            continue
        resolved = _resolved(entry)  # a file named twice (or inside two folders named) once
        if resolved not in seen:
            seen.add(resolved)
            files.append(entry)
    tick = progress(len(files)) if progress else None
    return _store_and_index(
        db, _map(prepare_file, files, workers), report, tick, build_index, procs
    )


def ingest_documents(
    db: Database,
    documents: Iterable[tuple[str, bytes]],
    *,
    workers: int = 0,
    progress: Callable[[], None] | None = None,
    build_index: Path | None = None,
    procs: int = 0,
) -> IngestReport:
    """Ingest in-memory documents given as (source path, bytes); ``build_index`` and ``procs``
    as for ``ingest_paths``."""
    return _store_and_index(
        db, _map(prepare_bytes, documents, workers), IngestReport(), progress, build_index, procs
    )


def _store_and_index(
    db: Database,
    prepared: Iterable[RecordData | Failure],
    report: IngestReport,
    progress: Callable[[], None] | None,
    build_index: Path | None,
    procs: int,
) -> IngestReport:
    if build_index is None:
        return store(db, prepared, report=report, progress=progress)
    feed = _IndexFeed(db, build_index, procs)
    try:
        store(db, prepared, report=report, progress=progress, stored=feed.stored)
        report.indexed = feed.finish()
    except BaseException:
        feed.cancel()
        raise
    return report


def _reparse_one(item: tuple[str, str, str]) -> RecordData | Failure:
    return _parse(*item)


def _stored_texts(db: Database, batch: int = 200) -> Iterator[tuple[str, str, str]]:
    with db.session() as session:
        ids = lookups.record_ids(session)
    for start in range(0, len(ids), batch):
        with db.session() as session:
            rows = session.execute(
                select(Record.source_path, Record.text, Record.source_format)
                .where(Record.id.in_(ids[start : start + batch]))
                .order_by(Record.id)
            )
            yield from (tuple(row) for row in rows)


def reparse(
    db: Database, *, workers: int = 0, progress: Callable[[], None] | None = None
) -> IngestReport:
    """Run extraction again over every stored text, without the files: records take what the
    current rules find; follow-up items keep their status, notes and history where they still
    match, and vanished ones are marked removed from the source, as on re-ingest."""
    return store(db, _map(_reparse_one, _stored_texts(db), workers), progress=progress,
                 reparsed=True)


def _map(function, items, workers: int):  # type: ignore[no-untyped-def]
    """``map`` over a process pool, in order, holding at most a few batches in memory."""
    workers = workers or os.cpu_count() or 1
    iterator = iter(items)
    if workers <= 1:
        yield from map(function, iterator)
        return
    batch = 256 * workers  # parsing goes on while the main process stores a batch of big records
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = None
        while True:
            chunk = list(islice(iterator, batch))
            submitted = pool.map(function, chunk, chunksize=8) if chunk else None
            if pending is not None:
                yield from pending
            if submitted is None:
                return
            pending = submitted
