"""Correcting a record in a real headless browser: an editor signs in, changes the venue on
/records/<id>/edit, sees the corrected value marked on the record page with the history, and
search finds the record by its new venue within seconds (the served site follows the change
log). Screenshot: tests/artifacts/record-edit.png.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote, urlsplit

from tests.e2e.conftest import Browser, Server, _archive, screenshot
from tests.e2e.test_followups_browser import _submit

NAME = "corrector"
PASSWORD = "e2e-password-3"
NEW_VENUE = "เมืองฮิโรชิมะ ประเทศญี่ปุ่น"


def test_edit_a_venue_and_find_it_in_search(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By

    added = _archive(
        server.home, "users", "add", NAME, "--role", "editor", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    record_id = next(
        r["id"] for r in json.loads(_archive(server.home, "list", "--json").stdout)
        if r["source_path"].endswith("01_tokyo-jica-disaster-prevention.txt")
    )
    driver = browser.driver
    driver.get(f"{server.url}/?q={quote('ฮิโรชิมะ')}")
    hit = f"ol.hits li.hit a[href='/records/{record_id}']"
    assert not driver.find_elements(By.CSS_SELECTOR, hit)

    driver.get(f"{server.url}/login?next=/records/{record_id}/edit")
    driver.find_element(By.ID, "name").send_keys(NAME)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]"))
    assert urlsplit(driver.current_url).path == f"/records/{record_id}/edit"
    for field, value in (("venue_raw", NEW_VENUE), ("venue_city", "ฮิโรชิมะ"),
                         ("venue_country_code", ""), ("note", "สถานที่จริงตามกำหนดการ")):
        element = driver.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)
    _submit(driver, driver.find_element(By.ID, "save-record"))
    assert urlsplit(driver.current_url).path == f"/records/{record_id}"
    assert NEW_VENUE in driver.find_element(By.CSS_SELECTOR, "dl.meta").text
    mark = driver.find_element(By.CSS_SELECTOR, "small.corrected[data-field='venue']")
    assert NAME in mark.text
    assert driver.find_element(By.ID, "record-history")
    screenshot(driver, "record-edit.png")

    deadline = time.monotonic() + 15
    while True:
        driver.get(f"{server.url}/?q={quote('ฮิโรชิมะ')}")
        if driver.find_elements(By.CSS_SELECTOR, hit):
            break
        assert time.monotonic() < deadline, "search did not show the corrected venue"
        time.sleep(0.3)
    assert server.show(record_id)["venue"]["city"] == "Hiroshima"
