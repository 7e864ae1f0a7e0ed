"""The facet table of a view (``indexer.search.facet_table``), assembled from each segment's
facet values: the table one reading of the live documents, in order, gives."""

from __future__ import annotations

import json
from datetime import date

import numpy as np

from indexer.search.facets import facet_names
from indexer.search.generations import Index
from indexer.search.service import index_root
from tests.conftest import SearchArchive


def test_the_assembled_table_is_the_live_documents_read_in_order(
    updated_archive: SearchArchive,
) -> None:
    index = Index(index_root(updated_archive.home))
    try:
        view = index.view()
        table, reader = view.table, view.searcher.reader()
        live = [docnum for docnum, _ in reader.iter_docs()]
        assert np.flatnonzero(table.live).tolist() == live
        assert len(live) == len(updated_archive.ids) - 1 < table.size
        values: dict[str, list[str]] = {name: [] for name in facet_names()}
        pairs: dict[str, list[tuple[int, str]]] = {name: [] for name in facet_names()}
        dates = np.zeros(table.size, dtype=np.int64)
        for docnum, stored in reader.iter_docs():
            start = json.loads(stored["summary"])["date_start"]
            dates[docnum] = date.fromisoformat(start).toordinal() if start else 0
            for name, found in json.loads(stored["facets"]).items():
                for value in found:
                    if value not in values[name]:
                        values[name].append(value)
                    pairs[name].append((docnum, value))
        assert table.dates.tolist() == dates.tolist()
        for name in facet_names():
            assert table.values[name] == values[name]
            got = list(zip(table.docs[name].tolist(), table.codes[name].tolist(), strict=True))
            assert [(d, table.values[name][c]) for d, c in got] == pairs[name]
    finally:
        index.close()
