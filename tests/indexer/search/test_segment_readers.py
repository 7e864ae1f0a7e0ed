"""Segments read in place of their mapping (``indexer.search.segment_readers``): what Whoosh's
own readers read, and files shared by the readers of one segment."""

from __future__ import annotations

import sys
import threading

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from indexer.search.generations import live_generation
from indexer.search.live_index import INDEX_NAME
from indexer.search.postings import read_postings
from indexer.search.segment_readers import SegmentFiles, open_reader
from indexer.search.service import index_root
from tests.conftest import SearchArchive


def _postings(reader, field: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    found = {}
    for tbytes, _ in reader.iter_field(field):
        matcher = reader.postings(field, tbytes)
        found[tbytes] = list(matcher.all_ids())
    return found


def test_a_mapped_reader_reads_what_whoosh_reads(updated_archive: SearchArchive) -> None:
    folder = live_generation(index_root(updated_archive.home))
    assert folder is not None
    storage = FileStorage(str(folder))
    toc = TOC.read(storage, INDEX_NAME)
    ours = open_reader(storage, toc.schema, toc.segments, toc.generation)
    theirs = whoosh_index.open_dir(str(folder)).reader()
    try:
        assert ours.doc_count() == theirs.doc_count() == len(updated_archive.ids) - 1
        assert list(ours.all_stored_fields()) == list(theirs.all_stored_fields())
        for field in ("title", "content", "f_country"):
            assert _postings(ours, field) == _postings(theirs, field)
        assert [ours.doc_field_length(d, "content") for d in range(ours.doc_count_all())] == [
            theirs.doc_field_length(d, "content") for d in range(theirs.doc_count_all())
        ]
    finally:
        ours.close()
        theirs.close()


def test_the_readers_of_a_segment_share_its_files(updated_archive: SearchArchive) -> None:
    folder = live_generation(index_root(updated_archive.home))
    assert folder is not None
    storage = FileStorage(str(folder))
    toc = TOC.read(storage, INDEX_NAME)
    segment = toc.segments[0]
    files = SegmentFiles(storage, toc.schema, segment)
    first, second = files.reader(segment), files.reader(segment)
    stored = first.stored_fields(0)
    first.close()  # leaves the files open for the other reader
    assert second.stored_fields(0) == stored
    assert second.doc_count() == segment.doc_count()
    second.close()
    files.close()
    assert files.closed


def test_threads_read_the_files_of_one_segment_at_once(corpus_archive: SearchArchive) -> None:
    # Whoosh reads a posting block by seeking, then reading: each thread has its own position.
    folder = live_generation(index_root(corpus_archive.home))
    assert folder is not None
    storage = FileStorage(str(folder))
    toc = TOC.read(storage, INDEX_NAME)
    files = SegmentFiles(storage, toc.schema, toc.segments[0])
    reader = files.reader(toc.segments[0])
    terms = [(f, t) for f in ("content", "title", "text") for t, _ in reader.iter_field(f)]

    def read(fieldname: str, tbytes: bytes) -> tuple[list[int], list[float]]:
        matcher = files.terms.matcher(fieldname, tbytes, toc.schema[fieldname].format)
        found = read_postings(matcher, 0)
        return found.ids.tolist(), found.weights.tolist()

    expected = {term: read(*term) for term in terms}
    wrong: list[tuple[str, bytes]] = []

    def reading() -> None:
        for term in terms * 3:
            try:
                if read(*term) != expected[term]:
                    wrong.append(term)
            except Exception:  # a block read from another thread's position
                wrong.append(term)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch between the seek and the read
    try:
        threads = [threading.Thread(target=reading) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
        reader.close()
        files.close()
    assert len(terms) > 100
    assert wrong == []
