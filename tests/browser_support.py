"""Fixtures of the real-browser tests (tests/test_web_browser*.py): a real `hhtax serve` process on the
example ledger and headless Chromium (Debian's `chromium`, /usr/bin/chromium; HHTAX_CHROMIUM overrides).

The test modules skip themselves (one line) when Playwright or the browser is absent, before importing
this module, and define their module-scoped `server` and `browser` fixtures from `running_server` and
`running_browser`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import sync_playwright
from serve_process import Server, example_ledger, serve

CHROMIUM = os.environ.get("HHTAX_CHROMIUM", "/usr/bin/chromium")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"no browser at {CHROMIUM} (Debian package chromium; .ci/run installs it)"
    return None


def running_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`hhtax serve` on a fresh SQLite copy of ledgers/grocery-2026 (a test module's `server` fixture)."""
    folder = tmp_path_factory.mktemp("serve")
    with serve(example_ledger(folder)) as running:
        yield running
    with pytest.raises(ProcessLookupError):  # stopped and reaped: nothing left behind
        os.kill(running.pid, 0)


def running_browser() -> Iterator[Any]:
    """Headless Chromium (a test module's `browser` fixture)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


def signed_in(browser: Any, server: Server, **options: Any) -> Any:
    """A new English-speaking browser page, signed in through the link `hhtax serve` printed."""
    context = browser.new_context(locale="en-US", accept_downloads=True, **options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(server.login)
    return page


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))
