"""The search page: results, BE/CE dates, snippets, facets, exclusions, sorting, pages."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import SearchArchive
from tests.webapp.conftest import hit_links, result_count, sidebar
from webapp.searchpage import PageState


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.content_type == "text/html; charset=utf-8"
    return response.get_data(as_text=True)


def test_home_page_lists_every_record_with_thai_landmarks(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    html = page(client, "/")
    assert '<html lang="th">' in html
    assert "<header" in html and "<main" in html and '<nav class="facets" aria-label=' in html
    assert '<label for="q">ค้นหารายงาน</label>' in html and 'id="q" name="q"' in html
    assert result_count(html) == len(corpus_archive.records) == 14
    assert len(hit_links(html)) == 10
    # The same page (the header's links, such as the language switch, keep the path).
    assert page(client, "/search").split("<main")[1] == html.split("<main")[1]
    # No external resources: the one stylesheet is ours.
    assert re.findall(r'(?:href|src)="(https?:)?//', html) == []
    assert '<link rel="stylesheet" href="/static/site.css">' in html
    with client.get("/static/site.css") as css:
        assert css.status_code == 200
        assert css.content_type.startswith("text/css")


def test_hit_shows_be_and_ce_dates_venue_organisation_and_marked_snippet(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    tokyo = corpus_archive.id_of("01")
    html = page(client, "/search?q=โตเกียว")
    assert result_count(html) == 1
    assert hit_links(html) == [tokyo]
    assert '<time datetime="2018-11-04">4 – 15 พฤศจิกายน 2561</time>' in html
    assert "(4 – 15 Nov 2018)" in html
    assert "กรุงโตเกียว ประเทศญี่ปุ่น" in html
    assert "<dd>กรุงเทพมหานคร</dd>" in html
    assert "เรื่องค้างติดตาม" in html and "1 เรื่อง" in html
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S)
    assert snippet and re.search(r'<mark class="match term\d+">โตเกียว</mark>', snippet[1])


def test_country_shown_in_thai_where_the_venue_does_not_say_it(client: FlaskClient) -> None:
    html = page(client, "/search?q=Canberra")
    assert "(ออสเตรเลีย)" in html or "ออสเตรเลีย" in html


def test_sidebar_counts_match_the_service(client: FlaskClient) -> None:
    html = page(client, "/")
    facets = client.get("/api/facets").get_json()["facets"]
    links = sidebar(html)
    assert links[("country", "ไทย (Thailand)")].count == dict(facets["country"])["TH"] == 2
    assert links[("country", "ญี่ปุ่น (Japan)")].count == 1
    assert links[("year", "2561 (2018)")].count == dict(facets["year"])["2018"] == 3
    assert {label for facet, label in links if facet == "kind"} >= {"การประชุม", "โครงการ"}
    assert "ปี" in html and "ประเทศ" in html and "ประเภทเอกสาร" in html


def test_facet_link_filters_and_chip_removes_it(client: FlaskClient) -> None:
    year = sidebar(page(client, "/"))[("year", "2561 (2018)")]
    assert parse_qs(urlsplit(year.href).query) == {"f": ["year:2018"]}
    html = page(client, year.href)
    assert result_count(html) == year.count == 3
    assert 'class="selected"' in html and 'aria-current="true"' in html
    chip = re.search(r'<a class="chip" href="([^"]*)"[^>]*>2561 \(2018\) ×</a>', html)
    assert chip, "selected value shown as a removable chip"
    assert result_count(page(client, chip[1].replace("&amp;", "&"))) == 14
    # Another facet is AND-ed with the year: its counts are those of 2018 only.
    japan = sidebar(html)[("country", "ญี่ปุ่น (Japan)")]
    both = page(client, japan.href)
    assert result_count(both) == japan.count == 1
    assert parse_qs(urlsplit(japan.href).query)["f"] == ["year:2018", "country:JP"]
    # Several values of one facet are OR-ed.
    years = page(client, "/search?f=year:2018&f=year:2023")
    assert result_count(years) == 6


def test_be_year_in_the_url_is_the_ce_facet(client: FlaskClient) -> None:
    html = page(client, "/search?f=year:2561")
    assert result_count(html) == 3
    assert "2561 (2018) ×" in html


def test_exclusion_link_removes_the_value(client: FlaskClient) -> None:
    thai = sidebar(page(client, "/"))[("country", "ไทย (Thailand)")]
    assert parse_qs(urlsplit(thai.exclude_href).query) == {"x": ["country:TH"]}
    html = page(client, thai.exclude_href)
    assert result_count(html) == 14 - thai.count
    assert 'class="chip excluded"' in html and "ไม่รวม ไทย (Thailand) ×" in html
    assert 'class="excluded"' in html  # the excluded value stays in the sidebar, struck out
    # The "-" link of an excluded value lifts the exclusion.
    again = sidebar(html)[("country", "ไทย (Thailand)")]
    assert result_count(page(client, again.exclude_href)) == 14


def test_pagination_and_sort_links_keep_the_state(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    html = page(client, "/search?x=kind:project")
    assert result_count(html) == 13
    assert 'aria-label="หน้าผลการค้นหา"' in html
    assert '<span aria-current="page">1</span>' in html
    nxt = re.search(r'<a rel="next" href="([^"]*)"', html)
    assert nxt
    second = page(client, nxt[1].replace("&amp;", "&"))
    assert parse_qs(urlsplit(nxt[1].replace("&amp;", "&")).query) == {
        "x": ["kind:project"],
        "page": ["2"],
    }
    assert len(hit_links(second)) == 3
    assert '<a rel="prev" href="/search?x=kind:project">' in second
    assert set(hit_links(html)) | set(hit_links(second)) == corpus_archive.ids - {
        corpus_archive.id_of("14")
    }
    by_date = page(client, "/search?sort=date")
    assert "<strong>วันที่</strong>" in by_date
    assert '<input type="hidden" name="sort" value="date">' in by_date
    # The newest first.
    assert hit_links(by_date)[0] in {r["id"] for r in corpus_archive.records if r["date_start"]}


def test_did_you_mean_and_notice(client: FlaskClient) -> None:
    html = page(client, "/search?q=ความร่วมมอ")
    assert "หรือคุณหมายถึง" in html
    assert ">ความร่วมมือ</a>" in html
    assert "ไม่มีรายงานที่มีคำค้นครบทุกคำ" in html


def test_no_results(client: FlaskClient) -> None:
    html = page(client, "/search?q=zzzzqqqq")
    assert result_count(html) == 0
    assert "ไม่พบรายงานที่ตรงกับคำค้น" in html


def test_bad_parameters_give_an_html_error_page(client: FlaskClient) -> None:
    for url in ("/search?page=abc", "/search?f=colour:red", "/search?sort=random", "/?f=year"):
        html = page(client, url, 400)
        assert "ข้อผิดพลาด 400" in html
        assert "Traceback" not in html
    html = page(client, "/no/such/page", 404)
    assert "ไม่พบหน้าที่ต้องการ" in html


def test_cities_read_in_thai_and_years_newest_first(client: FlaskClient) -> None:
    html = page(client, "/")
    cities = html[html.index('data-facet="city"') - 400 :]
    assert ">โตเกียว<" in cities and ">Tokyo<" not in cities
    years = re.findall(r'data-facet="year"[^>]*>(\d{4}) \(\d{4}\)<', html)
    assert years == sorted(years, reverse=True) and len(years) >= 5


def _facet_section(html: str, name: str) -> str:
    start = html.index('<section class="facet')
    start = html.index(f'id="facet-{name}"', start)
    return html[start : html.index("</section>", start)]


def test_more_link_shows_a_long_facet_in_full_and_back(client: FlaskClient) -> None:
    html = page(client, "/")
    countries = dict(client.get("/api/facets").get_json()["facets"]["country"])
    shown = [label for facet, label in sidebar(html) if facet == "country"]
    assert len(shown) == 10 < len(countries)
    more = re.search(r'<a href="([^"]*)" data-more="country"\s+aria-label="([^"]*)">([^<]*)</a>',
                     _facet_section(html, "country"))
    assert more, "a 'more' link under the country facet"
    assert more[3] == f"แสดงอีก {len(countries) - 10} รายการ"
    assert more[2] == f"แสดงประเทศที่จัดประชุมอีก {len(countries) - 10} รายการ"  # names the facet
    href = unescape(more[1])
    assert href == "/search?more=country#facet-country"
    expanded = page(client, href)
    assert len([1 for facet, _ in sidebar(expanded) if facet == "country"]) == len(countries)
    assert 'data-more="country"' not in expanded
    assert 'href="/search#facet-country" data-fewer="country">แสดงน้อยลง</a>' in expanded
    # Other facets stay short; picking a value keeps the expanded facet expanded.
    assert len([1 for facet, _ in sidebar(expanded) if facet == "city"]) == 10
    japan = sidebar(expanded)[("country", "ญี่ปุ่น (Japan)")]
    assert parse_qs(urlsplit(japan.href).query) == {"f": ["country:JP"], "more": ["country"]}
    # Unknown facet names are ignored, not an error.
    assert result_count(page(client, "/?more=colour&more=<b>")) == 14


def test_year_and_month_histograms_without_inline_styles(client: FlaskClient) -> None:
    html = page(client, "/")
    api = client.get("/api/facets").get_json()["facets"]
    for name in ("year", "month"):
        section = _facet_section(html, name)
        assert 'class="facet histogram"' in html
        bars = re.findall(
            r'<span class="count">(\d+)</span>.*?<span class="bar" aria-hidden="true">'
            r'<span class="fill w(\d+)"></span></span>',
            section,
            re.S,
        )
        assert len(bars) == min(10, len(api[name]))
        peak = max(int(count) for count, _ in bars)
        for count, width in bars:  # 5 % steps, the largest count full width, none empty
            assert int(width) == -(-int(count) * 20 // peak) and 1 <= int(width) <= 20
    assert " style=" not in html and "<style" not in html  # the CSP allows no inline style
    with client.get("/static/site.css") as css:
        rules = css.get_data(as_text=True)
    assert all(f".w{n} {{ width: " in rules for n in range(21))


def test_the_thai_web_font_is_served_by_the_site(client: FlaskClient) -> None:
    with client.get("/static/site.css") as css:
        rules = css.get_data(as_text=True)
    fonts = re.findall(r"url\((fonts/[^)]+\.woff2)\)", rules)
    assert len(fonts) == 4 and "font-display: swap" in rules
    assert "http" not in rules.split("*/", 1)[1]  # nothing fetched from elsewhere
    for font in fonts:
        with client.get(f"/static/{font}") as response:
            assert response.status_code == 200
            assert response.get_data()[:4] == b"wOF2"
    with client.get("/static/fonts/OFL.txt") as licence:
        assert "SIL OPEN FONT LICENSE" in licence.get_data(as_text=True)


def test_toggle_links_are_the_urls_of_the_changed_state(app: Flask) -> None:
    """``toggle`` joins the rest of the query once per facet; its links are those that
    ``url`` writes for the state with the value added or removed (the facet's values last)."""
    states = [
        PageState(),
        PageState(q="ความร่วมมือ ญี่ปุ่น", sort="date", page=3),
        PageState(
            q="a&b=c",
            filters={"year": ["2020", "2021"], "country": ["JP"]},
            excluded={"kind": ["news"]},
            more=["city", "partner"],
        ),
        PageState(filters={"country": ["JP"]}, excluded={"kind": ["news"], "city": ["Bangkok"]}),
    ]
    with app.test_request_context("/search"):
        for state in states:
            for name, value in [
                ("year", "2020"), ("year", "2019"), ("country", "JP"), ("country", "ลาว"),
                ("kind", "news"), ("kind", "meeting"), ("city", "Bangkok"), ("partner", "a&b"),
            ]:
                for exclude in (False, True):
                    chosen = state.excluded if exclude else state.filters
                    values = chosen.get(name, [])
                    changed = [v for v in values if v != value] if value in values else [
                        *values, value
                    ]
                    updated = {n: v for n, v in chosen.items() if n != name}
                    if changed:
                        updated[name] = changed
                    expected = state.url(**{"excluded" if exclude else "filters": updated})
                    assert state.toggle(name, value, exclude=exclude) == expected
