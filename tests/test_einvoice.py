"""E-invoice import (TT 78/2021 XML): sales, cash-register sales, purchases, expenses, duplicates,
replacement and adjustment invoices, from a file, a directory or a zip, with and without a ledger."""

from __future__ import annotations

import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from hhtax.cli.main import cli
from hhtax.errors import InputError
from hhtax.importers.einvoice import allocate, import_einvoices, invoices_to_entries
from hhtax.importers.einvoice_xml import parse_invoices, read_invoices
from hhtax.journal.household_file import household_from_dict, load_household
from hhtax.journal.verify import verify_ledger
from hhtax.service.ledgers import create_ledger
from hhtax.model import CostCategory, Entry, EntryKind

CORPUS = Path(__file__).parent / "corpus" / "einvoices"
HOUSEHOLD = load_household(CORPUS / "household.toml")
INVOICES = sorted(CORPUS.glob("*.xml"))


def _totals(entries: list[Entry]) -> dict[str, int]:
    sums: dict[str, int] = {}
    for entry in entries:
        sums[entry.kind.value] = sums.get(entry.kind.value, 0) + entry.amount
    return sums


def test_parse_purchase_invoice() -> None:
    [invoice] = parse_invoices((CORPUS / "04_purchase_1C26TDG_1234.xml").read_bytes(), "p.xml")
    assert (invoice.template, invoice.symbol, invoice.number, invoice.doc) == ("1", "C26TDG", "0001234",
                                                                              "1C26TDG-1234")
    assert invoice.seller_tax_code == "0100109106" and invoice.buyer_tax_code == "0314409058"
    assert (invoice.total_before_tax, invoice.total_tax, invoice.total) == (1_355_000, 81_400, 1_436_400)
    assert [line.name for line in invoice.lines] == ["Gạo thơm", "Dầu ăn 1 lít"]
    assert invoice.lines[0].qty == Decimal("50") and invoice.lines[0].unit_price == 18_000


def test_parse_namespaced_cash_register_invoice() -> None:
    [invoice] = parse_invoices((CORPUS / "03_sale_cash_register_C26MAA_15.xml").read_bytes())
    assert invoice.cash_register and invoice.total == 85_000
    assert invoice.date.isoformat() == "2026-02-12"


def test_directory_import_totals() -> None:
    result = import_einvoices(CORPUS, HOUSEHOLD)
    assert result.invoices == 7
    assert _totals(result.entries) == {"sale": 1_785_000, "purchase": 1_338_120, "expense": 1_320_000}
    sales = {e.doc: e for e in result.entries if e.kind is EntryKind.SALE}
    assert set(sales) == {"2C26TAA-2", "2C26MAA-15"}  # 2C26TAA-1 was replaced
    assert sales["2C26MAA-15"].line == "cafe" and sales["2C26TAA-2"].line == "shop"
    assert sales["2C26TAA-2"].payment == "bank" and sales["2C26MAA-15"].payment == "cash"
    expense = next(e for e in result.entries if e.kind is EntryKind.EXPENSE)
    assert expense.category is CostCategory.ELECTRICITY and expense.payment == "cash"  # TM/CK: cautious
    oil = next(e for e in result.entries if e.item == "Dầu ăn 1 lít")
    assert (oil.doc, oil.qty, oil.amount) == ("1C26TDG-1250", Decimal("8"), 384_054)
    assert any("duplicate" in s for s in result.skipped) and any("replaced" in s for s in result.skipped)


def test_zip_and_single_file_read_the_same(tmp_path: Path) -> None:
    archive = tmp_path / "hoadon.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in INVOICES:
            zipped.write(path, f"thang02/{path.name}")
        zipped.writestr("readme.txt", "not an invoice")
    from_zip = import_einvoices(archive, HOUSEHOLD)
    from_dir = import_einvoices(CORPUS, HOUSEHOLD)
    assert _totals(from_zip.entries) == _totals(from_dir.entries)
    assert len(read_invoices(INVOICES[0])) == 1


