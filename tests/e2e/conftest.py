"""End-to-end fixtures: ``archive serve`` in a subprocess over a freshly ingested corpus/, and
Debian's headless chromium driven by Selenium through ``/usr/bin/chromedriver``.

``make test`` installs ``chromium chromium-driver fonts-thai-tlwg`` when it can (root with
apt-get); without them (or without the ``selenium`` package) these tests skip saying why.
Nothing here downloads a browser or talks to the network: chromium runs with its background
services switched off and a throw-away profile.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"

CHROMIUM = Path(os.environ.get("ARCHIVE_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("ARCHIVE_E2E_CHROMEDRIVER", "/usr/bin/chromedriver"))

# Headless, and nothing that reaches for the network (updates, sync, QUIC, field trials...).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=th-TH",
)

WINDOW = (1280, 1000)  # a laptop screen; screenshots grow to the full page height
SERVER_START_TIMEOUT = 30.0  # seconds for `archive serve` to answer its first request
WAIT_TIMEOUT = 15.0  # seconds for any one page change in the browser


def left_page(element: Any) -> Any:
    """A wait condition: ``element`` of the old page is gone. Like Selenium's ``staleness_of``,
    but also when Chrome answers, mid-navigation, that the node "does not belong to the
    document" (a WebDriverException, not a StaleElementReferenceException)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(_driver: Any) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as err:
            if "does not belong to the document" in str(err):
                return True
            raise
        return False

    return gone


def _skip(message: str) -> None:
    print(f"SKIP: {message}")
    pytest.skip(message)


def require_browser() -> Any:
    """The selenium ``webdriver`` module when chromium and chromedriver are usable, else skip."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            _skip(f"{path} not found: install Debian's {package} (`make test` does, as root)")
    try:
        from selenium import webdriver
    except ImportError:
        _skip("the selenium package is not installed (pip install -e '.[test]')")
    return webdriver


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _archive(home: Path, *args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    return subprocess.run(
        [sys.executable, "-m", "archive", "--home", str(home), *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
        **options,
    )


@dataclass(frozen=True)
class Server:
    """A running ``archive serve``."""

    url: str  # "http://127.0.0.1:<port>" (no trailing slash)
    home: Path

    def show(self, record_id: int) -> dict[str, Any]:
        """``archive show --json ID`` of the served data folder."""
        import json

        result = _archive(self.home, "show", str(record_id), "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """corpus/ ingested with the CLI into a fresh data folder, then ``archive serve`` on a
    free port in a subprocess; stopped at teardown whatever happened."""
    require_browser()  # no point in starting a server that no browser will visit
    folder = tmp_path_factory.mktemp("e2e")
    home = folder / "home"
    ingested = _archive(home, "ingest", str(CORPUS), "--workers", "1", "--no-progress")
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = folder / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "archive", "--home", str(home), "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"archive serve exited ({process.returncode}):\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"archive serve did not answer on {url}:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield Server(url, home)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass(frozen=True)
class Browser:
    driver: Any  # selenium.webdriver.Chrome
    downloads: Path


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    """Headless chromium with a fresh profile and a download folder; quit at teardown."""
    webdriver = require_browser()
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(tmp_path / "driver.log"))
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception as error:  # a broken install: say so rather than fail the suite
        _skip(f"headless chromium did not start: {str(error).splitlines()[0]}")
    try:
        driver.set_window_size(*WINDOW)
        driver.set_page_load_timeout(WAIT_TIMEOUT)
        # Headless chromium ignores the download prefs unless told over CDP as well.
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior",
            {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": False},
        )
        yield Browser(driver, downloads)
    finally:
        driver.quit()


def screenshot(driver: Any, name: str) -> Path:
    """Save the whole page (not just the viewport) as ``tests/artifacts/<name>``."""
    ARTIFACTS.mkdir(exist_ok=True)
    width, height = WINDOW
    driver.set_window_size(width, height)  # measure at the normal size, not the last page's
    page = int(driver.execute_script("return document.documentElement.scrollHeight"))
    inner = int(driver.execute_script("return window.innerHeight"))
    driver.set_window_size(width, min(height - inner + page, 6000))
    path = ARTIFACTS / name
    try:
        assert driver.save_screenshot(str(path)), f"could not save {path}"
    finally:
        driver.set_window_size(width, height)
    return path
