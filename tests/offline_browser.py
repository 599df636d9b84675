"""Debian's Chromium, headless and offline, for every browser test (Python Playwright).

`playwright install` cannot download browsers here; the system Chromium is used instead. Each
page has every request outside the allowed origin aborted and recorded, so a test can assert
that nothing left the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


@dataclass
class Opened:
    """A page under test and what it did."""

    page: Any
    errors: list[str] = field(default_factory=list)  # page errors and console errors (CSP)
    outside: list[str] = field(default_factory=list)  # requests that tried to leave


@contextmanager
def chromium() -> Iterator[Any]:
    """Launch headless Chromium; a missing browser fails the test, never skips it."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_offline(
    browser: Any, url: str, *, allowed: str = "file://", viewport: tuple[int, int] = (1300, 850)
) -> Opened:
    """Open `url` with every request not starting with `allowed` aborted and recorded."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    opened = Opened(page)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))

    def console(msg: Any) -> None:
        if msg.type == "error":  # a Content-Security-Policy violation shows up here
            opened.errors.append(msg.text)

    page.on("console", console)

    def route(r: Any) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            opened.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on(
        "request",
        lambda req: (
            None
            if req.url.startswith((allowed, "data:")) or req.url in opened.outside
            else opened.outside.append(req.url)
        ),
    )
    page.goto(url)
    return opened
