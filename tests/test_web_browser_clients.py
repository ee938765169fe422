"""The accountant's view in a real browser (headless Chromium) against a real `hhtax serve --clients DIR`
on a folder of example ledgers: the clients with their state for a quarter, the batch run followed on
its progress page until it is done, then the clients shown as filed; each client's own pages; readable
at 375 px.

Skipped with one line when Playwright or Chromium is absent (`.ci/run` installs Debian's chromium).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="hhtax[serve] is not installed")
pytest.importorskip("playwright.sync_api", reason="playwright is not installed (test extra)")
import browser_support as support

if support.browser_missing():
    pytest.skip(support.browser_missing(), allow_module_level=True)

from serve_process import EXAMPLE, Server, example_ledger, serve

pytestmark = pytest.mark.slow
CLIENTS = ("grocery-2026", "tailor-2026")
PERIOD = "2026-Q3"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("clients")
    for name in CLIENTS:
        example_ledger(folder, f"{name}.sqlite", EXAMPLE.parent / name)
    with serve(clients=folder) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from support.running_browser()


def states(page: Any) -> dict[str, str]:
    """Client name → the state badge shown on the accountant's page."""
    rows = page.locator("tbody tr")
    return {rows.nth(i).locator("th").inner_text().strip(): rows.nth(i).locator(".badge").inner_text().strip()
            for i in range(rows.count())}


def test_the_batch_run_is_followed_to_the_end_and_files_the_quarter(browser: Any, server: Server) -> None:
    page = support.signed_in(browser, server)
    page.goto(f"{server.base}/?period={PERIOD}")
    assert states(page) == {"grocery-2026": "Overdue", "tailor-2026": "Nothing due"}
    page.get_by_role("button", name=f"Run · {PERIOD}").click()
    assert "/batch/" in page.url
    page.locator("[role=status]", has_text="Done:").wait_for(timeout=120_000)  # the page reloads itself
    assert "1 prepared" in page.locator("[role=status]").inner_text()
    page.goto(f"{server.base}/?period={PERIOD}")
    assert states(page)["grocery-2026"] == "Filed"
    page.get_by_role("link", name="grocery-2026").click()
    assert page.url == f"{server.base}/c/grocery-2026/"
    assert page.locator("h1").inner_text() == "Tạp hóa Hồng Nhung"
    page.context.close()


@pytest.mark.parametrize("path", ["/", "/c/grocery-2026/", "/c/grocery-2026/journal"])
def test_the_accountant_pages_are_readable_on_a_375_px_phone(browser: Any, server: Server, path: str) -> None:
    page = support.signed_in(browser, server, viewport={"width": 375, "height": 812})
    assert page.goto(server.base + path).status == 200
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways: {width} px"
    page.context.close()
