"""The interface language: Thai by default, English through ?lang=en (kept in a cookie), the
record content as written, and the committed English catalogue in step with its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ROOT, SearchArchive
from tests.webapp.conftest import sidebar

CATALOG = ROOT / "webapp" / "translations" / "en" / "LC_MESSAGES"


def html(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


@pytest.fixture
def fresh(app: Flask) -> FlaskClient:
    """A client with no cookies (pytest-flask's ``client`` is shared within a test only)."""
    return app.test_client()


def test_thai_is_the_default(fresh: FlaskClient) -> None:
    response = fresh.get("/")
    page = response.get_data(as_text=True)
    assert '<html lang="th">' in page
    assert '<label for="q">ค้นหารายงาน</label>' in page
    assert '<h3 id="facet-country-heading">ประเทศที่จัดประชุม</h3>' in page
    assert 'id="result-count">พบ 14 รายการ<' in page
    assert "Set-Cookie" not in response.headers  # nothing chosen, nothing remembered
    assert "Cookie" in response.headers["Vary"]
    # The switch is a plain link to the same page in English, marked with its language.
    assert '<a href="/?lang=en" lang="en" hreflang="en" data-lang="en">English</a>' in page
    assert '<span class="current" lang="th" aria-current="true">ไทย</span>' in page


def test_english_labels_and_thai_content(
    fresh: FlaskClient, corpus_archive: SearchArchive
) -> None:
    page = html(fresh, "/search?q=โตเกียว&lang=en")
    assert '<html lang="en">' in page
    assert '<label for="q">Search the reports</label>' in page
    assert 'id="result-count">1 record found<' in page
    assert "<title>โตเกียว – Search – Archive of international meeting reports</title>" in page
    headings = ("Year", "Month", "Venue country", "Partner", "Document kind")
    for heading in (*headings, "Filter the results"):
        assert f">{heading}</h" in page, heading
    assert "ค้นหารายงาน" not in page and "กรองผลการค้นหา" not in page
    # CE first in English, the BE year beside it; the title stays Thai, marked as Thai.
    assert '<time datetime="2018-11-04">4 – 15 Nov 2018</time>' in page
    assert "(BE 2561)" in page
    tokyo = corpus_archive.id_of("01")
    title = corpus_archive.records[[r["id"] for r in corpus_archive.records].index(tokyo)]["title"]
    assert f'<h3 lang="th"><a href="/records/{tokyo}">{title}</a></h3>' in page
    assert "Study visit" in page  # the document kind
    assert "Open follow-ups" in page and "1 item" in page
    # Facet values in English: countries, cities, years in CE first, months.
    links = sidebar(html(fresh, "/?lang=en"))
    assert links[("country", "Japan")].count == 1
    assert ("year", "2018 (BE 2561)") in links
    assert ("city", "Tokyo") in links
    assert any(facet == "month" and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label)
               for facet, label in links)
    assert ("kind", "Meeting") in links


def test_the_choice_persists_across_requests(fresh: FlaskClient) -> None:
    response = fresh.get("/?lang=en")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # Later pages, without ?lang=, stay English: search, another query, an error page.
    assert '<html lang="en">' in html(fresh, "/search?q=ญี่ปุ่น")
    assert 'id="result-count">' in html(fresh, "/search?q=ญี่ปุ่น")
    assert "records found<" in html(fresh, "/search?f=year:2018")
    missing = html(fresh, "/records/999999", 404)
    assert "<h1>Error 404</h1>" in missing and "This report is not in the archive." in missing
    assert "Page not found" not in missing
    assert "not found" in html(fresh, "/no/such/page", 404)
    # ... until Thai is chosen again.
    back = fresh.get("/?lang=th")
    assert back.headers["Set-Cookie"].startswith("lang=th;")
    assert '<html lang="th">' in html(fresh, "/")


