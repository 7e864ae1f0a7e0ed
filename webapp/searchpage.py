"""The search page: one query box, hits, facets, sorting and pages; the URL is the state."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from flask import Blueprint, current_app, render_template, request, url_for

from indexer.search.facets import FACETS, facet_names
from indexer.search.service import SearchRequest
from webapp import services
from webapp.i18n import current
from webapp.present import shown_value

bp = Blueprint("search", __name__)

FACET_LIMIT = 10  # values shown per facet (selected ones always shown) ...
MORE_LIMIT = 100  # ... and with "more" (?more=<facet>), at most this many
BAR_STEPS = 20  # histogram bar widths are classes w0..w20 (5 % steps): the CSP allows no
# inline style attribute


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    # What url_for writes (werkzeug's safe characters: "year:2018" stays readable); a page
    # has some hundred links over the same few values, so each is quoted once.
    return quote_plus(text, safe="!$'()*,/:;?@")


def _pairs(key: str, items: list[Any]) -> list[str]:
    return [f"{key}={_quoted(str(item))}" for item in items]


def _query(params: dict[str, Any]) -> str:
    pairs = []
    for key, value in params.items():
        pairs += _pairs(key, value if isinstance(value, list) else [value])
    return "&".join(pairs)


def _joined(*parts: str) -> str:
    return "&".join(part for part in parts if part)


@dataclass
class PageState:
    """The search page's state as the URL carries it, and links that change one thing."""

    q: str = ""
    sort: str = "relevance"
    page: int = 1
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[str, list[str]] = field(default_factory=dict)
    more: list[str] = field(default_factory=list)  # facets shown in full
    path: str = ""  # the page's path ("/search"), once url_for has been asked
    # What the links toggling a value of one facet share (the query string before and after
    # that facet's own values), by (facet name, whether exclusions): see ``toggle``.
    _around: dict[tuple[str, bool], tuple[str, str, str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def of(cls, req: SearchRequest, more: list[str] | None = None) -> PageState:
        """The state of a (normalised) request; ``more`` keeps only known facet names."""
        known = [name for name in facet_names() if name in (more or [])]
        return cls(req.q, req.sort, req.page, req.filters, req.excluded, known)

    def url(
        self, *, page: int = 1, more: list[str] | None = None, anchor: str | None = None,
        **changes: Any,
    ) -> str:
        """This page's URL with some of its state changed (back to page 1 unless told)."""
        params = self._params(page=page, **changes)
        expanded = self.more if more is None else more
        if expanded:
            params["more"] = expanded
        # url_for once: a page holds a hundred links (two per facet value).
        self.path = self.path or url_for("search.index")
        query = _query(params)
        url = f"{self.path}?{query}" if query else self.path
        return f"{url}#{_quoted(anchor)}" if anchor else url

    def more_url(self, name: str, *, show: bool) -> str:
        """This page with facet ``name`` shown in full (or back to its top values)."""
        rest = [n for n in self.more if n != name]
        return self.url(
            page=self.page, more=[*rest, name] if show else rest, anchor=f"facet-{name}"
        )

    def export_url(self, fmt: str) -> str:
        """The export of this result set (every page) in ``fmt``."""
        return url_for("export.results", fmt=fmt, **self._params())

    def feed_url(self) -> str:
        """The Atom feed of this search (its newest records: no page, no sort)."""
        params = {k: v for k, v in self._params().items() if k != "sort"}
        return url_for("feeds.search_feed", **params)

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
        """Whether ``value`` of facet ``name`` is one of the filters."""
        return value in self.filters.get(name, [])

    def is_excluded(self, name: str, value: str) -> bool:
        """Whether ``value`` of facet ``name`` is excluded."""
        return value in self.excluded.get(name, [])

    def toggle(self, name: str, value: str, *, exclude: bool = False) -> str:
        """The URL with this value added to (or removed from) the filters or exclusions (the
        facet's values move last, as ``url(filters=...)`` with the facet's entry renewed
        writes them)."""
        # A page has two such links per facet value: the rest of the query is joined once.
        around = self._around.get((name, exclude))
        if around is None:
            around = self._around[name, exclude] = self._toggle_around(name, exclude)
        before, kept, after = around
        key = "x" if exclude else "f"
        values = (self.excluded if exclude else self.filters).get(name, [])
        if value in values:
            changed = [f"{name}:{v}" for v in values if v != value]
            own = "&".join(_pairs(key, changed))
        else:
            own = _joined(kept, f"{key}={_quoted(f'{name}:{value}')}")
        query = _joined(before, own, after)
        self.path = self.path or url_for("search.index")
        return f"{self.path}?{query}" if query else self.path

    def _toggle_around(self, name: str, exclude: bool) -> tuple[str, str, str]:
        """The query string of ``toggle``'s links before and after the values of ``name``, and
        those values as they are now."""
        head = self._params()
        head.pop("f", None)
        head.pop("x", None)

        def others(selected: dict[str, list[str]]) -> dict[str, list[str]]:
            return {n: v for n, v in selected.items() if n != name}

        filters = others(self.filters) if not exclude else self.filters
        excluded = others(self.excluded) if exclude else self.excluded
        f_part = "&".join(_pairs("f", services.facet_state(filters)))
        x_part = "&".join(_pairs("x", services.facet_state(excluded)))
        more = "&".join(_pairs("more", self.more))
        own = (self.excluded if exclude else self.filters).get(name, [])
        kept = "&".join(_pairs("x" if exclude else "f", [f"{name}:{v}" for v in own]))
        if exclude:
            return _joined(_query(head), f_part, x_part), kept, more
        return _joined(_query(head), f_part), kept, _joined(x_part, more)

    def chips(self) -> list[tuple[str, str, bool]]:
        """(facet name, value, excluded) of every selection, in facet order."""
        out = []
        for facet in FACETS:
            out += [(facet.name, v, False) for v in self.filters.get(facet.name, [])]
            out += [(facet.name, v, True) for v in self.excluded.get(facet.name, [])]
        return out


def _visible(facets: dict[str, list[list[Any]]], state: PageState) -> list[dict[str, Any]]:
    """The sidebar: per facet the values shown as (value, count, bar width step, label,
    selected, excluded, link toggling it, link toggling its exclusion), how many more there
    are, whether it is expanded, and whether it is drawn as a histogram. Made here in one pass:
    as template calls, the sidebar took a third of the page's rendering."""
    out = []
    language = current()
    for facet in FACETS:
        values = facets.get(facet.name, [])
        if facet.timeline:
            values = sorted(values, key=lambda pair: pair[0], reverse=True)
        expanded = facet.name in state.more
        limit = MORE_LIMIT if expanded else FACET_LIMIT
        shown = [
            pair
            for i, pair in enumerate(values)
            if i < limit
            or state.is_selected(facet.name, pair[0])
            or state.is_excluded(facet.name, pair[0])
        ]
        if not shown:
            continue
        peak = max(count for _, count in shown) or 1
        name = facet.name
        selected, excluded = state.filters.get(name, []), state.excluded.get(name, [])
        out.append(
            {
                "facet": facet,
                "values": [
                    (
                        v,
                        n,
                        -(-n * BAR_STEPS // peak),
                        shown_value(facet, v, language),
                        v in selected,
                        v in excluded,
                        state.toggle(name, v),
                        state.toggle(name, v, exclude=True),
                    )
                    for v, n in shown
                ],
                "more": len(values) - len(shown),
                "expanded": expanded,
                "collapsible": expanded and len(values) > FACET_LIMIT,
                "histogram": facet.timeline,
            }
        )
    return out


@bp.get("/")
@bp.get("/search")
def index() -> str:
    """The search page of the URL's state."""
    req, result = services.search_page(current_app.extensions["archive_index"], request.args)
    state = PageState.of(req, request.args.getlist("more"))
    last_page = max(1, -(-result["total"] // result["limit"]))
    return render_template(
        "search/index.html",
        state=state,
        result=result,
        facets=_visible(result["facets"], state),
        last_page=last_page,
        pages=range(max(1, state.page - 3), min(last_page, state.page + 3) + 1),
    )
