"""The search page: one query box, hits, facets, sorting and pages; the URL is the state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for

from indexer.search import FACETS, SearchRequest
from webapp import services

bp = Blueprint("search", __name__)

FACET_LIMIT = 10  # values shown per facet (selected ones always shown)
TIMELINE = ("year", "month")  # facets read as a timeline: newest first, not by count


@dataclass
class PageState:
    """The search page's state as the URL carries it, and links that change one thing."""

    q: str = ""
    sort: str = "relevance"
    page: int = 1
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, req: SearchRequest) -> PageState:
        return cls(req.q, req.sort, req.page, req.filters, req.excluded)

    def url(self, *, page: int = 1, **changes: Any) -> str:
        return url_for("search.index", **self._params(page=page, **changes))

    def export_url(self, fmt: str) -> str:
        """The export of this result set (every page) in ``fmt``."""
        return url_for("export.results", fmt=fmt, **self._params())

    def _params(self, *, page: int = 1, **changes: Any) -> dict[str, Any]:
        state = {
            "q": self.q,
            "sort": self.sort,
            "filters": self.filters,
            "excluded": self.excluded,
            **changes,
        }
        params: dict[str, Any] = {}
        if state["q"]:
            params["q"] = state["q"]
        if state["sort"] != "relevance":
            params["sort"] = state["sort"]
        if state["filters"]:
            params["f"] = services.facet_state(state["filters"])
        if state["excluded"]:
            params["x"] = services.facet_state(state["excluded"])
        if page != 1:
            params["page"] = page
        return params

    def is_selected(self, name: str, value: str) -> bool:
        return value in self.filters.get(name, [])

    def is_excluded(self, name: str, value: str) -> bool:
        return value in self.excluded.get(name, [])

    def toggle(self, name: str, value: str, *, exclude: bool = False) -> str:
        """The URL with this value added to (or removed from) the filters or exclusions."""
        key = "excluded" if exclude else "filters"
        current: dict[str, list[str]] = getattr(self, key)
        values = current.get(name, [])
        changed = [v for v in values if v != value] if value in values else [*values, value]
        updated = {n: v for n, v in current.items() if n != name}
        if changed:
            updated[name] = changed
        return self.url(**{key: updated})

    def chips(self) -> list[tuple[str, str, bool]]:
        """(facet name, value, excluded) of every selection, in facet order."""
        out = []
        for facet in FACETS:
            out += [(facet.name, v, False) for v in self.filters.get(facet.name, [])]
            out += [(facet.name, v, True) for v in self.excluded.get(facet.name, [])]
        return out


def _visible(facets: dict[str, list[list[Any]]], state: PageState) -> list[dict[str, Any]]:
    out = []
    for facet in FACETS:
        values = facets.get(facet.name, [])
        if facet.name in TIMELINE:
            values = sorted(values, key=lambda pair: pair[0], reverse=True)
        shown = [
            pair
            for i, pair in enumerate(values)
            if i < FACET_LIMIT
            or state.is_selected(facet.name, pair[0])
            or state.is_excluded(facet.name, pair[0])
        ]
        if shown:
            out.append({"facet": facet, "values": shown, "more": len(values) - len(shown)})
    return out


@bp.get("/")
@bp.get("/search")
def index() -> str:
    req, result = services.search_page(current_app.extensions["archive_index"], request.args)
    state = PageState.of(req)
    last_page = max(1, -(-result["total"] // result["limit"]))
    return render_template(
        "search/index.html",
        state=state,
        result=result,
        facets=_visible(result["facets"], state),
        last_page=last_page,
        pages=range(max(1, state.page - 3), min(last_page, state.page + 3) + 1),
    )
