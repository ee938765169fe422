"""`hhtax serve` as a real process, seen from a real browser (headless Chromium, Debian's `chromium`):
the sign-in link it prints sets a strict, HttpOnly session cookie; a wrong token sets nothing; the API
description is served; SIGTERM stops the server and leaves no process (the `server`
fixture checks that on leaving). The pages themselves: tests/test_web_browser_pages.py.

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

from serve_process import Server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from support.running_server(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from support.running_browser()


def test_the_printed_link_signs_in_with_a_strict_httponly_cookie(browser: Any, server: Server) -> None:
    context = browser.new_context()
    response = context.request.get(server.login, max_redirects=0)
    assert response.status == 303 and response.headers["location"] == "/"
    (cookie,) = context.cookies()
    assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == ("hhtax_session", True, "Strict")
    context.close()


def test_a_wrong_token_is_refused_and_sets_no_cookie(browser: Any, server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(server.login[:-4] + "AAAA")
    assert response.status == 401
    assert context.cookies() == []
    context.close()


def test_the_api_description_is_served(browser: Any, server: Server) -> None:
    context = browser.new_context()
    response = context.request.get(server.base + "/api/v1/openapi.json", headers=server.auth)
    assert response.ok and response.json()["openapi"].startswith("3.")
    context.close()


def test_a_pos_appends_through_the_api_and_the_figures_follow(browser: Any, server: Server) -> None:
    context = browser.new_context(extra_http_headers=server.auth)
    api = server.base + "/api/v1"
    before = context.request.get(api + "/status").json()
    sale = {"date": before["today"], "kind": "sale", "amount": 321_000, "line": "goods", "source": "pos:e2e-7"}
    sent = context.request.post(api + "/entries", data={"entries": [sale]})
    assert (sent.status, sent.json()["added"]) == (201, 1)
    again = context.request.post(api + "/entries", data={"entries": [sale]})  # a retry adds nothing
    assert (again.status, again.json()["present"]) == (200, 1)
    assert context.request.get(api + "/status").json()["revenue"] == before["revenue"] + 321_000
    refused = context.request.post(api + "/entries", data={"entries": [{**sale, "amount": "12,5",
                                                                         "source": "pos:e2e-8"}]})
    assert refused.status == 422 and refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["field"] == "amount"
    context.close()
