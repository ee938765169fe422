"""The example ledgers in ledgers/: they load, are large and realistic, carry valid tax codes, and
are exactly what the committed generator writes. The example in docs/ledger-format.md loads too."""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax import ids
from hhtax.importers.csv_file import CANONICAL, read_csv_text
from hhtax.journal import Ledger
from hhtax.service.ledgers import open_ledger
from hhtax.model import CostCategory, Entry, EntryKind, IndustryGroup

ROOT = Path(__file__).resolve().parent.parent
LEDGERS = ROOT / "ledgers"
NAMES = ("grocery-2026", "restaurant-2026", "tailor-2026", "shop-2025")
YEARS = {"grocery-2026": 2026, "restaurant-2026": 2026, "tailor-2026": 2026, "shop-2025": 2025}
# Net revenue bands: grocery in G2 (1–3 bn), restaurant 4–5 bn (G3), tailor ≤ 1 bn (G1), shop ≈ 1.5 bn.
REVENUE = {"grocery-2026": (2_000_000_000, 2_800_000_000), "restaurant-2026": (4_000_000_000, 5_000_000_000),
           "tailor-2026": (600_000_000, 950_000_000), "shop-2025": (1_300_000_000, 1_700_000_000)}

_ledgers: dict[str, Ledger] = {}


def ledger(name: str) -> Ledger:
    if name not in _ledgers:
        _ledgers[name] = open_ledger(LEDGERS / name)
    return _ledgers[name]


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hhtax_example_generator", LEDGERS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def net_revenue(name: str) -> int:
    total = 0
    for entry in ledger(name).entries():
        if entry.kind is EntryKind.SALE:
            total += entry.amount
        elif entry.kind is EntryKind.SALE_RETURN:
            total -= entry.amount
    return total


@pytest.mark.parametrize("name", NAMES)
def test_loads_with_thousands_of_entries(name: str) -> None:
    entries = list(ledger(name).entries())
    assert len(entries) >= 1_000
    assert (LEDGERS / name / "journal.csv").stat().st_size < 1_000_000
    year = YEARS[name]
    assert {e.date.year for e in entries} == {year - 1, year}  # opening balances on 31/12 of the year before
    assert all(e.date == date(year - 1, 12, 31) for e in entries if e.date.year == year - 1)
    assert all(e.kind is EntryKind.OPENING for e in entries if e.date.year == year - 1)
    assert {e.date.month for e in entries if e.date.year == year} == set(range(1, 13))


@pytest.mark.parametrize("name", NAMES)
def test_tax_codes_are_valid(name: str) -> None:
    household = ledger(name).household
    expected = "mst" if YEARS[name] == 2025 else "personal_id"
    assert ids.kind(household.tax_code) == expected
    assert ids.is_valid(household.tax_code)
    assert not ids.personal_id_warnings(household.tax_code)
    if YEARS[name] == 2026:
        assert ids.kind(household.legacy_tax_code) == "mst"
        assert ids.is_valid(household.legacy_tax_code)
        assert ids.check_digit(household.legacy_tax_code[:9]) == int(household.legacy_tax_code[9])


@pytest.mark.parametrize("name", NAMES)
def test_revenue_in_the_intended_band(name: str) -> None:
    low, high = REVENUE[name]
    assert low < net_revenue(name) < high


@pytest.mark.parametrize("name", NAMES)
def test_text_is_vietnamese_nfc(name: str) -> None:
    household = ledger(name).household
    assert household.name != household.name.encode("ascii", "ignore").decode()  # has diacritics
    raw = (LEDGERS / name / "journal.csv").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủứừửữựỳỷỹý]", raw)


@pytest.mark.parametrize("name", NAMES)
def test_documents_and_balances(name: str) -> None:
    """Every row has its own natural key; money and stock never go below zero (in đồng and units)."""
    entries = list(ledger(name).entries())
    keys = [(e.date, e.kind, e.amount, e.doc or e.description) for e in entries]
    assert len(set(keys)) == len(keys)
    money: dict[str, int] = {}
    stock: dict[str, int] = {}
    for entry in entries:
        for account, change in money_moves(entry):
            money[account] = money.get(account, 0) + change
            assert money[account] >= 0, (entry.source, account)
        if entry.item and entry.qty is not None:
            sign = -1 if entry.kind is EntryKind.STOCK_OUT else 1
            stock[entry.item] = stock.get(entry.item, 0) + sign * int(entry.qty * 10)
            assert stock[entry.item] >= 0, entry.source
    assert set(money) == {"cash", *(f"bank:{a.id}" for a in ledger(name).household.accounts)}


