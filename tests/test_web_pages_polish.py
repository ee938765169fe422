"""Polish of the web pages (issue 17): the journal names each entry's business line as a person
does (the CLI's `display_names`), the home page never shows a figure older than the ledger, and
the chart's text stays legible on a phone."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from web_pages_support import LEDGERS, TODAY, pages_client, sqlite_copy

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


def _shown(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def test_the_home_page_follows_an_append_made_through_another_handle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hhtax.web.pages import home

    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        before = int(ledger.status(on=TODAY)["revenue"])
    computed: list[int] = []
    real = home.home_view

    def counting(*args: object, **kwargs: object) -> object:
        computed.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(home, "home_view", counting)
    with pages_client(monkeypatch, ledger=path) as client:
        assert _shown(before) in client.get("/").text
        assert _shown(before) in client.get("/").text
        assert len(computed) == 1  # unchanged ledger: the overview is kept
        for amount in (1_000, 2_000):  # the same size of change twice, in the same second
            with Ledger.open(path) as other:
                other.append({"kind": "sale", "date": "2026-12-05", "amount": amount, "line": "goods",
                              "payment": "cash", "description": "Bán lẻ"})
            before += amount
            assert _shown(before) in client.get("/").text
        assert len(computed) == 3


def test_a_plain_text_ledger_is_keyed_on_its_bytes(tmp_path: Path) -> None:
    from hhtax.web.pages.common import content_key

    folder = tmp_path / "tailor"
    shutil.copytree(LEDGERS / "tailor-2026", folder)
    first = content_key(folder)
    journal = folder / "journal.csv"
    stat = journal.stat()
    text = journal.read_bytes()
    journal.write_bytes(text.replace(b"1", b"2", 1))  # same size, same modification time
    os.utime(journal, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert first is not None and content_key(folder) not in (None, first)


def test_the_chart_keeps_six_month_labels_in_larger_text_on_a_phone() -> None:
    from hhtax.web.chart import revenue_chart

    svg = revenue_chart([100_000_000] * 12, 1_000_000_000, year=2026, lang="vi")
    labels = re.findall(r'<text class="axis( minor)?"[^>]*text-anchor="middle">(T\d+)</text>', svg)
    assert [name for minor, name in labels if not minor] == ["T1", "T3", "T5", "T7", "T9", "T11"]
    assert [name for minor, name in labels if minor] == ["T2", "T4", "T6", "T8", "T10", "T12"]
    css = (Path(__file__).parent.parent / "hhtax/web/static/hhtax.css").read_text(encoding="utf-8")
    phone = css[css.index("@media (max-width: 480px) {\n  svg.chart"):]
    phone = phone[: phone.index("}\n}") + 1]
    assert "svg.chart .axis.minor { display: none; }" in phone
    sizes = [int(size) for size in re.findall(r"font-size: (\d+)px", phone)]
    assert sizes and min(sizes) >= 20  # ≥ 13 px on a 375 px screen, where the chart is drawn at ~2/3


def test_a_client_state_is_read_again_after_any_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hhtax.periods import Period
    from hhtax.web.pages import view_clients

    path = sqlite_copy("grocery-2026", tmp_path)
    monkeypatch.setattr(view_clients, "_cache", {})
    reads: list[int] = []
    real = view_clients._read_status

    def counting(*args: object) -> object:
        reads.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(view_clients, "_read_status", counting)
    period = Period.parse("2026-Q3")
    first = view_clients.client_status("grocery", path, period, TODAY, "vi")
    assert view_clients.client_status("grocery", path, period, TODAY, "vi") == first
    assert len(reads) == 1
    with Ledger.open(path) as other:
        other.append({"kind": "sale", "date": "2026-12-05", "amount": 1_000, "line": "goods",
                      "payment": "cash", "description": "Bán lẻ"})
    view_clients.client_status("grocery", path, period, TODAY, "vi")
    assert len(reads) == 2