def test_reimport_adds_nothing_and_ledger_verifies(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    with create_ledger(path, HOUSEHOLD) as ledger:
        first = import_einvoices(CORPUS, HOUSEHOLD, ledger.entries())
        assert ledger.import_entries(first.entries).added == 5
        again = import_einvoices(CORPUS, HOUSEHOLD, ledger.entries())
        assert again.entries == []
        assert ledger.import_entries(import_einvoices(CORPUS, HOUSEHOLD).entries).added == 0
    assert verify_ledger(path).ok


def test_replacement_and_adjustment_against_the_ledger(tmp_path: Path) -> None:
    """Originals imported first; the replacement reverses the sale, the adjustment reverses the
    oil line and re-records it at its corrected amount under the adjustment's number."""
    with create_ledger(tmp_path / "l.sqlite", HOUSEHOLD) as ledger:
        for name in ("01_sale_C26TAA_1.xml", "04_purchase_1C26TDG_1234.xml",
                     "02_sale_C26TAA_2_replaces_1.xml", "06_adjust_1C26TDG_1250.xml"):
            ledger.import_entries(import_einvoices(CORPUS / name, HOUSEHOLD, ledger.entries()).entries)
        entries = list(ledger.entries())
        assert _totals(entries) == {"sale": 1_700_000, "purchase": 1_338_120}
        reversals = [e for e in entries if e.reverses is not None]
        assert len(reversals) == 2
        # the rest of the directory brings only the cash-register sale and the electricity bill
        rest = import_einvoices(CORPUS, HOUSEHOLD, ledger.entries())
        assert sorted(e.doc for e in rest.entries) == ["1C26TEV-778899", "2C26MAA-15"]


def test_adjustment_without_original_is_refused() -> None:
    with pytest.raises(InputError, match="import the original invoice first"):
        import_einvoices(CORPUS / "06_adjust_1C26TDG_1250.xml", HOUSEHOLD)


def test_several_lines_without_a_mapping_is_an_error() -> None:
    lines = [{"id": "a", "group": "goods"}, {"id": "b", "group": "services"}]
    household = household_from_dict({"tax_code": "079088001234", "name": "A", "lines": lines})
    with pytest.raises(InputError, match="line_map"):
        import_einvoices(CORPUS / "03_sale_cash_register_C26MAA_15.xml", household)


def test_invoice_between_two_other_parties_is_skipped_with_a_note(tmp_path: Path) -> None:
    data = (CORPUS / "04_purchase_1C26TDG_1234.xml").read_bytes().replace(b"0314409058", b"0101243150")
    (tmp_path / "x.xml").write_bytes(data)
    result = import_einvoices(tmp_path / "x.xml", HOUSEHOLD)
    assert result.entries == [] and "neither the seller" in result.skipped[0]


def test_foreign_currency_is_converted(tmp_path: Path) -> None:
    data = (CORPUS / "07_electricity_C26TEV_778899.xml").read_bytes()
    data = data.replace(b"<HTTToan>TM/CK</HTTToan>",
                        b"<DVTTe>USD</DVTTe><TGia>25400.5</TGia><HTTToan>CK</HTTToan>")
    data = data.replace(b"1320000", b"52.03")
    invoice = parse_invoices(data)[0]
    assert invoice.total == 1_321_588  # 52.03 × 25,400.5 = 1,321,588.015 → half-up


def test_directory_copy_with_extra_files(tmp_path: Path) -> None:
    target = tmp_path / "in"
    shutil.copytree(CORPUS, target)
    (target / "notes.txt").write_text("bỏ qua")
    assert _totals(import_einvoices(target, HOUSEHOLD).entries)["sale"] == 1_785_000


@given(st.integers(min_value=0, max_value=10**12),
       st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=20))
