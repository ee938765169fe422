"""The integrator facade `hhtax.Ledger`: entries from dicts and Entry objects, typed errors,
idempotent re-sends, books and declarations as bytes, e-invoice import, verify and backup."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hhtax import Ledger
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import from_xml
from hhtax.errors import DeclarationError, InputError
from hhtax.model import Entry, EntryKind

ROOT = Path(__file__).parent.parent
HOUSEHOLD = {"tax_code": "0314409058", "name": "Đỗ Minh Tâm", "shop_name": "Quán Tâm",
             "lines": [{"id": "shop", "group": "goods"}, {"id": "food", "group": "production"}]}


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger.create(tmp_path / "api.sqlite", HOUSEHOLD)


def test_append_dicts_and_entries(ledger: Ledger) -> None:
    with ledger:
        result = ledger.append(
            {"date": date(2026, 1, 5), "kind": "sale", "amount": 1_500_000, "line": "shop", "doc": "HD1"},
            [Entry(date=date(2026, 1, 6), kind=EntryKind.SALE, amount=700_000, line="food"),
             {"date": "2026-01-07", "kind": "purchase", "amount": 400_000, "item": "Gạo", "unit": "kg",
              "qty": Decimal("20"), "unit_price": 20_000, "source": "pos:77"}])
        assert (result.added, result.present) == (3, 0)
        again = ledger.append({"date": date(2026, 1, 5), "kind": "sale", "amount": 1_500_000, "line": "shop",
                               "doc": "HD1"})
        assert (again.added, again.present) == (0, 1)
        stored = list(ledger.entries())
        assert [e.amount for e in stored] == [1_500_000, 700_000, 400_000]
        assert stored[2].source == "pos:77" and stored[2].category is not None


@pytest.mark.parametrize(("bad", "field"), [
    ({"date": "2026-02-30", "kind": "sale", "amount": 1, "line": "shop"}, "date"),
    ({"date": "2026-02-03", "kind": "sale", "amount": 1.5, "line": "shop"}, "amount"),
    ({"date": "2026-02-03", "kind": "sale", "amount": 10, "line": "nope"}, "line"),
    ({"date": "2026-02-03", "kind": "sale", "amount": 10, "line": "shop", "colour": "red"}, "colour"),
])
def test_bad_entries_name_entry_and_field_and_write_nothing(ledger: Ledger, bad: dict[str, object],
                                                            field: str) -> None:
    with ledger:
        good = {"date": "2026-02-01", "kind": "sale", "amount": 10, "line": "shop"}
        with pytest.raises(InputError) as caught:
            ledger.append(good, bad)
        assert (caught.value.line, caught.value.field) == (2, field)
        assert list(ledger.entries()) == []


def test_books_and_nothing_due(ledger: Ledger) -> None:
    with ledger:
        ledger.append({"date": "2026-01-05", "kind": "sale", "amount": 3_000_000, "line": "shop"})
        codes = [code for code, _ in ledger.required_books("2026-Q1")]
        assert codes
        pdf = ledger.book(codes[0], "2026-Q1", "pdf")
        assert pdf.startswith(b"%PDF")
        assert ledger.book(codes[0], "2026-Q1", "pdf") == pdf  # deterministic
        assert ledger.book(codes[0], "2026-Q1", "xlsx").startswith(b"PK")
        assert "Ngày" in ledger.book(codes[0], "2026-Q1", "csv").decode("utf-8")
        json.loads(ledger.book(codes[0], "2026-Q1", "json"))
        with pytest.raises(InputError):
            ledger.book(codes[0], "2026-Q1", "docx")
        with pytest.raises(DeclarationError):  # 3 m in a quarter of 2026: no quarterly return
            ledger.declaration_xml("2026-Q1", today=date(2026, 4, 10))


def test_einvoices_verify_and_backup(tmp_path: Path) -> None:
    corpus = ROOT / "tests" / "corpus" / "einvoices"
    with Ledger.create(tmp_path / "e.sqlite", corpus / "household.toml") as ledger:
        assert ledger.import_file(corpus).added == 5
        assert ledger.import_file(corpus).added == 0
        assert ledger.verify().ok
        copy = ledger.backup(tmp_path / "copy.sqlite")
    with Ledger.open(copy) as reopened:
        assert sum(1 for _ in reopened.entries()) == 5


def test_pos_example_runs_as_written(tmp_path: Path) -> None:
    """docs/examples/pos_feed.py, run exactly as docs/integration.md says, makes a valid return."""
    script = ROOT / "docs" / "examples" / "pos_feed.py"
    result = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    xml = (tmp_path / "001085012345_01-CNKD_2026-Q1.xml").read_bytes()
    assert validate_xml(xml) == []
    declaration = from_xml(xml)
    assert str(declaration.period) == "2026-Q1"
    with Ledger.open(tmp_path / "shop.sqlite") as ledger:
        assessment = ledger.assess("2026-Q1")
        assert f"{assessment.revenue.value:,}" in result.stdout
        assert ledger.declaration_xml("2026-Q1", today=date(2026, 4, 10)) == xml
        assert ledger.verify().ok
    assert (tmp_path / "001085012345_01-CNKD_2026-Q1.pdf").read_bytes().startswith(b"%PDF")
    quoted = [line.removeprefix("# ") for line in (ROOT / "docs" / "integration.md").read_text().splitlines()
              if line.startswith("# Q1 2026 revenue")]
    assert quoted == [result.stdout.splitlines()[0]], "docs/integration.md quotes another result"
