"""Citation downloads, result-set exports and the citation metadata embedded in the pages."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import bibtexparser
import openpyxl
import pytest
import rispy
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import SearchArchive
from tests.webapp.conftest import hostile_app
from webapp import formats, services
from webapp.citations import TABLE_COLUMNS

HOST = "http://localhost"  # the test client's host: permalinks are absolute


class Page(HTMLParser):
    """What a page carries for reference managers: meta tags, scripts, COinS spans."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.coins: list[str] = []
        self.buttons: list[dict[str, str | None]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta.setdefault(a["name"] or "", []).append(a.get("content") or "")
        elif tag == "script":
            self._script, self._text = a, []
        elif tag == "span" and a.get("class") == "Z3988":
            self.coins.append(a.get("title") or "")
        elif tag == "button":
            self.buttons.append(a)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def jsonld(self) -> list[dict[str, Any]]:
        return [
            json.loads(text) for a, text in self.scripts if a.get("type") == "application/ld+json"
        ]


def _kind_id(archive: SearchArchive, kind: str) -> int:
    return next(r["id"] for r in archive.records if r["document_kind"] == kind)


def _record(client: FlaskClient, record_id: int) -> dict[str, Any]:
    return client.get(f"/api/records/{record_id}").get_json()


def _download(client: FlaskClient, url: str, mimetype: str, filename: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    return response.data


def _bib(data: bytes) -> list[Any]:
    library = bibtexparser.parse_string(data.decode("utf-8"))
    assert not library.failed_blocks
    return library.entries


# --------------------------------------------------------------------------- one record


@pytest.mark.parametrize(
    ("kind", "bib_type", "ris_type", "csl_type"),
    [
        ("meeting", "inproceedings", "CONF", "paper-conference"),
        ("project", "techreport", "RPRT", "report"),
    ],
)
def test_record_formats_round_trip(
    client: FlaskClient,
    corpus_archive: SearchArchive,
    kind: str,
    bib_type: str,
    ris_type: str,
    csl_type: str,
) -> None:
    record_id = _kind_id(corpus_archive, kind)
    if kind == "project":
        assert record_id == corpus_archive.id_of("14")
    data = _record(client, record_id)
    permalink = f"{HOST}/records/{record_id}"

    bib = _bib(
        _download(
            client,
            f"/records/{record_id}/cite.bib",
            "application/x-bibtex",
            f"archive-{record_id}.bib",
        )
    )
    assert len(bib) == 1
    entry = bib[0]
    assert entry.entry_type == bib_type
    assert entry.fields_dict["url"].value == permalink
    assert entry.fields_dict["title"].value == data["title"]
    institution = "organization" if kind == "meeting" else "institution"
    assert entry.fields_dict[institution].value == data["organization"]

    ris_text = _download(
        client,
        f"/records/{record_id}/cite.ris",
        "application/x-research-info-systems",
        f"archive-{record_id}.ris",
    ).decode("utf-8")
    (ris,) = rispy.loads(ris_text)
    assert ris["type_of_reference"] == ris_type
    assert ris["title"] == data["title"]
    assert ris["urls"] == [permalink]
    assert ris["publisher"] == data["organization"]

    (csl,) = json.loads(
        _download(
            client,
            f"/records/{record_id}/cite.json",
            "application/vnd.citationstyles.csl+json",
            f"archive-{record_id}.json",
        )
    )
    assert csl["type"] == csl_type
    assert csl["title"] == data["title"]
    assert csl["URL"] == permalink
    assert csl["publisher"] == data["organization"]
    if data["date_start"]:
        y, m, d = (int(p) for p in data["date_start"].split("-"))
        assert csl["issued"] == {"date-parts": [[y, m, d]]}


@pytest.mark.parametrize(
    "url",
    [
        "/records/999999/cite.bib",
        "/records/1/cite.csv",
        "/records/1/cite.xlsx",
        "/records/1/cite.csl",
        "/records/1/cite.pdf",
        "/records/abc/cite.bib",
        "/export.pdf",
        "/export.csl",
    ],
)
def test_unknown_record_or_format_is_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"


# --------------------------------------------------------------------------- result sets

QUERY = {"q": "ความร่วมมือ", "x": "kind:project", "sort": "date"}


def _api_ids(client: FlaskClient, params: dict[str, Any]) -> list[int]:
    ids: list[int] = []
    page = 1
    while True:
        result = client.get("/api/search", query_string={**params, "limit": 3, "page": page})
        body = result.get_json()
        ids += [h["id"] for h in body["hits"]]
        if len(ids) >= body["total"]:
            return ids
        page += 1


def test_result_set_exports_hold_every_hit(client: FlaskClient) -> None:
    expected = _api_ids(client, QUERY)
    assert len(expected) > services.PER_PAGE  # more than the search page shows
    for params in (QUERY, {"f": "country:ญี่ปุ่น"}, {}):
        ids = _api_ids(client, params)
        csl = json.loads(client.get("/export.json", query_string=params).data)
        assert [int(item["id"].removeprefix("archive-")) for item in csl] == ids, params

    bib = _bib(
        _download(
            client,
            "/export.bib?" + _qs(QUERY),
            "application/x-bibtex",
            "archive-results.bib",
        )
    )
    assert [int(e.fields_dict["url"].value.rsplit("/", 1)[1]) for e in bib] == expected
    assert len({e.key for e in bib}) == len(bib)

    ris = rispy.loads(
        _download(
            client,
            "/export.ris?" + _qs(QUERY),
            "application/x-research-info-systems",
            "archive-results.ris",
        ).decode("utf-8")
    )
    assert [int(r["id"].removeprefix("archive-")) for r in ris] == expected


def _qs(params: dict[str, str]) -> str:
    return urlencode(params)


def test_result_set_csv_and_xlsx(client: FlaskClient) -> None:
    params = {"f": "kind:meeting"}
    expected = _api_ids(client, params)
    titles = {i: _record(client, i)["title"] for i in expected}

    data = _download(client, "/export.csv?f=kind:meeting", "text/csv", "archive-results.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == TABLE_COLUMNS
    assert [int(r[0]) for r in rows[1:]] == expected
    for row in rows[1:]:
        assert row[1] == titles[int(row[0])]  # Thai intact
        assert row[-1] == f"{HOST}/records/{row[0]}"
        assert row[2] == "meeting"

    xlsx = _download(
        client,
        "/export.xlsx?f=kind:meeting",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "archive-results.xlsx",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert tuple(values[0]) == TABLE_COLUMNS
    assert [v[0] for v in values[1:]] == expected
    assert [v[1] for v in values[1:]] == [titles[i] for i in expected]


def test_result_set_errors(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/export.bib?f=colour:red").status_code == 400
    monkeypatch.setattr(services, "MAX_EXPORT", 3)
    response = client.get("/export.csv")
    assert response.status_code == 400
    assert "ส่งออกได้ครั้งละไม่เกิน 3 รายการ" in response.get_data(as_text=True)
    # An empty result set is an empty file, not an error.
    empty = client.get("/export.json", query_string={"q": "zzqxwv"})
    assert empty.status_code == 200 and json.loads(empty.data) == []


# --------------------------------------------------------------------------- the pages


def test_search_page_has_export_links_and_one_coins_per_hit(client: FlaskClient) -> None:
    html = client.get("/search", query_string=QUERY).get_data(as_text=True)
    page = Page(html)
    hits = [int(i) for i in re.findall(r'<h3><a href="/records/(\d+)">', html)]
    assert hits and len(page.coins) == len(hits)
    for record_id, title in zip(hits, page.coins, strict=True):
        kev = {k: v[0] for k, v in parse_qs(title).items()}
        record = _record(client, record_id)
        assert kev["ctx_ver"] == "Z39.88-2004"
        assert kev["rft_val_fmt"] == "info:ofi/fmt:kev:mtx:book"
        assert kev["rft.genre"] == "report"
        assert kev["rft.btitle"] == record["title"]
        assert kev["rft.pub"] == record["organization"]
        assert kev["rft_id"] == f"{HOST}/records/{record_id}"
        if record["date_start"]:
            assert kev["rft.date"] == record["date_start"]
    links = dict(re.findall(r'href="/export\.(\w+)\?([^"]*)"', html))
    assert sorted(links) == ["bib", "csv", "json", "ris", "xlsx"]
    for query in links.values():  # the page's state, kept in every export link
        assert parse_qs(unescape(query)) == {k: [v] for k, v in QUERY.items()}
    csl = json.loads(client.get("/export.json?" + unescape(links["json"])).data)
    assert [int(item["id"].removeprefix("archive-")) for item in csl] == _api_ids(client, QUERY)


def test_record_page_metadata(client: FlaskClient, corpus_archive: SearchArchive) -> None:
    record_id = _kind_id(corpus_archive, "meeting")
    data = _record(client, record_id)
    response = client.get(f"/records/{record_id}")
    page = Page(response.get_data(as_text=True))
    permalink = f"{HOST}/records/{record_id}"
    meta = {name: values[0] for name, values in page.meta.items()}
    assert meta["citation_title"] == data["title"]
    assert meta["citation_technical_report_institution"] == data["organization"]
    assert meta["citation_language"] == "th"
    assert meta["citation_public_url"] == permalink
    assert meta["citation_abstract_html_url"] == permalink
    assert meta["citation_date"] == data["date_start"].replace("-", "/")
    assert meta["citation_publication_date"]
    assert meta["citation_conference_title"]
    expected_author = (data["reporter"] or {}).get("name") or data["organization"]
    assert meta["citation_author"] in expected_author  # courtesy title dropped

    (jsonld,) = page.jsonld()
    assert jsonld["@context"] == "https://schema.org"
    assert jsonld["@type"] == "Report"
    assert jsonld["name"] == data["title"]
    assert jsonld["author"] == {"@type": "Organization", "name": data["organization"]}
    assert jsonld["url"] == permalink
    assert jsonld["inLanguage"] == "th"
    assert jsonld["datePublished"] == data["date_start"]
    assert jsonld["locationCreated"]["@type"] == "Place"


def test_project_page_has_no_conference_title(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    record_id = corpus_archive.id_of("14")
    page = Page(client.get(f"/records/{record_id}").get_data(as_text=True))
    assert "citation_conference_title" not in page.meta
    assert page.meta["citation_technical_report_institution"] == [
        _record(client, record_id)["organization"]
    ]
    assert page.meta["citation_author"] == page.meta["citation_technical_report_institution"]


def test_references_copy_buttons_and_no_inline_script(
    client: FlaskClient, corpus_archive: SearchArchive
) -> None:
    record_id = corpus_archive.id_of("01")
    html = client.get(f"/records/{record_id}").get_data(as_text=True)
    assert '<h2 id="cite-heading">อ้างอิง</h2>' in html
    permalink = f"{HOST}/records/{record_id}"
    for style in ("apa", "chicago"):
        match = re.search(rf'<p class="reference" id="reference-{style}">([^<]+)</p>', html)
        assert match and permalink in match[1], style
    page = Page(html)
    copies = [b for b in page.buttons if b.get("data-copy")]
    assert {b["data-copy"] for b in copies} == {"reference-apa", "reference-chicago"}
    assert html.count(">คัดลอก</button>") == 2
    for fmt in ("bib", "ris", "json"):
        assert f'href="/records/{record_id}/cite.{fmt}"' in html
    # Scripts: the external copy.js and the JSON-LD data block, nothing inline and executable.
    external = [a["src"] for a, _ in page.scripts if a.get("src")]
    assert external == ["/static/copy.js"]
    inline = [a.get("type") for a, text in page.scripts if not a.get("src")]
    assert inline == ["application/ld+json"]
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    script = client.get("/static/copy.js")
    assert script.status_code == 200
    assert script.mimetype in ("text/javascript", "application/javascript")
    assert b"data-copy" in script.data
    script.close()


# --------------------------------------------------------------------------- hostile input

EVIL = '</script><script>alert(1)</script> & "quoted" <b>'


@pytest.fixture(scope="module")
def evil_app(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[Flask]:
    with hostile_app(tmp_path_factory.mktemp("evil-cite"), template_db, EVIL) as application:
        yield application


def test_hostile_title_stays_inside_json_ld_and_meta_tags(evil_app: Flask) -> None:
    client = evil_app.test_client()
    html = client.get("/records/1").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 2  # the JSON-LD block's and copy.js's own
    page = Page(html)
    assert [a.get("type") for a, _ in page.scripts if not a.get("src")] == ["application/ld+json"]
    (jsonld,) = page.jsonld()
    assert EVIL in jsonld["name"]
    assert EVIL in page.meta["citation_title"][0]
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block and "<" not in block[1] and ">" not in block[1] and "&" not in block[1]
    # On the search page the COinS attribute keeps it as data too.
    search = client.get("/search?q=น้ำท่วม").get_data(as_text=True)
    assert "<script>alert(1)" not in search
    (title,) = Page(search).coins
    assert EVIL in parse_qs(title)["rft.btitle"][0]
    # And the downloads carry it as plain text.
    (item,) = json.loads(client.get("/records/1/cite.json").data)
    assert EVIL in item["title"]


def test_a_new_format_is_one_entry(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding an export format touches only its entry: routes and links follow from it."""

    def titles(records: list[dict[str, Any]], permalinks: list[str]) -> bytes:
        rows = zip(records, permalinks, strict=True)
        return "".join(f"{r['title']}\t{link}\n" for r, link in rows).encode()

    extra = formats.Format(
        "titles", "Titles", "tsv", "text/tab-separated-values; charset=utf-8", titles,
        frozenset({formats.RECORD, formats.RESULTS}),
    )
    monkeypatch.setitem(formats.FORMATS, extra.name, extra)
    html = client.get("/search", query_string=QUERY).get_data(as_text=True)
    links = dict(re.findall(r'href="/export\.(\w+)\?([^"]*)"', html))
    assert sorted(links) == ["bib", "csv", "json", "ris", "tsv", "xlsx"]
    response = client.get("/export.tsv?" + unescape(links["tsv"]))
    assert response.status_code == 200 and response.mimetype == "text/tab-separated-values"
    lines = response.get_data(as_text=True).splitlines()
    assert [int(line.rsplit("/", 1)[1]) for line in lines] == _api_ids(client, QUERY)
    record_id = _api_ids(client, QUERY)[0]
    page = client.get(f"/records/{record_id}").get_data(as_text=True)
    assert f'href="/records/{record_id}/cite.tsv"' in page
    cited = client.get(f"/records/{record_id}/cite.tsv").get_data(as_text=True)
    assert cited == f"{_record(client, record_id)['title']}\t{HOST}/records/{record_id}\n"
