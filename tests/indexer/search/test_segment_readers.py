"""Segments read in place of their mapping (``indexer.search.segment_readers``): what Whoosh's
own readers read, and files shared by the readers of one segment."""

from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from indexer.search.generations import live_generation
from indexer.search.live_index import INDEX_NAME
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
