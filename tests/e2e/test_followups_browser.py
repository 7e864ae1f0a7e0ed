"""Follow-up tracking in a real headless browser: sign in, change an item's status with a
note, see the change in the item's timeline and in the dashboard's counts; screenshots go to
tests/artifacts/ (followups.png, follow-up-item.png).

Selectors are ids and data attributes (``#login-link``, ``#status``, ``#timeline``,
``#count-done``), not the Thai wording.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tests.e2e.conftest import WAIT_TIMEOUT, Browser, Server, _archive, left_page, screenshot

NAME = "manager"
PASSWORD = "e2e-password-1"
NOTE = "ประชุมติดตามแล้ว ปิดเรื่อง"


def _count(driver: Any, status: str) -> int:
    from selenium.webdriver.common.by import By

    return int(driver.find_element(By.ID, f"count-{status}").text)


def _submit(driver: Any, button: Any) -> None:
    """Click a submit button and wait (bounded) for the next page to load."""
    from selenium.webdriver.support.ui import WebDriverWait

    html = driver.find_element("tag name", "html")
    button.click()
    wait = WebDriverWait(driver, WAIT_TIMEOUT, poll_frequency=0.05)
    wait.until(left_page(html))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_login_change_status_with_note_and_see_it(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    added = _archive(
        server.home, "users", "add", NAME, "--role", "editor", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    driver = browser.driver

    driver.get(f"{server.url}/follow-ups")
    open_before, done_before = _count(driver, "open"), _count(driver, "done")
    assert open_before > 0
    assert not driver.find_elements(By.ID, "signed-in-user")

    # Sign in from the header link; the login page sends us back to the dashboard.
    _submit(driver, driver.find_element(By.ID, "login-link"))
    assert urlsplit(driver.current_url).path == "/login"
    driver.find_element(By.ID, "name").send_keys(NAME)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]"))
    assert urlsplit(driver.current_url).path == "/follow-ups"
    assert driver.find_element(By.ID, "signed-in-user").text == NAME

    # The first open item of the list: mark it done, with a note.
    row = driver.find_element(By.CSS_SELECTOR, "tr.status-open[data-id]")
    item_id = row.get_attribute("data-id")
    _submit(driver, row.find_element(By.CSS_SELECTOR, "td.col-text a"))
    assert urlsplit(driver.current_url).path == f"/follow-ups/{item_id}"
    Select(driver.find_element(By.ID, "status")).select_by_value("done")
    driver.find_element(By.ID, "note").send_keys(NOTE)
    _submit(driver, driver.find_element(By.ID, "save"))

    assert urlsplit(driver.current_url).path == f"/follow-ups/{item_id}"
    timeline = driver.find_element(By.ID, "timeline")
    newest = timeline.find_element(By.CSS_SELECTOR, "li.entry")
    assert NOTE in newest.text and NAME in newest.text
    change = newest.find_element(By.CSS_SELECTOR, "li[data-field=status] .new")
    status_label = driver.find_element(By.CSS_SELECTOR, "#item-status .badge").text
    assert change.text == status_label  # the timeline's new value is the badge's status
    screenshot(driver, "follow-up-item.png")

    driver.get(f"{server.url}/follow-ups")
    assert _count(driver, "done") == done_before + 1
    assert _count(driver, "open") == open_before - 1
    screenshot(driver, "followups.png")
    assert server.show(int(item_id.split("-")[0]))["follow_ups"]  # the record still reads
