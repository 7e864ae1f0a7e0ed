"""The site in a real headless browser: search in Thai, narrow by a country facet, open a
record, download its BibTeX and read it back; screenshots go to tests/artifacts/.

Selectors are ids, classes and data attributes (``#q``, ``#result-count``,
``a.value[data-facet=country]``, the ``cite.bib`` link), not the Thai wording, so the page
text can be reworded or translated without breaking the test.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import bibtexparser
from pylatexenc.latex2text import LatexNodes2Text

from tests.e2e.conftest import WAIT_TIMEOUT, Browser, Server, left_page, screenshot
from webapp.citations import CONFERENCE_KINDS

QUERY = "ความร่วมมือ"


def _count(driver: Any) -> int:
    from selenium.webdriver.common.by import By

    text = driver.find_element(By.ID, "result-count").text
    match = re.search(r"\d+", text.replace(",", ""))
    assert match, f"no figure in the result count {text!r}"
    return int(match[0])


def _wait_for_new_page(driver: Any, old_element: Any) -> None:
    """Wait (bounded) until ``old_element`` is gone and the next page has loaded."""
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, WAIT_TIMEOUT, poll_frequency=0.05)
    wait.until(left_page(old_element))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def _wait_for_file(folder: Path, pattern: str) -> Path:
    deadline = time.monotonic() + WAIT_TIMEOUT
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(pattern) if not p.name.endswith(".crdownload")]
        if done and done[0].stat().st_size:
            return done[0]
        time.sleep(0.05)
    raise AssertionError(f"no {pattern} downloaded into {folder}: {list(folder.iterdir())}")


def test_search_facet_record_and_bibtex(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By

    driver = browser.driver
    driver.get(f"{server.url}/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"

    # The search box, found through its <label> as a screen reader would.
    label = driver.find_element(By.CSS_SELECTOR, "form[role=search] label[for]")
    box = driver.find_element(By.ID, label.get_attribute("for"))
    assert label.text.strip(), "the search box's label is empty"
    box.clear()
    box.send_keys(QUERY)
    assert box.get_attribute("value") == QUERY  # Thai combining vowels and tone marks typed
    before = driver.find_element(By.ID, "result-count")
    box.submit()
    _wait_for_new_page(driver, before)
    assert parse_qs(urlsplit(driver.current_url).query)["q"] == [QUERY]
    total = _count(driver)
    assert total > 1, f"{QUERY} should match several corpus reports, found {total}"
    hits = driver.find_elements(By.CSS_SELECTOR, "ol.hits li.hit h3 a")
    assert hits, "a non-zero count but no hits listed"

    # A country facet whose count differs from the total, so ticking it visibly narrows.
    facets = [
        (link, int(link.find_element(By.XPATH, "following-sibling::span[@class='count']").text))
        for link in driver.find_elements(By.CSS_SELECTOR, "a.value[data-facet='country']")
    ]
    assert facets, "no country facet on the results page"
    narrowing = [(link, n) for link, n in facets if 0 < n < total]
    assert narrowing, f"every country facet covers all {total} hits: {[n for _, n in facets]}"
    link, expected = narrowing[0]
    country = link.text

    before = driver.find_element(By.ID, "result-count")
    link.click()
    _wait_for_new_page(driver, before)
    query = parse_qs(urlsplit(driver.current_url).query)
    assert query["q"] == [QUERY]
    assert any(f.startswith("country:") for f in query.get("f", [])), driver.current_url
    narrowed = _count(driver)
    assert narrowed == expected != total, (country, expected, narrowed, total)
    selected = driver.find_elements(By.CSS_SELECTOR, "li.selected a.value[data-facet='country']")
    assert [s.text for s in selected] == [country]
    assert 1 <= len(driver.find_elements(By.CSS_SELECTOR, "ol.hits li.hit")) <= narrowed
    screenshot(driver, "search.png")  # the Thai query, the ticked country and its hits

    # Open the first record.
    first = driver.find_element(By.CSS_SELECTOR, "ol.hits li.hit h3 a")
    listed_title = first.text
    before = driver.find_element(By.ID, "result-count")
    first.click()
    _wait_for_new_page(driver, before)
    match = re.fullmatch(r"/records/(\d+)", urlsplit(driver.current_url).path)
    assert match, driver.current_url
    record = server.show(int(match[1]))
    page_title = driver.find_element(By.CSS_SELECTOR, "article.record h1").text
    assert page_title == listed_title == record["title"]
    screenshot(driver, "record.png")

    # Download its BibTeX through the browser and read it back with an independent parser.
    bib_link = driver.find_element(By.CSS_SELECTOR, "a[href$='/cite.bib']")
    assert urlsplit(bib_link.get_attribute("href")).path == f"/records/{record['id']}/cite.bib"
    bib_link.click()
    downloaded = _wait_for_file(browser.downloads, "*.bib")
    library = bibtexparser.parse_string(downloaded.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == 1
    entry = library.entries[0]
    fields = entry.fields_dict
    latex = LatexNodes2Text()
    assert latex.latex_to_text(fields["title"].value) == record["title"]
    kind = "inproceedings" if record["document_kind"] in CONFERENCE_KINDS else "techreport"
    assert entry.entry_type == kind
    assert fields["url"].value == f"{server.url}/records/{record['id']}"
    assert fields["langid"].value == "thai"
