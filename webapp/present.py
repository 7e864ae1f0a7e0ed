"""Jinja filters and tests: Thai labels for stored values, dates, safe links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, url_for

from indexer.gazetteer import City, country_by_code, lookup
from webapp.citations import coins as _coins
from webapp.dates import ce_range, thai_month, thai_range, thai_year

KINDS = {
    "meeting": "การประชุม",
    "visit": "การศึกษาดูงาน",
    "project": "โครงการ",
    "news": "ข่าว",
    "other": "อื่น ๆ",
}
RECORD_STATUS = {"open": "ยังค้างดำเนินการ", "done": "ดำเนินการแล้ว", "none": "ไม่มีเรื่องติดตาม"}
FOLLOW_UP_STATUS = {
    "open": "รอดำเนินการ",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "done": "ดำเนินการแล้ว",
    "cancelled": "ยกเลิก",
}
NOTICES = {  # the search service's notices, in Thai (others are shown as they come)
    "no record has all the words: showing records with most of them": (
        "ไม่มีรายงานที่มีคำค้นครบทุกคำ จึงแสดงรายงานที่มีคำค้นมากที่สุด"
    ),
    "query syntax not understood: searched for the words instead": (
        "ไม่เข้าใจรูปแบบคำค้น จึงค้นหาจากคำที่พิมพ์แทน"
    ),
    "query syntax not understood and no words left to search for": (
        "ไม่เข้าใจรูปแบบคำค้น และไม่มีคำให้ค้นหา"
    ),
}


def country_th(code: str | None) -> str:
    """The Thai name of an ISO country code (the code itself when unknown)."""
    if not code:
        return ""
    country = country_by_code(code)
    return country.name_th if country else code


def city_th(name_en: str) -> str:
    """The Thai name of a city stored under its English name (the name itself when unknown)."""
    place = lookup(name_en)
    return place.name_th if isinstance(place, City) and place.name_th else name_en


def facet_label(value: str, name: str) -> str:
    """How a facet value reads on the page."""
    if name == "year":
        return thai_year(value)
    if name == "month":
        return thai_month(value)
    if name == "country":
        return country_th(value)
    if name == "city":
        return city_th(value)
    if name == "kind":
        return KINDS.get(value, value)
    if name == "status":
        return RECORD_STATUS.get(value, value)
    return value


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
    return _coins(hit, url_for("records.show", record_id=hit["id"], _external=True))


def register(app: Flask) -> None:
    app.add_template_filter(coins)
    app.add_template_filter(thai_range)
    app.add_template_filter(ce_range)
    app.add_template_filter(country_th)
    app.add_template_filter(facet_label)
    app.add_template_filter(lambda v: KINDS.get(v, v), "kind_label")
    app.add_template_filter(lambda v: FOLLOW_UP_STATUS.get(v, v), "follow_up_status")
    app.add_template_filter(lambda v: NOTICES.get(v, v), "notice_th")
    app.add_template_test(is_http_url, "http_url")
