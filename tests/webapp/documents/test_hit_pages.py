"""Search hits of a record read from a real multi-page PDF say which page their snippet comes
from ("(หน้า 5)", "(page 5)"; ``page`` in the API); hits of other records say nothing of pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import build_search_archive, write_bma
from webapp import close_app, create_app

# A university exam of 5 pages (tests/indexer/extract/documents/SOURCES.md).
EXAM = Path(__file__).parents[2] / "indexer/extract/documents/kmutnb-exam-knowledge-management.pdf"
FORM_TITLE = "การประชุมความร่วมมือด้านการจัดการน้ำกับเนเธอร์แลนด์"


def _page_refs(client: FlaskClient, url: str) -> list[str]:
    """The page references of the hits' snippets on a search page."""
    html = client.get(url).get_data(as_text=True)
    snippets = re.findall(r'<p class="snippet"[^>]*>(.*?)</p>', html, re.S)
    assert snippets, url
    ref = re.compile(r'<span class="page-ref"[^>]*>([^<]*)</span>')
    return [" ".join(ref.findall(snippet)) for snippet in snippets]


def test_a_hit_from_a_pdf_names_the_page_of_its_snippet(tmp_path: Path, template_db: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(EXAM, folder / EXAM.name)
    write_bma(folder / "form.txt", FORM_TITLE)
    archive = build_search_archive(tmp_path / "home", template_db, folder)
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(archive.home)})
    try:
        client = app.test_client()
        # Each word is on one page of the exam only: the table on page 3, the quiz tools on 5.
        assert _page_refs(client, "/search?q=พรบ") == ["(หน้า 2)"]
        assert _page_refs(client, "/search?q=กลั่นกรอง") == ["(หน้า 3)"]
        assert _page_refs(client, "/search?q=Quizizz") == ["(หน้า 5)"]
        # A word on pages 2 and 4: the page of the snippet's first marked word.
        assert _page_refs(client, "/search?q=PDPA") == ["(หน้า 2)"]
        english = client.get("/search?q=Quizizz&lang=en").get_data(as_text=True)
        assert '<span class="page-ref" lang="en">(page 5)</span>' in english
        [hit] = client.get("/api/search?q=Quizizz").get_json()["hits"]
        assert hit["page"] == 5 and "<mark" in hit["snippet"]

        # A text file is not paged: its hit names no page.
        assert _page_refs(client, "/search?q=เนเธอร์แลนด์") == [""]
        [hit] = client.get("/api/search?q=เนเธอร์แลนด์").get_json()["hits"]
        assert hit["page"] is None
    finally:
        close_app(app)
