"""The review queue and same-meeting links in a real headless browser: an editor opens
/review, marks a record reviewed (the header's count drops), links the two reports of one
meeting from the suggestion on a record page, and search then shows the meeting once with
"รายงานด้วยใน …"; screenshots go to tests/artifacts/ (review.png, also-reported.png).

Selectors are ids, classes and data attributes, not the Thai wording (but for the one phrase
under test).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from archive.thai.normalize import thai_to_arabic_digits
from tests.archive.curation.meetings import BMA_7, NEWS_7, write_meetings
from tests.e2e.conftest import WAIT_TIMEOUT, Browser, Server, _archive, screenshot
from tests.e2e.test_followups_browser import _submit

NAME = "reviewer"
PASSWORD = "e2e-password-2"


def _waiting(driver: Any) -> int:
    from selenium.webdriver.common.by import By

    count = driver.find_element(By.CSS_SELECTOR, "#review-waiting .count").text
    return int(thai_to_arabic_digits(count))


def test_review_mark_reviewed_and_link_one_meeting(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    added = _archive(
        server.home, "users", "add", NAME, "--role", "editor", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    ingested = _archive(server.home, "ingest", str(write_meetings(tmp_path / "docs")),
                        "--workers", "1", "--no-progress")  # fmt: skip
    assert ingested.returncode == 0, ingested.stderr
    listed = json.loads(_archive(server.home, "list", "--json").stdout)
    ids = {r["title"]: r["id"] for r in listed}
    bma, news = ids[BMA_7], ids[NEWS_7]
    driver = browser.driver

    driver.get(f"{server.url}/login?next=/review")
    driver.find_element(By.ID, "name").send_keys(NAME)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]"))
    assert urlsplit(driver.current_url).path == "/review"
    waiting = _waiting(driver)
    assert waiting >= 2  # the loose note and the unplaced venue at least

    # Open the newest record of the queue, see its doubt beside its sentence, mark it reviewed.
    item = driver.find_element(By.CSS_SELECTOR, "li.review-item")
    record_id = item.get_attribute("data-record")
    _submit(driver, item.find_element(By.TAG_NAME, "a"))
    assert urlsplit(driver.current_url).path == f"/review/{record_id}"
    assert driver.find_elements(By.CSS_SELECTOR, "li.doubt")
    screenshot(driver, "review.png")
    _submit(driver, driver.find_element(By.ID, "mark-reviewed"))
    assert urlsplit(driver.current_url).path == "/review"
    assert _waiting(driver) == waiting - 1
    assert not driver.find_elements(By.CSS_SELECTOR, f"li.review-item[data-record='{record_id}']")

    # Link the two reports of the 7th meeting from the suggestion on the BMA form's page.
    driver.get(f"{server.url}/records/{bma}")
    suggestion = driver.find_element(
        By.CSS_SELECTOR, f"#link-suggestions li[data-record='{news}'][data-kind='same_meeting']"
    )
    _submit(driver, suggestion.find_element(By.CSS_SELECTOR, "button.link-suggested"))
    same = driver.find_element(By.ID, "same-meeting")
    assert same.find_element(By.CSS_SELECTOR, f"a[href='/records/{news}']")

    # Search shows the meeting once, "also reported in" the other (the index follows the
    # change log within a second or two).
    search = f"{server.url}/search?q={quote('โตเกียว')}"
    deadline = time.monotonic() + WAIT_TIMEOUT
    while True:
        driver.get(search)
        found = driver.find_elements(By.CSS_SELECTOR, "p.also-reported")
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert found, "no 'also reported in' on the search page"
    assert found[0].text.startswith("รายงานด้วยใน")
    assert found[0].find_element(By.CSS_SELECTOR, f"a[href='/records/{max(bma, news)}']")
    hits = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "li.hit h3 a")]
    assert sum(h.endswith((f"/records/{bma}", f"/records/{news}")) for h in hits) == 1
    screenshot(driver, "also-reported.png")
