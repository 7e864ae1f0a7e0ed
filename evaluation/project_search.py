"""The project's search as the evaluation calls it: ``indexer.search.service.search`` as the
CLI and the web site call it, first page only."""

from __future__ import annotations

from pathlib import Path

from evaluation.metrics import K
from indexer.search.generations import Index
from indexer.search.service import SearchRequest, index_root, search


class ProjectSearch:
    """The project's search as a function: query text -> record ids of the first page. The
    correction the project offers for a query without hits is kept (``corrected``)."""

    def __init__(self, home: Path) -> None:
        self.index = Index(index_root(home))
        self.corrected: dict[str, str | None] = {}

    def __call__(self, text: str) -> list[int]:
        result = search(self.index, SearchRequest(q=text, per_page=K))
        self.corrected[text] = result.get("corrected_query")
        return [hit["id"] for hit in result["hits"]]

    def close(self) -> None:
        """Close the index."""
        self.index.close()
