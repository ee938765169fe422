"""Duplicates and corrections (issue 13 §3): a document already in the ledger with other content is
never silently a second entry; `--corrections` records it as a reversal plus the new version; an
integrator's `source` is the event id of an entry without a document number."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hhtax import Ledger
from hhtax.cli.main import cli
from hhtax.errors import InputError
from hhtax.journal.verify import verify_ledger
from tests.ledger_helpers import household, row_count

POS_HEADER = "\ufeffMã hóa đơn;Thời gian;Khách cần trả;Phương thức thanh toán\n"
FIRST = POS_HEADER + ("HD900001;05/01/2026 09:15:00;1.200.000;Tiền mặt\n"
                      "HD900002;05/01/2026 10:00:00;300.000;Tiền mặt\n")
CHANGED = POS_HEADER + ("HD900001;05/01/2026 09:15:00;1.250.000;Tiền mặt\n"
                        "HD900002;05/01/2026 10:00:00;300.000;Tiền mặt\n"
                        "HD900003;06/01/2026 08:00:00;99.000;Chuyển khoản\n")


@pytest.fixture()
def ledger_path(tmp_path: Path) -> Path:
    path = tmp_path / "l.sqlite"
    Ledger.create(path, household()).close()
    return path


def _import(ledger: Path, csv: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), "import",
                           str(csv), "--profile", "pos-generic", "--line", "shop", *extra],
                          capture_output=True, text=True, timeout=60)


def _revenue(path: Path) -> int:
    with Ledger.open(path) as ledger:
        return sum(e.amount for e in ledger.entries() if e.kind.value == "sale")


def test_a_changed_pos_invoice_is_refused_naming_both_versions(ledger_path: Path, tmp_path: Path) -> None:
    first, changed = tmp_path / "pos1.csv", tmp_path / "pos2.csv"
    first.write_text(FIRST, encoding="utf-8")
    changed.write_text(CHANGED, encoding="utf-8")
    assert _import(ledger_path, first).stdout.strip() == "2 new, 0 already present"
    refused = _import(ledger_path, changed)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("Error: ")
    assert "pos2.csv:2: doc: document HD900001 is already in the ledger with other content: entry 1 " \
           "(2026-01-05 sale 1.200.000 đ" in refused.stderr
    assert "this row: (2026-01-05 sale 1.250.000 đ" in refused.stderr and "--corrections" in refused.stderr
    assert row_count(ledger_path) == 2 and _revenue(ledger_path) == 1_500_000


def test_corrections_reverse_the_old_entry_and_add_the_new_one(ledger_path: Path, tmp_path: Path) -> None:
    first, changed = tmp_path / "pos1.csv", tmp_path / "pos2.csv"
    first.write_text(FIRST, encoding="utf-8")
    changed.write_text(CHANGED, encoding="utf-8")
    _import(ledger_path, first)
    done = _import(ledger_path, changed, "--corrections")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("2 new, 1 already present, 1 changed documents corrected (1 reversing "
                                   "entries plus the new versions)")
    assert _revenue(ledger_path) == 1_250_000 + 300_000 + 99_000
    with Ledger.open(ledger_path) as ledger:
        entries = sorted(ledger.entries(), key=lambda e: e.id or 0)
    assert [(e.id, e.doc, e.amount, e.reverses) for e in entries] == [
        (1, "HD900001", 1_200_000, None), (2, "HD900002", 300_000, None), (3, "HD900001", -1_200_000, 1),
        (4, "HD900001", 1_250_000, None), (5, "HD900003", 99_000, None)]
    assert verify_ledger(ledger_path).ok
    # the corrected file again: nothing new, nothing corrected
    again = _import(ledger_path, changed, "--corrections")
    assert again.stdout.strip() == "0 new, 3 already present"
    # and the old file now conflicts with the corrected version
    assert "document HD900001 is already in the ledger" in _import(ledger_path, first).stderr
    assert row_count(ledger_path) == 5


def test_cli_json_reports_corrections(ledger_path: Path, tmp_path: Path) -> None:
    first, changed = tmp_path / "pos1.csv", tmp_path / "pos2.csv"
    first.write_text(FIRST, encoding="utf-8")
    changed.write_text(CHANGED, encoding="utf-8")
    runner = CliRunner()
    base = ["--ledger", str(ledger_path), "import", "--profile", "pos-generic", "--line", "shop"]
    assert runner.invoke(cli, [*base, str(first)]).exit_code == 0
    result = runner.invoke(cli, [*base, "--corrections", "--json", str(changed)])
    assert result.exit_code == 0, result.output
    assert '"corrected": 1' in result.output and '"reversals": 1' in result.output


def test_identical_rows_without_ids_stay_two_sales_and_reimport_adds_nothing(ledger_path: Path,
                                                                              tmp_path: Path) -> None:
    csv = tmp_path / "j.csv"
    csv.write_text("date,kind,amount,line\n2026-01-05,sale,25000,shop\n2026-01-05,sale,25000,shop\n",
                   encoding="utf-8")
    runner = CliRunner()
    args = ["--lang", "en", "--ledger", str(ledger_path), "import", str(csv)]
    assert runner.invoke(cli, args).output.strip() == "2 new, 0 already present"
    assert runner.invoke(cli, args).output.strip() == "0 new, 2 already present"


def test_api_sources_are_event_ids(ledger_path: Path) -> None:
    """Two real 25.000 sales from a POS without receipt numbers are two sales; re-sending is harmless."""
    sale = {"date": "2026-01-05", "kind": "sale", "amount": 25_000, "line": "shop"}
    with Ledger.open(ledger_path) as ledger:
        first = ledger.append({**sale, "source": "pos:evt-1"})
        second = ledger.append({**sale, "source": "pos:evt-2"})
        assert (first.added, first.present, second.added, second.present) == (1, 0, 1, 0)
        again = ledger.append({**sale, "source": "pos:evt-1"}, {**sale, "source": "pos:evt-2"})
        assert (again.added, again.present) == (0, 2)
        with pytest.raises(InputError, match="event pos:evt-1 is already in the ledger with other content"):
            ledger.append({**sale, "amount": 30_000, "source": "pos:evt-1"})
        fixed = ledger.append({**sale, "amount": 30_000, "source": "pos:evt-1"}, corrections=True)
        assert (fixed.added, fixed.present, fixed.corrected, fixed.reversals) == (1, 0, 1, 1)
        assert sum(e.amount for e in ledger.entries()) == 55_000
        assert ledger.store.count() == 4
        # without a source, identical sales in one call are two sales, and re-sending adds nothing
        twice = ledger.append(sale, sale)
        assert (twice.added, ledger.append(sale, sale).added) == (2, 0)


def test_api_refuses_a_changed_document(ledger_path: Path) -> None:
    sale = {"date": "2026-01-05", "kind": "sale", "amount": 1_200_000, "line": "shop", "doc": "HD900001"}
    with Ledger.open(ledger_path) as ledger:
        ledger.append(sale)
        with pytest.raises(InputError, match="document HD900001 is already in the ledger"):
            ledger.append({**sale, "amount": 1_250_000})
        assert ledger.store.count() == 1
        result = ledger.append({**sale, "amount": 1_250_000}, corrections=True)
        assert (result.added, result.corrected) == (1, 1)
        assert sum(e.amount for e in ledger.entries()) == 1_250_000


def test_a_sales_book_document_with_several_goods_lines(ledger_path: Path, tmp_path: Path) -> None:
    """A document of several rows is one document: re-importing it is present, a changed line corrects it."""
    csv = tmp_path / "j.csv"
    rows = ("date,kind,amount,line,doc,item,qty\n2026-01-05,sale,100000,shop,BH1,Gạo,2\n"
            "2026-01-05,sale,50000,shop,BH1,Muối,1\n")
    csv.write_text(rows, encoding="utf-8")
    with Ledger.open(ledger_path) as ledger:
        assert ledger.import_file(csv).added == 2
        assert (ledger.import_file(csv).present, ledger.store.count()) == (2, 2)
        csv.write_text(rows.replace("50000,shop,BH1,Muối,1", "60000,shop,BH1,Muối,1"), encoding="utf-8")
        with pytest.raises(InputError, match="document BH1"):
            ledger.import_file(csv)
        result = ledger.import_file(csv, corrections=True)
        assert (result.added, result.present, result.corrected, result.reversals) == (2, 0, 1, 2)
        assert sum(e.amount for e in ledger.entries()) == 160_000


def test_purchases_from_two_sellers_with_one_invoice_number(ledger_path: Path, tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("date,kind,amount,doc,counterparty\n2026-01-05,purchase,100000,123,Seller A\n"
                   "2026-01-06,purchase,200000,123,Seller B\n", encoding="utf-8")
    with Ledger.open(ledger_path) as ledger:
        assert ledger.import_file(csv).added == 2
        csv.write_text("date,kind,amount,doc,counterparty\n2026-01-07,purchase,300000,123,Seller C\n",
                       encoding="utf-8")
        assert ledger.import_file(csv).added == 1


def test_cli_refusal_leaves_the_ledger_unchanged_through_a_copy(ledger_path: Path, tmp_path: Path) -> None:
    first = tmp_path / "pos1.csv"
    first.write_text(FIRST, encoding="utf-8")
    _import(ledger_path, first)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(ledger_path, copy)
    first.write_text(FIRST.replace("300.000", "310.000"), encoding="utf-8")
    assert _import(copy, first).returncode == 1
    assert row_count(copy) == 2


def test_sqlite_content_text_equals_the_stores(ledger_path: Path) -> None:
    """The re-import fast path compares content computed by SQLite with `chain.content_text`."""
    import sqlite3

    from hhtax.journal.chain import content_text
    from hhtax.journal.codec import as_stored_row
    from hhtax.journal.documents import _CONTENT_SQL
    from hhtax.journal.queries import SELECT_ENTRIES

    with Ledger.open(ledger_path) as ledger:
        ledger.append({"date": "2026-01-05", "kind": "sale", "amount": 25_000, "line": "shop",
                       "vat_cut": True, "withheld": True, "withheld_vat": 250, "withheld_pit": 125,
                       "doc": "HD1"},
                      {"date": "2026-01-06", "kind": "purchase", "amount": 1_000, "item": "Gạo", "qty": "2.5",
                       "unit": "kg", "unit_price": 400, "counterparty": "Chợ", "doc": "X1"},
                      {"date": "2026-01-07", "kind": "opening", "amount": -5_000, "payment": "bank"})
    db = sqlite3.connect(ledger_path)
    try:
        rows = db.execute(f"{SELECT_ENTRIES} ORDER BY id").fetchall()
        computed = [r[0] for r in db.execute(f"SELECT {_CONTENT_SQL} FROM entries ORDER BY id")]
    finally:
        db.close()
    assert computed == [content_text(as_stored_row(row[1:])) for row in rows]
