"""Long text (issue 14 #12): one field cap for every input (entries and the household profile), and
books that print the longest accepted text: the PDF wraps and cuts with "…", the XLSX never drops a
cell silently."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hhtax import Ledger
from hhtax.books.render_xlsx import CELL_LIMIT, fit_cell
from hhtax.errors import InputError
from hhtax.text import FIELD_LIMIT

LONGEST = {"tax_code": "0100109106", "name": "Nguyễn Thị " * (FIELD_LIMIT // 11),
           "shop_name": "S" * FIELD_LIMIT, "address": "Số 12 đường Lê Lợi " * (FIELD_LIMIT // 19),
           "lines": [{"id": "shop", "group": "goods"}]}


def test_the_household_profile_has_the_same_field_cap(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="name: 10,000 characters; a text field holds at most 4,000"):
        Ledger.create(tmp_path / "l.sqlite", {**LONGEST, "name": "N" * 10_000})
    assert not (tmp_path / "l.sqlite").exists()
    env = {**os.environ, "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger",
                           str(tmp_path / "c.sqlite"), "init", "--tax-code", "0100109106",
                           "--name", "N" * 10_000, "--shop-name", "",
                           "--address", "", "--ward", "", "--province", "", "--tax-office-code", "",
                           "--tax-office-name", "", "--line-id", "shop", "--line-name", "",
                           "--group", "goods"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "10,000 characters; a text field holds at most 4,000" in done.stderr
    assert not (tmp_path / "c.sqlite").exists()


@pytest.mark.parametrize("code", ["S1a-HKD", "S2a-HKD", "S2d-HKD"])
def test_books_print_the_longest_accepted_text(tmp_path: Path, code: str) -> None:
    with Ledger.create(tmp_path / "l.sqlite", LONGEST) as ledger:
        ledger.append({"date": "2026-01-05", "kind": "sale", "amount": 1000, "line": "shop",
                       "description": "mô tả rất dài " * (FIELD_LIMIT // 14)},
                      {"date": "2026-01-06", "kind": "purchase", "amount": 2000, "qty": "1",
                       "item": "hàng " * (FIELD_LIMIT // 5), "counterparty": "C" * FIELD_LIMIT})
        pdf = ledger.book(code, "2026-Q1", "pdf")
        xlsx = ledger.book(code, "2026-Q1", "xlsx")
    assert pdf.startswith(b"%PDF")
    sheet = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "S" * 100 in sheet or "Nguyễn Thị Nguyễn" in sheet


def test_xlsx_cells_are_cut_with_a_mark_never_dropped() -> None:
    assert fit_cell("short") == "short"
    cut = fit_cell("x" * (CELL_LIMIT + 10))
    assert len(cut) == CELL_LIMIT and cut.endswith("… [cắt bớt]")
