"""Where browser tests save their screenshots.

The user guides under docs/ show screenshots taken by these tests. A normal
run writes them to test-artifacts/screenshots so that the committed pictures
change only when someone refreshes them on purpose with
SINOVIK_UPDATE_SCREENSHOTS=1 bash scripts/test -m browser.
"""
import os
from pathlib import Path

from django.conf import settings


def screenshot_dir():
    if os.environ.get("SINOVIK_UPDATE_SCREENSHOTS") == "1":
        return Path(settings.BASE_DIR) / "docs" / "screenshots"
    return Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def save_screenshot(page, name):
    """Save a full-page screenshot of page under the given file name (without .png)."""
    directory = screenshot_dir()
    directory.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=directory / f"{name}.png", full_page=True)