def test_allocation_sums_exactly_and_is_proportional(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total
    whole = sum(weights)
    assert all(abs(p * whole - total * w) <= whole for p, w in zip(parts, weights, strict=True))


def test_discount_lines_and_missing_line_amounts(tmp_path: Path) -> None:
    """A negative goods line on a positive invoice is a discount; ThTien left out is qty × price."""
    data = (CORPUS / "04_purchase_1C26TDG_1234.xml").read_bytes()
    data = data.replace(b"<ThTien>455000.000000</ThTien>", b"")
    data = data.replace(b"</DSHHDVu>", "<HHDVu><TChat>1</TChat><THHDVu>Chiết khấu</THHDVu>"
                        "<ThTien>-55000</ThTien></HHDVu></DSHHDVu>".encode())
    data = data.replace(b"1436400.000000", b"1381400")
    (tmp_path / "d.xml").write_bytes(data)
    entries = import_einvoices(tmp_path / "d.xml", HOUSEHOLD).entries
    assert [e.item for e in entries] == ["Gạo thơm", "Dầu ăn 1 lít"]
    assert [e.amount for e in entries] == allocate(1_381_400, [900_000, 455_000]) == [917_535, 463_865]


def test_a_file_with_several_invoices_and_odd_numbers(tmp_path: Path) -> None:
    one = (CORPUS / "04_purchase_1C26TDG_1234.xml").read_bytes().split(b"?>", 1)[1]
    two = one.replace(b"0001234", b"0001299")
    both = parse_invoices(b"<DSHDon>" + one + two + b"</DSHDon>", "list.xml")
    assert [(i.source, i.doc) for i in both] == [("list.xml#1", "1C26TDG-1234"),
                                                 ("list.xml#2", "1C26TDG-1299")]
    for odd in ("²", "1" * 5000, "12a"):
        with pytest.raises(InputError, match="SHDon"):
            parse_invoices(one.replace(b"0001234", odd.encode()))


def _invoice_xml(number: int, seller: str, buyer: str, lines: list[tuple[int, int]], tax: int) -> bytes:
    items = "".join(f"<HHDVu><TChat>1</TChat><STT>{i}</STT><THHDVu>Hàng {i}</THHDVu><DVTinh>cái</DVTinh>"
                    f"<SLuong>{qty}</SLuong><DGia>{price}</DGia><ThTien>{qty * price}</ThTien></HHDVu>"
                    for i, (qty, price) in enumerate(lines, start=1))
    net = sum(qty * price for qty, price in lines)
    return (f"<HDon><DLHDon><TTChung><KHMSHDon>1</KHMSHDon><KHHDon>C26TXX</KHHDon><SHDon>{number}</SHDon>"
            f"<NLap>2026-05-0{1 + number % 9}</NLap><HTTToan>CK</HTTToan></TTChung><NDHDon>"
            f"<NBan><Ten>Bên bán</Ten><MST>{seller}</MST></NBan><NMua><MST>{buyer}</MST></NMua>"
            f"<DSHHDVu>{items}</DSHHDVu><TToan><TgTCThue>{net}</TgTCThue><TgTThue>{tax}</TgTThue>"
            f"<TgTTTBSo>{net + tax}</TgTTTBSo></TToan></NDHDon></DLHDon></HDon>").encode()


LINES = st.lists(st.tuples(st.integers(1, 500), st.integers(1, 5_000_000)), min_size=1, max_size=6)


@given(st.integers(1, 9_999_999), st.booleans(), LINES, st.integers(0, 10_000_000))
def test_any_invoice_imports_to_its_exact_total(number: int, sale: bool, lines: list[tuple[int, int]],
                                               tax: int) -> None:
    """Whatever the lines and tax, the entries of an invoice sum to TgTTTBSo exactly and are
    positive; a purchase keeps one entry per goods line with its quantity."""
    seller, buyer = ("079088001234", "0101243150") if sale else ("0100109106", "079088001234")
    [invoice] = parse_invoices(_invoice_xml(number, seller, buyer, lines, tax))
    entries = invoices_to_entries([invoice], HOUSEHOLD).entries
    assert sum(e.amount for e in entries) == invoice.total == sum(q * p for q, p in lines) + tax
    assert all(e.amount > 0 for e in entries)
    if sale:
        assert [e.kind for e in entries] == [EntryKind.SALE]
    else:
        assert [e.qty for e in entries] == [Decimal(q) for q, _ in lines]


def test_cli_import_of_a_zip_and_a_directory(tmp_path: Path) -> None:
    """`hhtax import` routes .zip files and directories to the e-invoice importer."""
    ledger = tmp_path / "cli.sqlite"
    create_ledger(ledger, HOUSEHOLD).close()
    archive = tmp_path / "hoadon.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in INVOICES:
            zipped.write(path, path.name)
    runner = CliRunner()
    first = runner.invoke(cli, ["--lang", "en", "--ledger", str(ledger), "import", str(archive), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["added"] == 5
    again = runner.invoke(cli, ["--lang", "en", "--ledger", str(ledger), "import", str(CORPUS)])
    assert again.exit_code == 0 and "0 new" in again.stdout
    assert verify_ledger(ledger).ok


@pytest.mark.parametrize("same_import", [False, True])
def test_two_decreases_of_one_line_reverse_it_once(tmp_path: Path, same_import: bool) -> None:
    line = ("<HHDVu><TChat>1</TChat><THHDVu>Dầu ăn 1 lít</THHDVu><DVTinh>Chai</DVTinh><SLuong>-1</SLuong>"
            "<DGia>45500</DGia><ThTien>-45500</ThTien></HHDVu>")
    adjustment = (CORPUS / "06_adjust_1C26TDG_1250.xml").read_text(encoding="utf-8")
    start, end = adjustment.index("<DSHHDVu>") + len("<DSHHDVu>"), adjustment.index("</DSHHDVu>")
    (tmp_path / "b.xml").write_text(adjustment[:start] + line + line + adjustment[end:], encoding="utf-8")
    shutil.copy(CORPUS / "04_purchase_1C26TDG_1234.xml", tmp_path / "a.xml")
    with create_ledger(tmp_path / "l.sqlite", HOUSEHOLD) as ledger:
        names = [tmp_path] if same_import else [tmp_path / "a.xml", tmp_path / "b.xml"]
        for name in names:
            ledger.import_entries(import_einvoices(name, HOUSEHOLD, ledger.entries()).entries)
        entries = list(ledger.entries())
    reversed_ids = [e.reverses for e in entries if e.reverses is not None]
    assert len(reversed_ids) == len(set(reversed_ids)) == (0 if same_import else 1)
    oil = [e for e in entries if e.item == "Dầu ăn 1 lít" and e.reverses is None
           and e.id not in reversed_ids]
    assert [(e.doc, e.qty, e.amount) for e in oil] == [("1C26TDG-1250", Decimal(8), 384_054)]
    assert sum(e.amount for e in entries) == 1_338_120
