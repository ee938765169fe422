#!/usr/bin/env python3
"""Generate the example ledgers in ledgers/ (household.toml + journal.csv per directory).

    python ledgers/generate.py [OUT_DIR]      # default: the directory of this script

Each ledger is a small simulation of one household business over a calendar year: customers buy,
stock runs down and suppliers restock it, bills and wages are paid, cash is banked, taxes are paid.
Every ledger has its own fixed seed and the script uses only the standard library plus hhtax's own
`ids.check_digit` (10-digit MST check digit) and `money.round_half_up`, so two runs write identical
bytes (tests/test_example_ledgers.py regenerates and compares). The format is docs/ledger-format.md.

The tax payments recorded here are what the owner paid; they are computed with the rates of
shared/law/ only to look realistic. The tax engine (hhtax/tax) is the authority on what is due.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hhtax.ids import check_digit
from hhtax.money import round_half_up

HERE = Path(__file__).resolve().parent

COLUMNS = (
    "date", "kind", "amount", "line", "doc", "description", "payment", "category", "item", "unit",
    "qty", "unit_price", "tax", "transfer_to", "vat_cut", "withheld", "withheld_vat", "withheld_pit",
    "counterparty",
)


# -- helpers -------------------------------------------------------------------------------------

def days_of(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def month_end(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def mst(prefix: str, rng: random.Random) -> str:
    """A valid 10-digit MST starting with `prefix` (hhtax.ids.check_digit; identity.md §2)."""
    while True:
        first9 = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
        digit = check_digit(first9)
        if digit is not None and first9[2:] != "0000000":
            return first9 + str(digit)


def pct(amount: int, percent: str) -> int:
    """amount × percent %, half-up to the đồng."""
    return round_half_up(Decimal(amount) * Decimal(percent) / 100)


def rounded(value: float, step: int) -> int:
    return max(step, int(value / step + 0.5) * step)


def vnd_month(day: date) -> str:
    return f"{day.month:02d}/{day.year}"


# -- the journal and the business simulation ------------------------------------------------------

class Journal:
    """Rows in the canonical column order, written sorted by date (stable in insertion order)."""

    def __init__(self) -> None:
        self.rows: list[tuple[date, int, dict[str, str]]] = []
        self.keys: set[tuple[str, str, str, str]] = set()

    def add(self, day: date, kind: str, amount: int, **fields: object) -> None:
        row = {"date": day.isoformat(), "kind": kind, "amount": str(amount)}
        for name, value in fields.items():
            if value is None or value == "" or value is False:
                continue
            row[name] = "yes" if value is True else str(value)
        key = (row["date"], kind, row["amount"], row.get("doc") or row.get("description", ""))
        if key in self.keys:  # imports deduplicate by natural key: every row must have its own
            raise AssertionError(f"duplicate natural key {key}")
        self.keys.add(key)
        self.rows.append((day, len(self.rows), row))

    def csv_text(self) -> str:
        used = [c for c in COLUMNS if any(c in row for _, _, row in self.rows)]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(used)
        for _, _, row in sorted(self.rows, key=lambda r: (r[0], r[1])):
            writer.writerow([row.get(c, "") for c in used])
        return buffer.getvalue()


@dataclass
class Supplier:
    name: str
    series: str  # e-invoice series (ký hiệu), e.g. 1C26THL; "" = purchase list for non-invoicing sellers
    weekdays: tuple[int, ...]  # delivery days, Monday = 0
    payment: str  # "cash" or "bank"
    number: int = 0

    def next_doc(self, business: Business) -> str:
        if not self.series:
            return business.doc("BKTM")  # bảng kê thu mua (purchase list, 01/TNDN)
        self.number += 1
        return f"{self.series}-{self.number:07d}"


@dataclass
class Item:
    """A stock item. `pack` pieces make one `unit`; demand and use are counted in pieces."""

    name: str
    unit: str
    cost: int  # purchase price per unit
    pack: int
    supplier: str
    price: int = 0  # retail price per piece (shops)
    daily: float = 0.0  # mean pieces per day before scaling (shops) or share of ingredient spend
    cover: float = 12.0  # order up to this many days of use
    reorder: float = 6.0  # reorder below this many days of use
    line: str = ""
    on_hand: int = 0  # pieces physically there
    pending: int = 0  # pieces used or sold since the last stock_out entry
    qty: Decimal = Decimal(0)  # booked quantity in units
    value: int = 0  # booked value
    rate: float = 0.0  # mean pieces used per day (set by calibration)

    @property
    def tenths(self) -> bool:
        return self.unit == "kg" and self.pack == 10


@dataclass
class Business:
    journal: Journal
    rng: random.Random
    bank: str  # the main account, "bank:<id>"
    cash_float: int  # cash kept in the till when banking the rest
    money: dict[str, int] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.money.setdefault("cash", 0)
        self.money.setdefault(self.bank, 0)

    def doc(self, prefix: str, width: int = 4) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    # money
    def receive(self, account: str, amount: int) -> None:
        self.money[account] += amount

    def spend(self, day: date, account: str, amount: int) -> None:
        if account == "cash" and self.money["cash"] < amount:
            need = amount - self.money["cash"] + self.cash_float
            self.transfer(day, rounded(need + 500_000, 1_000_000), self.bank, "cash",
                          "Rút tiền gửi ngân hàng nhập quỹ tiền mặt")
        if self.money[account] < amount:
            raise AssertionError(f"{day}: {account} would go negative")
        self.money[account] -= amount

    def transfer(self, day: date, amount: int, source: str, target: str, description: str) -> None:
        self.money[source] -= amount
        self.money[target] += amount
        prefix = "PC" if source == "cash" else "PT" if target == "cash" else "UNC"
        self.journal.add(day, "transfer", amount, doc=self.doc(prefix), description=description,
                         payment=source, transfer_to=target)

    def bank_cash(self, day: date) -> None:
        excess = self.money["cash"] - self.cash_float
        if excess >= 2_000_000:
            self.transfer(day, excess // 100_000 * 100_000, "cash", self.bank,
                          "Nộp tiền mặt bán hàng vào tài khoản")

    # entries
    def opening(self, day: date, account: str, amount: int, description: str) -> None:
        self.money[account] += amount
        self.journal.add(day, "opening", amount, doc=self.doc("SDDK", 2), description=description,
                         payment=account)

    def opening_item(self, day: date, item: Item, units: int) -> None:
        item.qty, item.value, item.on_hand = Decimal(units), units * item.cost, units * item.pack
        self.journal.add(day, "opening", item.value, line=item.line, doc=self.doc("KK-", 3),
                         description="Tồn kho đầu kỳ theo biên bản kiểm kê",
                         item=item.name, unit=item.unit, qty=units, unit_price=item.cost)

    def sale(self, day: date, amount: int, payment: str, **fields: object) -> None:
        self.receive(payment, amount)
        self.journal.add(day, "sale", amount, payment=payment, **fields)

    def sale_return(self, day: date, amount: int, payment: str, **fields: object) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "sale_return", amount, payment=payment, **fields)

    def expense(self, day: date, category: str, amount: int, payment: str, **fields: object) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "expense", amount, payment=payment, category=category, **fields)

    def wage(self, day: date, amount: int, payment: str, **fields: object) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "wage", amount, payment=payment, **fields)

    def tax(self, day: date, tax: str, amount: int, description: str) -> None:
        if amount <= 0:
            return
        self.spend(day, self.bank, amount)
        self.journal.add(day, "tax_payment", amount, doc=self.doc("GNT", 8), description=description,
                         payment=self.bank, tax=tax, counterparty="Kho bạc Nhà nước")

    def drawing(self, day: date, amount: int, payment: str, description: str) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "drawing", amount, doc=self.doc("PC" if payment == "cash" else "UNC"),
                         description=description, payment=payment)

    # stock
    def purchase(self, day: date, item: Item, qty: Decimal, *, payment: str | None = None,
                 description: str = "", doc: str | None = None) -> None:
        supplier = self.suppliers[item.supplier]
        amount = round_half_up(qty * item.cost)
        account = payment or (self.bank if supplier.payment == "bank" else "cash")
        self.spend(day, account, amount)
        item.qty += qty
        item.value += amount
        item.on_hand += int(qty * item.pack)
        self.journal.add(day, "purchase", amount, line=item.line,
                         doc=supplier.next_doc(self) if doc is None else doc,
                         description=description or f"Mua {item.name[0].lower()}{item.name[1:]}",
                         payment=account, item=item.name, unit=item.unit, qty=_qty(qty),
                         unit_price=item.cost, counterparty=supplier.name)

    def use(self, item: Item, pieces: int) -> int:
        """Take up to `pieces` off the shelf; returns what was there."""
        taken = min(pieces, item.on_hand)
        item.on_hand -= taken
        item.pending += taken
        return taken

    def restock(self, day: date, supplier_key: str, *, factor: float = 1.0,
                payment: str | None = None) -> None:
        for item in self.items.values():
            if item.supplier != supplier_key or item.on_hand >= item.reorder * item.rate * factor:
                continue
            missing = item.cover * item.rate * factor - item.on_hand
            step = 5 if item.tenths else item.pack  # kg bought by the half kilo
            qty = Decimal(max(1, int(missing / step) + 1) * step) / item.pack
            self.purchase(day, item, qty, payment=payment)

    def stock_out_all(self, day: date, description: str) -> None:
        """Book what left the stock since the last call, valued at the running average."""
        for item in self.items.values():
            if item.tenths:
                qty = Decimal(item.pending) / item.pack
            else:
                qty = Decimal(item.pending // item.pack)
            if qty == 0:
                continue
            item.pending -= int(qty * item.pack)
            value = item.value if qty == item.qty else round_half_up(item.value * qty / item.qty)
            item.qty -= qty
            item.value -= value
            self.journal.add(day, "stock_out", value, line=item.line, doc=self.doc("PX"), description=description,
                             item=item.name, unit=item.unit, qty=_qty(qty))


def _qty(qty: Decimal) -> str:
    text = format(qty.normalize(), "f")
    return text


def calibrate(items: list[Item], use_per_day: Callable[[Item], float]) -> None:
    for item in items:
        item.rate = use_per_day(item)


def noise(rng: random.Random, spread: float) -> float:
    return 1 - spread + 2 * spread * rng.random()


def write_ledger(out: Path, name: str, household: str, journal: Journal) -> None:
    directory = out / name
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "household.toml").write_bytes(household.encode("utf-8"))
    (directory / "journal.csv").write_bytes(journal.csv_text().encode("utf-8"))
