"""Fixtures for the tests that drive headless Chromium against pytest-django's live server."""
import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.browser.dialogs import accept_confirmations

# Debian's chromium package; Playwright's own browser builds are not used.
CHROMIUM_PATH = Path("/usr/bin/chromium")
# Chromium does not start as root unless its sandbox is off, and the tests
# may run as root. The other flags stop its calls to Google's servers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# live_server reads this when it starts: serve on the loopback address only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture
def browser(transactional_db, monkeypatch):
    """Yield a headless Chromium that is closed after the test."""
    # transactional_db, because the live server's thread sees only committed
    # rows. Requesting it here also closes the browser before the flush.
    if not CHROMIUM_PATH.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM_PATH}. Install Debian's package: "
            "apt-get update && apt-get install -y chromium (bash scripts/test does this when run as root)."
        )
    # Playwright's sync API keeps an asyncio event loop running in this thread
    # while the browser is open, and Django then rejects ORM calls from the
    # test ("You cannot call this from an async context"). The test's ORM calls
    # are ordinary synchronous ones, so the check is lifted for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as error:
            pytest.fail(f"Chromium at {CHROMIUM_PATH} failed to start: {error}")
        yield chromium
        chromium.close()
        # While Playwright's event loop runs, Django keeps this thread's
        # database connections per asyncio context instead of per thread. The
        # flush after the test cannot reach the ones the test opened, so they
        # are closed here, or they keep the test database busy at teardown.
        connections.close_all()


@pytest.fixture
def page(browser, settings):
    """Yield a page in a fresh browser context, served in Indonesian as the portal's users see it."""
    # The suite's conftest switches LANGUAGE_CODE to English so that tests
    # compare message ids. The browser test and its screenshots show the default.
    settings.LANGUAGE_CODE = "id"
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Playwright dismisses dialogs by default, which would cancel every
    # confirmed action; the questions asked are kept on page.confirmations.
    page.confirmations = accept_confirmations(page)
    yield page
    context.close()