def test_record_page_in_english(fresh: FlaskClient, corpus_archive: SearchArchive) -> None:
    tokyo = corpus_archive.id_of("01")
    page = html(fresh, f"/records/{tokyo}?lang=en")
    assert '<html lang="en">' in page
    for label in ("<dt>Kind</dt><dd>Study visit</dd>", "<dt>Organisation</dt>", "<dt>Date</dt>",
                  "<dt>Venue</dt>", "<dt>Permalink</dt>", ">Follow-up actions</h2>",
                  ">Cite</h2>", "<summary>Original text</summary>", "Back to search",
                  'data-copied="Copied"', ">Copy</button>"):
        assert label in page, label
    assert "(Japan)" in page  # the venue's country in English
    assert ">การดำเนินงานต่อเนื่อง</h2>" not in page
    # The record itself is not translated.
    data = fresh.get(f"/api/records/{tokyo}").get_json()
    assert f'<h1 lang="th">{data["title"]}</h1>' in page


def test_other_lang_values_are_ignored(fresh: FlaskClient) -> None:
    for value in ("fr", "EN", "", "en-US", "../../etc", "<script>", "th;en"):
        response = fresh.get("/", query_string={"lang": value})
        assert response.status_code == 200
        assert '<html lang="th">' in response.get_data(as_text=True), value
        assert "Set-Cookie" not in response.headers, value
    # A forged cookie is ignored too.
    fresh.set_cookie("lang", "xx")
    assert '<html lang="th">' in html(fresh, "/")
    fresh.set_cookie("lang", "en")
    assert '<html lang="en">' in html(fresh, "/")
    # The switch link keeps the page's other parameters and escapes them.
    page = html(fresh, '/search?q="><b>&lang=th')
    assert 'href="/search?q=%22%3E%3Cb%3E&amp;lang=en"' in page
    assert '"><b>' not in page


def test_api_and_exports_do_not_change(fresh: FlaskClient) -> None:
    thai = fresh.get("/api/search?q=โตเกียว").get_json()
    english = fresh.get("/api/search?q=โตเกียว&lang=en").get_json()
    assert thai == english
    missing = fresh.get("/api/records/999999?lang=en")
    assert missing.status_code == 404
    assert missing.get_json() == fresh.get("/api/records/999999").get_json()


def _catalog_messages(path: Path) -> dict[object, object]:
    if path.suffix == ".po":
        with path.open("rb") as handle:
            catalog = read_po(handle)
    else:
        with path.open("rb") as handle:
            catalog = read_mo(handle)
    def key(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    def context(value: str | bytes | None) -> str | None:  # read_mo gives bytes
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def done(value: object) -> bool:  # pybabel compile leaves out untranslated entries
        return all(value) if isinstance(value, list | tuple) else bool(value)

    return {
        (context(m.context), key(m.id)): key(m.string)
        for m in catalog
        if m.id and not m.fuzzy and done(m.string)
    }


def test_compiled_catalogue_matches_the_po() -> None:
    """The committed .mo is the compiled .po (run `make translations` after editing it)."""
    source = _catalog_messages(CATALOG / "messages.po")
    compiled = _catalog_messages(CATALOG / "messages.mo")
    assert compiled == source


# The pages whose wording must all be in English; other areas (the follow-up pages) add
# their templates and modules here once their catalogue entries are translated.
TRANSLATED = [
    ("webapp/present.py", "python"),
    ("webapp/searchpage.py", "python"),
    ("webapp/recordpage.py", "python"),
    ("webapp/i18n.py", "python"),
    ("webapp/error_responses.py", "python"),
    ("webapp/templates/base.html", "jinja2"),
    ("webapp/templates/search/**.html", "jinja2"),
    ("webapp/templates/records/**.html", "jinja2"),
    ("webapp/templates/errors/**.html", "jinja2"),
    ("webapp/followups/**.py", "python"),
    ("webapp/auth.py", "python"),
    ("webapp/templates/followups/**.html", "jinja2"),
    ("webapp/templates/auth/**.html", "jinja2"),
]


def test_every_interface_string_is_translated() -> None:
    """Each message of the search, record, error, follow-up and login pages has English."""
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
                "_l": None}
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=TRANSLATED, keywords=keywords
    ):
        found.add((context, message))
    assert len(found) > 50
    translated = _catalog_messages(CATALOG / "messages.po")
    missing = [m for m in found if not translated.get(m)]
    assert not missing, f"untranslated (run `make translations`, then fill the .po): {missing}"
