"""The index's segments opened for reading: mapped, not copied, and shared by the views that
read them.

Whoosh maps a compound segment file (``.seg``) but then copies each part it opens out of the
mapping into a ``BytesIO`` (``BufferFile``): a reader of the 27k archive held 1.2 GB and took
0.45 s to open, for every reopen. Here a part is read straight from the mapping. A segment's
files and terms are opened once (``SegmentFiles``) and shared by every reader of that segment;
each reader keeps the segment's deletions as of the commit it was opened at. This reads
whoosh3's private reader layout: we pin whoosh-reloaded 2.7.5.
"""

from __future__ import annotations

import io
import pickle
import threading

from whoosh.codec.base import Segment
from whoosh.fields import Schema
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import OverlayStorage, Storage
from whoosh.filedb.structfile import BufferFile
from whoosh.reading import EmptyReader, IndexReader, MultiReader, ReaderClosed, SegmentReader

PICKLE_AHEAD = 1024


class _Cursor:
    """A read-only file over a memoryview, without the copy ``BytesIO`` makes. Each thread
    has a read position of its own: Whoosh reads a segment's files by seeking, then reading,
    and the threads of a site read the same files at once."""

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._local = threading.local()

    def _at(self) -> int:
        return getattr(self._local, "pos", 0)

    def read(self, size: int | None = -1) -> bytes:
        start = self._at()
        end = len(self._buf) if size is None or size < 0 else start + size
        data = bytes(self._buf[start:end])
        self._local.pos = start + len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        line, position = b"", self._at()
        while not line.endswith(b"\n") and position < len(self._buf):
            chunk = bytes(self._buf[position : position + 4096])
            cut = chunk.find(b"\n") + 1 or len(chunk)
            line += chunk[:cut]
            position += cut
        self._local.pos = position
        return line

    def readinto(self, target: bytearray | memoryview) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def seek(self, position: int, whence: int = 0) -> int:
        base = (0, self._at(), len(self._buf))[whence]
        self._local.pos = max(0, base + position)
        return self._local.pos

    def tell(self) -> int:
        return self._at()

    def close(self) -> None:
        self._buf = memoryview(b"")


class _MappedFile(BufferFile):
    """A part of a mapped compound file, read in place."""

    def __init__(self, buf: memoryview, name: str | None = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _Cursor(buf)
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> _MappedFile:
        return _MappedFile(self._buf[position : position + length], name=name or self._name)

    def read_pickle(self) -> object:
        """The pickled object at the read position. Unpickling reads a few bytes at a time: from
        a copy of the next bytes (a posting block's header fits in ``PICKLE_AHEAD``), not
        from the mapping."""
        start = self.file.tell()
        ahead = io.BytesIO(bytes(self._buf[start : start + PICKLE_AHEAD]))
        try:
            found = pickle.load(ahead)
        except Exception:  # longer than that (truncated: no object is read from a part)
            ahead = io.BytesIO(bytes(self._buf[start:]))
            found = pickle.load(ahead)
        self.file.seek(start + ahead.tell())
        return found


class _MappedCompound(CompoundStorage):
    """A compound segment file whose parts are opened in place of the mapping."""

    def open_file(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self._source is None or self.is_closed:
            return super().open_file(name, *args, **kwargs)
        offset, length = self.range(name)
        return _MappedFile(memoryview(self._source)[offset : offset + length], name=name)


class SegmentFiles:
    """One segment's files (mapped) and terms reader, opened once for all its readers."""

    def __init__(self, storage: Storage, schema: Schema, segment: Segment) -> None:
        self.segment_id: str = segment.segment_id()
        self.schema = schema
        self.segment = segment  # as first opened: its document count never changes
        self.count: int = segment.doc_count_all()
        self.codec = segment.codec()
        if segment.is_compound():
            name = segment.make_filename(segment.COMPOUND_EXT)
            dbfile = storage.open_file(name)
            self._compound: CompoundStorage | None = _MappedCompound(
                dbfile, use_mmap=storage.supports_mmap
            )
            self.storage: Storage = OverlayStorage(self._compound, storage)
        else:
            self._compound = None
            self.storage = storage
        try:
            self.terms = self.codec.terms_reader(self.storage, segment)
        except BaseException:
            if self._compound is not None:
                self._compound.close()
            raise
        self._lock = threading.Lock()
        self.closed = False

    def reader(self, segment: Segment, generation: int | None = None) -> SharedSegmentReader:
        """A reader of this segment with the deletions of ``segment`` (the same segment as
        listed by a later commit)."""
        return SharedSegmentReader(self, segment, generation)

    def close(self) -> None:
        """Close the files (no reader of them may be used afterwards)."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
        self.terms.close()
        if self._compound is not None:
            self._compound.close()


class SharedSegmentReader(SegmentReader):
    """A ``SegmentReader`` over files opened by ``SegmentFiles``: closing it leaves them open
    for the other readers of the segment (``owner``: closes them too)."""

    def __init__(
        self,
        files: SegmentFiles,
        segment: Segment,
        generation: int | None = None,
        *,
        owner: bool = False,
    ) -> None:
        self.schema = files.schema
        self.is_closed = False
        self._segment = segment
        self._segid = segment.segment_id()
        self._gen = generation
        self._storage = files.storage
        self._codec = files.codec
        self._terms = files.terms
        self._perdoc = files.codec.per_document_reader(files.storage, segment)
        self.files = files
        self._owner = owner

    def close(self) -> None:
        if self.is_closed:
            raise ReaderClosed("Reader already closed")
        self._perdoc.close()
        self.is_closed = True
        if self._owner:
            self.files.close()


def combined(readers: list[SharedSegmentReader], generation: int | None) -> IndexReader:
    """One reader over the segments, as Whoosh's ``FileIndex.reader`` combines them."""
    if len(readers) == 1:
        return readers[0]
    return MultiReader(list(readers), generation=generation)


def open_reader(storage: Storage, schema: Schema, segments: list[Segment], generation: int):
    """A reader of these segments that owns its files (closing it closes them)."""
    readers: list[SharedSegmentReader] = []
    try:
        for segment in segments:
            files = SegmentFiles(storage, schema, segment)
            readers.append(SharedSegmentReader(files, segment, generation, owner=True))
    except BaseException:
        for reader in readers:
            reader.close()
        raise
    if not readers:
        return EmptyReader(schema)
    return combined(readers, generation)
