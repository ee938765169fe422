"""Polish of the web pages (issue 17): the journal names each entry's business line as a person
does (the CLI's `display_names`), the home page never shows a figure older than the ledger, and
the chart's text stays legible on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from web_pages_support import TODAY, pages_client, sqlite_copy

from hhtax import Ledger
from hhtax.tax.explain import display_names


def test_the_journal_shows_the_line_name_not_its_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        names = display_names(ledger.household, ledger.rules, TODAY, "vi")
    name = names["line:goods"]
    assert name != "goods"
    with pages_client(monkeypatch, ledger=path) as client:
        html = client.get("/journal").text
    assert f">{name}</td>" in html
    assert ">goods<" not in html
