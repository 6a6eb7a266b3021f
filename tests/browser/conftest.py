"""The browser suite: switchboard's web console in a real headless Chromium (Debian's
chromium and chromium-driver, driven through WebDriver by selenium).

The servers, boto3 clients and helpers are the client suite's (tests/clients/conftest.py),
loaded here as a module of their own. Screenshots of the main pages go to
$SWITCHBOARD_SCREENSHOTS (default: a screenshots/ folder beside this file)."""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("client_kit", HERE.parent / "clients" / "conftest.py")
kit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kit)

# The client suite's fixtures, for these tests too.
server = kit.server
spawn_server = kit.spawn_server
connect = kit.connect

SCREENSHOTS = Path(os.environ.get("SWITCHBOARD_SCREENSHOTS") or HERE / "screenshots")


def _find(*names: str) -> str | None:
    for n in names:
        found = shutil.which(n) or (n if Path(n).exists() else None)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = _find("chromium", "/usr/bin/chromium")
    driver_bin = _find("chromedriver", "/usr/bin/chromedriver")
    if not chromium or not driver_bin:
        pytest.fail("Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver)",
                    pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_bin), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser):
    """The browser, with no cookies left from another test."""
    browser.delete_all_cookies()
    return browser


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
