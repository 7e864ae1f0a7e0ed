"""What searches need of one index segment, computed once and shared by every view that has it.

A segment never changes after its commit (only which of its documents are deleted, which a view
applies), so its facet values and meeting dates, the terms of its word fields with their
document frequencies, its field lengths and the postings read from it serve every later view.
The facet values and terms are kept beside the segment (``<segment id>.parts``, a name
Whoosh deletes with its segment), written atomically when first computed, so that opening the
index reads no stored document and walks no term; a file unreadable or of another format is
computed again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from whoosh.reading import TermNotFound

from indexer.search.facets import facet_names
from indexer.search.index_vocabulary import INFIX_FIELDS, SegmentTerms
from indexer.search.postings import (
    BoundedCache,
    SegmentPostings,
    field_lengths,
    forget_blocks,
    read_postings,
)
from indexer.search.segment_readers import SegmentFiles

log = logging.getLogger(__name__)

PARTS_VERSION = 2  # of the file's layout and of what is computed into it
SUFFIX = ".parts"


@dataclass
class FacetPart:
    """Facet values and meeting dates of a segment's documents, deleted ones included: for
    each facet, document ``docs[i]`` (in the segment) has value ``values[codes[i]]``."""

    values: dict[str, list[str]]
    docs: dict[str, np.ndarray]
    codes: dict[str, np.ndarray]
    dates: np.ndarray  # meeting start date (day ordinal, 0 when unknown) of each document


class SegmentParts:
    """One segment's files and what searches need of it (see the module docstring)."""

    def __init__(self, files: SegmentFiles, folder: Path, postings: BoundedCache) -> None:
        self.files = files
        self.id = files.segment_id
        self.count = files.count
        self.path = folder / f"{self.id}{SUFFIX}"
        self._postings = postings
        self._reader = files.reader(files.segment)  # deletions do not matter to the parts
        self._lengths: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self.facets, self.terms = self._load() or self._compute()

    def postings(self, fieldname: str, tbytes: bytes) -> SegmentPostings | None:
        """The postings of a term in this segment, deleted documents included."""
        key = (self.id, fieldname, tbytes)
        found, hit = self._postings.get(key)
        if hit:
            return found
        terms = self.files.terms
        try:
            info = terms.term_info(fieldname, tbytes)  # one lookup: ``matcher`` would do two
        except TermNotFound:
            found = None
        else:
            form = self.files.schema[fieldname].format
            term = (fieldname, tbytes)
            matcher = self.files.codec.postings_reader(terms._postfile, info, form, term=term)
            found = read_postings(matcher, info.doc_frequency())
        self._postings.put(key, found, found.size if found is not None else 0)
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        """The length of field ``fieldname`` in each document, as Whoosh's scorer sees it."""
        with self._lock:
            found = self._lengths.get(fieldname)
        if found is None:
            found = field_lengths(self._reader, fieldname)
            with self._lock:
                self._lengths[fieldname] = found
        return found

    def close(self) -> None:
        """Close the segment's files and forget its postings."""
        forget_blocks(self.files.terms._postfile)
        self._reader.close()
        self.files.close()
        self._postings.drop(lambda key: key[0] == self.id)

    # --- computing and keeping ---

    def _compute(self) -> tuple[FacetPart, dict[str, SegmentTerms]]:
        facets = _read_facets(self._reader, self.count)
        terms = {}
        for name in INFIX_FIELDS:
            words, frequencies = [], []
            if name in self.files.schema:
                for tbytes, info in self._reader.iter_field(name):
                    if tbytes:
                        words.append(tbytes.decode("utf-8"))
                        frequencies.append(info.doc_frequency())
            terms[name] = SegmentTerms(words, np.asarray(frequencies, dtype=np.int64))
        self._save(facets, terms)
        return facets, terms

    def _save(self, facets: FacetPart, terms: dict[str, SegmentTerms]) -> None:
        names = list(facets.values)
        arrays = {
            "version": np.asarray([PARTS_VERSION, self.count], dtype=np.int64),
            "facet_names": _encoded(names),
            "dates": facets.dates,
        }
        for name in names:
            arrays[f"values.{name}"] = _encoded(facets.values[name])
            arrays[f"docs.{name}"] = facets.docs[name].astype(np.int32)
            arrays[f"codes.{name}"] = facets.codes[name].astype(np.int32)
        for name, found in terms.items():
            arrays[f"terms.{name}"] = np.frombuffer(found.joined.encode("utf-8"), dtype=np.uint8)
            arrays[f"df.{name}"] = found.frequencies
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}_{os.urandom(3).hex()}")
        try:
            partial.write_bytes(_pack(arrays))
            os.replace(partial, self.path)
        except OSError as error:  # a read-only or full disk: computed again next time
            log.info("segment parts not kept in %s: %s", self.path, error)
            with contextlib.suppress(OSError):
                partial.unlink()

    def _load(self) -> tuple[FacetPart, dict[str, SegmentTerms]] | None:
        try:
            data = _unpack(self.path.read_bytes())
            if data["version"].tolist() != [PARTS_VERSION, self.count]:
                return None
            names = json.loads(data["facet_names"].tobytes())
            if names != list(facet_names()):
                return None
            facets = FacetPart(
                values={n: json.loads(data[f"values.{n}"].tobytes()) for n in names},
                docs={n: data[f"docs.{n}"].astype(np.int64) for n in names},
                codes={n: data[f"codes.{n}"].astype(np.int64) for n in names},
                dates=data["dates"].astype(np.int64),
            )
            terms = {
                name: SegmentTerms.from_joined(
                    data[f"terms.{name}"].tobytes().decode("utf-8"), data[f"df.{name}"]
                )
                for name in INFIX_FIELDS
            }
        except FileNotFoundError:
            return None
        except Exception as error:  # damaged or of another layout: computed again
            log.info("segment parts in %s not read: %s", self.path, error)
            return None
        if len(facets.dates) != self.count:
            return None
        return facets, terms


