"""The site at phone width, in English, with its bundled font and the copy button, in headless
chromium: no horizontal scrolling at 375 px, tap targets of at least 24 px, the language switch
remembered across pages, Sarabun loaded from the site itself, "copy citation" copying.
Screenshots: tests/artifacts/search-phone.png, record-phone.png, search-en.png.
"""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import urlsplit

from tests.e2e.conftest import ARTIFACTS, WAIT_TIMEOUT, Browser, Server, left_page

PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
MIN_TARGET = 24  # CSS px: WCAG 2.2 target size (minimum), for controls that are not inline text


def _wait(driver: Any, condition: Any) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_TIMEOUT, poll_frequency=0.05).until(condition)


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    driver.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")


def _click_and_wait(driver: Any, element: Any) -> None:

    html = driver.find_element("tag name", "html")
    element.click()
    _wait(driver, left_page(html))
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def _phone_screenshot(driver: Any, name: str) -> None:
    """The whole page at phone width (device metrics stretched to the page's height)."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {**PHONE, "height": min(height, 8000)}
    )
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


def _overflow(driver: Any) -> dict[str, Any]:
    """Page width against the viewport, and the elements that stick out on the right."""
    return driver.execute_script(  # type: ignore[no-any-return]
        """
        const width = window.innerWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > width + 0.5)
          .slice(0, 5).map(e => e.tagName + '.' + e.className);
        return {scroll: document.documentElement.scrollWidth, inner: width, wide: wide};
        """
    )


def _small_targets(driver: Any) -> list[str]:
    """Controls (not links inside running text) smaller than MIN_TARGET px either way."""
    return driver.execute_script(  # type: ignore[no-any-return]
        """
        const min = arguments[0];
        const controls = document.querySelectorAll(
          '.facet a, .pages a, .languages a, .chip, button:not([hidden]), input, .more a');
        return [...controls].filter(e => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && (r.width < min || r.height < min);
        }).map(e => e.outerHTML.slice(0, 80) + ' ' +
                 Math.round(e.getBoundingClientRect().width) + 'x' +
                 Math.round(e.getBoundingClientRect().height));
        """,
        MIN_TARGET,
    )


def test_phone_width_has_no_horizontal_scroll(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By

    driver = browser.driver
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    _open(driver, f"{server.url}/search?q=ความร่วมมือ")
    assert driver.execute_script("return window.innerWidth") == PHONE["width"]
    record_url = driver.find_element(By.CSS_SELECTOR, "ol.hits li.hit h3 a").get_attribute("href")
    pages = [
        f"{server.url}/",
        f"{server.url}/search?q=ความร่วมมือ",
        f"{server.url}/search?more=country&more=city&f=year:2018&x=kind:project",
        f"{server.url}/search?q=zzzzqqqq",
        f"{server.url}/?lang=en",
        record_url,
        f"{server.url}/records/999999",
    ]
    for url in pages:
        _open(driver, url)
        sizes = _overflow(driver)
        assert sizes["scroll"] <= sizes["inner"], (url, sizes)
        assert not _small_targets(driver), (url, _small_targets(driver))
    _open(driver, f"{server.url}/?lang=th")
    # On a phone the results come first, with a link down to the filters.
    results = driver.find_element(By.CSS_SELECTOR, "section.results").rect
    facets = driver.find_element(By.CSS_SELECTOR, "nav.facets").rect
    assert results["y"] < facets["y"]
    assert driver.find_element(By.CSS_SELECTOR, ".to-filters a").is_displayed()
    _phone_screenshot(driver, "search-phone.png")
    _open(driver, record_url)
    _phone_screenshot(driver, "record-phone.png")


def test_english_switch_persists_and_font_is_bundled(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By

    driver = browser.driver
    _open(driver, f"{server.url}/")
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "th"
    label = driver.find_element(By.CSS_SELECTOR, "label[for=q]").text
    assert label == "ค้นหารายงาน"

    # The bundled Thai font is the one in use, served by the site itself.
    loaded = driver.execute_script(
        "return [...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Sarabun'"
        " && f.status === 'loaded').map(f => f.weight)"
    )
    assert "400" in loaded, loaded
    fonts = [
        entry
        for entry in driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        if entry.endswith(".woff2")
    ]
    assert fonts and all(f.startswith(f"{server.url}/static/fonts/") for f in fonts), fonts

    # Switch to English with the plain link (no script involved).
    _click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[data-lang=en]"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert driver.find_element(By.CSS_SELECTOR, "label[for=q]").text == "Search the reports"
    headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, ".facet h3")]
    assert "Venue country" in headings and "Partner" in headings and "Year" in headings

    # Search: the next pages (no ?lang= in their URLs) stay English.
    box = driver.find_element(By.ID, "q")
    box.send_keys("ความร่วมมือ")
    before = driver.find_element(By.TAG_NAME, "html")
    box.submit()

    _wait(driver, left_page(before))
    assert "lang=" not in urlsplit(driver.current_url).query
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    count = driver.find_element(By.ID, "result-count").text
    assert re.fullmatch(r"\d+ records? found", count), count
    country = driver.find_element(By.CSS_SELECTOR, "a.value[data-facet='country']")
    _click_and_wait(driver, country)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert driver.find_element(By.CSS_SELECTOR, ".chips a.chip").text.endswith("×")
    from tests.e2e.conftest import screenshot

    screenshot(driver, "search-en.png")

    # And back to Thai.
    _click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[data-lang=th]"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    assert driver.find_element(By.ID, "result-count").text.startswith("พบ")


def test_more_link_expands_a_facet(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By

    driver = browser.driver
    _open(driver, f"{server.url}/")
    shown = len(driver.find_elements(By.CSS_SELECTOR, "a.value[data-facet='country']"))
    more = driver.find_element(By.CSS_SELECTOR, "a[data-more='country']")
    _click_and_wait(driver, more)
    assert urlsplit(driver.current_url).fragment == "facet-country"
    expanded = len(driver.find_elements(By.CSS_SELECTOR, "a.value[data-facet='country']"))
    assert expanded > shown
    assert not driver.find_elements(By.CSS_SELECTOR, "a[data-more='country']")
    _click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[data-fewer='country']"))
    assert len(driver.find_elements(By.CSS_SELECTOR, "a.value[data-facet='country']")) == shown


def test_copy_citation_button(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By

    driver = browser.driver
    _open(driver, f"{server.url}/search?q=ความร่วมมือ")
    record_url = driver.find_element(By.CSS_SELECTOR, "ol.hits li.hit h3 a").get_attribute("href")
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": server.url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    _open(driver, record_url)
    button = driver.find_element(By.CSS_SELECTOR, "button.copy[data-copy='reference-apa']")
    assert button.is_displayed(), "copy.js shows the button (hidden without script)"
    label = button.text
    reference = driver.find_element(By.ID, "reference-apa").text.strip()
    assert reference
    button.click()
    _wait(driver, lambda d: button.text == "คัดลอกแล้ว")
    copied = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('ERROR ' + e));"
    )
    assert copied == reference
    _wait(driver, lambda d: button.text == label)  # the label comes back after 2 s