def money_moves(entry: Entry) -> Iterator[tuple[str, int]]:
    """(account, change) as the cash and bank books read an entry (hhtax/books/cash.py)."""
    kind = entry.kind
    if kind is EntryKind.TRANSFER:
        yield entry.payment, -entry.amount
        yield entry.transfer_to, entry.amount
    elif kind is EntryKind.OPENING:
        if not entry.item:
            yield entry.payment, entry.amount
    elif kind in (EntryKind.SALE, EntryKind.CAPITAL):
        yield entry.payment, entry.amount - entry.withheld_vat - entry.withheld_pit
    elif kind is not EntryKind.STOCK_OUT:
        yield entry.payment, -entry.amount


def test_each_ledger_shows_what_it_is_for() -> None:
    grocery = list(ledger("grocery-2026").entries())
    assert {e.kind for e in grocery} >= {EntryKind.SALE_RETURN, EntryKind.TAX_PAYMENT, EntryKind.OPENING,
                                         EntryKind.PURCHASE, EntryKind.STOCK_OUT, EntryKind.TRANSFER}
    assert all(e.qty and e.unit_price for e in grocery if e.kind is EntryKind.PURCHASE)

    restaurant = ledger("restaurant-2026")
    assert restaurant.household.pit_method.value == "income"
    assert restaurant.household.pit_method_since == 2026
    cost_kinds = (EntryKind.PURCHASE, EntryKind.EXPENSE, EntryKind.WAGE)
    costs = [e for e in restaurant.entries() if e.kind in cost_kinds]
    assert any(e.payment == "cash" and e.amount >= 5_000_000 for e in costs)
    assert any(not e.doc for e in costs)
    assert {CostCategory.OWNER_WAGE, CostCategory.PERSONAL, CostCategory.RENT, CostCategory.ELECTRICITY,
            CostCategory.WATER, CostCategory.TELECOM, CostCategory.LABOUR} <= {e.category for e in costs}

    tailor = [e for e in ledger("tailor-2026").entries() if e.withheld]
    assert tailor
    for entry in tailor:
        assert entry.withheld_vat * 100 == entry.amount * 5
        assert entry.withheld_pit * 100 == entry.amount * 2

    shop = ledger("shop-2025")
    assert {line.group for line in shop.household.lines} == {
        IndustryGroup.GOODS, IndustryGroup.SERVICES, IndustryGroup.PRODUCTION}
    cut = [e for e in shop.entries() if e.vat_cut]
    assert cut and min(e.date for e in cut) >= date(2025, 7, 1)
    assert all(e.line == "services" for e in cut)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    """Regenerating gives the committed files byte for byte."""
    generator = load_generator()
    assert generator.main([str(tmp_path)]) == 0
    for name in NAMES:
        for file in ("household.toml", "journal.csv"):
            assert (tmp_path / name / file).read_bytes() == (LEDGERS / name / file).read_bytes(), (name, file)


def test_format_doc_example_loads(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    example = text.split("## 5. A small complete ledger", 1)[1]
    toml = re.search(r"```toml\n(.*?)```", example, re.S)
    csv = re.search(r"```csv\n(.*?)```", example, re.S)
    assert toml and csv
    (tmp_path / "household.toml").write_text(toml.group(1), encoding="utf-8")
    (tmp_path / "journal.csv").write_text(csv.group(1), encoding="utf-8")
    example_ledger = open_ledger(tmp_path)
    entries = list(example_ledger.entries())
    assert len(entries) == csv.group(1).count("\n") - 1
    assert {e.kind for e in entries} == set(EntryKind) - {EntryKind.CAPITAL}
    assert example_ledger.household.line("laundry").vat_cut


GENERATOR = load_generator()


@settings(max_examples=200, deadline=None)
@given(prefix=st.sampled_from(["01", "03", "04", "18", "80", "83", "0108", "1801"]),
       seed=st.integers(0, 2**32))
def test_generated_mst_is_always_valid(prefix: str, seed: int) -> None:
    code = GENERATOR.mst(prefix, GENERATOR.random.Random(seed))
    assert code.startswith(prefix) and len(code) == 10
    assert ids.is_valid(code)


@settings(max_examples=100, deadline=None)
@given(description=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                            max_size=40).map(lambda t: unicodedata.normalize("NFC", t).strip()),
       amount=st.integers(1, 10**12), quantity=st.decimals(min_value=0, max_value=10**6, places=1))
def test_generator_rows_read_back(description: str, amount: int, quantity: Decimal) -> None:
    """What the generator writes, the canonical reader reads back unchanged (quotes, commas, diacritics)."""
    journal = GENERATOR.Journal()
    journal.add(date(2026, 3, 2), "purchase", amount, line="goods", doc="1C26THL-0000001",
                description=description, payment="cash", item="Gạo ST25, bao 10kg", unit="bao",
                qty=GENERATOR._qty(quantity), unit_price=amount)
    [entry] = read_csv_text(journal.csv_text(), ledger("grocery-2026").household, CANONICAL, "journal.csv")
    assert (entry.amount, entry.description, entry.item, entry.qty) == (
        amount, description, "Gạo ST25, bao 10kg", quantity)
