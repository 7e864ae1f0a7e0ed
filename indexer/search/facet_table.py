"""The facet table of one view of the index: every document's facet values as numpy arrays,
so that filtering and counting take a few array operations and no Whoosh query.

It is assembled from the facet values of each segment (``indexer.search.segment_parts``), with
each document's date (for sorting by date) and which documents are live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from indexer.search.facets import facet_names
from indexer.search.segment_parts import FacetPart


@dataclass
class FacetTable:
    """Facet values of the live documents of one view of the index, as numpy arrays.

    For each facet: ``values`` (the distinct strings) and two parallel arrays ``docs`` and
    ``codes``: document ``docs[i]`` has value ``values[codes[i]]``."""

    size: int
    values: dict[str, list[str]] = field(default_factory=dict)
    docs: dict[str, np.ndarray] = field(default_factory=dict)
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Meeting start date of each document (day ordinal, 0 when unknown), for sorting by date.
    dates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Each facet's value -> its number in ``values``, made when first filtered on.
    _numbers: dict[str, dict[str, int]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def assemble(cls, parts: list[FacetPart], live: np.ndarray) -> FacetTable:
        """The table of the segments whose parts these are, in order, with these documents
        live. Values are numbered as reading the live documents in order numbers them."""
        table = cls(size=len(live), live=live)
        offsets = np.cumsum([0, *(len(part.dates) for part in parts)])[:-1].tolist()
        table.dates = np.concatenate([part.dates for part in parts] or [np.zeros(0, np.int64)])
        table.dates[~live] = 0
        for name in facet_names():
            lookup: dict[str, int] = {}
            docs, codes = [], []
            for part, offset in zip(parts, offsets, strict=True):
                known = part.values.get(name, [])
                mapped = np.asarray([lookup.setdefault(v, len(lookup)) for v in known], np.int64)
                docs.append(part.docs[name] + offset)
                codes.append(mapped[part.codes[name]])
            found = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
            code = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
            keep = live[found]
            found, code = found[keep], code[keep]
            present, first = np.unique(code, return_index=True)
            order = present[np.argsort(first, kind="stable")]
            renumber = np.zeros(len(lookup), dtype=np.int64)
            renumber[order] = np.arange(len(order))
            values = list(lookup)
            table.values[name] = [values[i] for i in order.tolist()]
            table.docs[name] = found
            table.codes[name] = renumber[code]
        return table

    def matching(self, name: str, values: Iterable[str]) -> np.ndarray:
        """Boolean mask of documents having any of ``values`` for facet ``name``."""
        mask = np.zeros(self.size, dtype=bool)
        numbered = self._numbers.get(name)
        if numbered is None:  # a facet has thousands of values (organisations): a dict once
            numbered = self._numbers[name] = {v: i for i, v in enumerate(self.values[name])}
        codes = sorted({numbered[v] for v in values if v in numbered})
        if codes:
            found = self.codes[name]
            hits = found == codes[0] if len(codes) == 1 else np.isin(found, codes)
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
