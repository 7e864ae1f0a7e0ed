"""The facet table of one index generation: every document's facet values as numpy arrays, so
that filtering and counting take a few array operations and no Whoosh query.

It is loaded once per generation from the stored ``facets`` field, with each document's date
(for sorting by date), which documents are live, and the generation's ``TermCache``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from whoosh.searching import Searcher

from indexer.search.facets import facet_names
from indexer.search.postings import TermCache


@dataclass
class FacetTable:
    """Facet values of every document of one index generation, as numpy arrays.

    For each facet: ``values`` (the distinct strings) and two parallel arrays ``docs`` and
    ``codes``: document ``docs[i]`` has value ``values[codes[i]]``."""

    size: int
    values: dict[str, list[str]] = field(default_factory=dict)
    docs: dict[str, np.ndarray] = field(default_factory=dict)
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Meeting start date of each document (day ordinal, 0 when unknown), for sorting by date.
    dates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Postings of recently used terms and field lengths, valid for this generation.
    terms: TermCache | None = None

    @classmethod
    def load(cls, searcher: Searcher) -> FacetTable:
        """The table of the generation ``searcher`` reads (for the facets of ``FACETS``)."""
        names = facet_names()
        reader = searcher.reader()
        size = reader.doc_count_all()
        table = cls(size=size, live=np.zeros(size, dtype=bool), terms=TermCache(searcher, size))
        lookup: dict[str, dict[str, int]] = {name: {} for name in names}
        docs: dict[str, list[int]] = {name: [] for name in names}
        codes: dict[str, list[int]] = {name: [] for name in names}
        table.dates = np.zeros(size, dtype=np.int64)
        for docnum, stored in reader.iter_docs():
            table.live[docnum] = True
            start = json.loads(stored["summary"]).get("date_start")
            if start:
                table.dates[docnum] = date.fromisoformat(start).toordinal()
            for name, values in json.loads(stored["facets"]).items():
                codebook = lookup.get(name)
                if codebook is None:  # a facet no longer defined, until the next rebuild
                    continue
                for value in values:
                    code = codebook.setdefault(value, len(codebook))
                    docs[name].append(docnum)
                    codes[name].append(code)
        for name in names:
            table.values[name] = list(lookup[name])
            table.docs[name] = np.asarray(docs[name], dtype=np.int64)
            table.codes[name] = np.asarray(codes[name], dtype=np.int64)
        return table

    def matching(self, name: str, values: Iterable[str]) -> np.ndarray:
        """Boolean mask of documents having any of ``values`` for facet ``name``."""
        mask = np.zeros(self.size, dtype=bool)
        wanted = {v for v in values}
        codes = [i for i, v in enumerate(self.values[name]) if v in wanted]
        if codes:
            hits = np.isin(self.codes[name], codes)
            mask[self.docs[name][hits]] = True
        return mask

    def counts(self, name: str, mask: np.ndarray) -> list[tuple[str, int]]:
        """(value, documents) for facet ``name`` over the documents in ``mask``, most first."""
        inside = mask[self.docs[name]]
        counted = np.bincount(self.codes[name][inside], minlength=len(self.values[name]))
        present = np.flatnonzero(counted)
        order = present[np.lexsort((present, -counted[present]))]
        values = self.values[name]
        return [(values[i], int(counted[i])) for i in order.tolist()]