def _encoded(values: list[str]) -> np.ndarray:
    return np.frombuffer(json.dumps(values, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _read_facets(reader, count: int) -> FacetPart:  # type: ignore[no-untyped-def]
    """Facet values and dates read from the stored fields of every document of a segment."""
    names = facet_names()
    lookup: dict[str, dict[str, int]] = {name: {} for name in names}
    docs: dict[str, list[int]] = {name: [] for name in names}
    codes: dict[str, list[int]] = {name: [] for name in names}
    dates = np.zeros(count, dtype=np.int64)
    for docnum in range(count):
        stored = reader.stored_fields(docnum)
        if "summary" not in stored:
            continue
        start = json.loads(stored["summary"]).get("date_start")
        if start:
            dates[docnum] = date.fromisoformat(start).toordinal()
        for name, values in json.loads(stored["facets"]).items():
            codebook = lookup.get(name)
            if codebook is None:  # a facet no longer defined, until the next rebuild
                continue
            for value in values:
                code = codebook.setdefault(value, len(codebook))
                docs[name].append(docnum)
                codes[name].append(code)
    return FacetPart(
        values={name: list(lookup[name]) for name in names},
        docs={name: np.asarray(docs[name], dtype=np.int64) for name in names},
        codes={name: np.asarray(codes[name], dtype=np.int64) for name in names},
        dates=dates,
    )


# Parts are kept as one JSON header line (each array's name, dtype, shape and byte offset) and
# the arrays' bytes: not numpy's .npz, whose headers numpy reads with ``ast.literal_eval`` —
# on CPython 3.11 the ``ast`` module's state is shared between threads, so a view built in the
# index follower's thread made a ``ast.parse`` in another thread (werkzeug compiling a route)
# fail with "AST constructor recursion depth mismatch".


def _pack(arrays: dict[str, np.ndarray]) -> bytes:
    header, chunks, offset = [], [], 0
    for name, array in arrays.items():
        data = np.ascontiguousarray(array).tobytes()
        header.append([name, array.dtype.str, list(array.shape), offset, len(data)])
        chunks.append(data)
        offset += len(data)
    return json.dumps(header).encode() + b"\n" + b"".join(chunks)


def _unpack(raw: bytes) -> dict[str, np.ndarray]:
    end = raw.index(b"\n")
    body = memoryview(raw)[end + 1 :]
    return {
        name: np.frombuffer(body[offset : offset + size], dtype=np.dtype(kind)).reshape(shape)
        for name, kind, shape, offset, size in json.loads(raw[:end])
    }
