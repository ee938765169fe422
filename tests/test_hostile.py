"""The hostile corpus (tests/corpus/hostile): XML bombs, external entities, DTDs, binary noise,
truncated files, zip bombs and zip-slip names, formula cells. Each must be refused with a typed
hhtax error (or, for formula cells, imported as plain text), fast, and without writing anything."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from hhtax import Ledger
from hhtax.declarations.xml import from_xml
from hhtax.errors import DeclarationError, HhtaxError, InputError
from hhtax.importers import import_file
from hhtax.importers.einvoice_xml import read_invoices
from hhtax.journal.household_file import household_from_dict, load_household
from hhtax.journal.store import SqliteLedger
from hhtax.service.ledgers import create_ledger
from hhtax.model import Entry, EntryKind, Household

CORPUS = Path(__file__).parent / "corpus" / "hostile"
XML_FILES = sorted(p.name for p in CORPUS.glob("*.xml"))
ONE_LINE = Household.model_validate({"tax_code": "0314409058", "name": "Lê Thị Cúc",
                                     "lines": [{"id": "shop", "group": "goods"}]})


@pytest.mark.parametrize("name", [*XML_FILES, "binary_noise.zip", "truncated.zip", "zip_bomb.zip",
                                  "zip_slip.zip"])
def test_einvoice_reader_refuses_hostile_files(name: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_invoices(CORPUS / name)
    assert time.monotonic() - started < 5
    assert caught.value.file and name in caught.value.file
    assert not Path("/tmp/hhtax_zip_slip.xml").exists()


@pytest.mark.parametrize("name", ["billion_laughs.xml", "quadratic_blowup.xml", "external_entity.xml",
                                  "external_parameter_entity.xml", "external_dtd.xml", "internal_dtd.xml"])
def test_dtds_and_entities_are_refused_with_a_clear_message(name: str) -> None:
    with pytest.raises(InputError, match="refused unsafe XML"):
        read_invoices(CORPUS / name)


@pytest.mark.parametrize("name", XML_FILES)
def test_declaration_reader_refuses_hostile_files(name: str) -> None:
    started = time.monotonic()
    with pytest.raises(DeclarationError):
        from_xml((CORPUS / name).read_bytes())
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("name", ["binary_noise.csv", "binary_noise.jsonl", "truncated.csv",
                                  "nul_in_csv.csv", "huge_field.csv"])
def test_row_importers_refuse_broken_files(name: str) -> None:
    with pytest.raises(InputError) as caught:
        list(import_file(CORPUS / name, ONE_LINE))
    assert caught.value.file is not None


@pytest.mark.parametrize("name", ["bad_household.toml", "household_bomb.toml"])
def test_broken_household_profiles_are_input_errors(name: str) -> None:
    with pytest.raises(InputError):
        load_household(CORPUS / name)


@pytest.mark.parametrize("name", ["formula_cells.csv", "formula_cells.jsonl"])
def test_formula_cells_import_as_plain_text(name: str) -> None:
    entries = list(import_file(CORPUS / name, ONE_LINE))
    assert entries and entries[0].description.startswith("=")


def test_failed_import_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    with create_ledger(path, ONE_LINE) as ledger:
        ledger.add(Entry(date=date(2026, 1, 2), kind=EntryKind.SALE, amount=1000, line="shop"))
        for name in ("truncated.csv", "binary_noise.csv"):
            with pytest.raises(HhtaxError):
                ledger.import_entries(import_file(CORPUS / name, ONE_LINE))
        assert ledger.count() == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


CLI_CASES = ["billion_laughs.xml", "external_entity.xml", "binary_noise.zip", "zip_bomb.zip",
             "truncated_invoice.xml", "binary_noise.csv", "truncated.csv"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_import_prints_one_line_exits_1_and_writes_nothing(tmp_path: Path, name: str) -> None:
    """Through the real entry point: one `Error: FILE…: message` line, exit 1, no traceback, no rows."""
    ledger = tmp_path / "l.sqlite"
    create_ledger(ledger, ONE_LINE).close()
    result = subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), "import",
                             str(CORPUS / name)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and name in lines[0], result.stderr
    with SqliteLedger(ledger) as opened:
        assert opened.count() == 0


@pytest.mark.parametrize("tax_code", ["../../etc/passwd", "0314409058/../x", "..", "0314409058\x00"])
def test_tax_codes_that_could_make_paths_are_refused(tax_code: str) -> None:
    """Output paths (batch folders, declaration names) are built from validated tax codes only."""
    with pytest.raises(InputError):
        household_from_dict({"tax_code": tax_code, "name": "x", "lines": [{"id": "a", "group": "goods"}]})


FORMULAS = ("=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1,2)", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0")


def _formula_ledger(tmp_path: Path) -> Ledger:
    ledger = Ledger.create(tmp_path / "f.sqlite", {**ONE_LINE.model_dump(mode="json", exclude_defaults=True),
                                                   "name": "=Nguyễn"})
    ledger.append([{"date": f"2026-01-0{i + 1}", "kind": "sale", "amount": 100_000 * (i + 1),
                    "description": text, "counterparty": text} for i, text in enumerate(FORMULAS)])
    ledger.append({"date": "2026-01-09", "kind": "purchase", "amount": 50_000, "item": "=1+1", "qty": "2",
                   "description": "=A1"})
    return ledger


def test_csv_books_neutralise_formula_text(tmp_path: Path) -> None:
    """CSV export: text cells starting with =, +, -, @ are prefixed with ' (CSV injection)."""
    with _formula_ledger(tmp_path) as ledger:
        for code, _ in ledger.required_books("2026-Q1"):
            rows = list(csv.reader(io.StringIO(ledger.book(code, "2026-Q1", "csv").decode("utf-8"))))
            cells = [cell for row in rows for cell in row]
            assert not [c for c in cells if c[:1] in ("=", "@") or (c[:1] == "+" and not c[1:].isdigit())]
            assert not [c for c in cells if c.startswith("-") and not c[1:].replace(".", "").isdigit()]


def test_xlsx_books_contain_no_formulas(tmp_path: Path) -> None:
    """XLSX export: text is written as text, never as a formula."""
    with _formula_ledger(tmp_path) as ledger:
        for code, _ in ledger.required_books("2026-Q1"):
            with zipfile.ZipFile(io.BytesIO(ledger.book(code, "2026-Q1", "xlsx"))) as workbook:
                sheets = [n for n in workbook.namelist() if n.startswith("xl/worksheets/")]
                assert sheets and not any(b"<f>" in workbook.read(n) for n in sheets)
