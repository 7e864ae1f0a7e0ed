"""The search box's name suggestions in a real headless browser: type "Lao", move to the first
suggestion with the arrow key, take it with Enter (the box now says "Laos"), search with Enter,
and find first the record whose Thai title names the country (ลาว); Escape closes the list.
Selectors are ids and ARIA attributes, not the Thai wording."""

from __future__ import annotations

from tests.e2e.conftest import WAIT_TIMEOUT, Browser, Server, screenshot


def test_typeahead_with_the_keyboard(server: Server, browser: Browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser.driver
    wait = WebDriverWait(driver, WAIT_TIMEOUT, poll_frequency=0.05)
    driver.get(f"{server.url}/")
    box = driver.find_element(By.ID, "q")
    wait.until(lambda d: box.get_attribute("role") == "combobox")  # the script has run
    assert box.get_attribute("aria-expanded") == "false"
    listbox = driver.find_element(By.ID, box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"

    box.send_keys("Lao")
    wait.until(lambda d: box.get_attribute("aria-expanded") == "true")
    options = listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert options and options[0].get_attribute("data-value") == "Laos"
    screenshot(driver, "typeahead-lao.png")

    box.send_keys(Keys.ARROW_DOWN)
    assert options[0].get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    box.send_keys(Keys.ENTER)  # takes the name; does not search yet
    assert box.get_attribute("value") == "Laos"
    assert box.get_attribute("aria-expanded") == "false"
    assert "/?" not in driver.current_url

    old = driver.find_element(By.TAG_NAME, "html")
    box.send_keys(Keys.ENTER)  # now the form is sent
    wait.until(lambda d: "q=Laos" in d.current_url)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "html") != old)
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "h3 a[href^='/records/']")]
    assert "ลาว" in titles[0], titles  # a Thai title naming the country, first

    box = driver.find_element(By.ID, "q")
    # the results page's script has set the box up (it runs after the page is parsed)
    wait.until(lambda d: box.get_attribute("role") == "combobox")
    box.clear()
    box.send_keys("ลาว")
    wait.until(lambda d: box.get_attribute("aria-expanded") == "true")
    first = driver.find_element(By.CSS_SELECTOR, "[role=listbox] [role=option]")
    assert first.get_attribute("data-value") == "ลาว"
    box.send_keys(Keys.ESCAPE)
    wait.until(lambda d: box.get_attribute("aria-expanded") == "false")
    assert box.get_attribute("value") == "ลาว"  # Escape closes the list, keeps what was typed
