"""Helpers of the web pages' tests (tests/test_web_pages*.py): SQLite copies of the example
ledgers, a signed-in TestClient whose pages judge deadlines on a fixed day, and the CSRF field."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from hhtax import Ledger

LEDGERS = Path(__file__).parent.parent / "ledgers"
EXAMPLES = ("grocery-2026", "lease-2025", "lease-2026", "restaurant-2026", "shop-2025", "tailor-2026")
TOKEN = "pages-token-0123456789abcdef"
TODAY = date(2026, 12, 6)


def sqlite_copy(name: str, folder: Path, file_name: str | None = None) -> Path:
    """A writable SQLite ledger holding example ledger `name` (as `hhtax init --from` makes)."""
    path = folder / (file_name or f"{name}.sqlite")
    with Ledger.open(LEDGERS / name) as source:
        Ledger.create(path, source.household, entries=list(source.entries())).close()
    return path


def pages_client(
    monkeypatch: Any,
    *,
    ledger: Path | None = None,
    clients: Path | None = None,
    today: date = TODAY,
    signed_in: bool = True,
) -> Any:
    """A TestClient of `hhtax serve` over `ledger` (or the folder `clients`), signed in, with the
    pages' day fixed to `today`. Use it in a `with` block."""
    from fastapi.testclient import TestClient

    from hhtax.web.app import create_app
    from hhtax.web.config import ServeConfig
    from hhtax.web.pages import common

    monkeypatch.setattr(common, "today", lambda: today)
    config = ServeConfig(token=TOKEN, ledger=ledger, clients=clients)
    client = TestClient(create_app(config), raise_server_exceptions=False)
    if signed_in:
        assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    return client


def csrf_of(html: str) -> str:
    """The hidden CSRF field of the first form of a page."""
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def field_error(html: str, name: str) -> str | None:
    """The error shown beside field `name`, if any."""
    found = re.search(rf'<span class="err" id="e-{name}">([^<]*)</span>', html)
    return found.group(1) if found else None


def value_of(html: str, name: str) -> str | None:
    """The value an input of the page holds."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else None
