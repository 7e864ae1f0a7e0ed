"""The web app over an archive of corpus/ (built once per session by ``corpus_archive``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import SearchArchive, build_search_archive, write_bma
from webapp import close_app, create_app


@pytest.fixture(scope="session")
def app(corpus_archive: SearchArchive) -> Iterator[Flask]:
    """The app (pytest-flask's ``client`` uses it) on the corpus archive's data folder."""
    application = create_app({"TESTING": True, "ARCHIVE_HOME": str(corpus_archive.home)})
    yield application
    close_app(application)


@dataclass(frozen=True)
class FacetLink:
    facet: str
    label: str
    count: int
    href: str
    exclude_href: str


_FACET_LI = re.compile(
    r'<a class="value" href="(?P<href>[^"]*)" data-facet="(?P<facet>[^"]+)"[^>]*>'
    r"(?P<label>[^<]*)</a>"
    r'\s*<span class="count">(?P<count>\d+)</span>\s*<a class="exclude" href="(?P<exclude>[^"]*)"'
)


def sidebar(html: str) -> dict[tuple[str, str], FacetLink]:
    """The facet sidebar of a search page: (facet, label as shown) -> link."""
    return {
        (m["facet"], unescape(m["label"])): FacetLink(
            m["facet"],
            unescape(m["label"]),
            int(m["count"]),
            unescape(m["href"]),
            unescape(m["exclude"]),
        )
        for m in _FACET_LI.finditer(html)
    }


def result_count(html: str) -> int:
    """The "พบ N รายการ" figure of a search page."""
    match = re.search(r'id="result-count">พบ (\d+) รายการ<', html)
    assert match, "no result count on the page"
    return int(match[1])


def hit_links(html: str) -> list[int]:
    """Record ids of the hits on a search page, in order."""
    return [int(i) for i in re.findall(r'<h3><a href="/records/(\d+)">', html)]


@contextmanager
def hostile_app(folder: Path, template_db: Path, hostile: str) -> Iterator[Flask]:
    """A site over one record whose title holds ``hostile`` markup."""
    write_bma(folder / "docs" / "evil.txt", f"การประชุมเรื่องน้ำท่วม {hostile}")
    archive = build_search_archive(folder / "home", template_db, folder / "docs")
    assert hostile in archive.records[0]["title"]
    application = create_app({"TESTING": True, "ARCHIVE_HOME": str(archive.home)})
    try:
        yield application
    finally:
        close_app(application)
