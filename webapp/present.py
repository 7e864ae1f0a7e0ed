"""Jinja filters and tests: labels for stored values in the interface language, dates, safe
links. The Thai labels are the message ids (``webapp/i18n.py``); record content is shown as
written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from archive.reference.entities import entity_by_id
from archive.reference.gazetteer import country_by_code
from archive.store.vocabulary import (
    DOCUMENT_KINDS,
    FOLLOW_UP_STATUS_LABELS,
    label,
)
from indexer.search.facets import Facet, find_facet
from webapp.citations import coins as _coins
from webapp.datelabels import BE_OFFSET, ce_range, thai_range
from webapp.formats import offered
from webapp.i18n import current
from webapp.recordpage import permalink

NOTICES = {  # the search service's notices by code (indexer.search.service.NOTICES)
    "relaxed": _l("ไม่มีรายงานที่มีคำค้นครบทุกคำ จึงแสดงรายงานที่มีคำค้นมากที่สุด"),
    "syntax": _l("ไม่เข้าใจรูปแบบคำค้น จึงค้นหาจากคำที่พิมพ์แทน"),
    "syntax_empty": _l("ไม่เข้าใจรูปแบบคำค้น และไม่มีคำให้ค้นหา"),
}


def _label(table: dict[str, LazyString], value: str) -> str:
    """A stored value's label in the interface language (the value itself when unknown)."""
    label = table.get(value)
    return str(label) if label is not None else value


def kind_label(value: str) -> str:
    """A document kind as the interface reads it ("การประชุม" / "Meeting")."""
    return label(DOCUMENT_KINDS, value, current())


def follow_up_status(value: str) -> str:
    """A follow-up item's status as the interface reads it."""
    return label(FOLLOW_UP_STATUS_LABELS, value, current())


def notice(value: str) -> str:
    """A notice of the search service (its code) in the interface language."""
    return _label(NOTICES, value)


def facet_title(facet: Facet) -> str:
    """A facet's heading in the interface language."""
    return facet.title(current())


def be_years(start: date | str | None, end: date | str | None = None) -> str:
    """The Buddhist-era year(s) of an ISO date range: "BE 2561", "BE 2561–2562"."""
    heads = [str(d)[:4] for d in (start, end) if d]
    years = sorted({int(y) + BE_OFFSET for y in heads if y.isdigit()})
    if not years:
        return ""
    return f"BE {years[0]}" if len(years) == 1 else f"BE {years[0]}–{years[-1]}"


def dates(start: date | str | None, end: date | str | None = None, *, tag: bool = True) -> Markup:
    """A date range in both eras, the interface's own first: "4 – 15 พฤศจิกายน 2561 (4 – 15 Nov
    2018)" in Thai, "4 – 15 Nov 2018 (BE 2561)" in English; in a ``<time>`` unless ``tag`` is
    false."""
    if current() == "en":
        main, other, other_lang = ce_range(start, end), be_years(start, end), ""
    else:
        main, other, other_lang = thai_range(start, end), ce_range(start, end), ' lang="en"'
    if not main:
        return Markup("")
    # Joined by hand: ``Markup % args`` costs several times more, ten times a results page.
    shown = escape(main)
    if tag:
        shown = f'<time datetime="{escape(start)}">{shown}</time>'
    return Markup(f'{shown} <span class="ce"{other_lang}>({escape(other)})</span>')


def country_th(code: str | None) -> str:
    """The Thai name of an ISO country code (the code itself when unknown)."""
    if not code:
        return ""
    country = country_by_code(code)
    return country.name_th if country else code


def facet_label(value: str, name: str) -> str:
    """How a value of facet ``name`` reads on the page, in the interface language."""
    facet = find_facet(name)
    return shown_value(facet, value, current()) if facet else value


def shown_value(facet: Facet, value: str, language: str) -> str:
    """How a value of ``facet`` reads in ``language`` (looked up once: a sidebar shows some
    fifty values, cities and partners through the gazetteer's name folding)."""
    return _displayed(facet.display, value, language)


@lru_cache(maxsize=16384)
def _displayed(display: Callable[[str, str], str], value: str, language: str) -> str:
    return display(value, language)


def entity_label(entity_id: str) -> str:
    """An entity id ("country:LA", "org:ASEAN") as its name in the interface language."""
    entity = entity_by_id(entity_id)
    return entity.label(current()) if entity else entity_id.split(":", 1)[-1]


def is_http_url(value: object) -> bool:
    """Whether a value is an absolute http(s) URL, the only kind that becomes a link."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def coins(hit: dict[str, Any]) -> str:
    """The COinS ContextObject of a search hit (escape it as an attribute: autoescape does)."""
    return _coins(hit, permalink(hit["id"]))


def register(app: Flask) -> None:
    """Install the filters and tests in the app's Jinja environment."""
    app.add_template_filter(coins)
    app.add_template_filter(thai_range)
    app.add_template_filter(ce_range)
    app.add_template_filter(country_th)
    app.add_template_filter(facet_label)
    app.add_template_filter(entity_label)
    app.add_template_filter(facet_title)
    app.add_template_filter(be_years)
    app.add_template_filter(dates)
    app.add_template_filter(kind_label)
    app.add_template_filter(follow_up_status)
    app.add_template_filter(notice)
    app.add_template_test(is_http_url, "http_url")
    app.add_template_global(offered, "export_formats")
