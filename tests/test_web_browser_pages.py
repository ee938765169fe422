"""The web pages in a real browser (headless Chromium, Debian's `chromium`) against a real `hhtax serve`
process on the example ledger (ledgers/grocery-2026 turned into SQLite): record a sale and see the home
figures change, download a return and validate its XML, mark it filed and see the period locked, use the
record form with the keyboard only, read every page on a 375 px wide screen.

Skipped with one line when Playwright or Chromium is absent (`.ci/run` installs Debian's chromium).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="hhtax[serve] is not installed")
pytest.importorskip("playwright.sync_api", reason="playwright is not installed (test extra)")
import browser_support as support

if support.browser_missing():
    pytest.skip(support.browser_missing(), allow_module_level=True)

from serve_process import Server

from hhtax.declarations.schema_check import check_structure
from hhtax.declarations.validate import validate_xml

pytestmark = pytest.mark.slow
FILED = "2026-Q1"  # the example ledger's first quarter: overdue, never filed
IN_FILED = "2026-02-10"
SMALL = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from support.running_server(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from support.running_browser()


def revenue(page: Any, server: Server) -> int:
    page.goto(server.base + "/")
    return support.digits(page.locator("#revenue-h + p.big").inner_text())


def record(page: Any, server: Server, day: str | None, amount: str) -> None:
    """Fill and send the record form: a cash sale on `day` (None: the date the form shows, today)."""
    page.goto(server.base + "/record")
    page.select_option("#f-kind", "sale")
    if day is not None:
        page.fill("#f-date", day)
    page.fill("#f-amount", amount)
    page.fill("#f-description", "Bán lẻ trong ngày")
    page.get_by_role("button", name="Record").click()


def test_a_sale_recorded_in_the_form_changes_the_home_figures(browser: Any, server: Server) -> None:
    page = support.signed_in(browser, server)
    before = revenue(page, server)
    record(page, server, None, "1234000")
    assert re.search(r"Entry \d+ recorded", page.locator("[role=status]").inner_text())
    assert revenue(page, server) == before + 1_234_000
    page.context.close()


def test_a_sale_sent_by_a_pos_through_the_api_shows_on_the_home_page(browser: Any, server: Server) -> None:
    page = support.signed_in(browser, server)
    before = revenue(page, server)
    page.goto(server.base + "/record")
    day = page.locator("#f-date").input_value()  # today, as the server sees it
    sale = {"date": day, "kind": "sale", "amount": 432_000, "line": "goods", "payment": "bank",
            "source": "pos:e2e-1"}
    for expected in (201, 200):  # the second time: already there, nothing added
        answer = page.request.post(server.base + "/api/v1/entries", data={"entries": [sale]},
                                   headers=server.auth)
        assert answer.status == expected, answer.text()
    assert revenue(page, server) == before + 432_000
    page.context.close()


def test_a_bad_amount_is_refused_beside_the_field_and_the_input_kept(browser: Any, server: Server) -> None:
    page = support.signed_in(browser, server)
    before = revenue(page, server)
    record(page, server, "2026-11-20", "12,5")
    assert page.locator("#f-amount").get_attribute("aria-invalid") == "true"
    assert page.locator("#e-amount").inner_text()
    assert page.locator("#f-amount").input_value() == "12,5"
    assert revenue(page, server) == before
    page.context.close()


def test_an_amount_written_the_vietnamese_way_is_never_read_as_a_few_dong(browser: Any, server: Server) -> None:
    """A shop owner in Vietnam writes a hundred and fifty thousand đồng as 150.000 (as the pages show
    amounts): the form must record 150,000 or refuse it, never record 150."""
    page = support.signed_in(browser, server)
    before = revenue(page, server)
    record(page, server, None, "150.000")
    assert revenue(page, server) - before in (0, 150_000)
    page.context.close()


def test_download_validate_mark_filed_then_the_period_is_locked(browser: Any, server: Server) -> None:
    page = support.signed_in(browser, server)
    page.goto(f"{server.base}/returns/{FILED}")
    with page.expect_download() as xml_download:
        page.get_by_role("link", name=re.compile("XML")).first.click()
    data = Path(xml_download.value.path()).read_bytes()
    assert xml_download.value.suggested_filename.endswith(".xml")
    assert validate_xml(data) == []
    assert check_structure(data, "1240", use_lxml=True) == []  # 01/CNKD against hhtax's XSD
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF-")

    page.check("#f-confirm")
    page.get_by_role("button", name="Mark as filed").click()
    assert "the period is locked" in page.locator("[role=status]").inner_text()
    page.goto(server.base + "/")
    assert FILED in page.locator("#filings-h + *").inner_text()

    before = revenue(page, server)
    record(page, server, IN_FILED, "500000")
    alert = page.locator("[role=alert]").inner_text()
    assert f"in period {FILED}, which has been filed" in alert
    assert revenue(page, server) == before
    page.context.close()


def test_the_record_form_works_with_the_keyboard_only(browser: Any, server: Server) -> None:
    page = support.signed_in(browser, server)
    page.goto(server.base + "/record")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # first stop: skip to the content
    page.keyboard.press("Enter")
    for _ in range(40):  # Tab through the form to the amount, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-amount":
            break
    else:
        pytest.fail("Tab never reached the amount field")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.type("75000")
    page.keyboard.press("Enter")  # submits the form
    assert re.search(r"Entry \d+ recorded", page.locator("[role=status]").inner_text())
    page.context.close()


@pytest.mark.parametrize("path", ["/", "/record", "/upload", "/journal", "/books", "/returns",
                                  f"/returns/{FILED}", "/returns/2026-Q3"])
def test_every_page_is_readable_on_a_375_px_phone(browser: Any, server: Server, path: str) -> None:
    page = support.signed_in(browser, server, viewport=SMALL)
    response = page.goto(server.base + path)
    assert response.status == 200
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= SMALL["width"], f"{path} scrolls sideways: {width} px"
    page.context.close()
