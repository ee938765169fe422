"""E-invoice hardening (issue 14 #7, #8, #18): a zero-value invoice says why it records nothing; a
purchase invoice whose buyer tax code is empty or another's is skipped with the reason unless the
user says it is theirs (`--mine`); `VNĐ`/`đ` without an exchange rate is the đồng."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hhtax import Ledger

CORPUS = Path(__file__).parent / "corpus"
HOSTILE = CORPUS / "hostile" / "einvoices"
ENV = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


@pytest.fixture()
def ledger_path(tmp_path: Path) -> Path:
    path = tmp_path / "l.sqlite"
    Ledger.create(path, CORPUS / "einvoices" / "household.toml").close()
    return path


def _import(ledger: Path, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), "import",
                           str(HOSTILE / name), *extra], capture_output=True, text=True, env=ENV, timeout=60)


def _count(path: Path) -> int:
    with Ledger.open(path) as ledger:
        return len(list(ledger.entries()))


def test_zero_value_invoice_with_goods_says_why_nothing_is_recorded(ledger_path: Path) -> None:
    done = _import(ledger_path, "einvoice_zero_value_goods.xml")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0 new, 0 already present"
    assert "invoice 1C26TDG-2001: total 0 đ (29 viên Pin AA khuyến mại): no entry recorded" in done.stderr
    assert done.stderr.count("\n") == 1
    assert _count(ledger_path) == 0


@pytest.mark.parametrize(("name", "reason"), [
    ("einvoice_buyer_empty.xml",
     "the buyer's tax code is empty, so the invoice is not made out to this household"),
    ("einvoice_buyer_other.xml", "nor the buyer (079088009999) is this household"),
])
def test_purchase_not_made_out_to_the_household_is_skipped_unless_mine(ledger_path: Path, name: str,
                                                                       reason: str) -> None:
    skipped = _import(ledger_path, name, "--json")
    assert skipped.returncode == 0, skipped.stderr
    report = json.loads(skipped.stdout)
    assert report["added"] == 0 and len(report["skipped"]) == 1 and reason in report["skipped"][0]
    assert "--mine" in report["skipped"][0]
    assert _count(ledger_path) == 0
    booked = _import(ledger_path, name, "--mine")
    assert booked.returncode == 0 and booked.stdout.startswith("2 new"), booked.stderr
    with Ledger.open(ledger_path) as ledger:
        assert sum(e.amount for e in ledger.entries()) == 1_436_400


def test_api_mine_option(ledger_path: Path) -> None:
    with Ledger.open(ledger_path) as ledger:
        outcome = ledger.import_file(HOSTILE / "einvoice_buyer_empty.xml")
        assert (outcome.added, len(outcome.skipped)) == (0, 1)
        assert ledger.import_file(HOSTILE / "einvoice_buyer_empty.xml", mine=True).added == 2


@pytest.mark.parametrize("name", ["einvoice_currency_vnd_sign.xml", "einvoice_currency_d.xml"])
def test_vnd_written_as_vnd_sign_needs_no_exchange_rate(ledger_path: Path, name: str) -> None:
    done = _import(ledger_path, name)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 new")
    with Ledger.open(ledger_path) as ledger:
        assert sum(e.amount for e in ledger.entries()) == 1_436_400
