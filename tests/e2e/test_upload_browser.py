"""Uploading documents in a real headless browser against `archive serve` (which starts its own
worker): an editor picks two files and drops a third on the form, the jobs page follows them by
polling until each is done, then the new record shows its original file. Screenshot:
tests/artifacts/upload-jobs.png."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import bma_form
from tests.e2e.conftest import WAIT_TIMEOUT, Browser, Server, _archive, screenshot
from tests.e2e.test_followups_browser import _submit

NAME = "uploader"
PASSWORD = "e2e-password-2"
# A file dropped on the form: the drop event as Chrome sends it, with a DataTransfer of one file.
DROP = """
const [name, text] = arguments;
const files = new DataTransfer();
files.items.add(new File([text], name, {type: "text/plain"}));
const zone = document.getElementById("drop-zone");
const event = {dataTransfer: files, bubbles: true, cancelable: true};
zone.dispatchEvent(new DragEvent("dragover", event));
zone.dispatchEvent(new DragEvent("drop", event));
"""


def test_an_editor_uploads_files_and_watches_them_become_records(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    added = _archive(
        server.home, "users", "add", NAME, "--role", "editor", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    files = [tmp_path / "ลาว.txt", tmp_path / "เวียดนาม.txt"]
    files[0].write_text(bma_form("การประชุมความร่วมมือด้านการค้าชายแดนกับลาว"), encoding="utf-8")
    files[1].write_text(bma_form("การประชุมความร่วมมือด้านประมงกับเวียดนาม"), encoding="utf-8")

    driver = browser.driver
    driver.get(f"{server.url}/login?next=/documents/upload")
    driver.find_element(By.ID, "name").send_keys(NAME)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]"))
    assert urlsplit(driver.current_url).path == "/documents/upload"
    assert driver.find_element(By.ID, "drop-hint").is_displayed()  # scripts run: drop works

    driver.find_element(By.ID, "file").send_keys("\n".join(str(f) for f in files))
    chosen = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#chosen li")]
    assert chosen == ["ลาว.txt", "เวียดนาม.txt"]
    # A third file dropped on the form joins the chosen ones (the input's files, so the form
    # sends all three).
    dropped = bma_form("การประชุมความร่วมมือด้านการท่องเที่ยวกับกัมพูชา")
    driver.execute_script(DROP, "กัมพูชา.txt", dropped)
    chosen = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#chosen li")]
    assert chosen == ["ลาว.txt", "เวียดนาม.txt", "กัมพูชา.txt"]
    assert "dragging" not in driver.find_element(By.ID, "drop-zone").get_attribute("class")
    _submit(driver, driver.find_element(By.ID, "upload-button"))
    assert urlsplit(driver.current_url).path == "/documents/jobs"

    # The page polls until every file is done, then shows the records' links.
    WebDriverWait(driver, WAIT_TIMEOUT * 2, poll_frequency=0.2).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "a.record-link")) == 3
    )
    progress = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "td.progress")]
    assert progress == ["เสร็จแล้ว", "เสร็จแล้ว", "เสร็จแล้ว"]
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "a.record-link")]
    assert "การประชุมความร่วมมือด้านการท่องเที่ยวกับกัมพูชา" in titles
    screenshot(driver, "upload-jobs.png")
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "a.record-link"))
    original = driver.find_element(By.CSS_SELECTOR, "#original-file a")
    assert original.text in ("ลาว.txt", "เวียดนาม.txt", "กัมพูชา.txt")
