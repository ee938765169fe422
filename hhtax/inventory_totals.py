"""Stock valuation from the journal's monthly stock totals (`hhtax.journal.stock_totals`) instead
of its entries: the same figures as `hhtax.inventory.Valuation` for the weighted average method.

Under the weighted average at the end of each kỳ ("bình quân gia quyền cuối kỳ", TT 88/2021 S2-HKD,
TT 152/2025 S2d-HKD) an item's closing quantity and value of a kỳ are fixed by its balance before
the kỳ and the kỳ's sums of quantity in, value in and quantity out (`average_close`: the last
outflow takes the rounding remainder, so the outflows of a kỳ add up to the rounded total). The
monthly sums therefore give every kỳ's balance, the opening stock of a period and its in, out and
closing figures (01-2/BK-HĐKD Part I, 01/BK-HTK; the cost of goods sold of ND 68/2026 Art 6.1.a).
First in, first out depends on the order of the movements and is valued from the entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from hhtax.inventory import ZERO, ItemSummary, StockPosition, average_close, kind_for
from hhtax.model import InventoryMethod
from hhtax.periods import Period


class MonthTotal(Protocol):
    """One item's stock movements of one month (`hhtax.journal.stock_totals.StockTotal`)."""

    @property
    def month(self) -> str: ...
    @property
    def item(self) -> str: ...
    @property
    def moves(self) -> int: ...
    @property
    def in_qty(self) -> Decimal: ...
    @property
    def in_value(self) -> int: ...
    @property
    def out_qty(self) -> Decimal: ...
    @property
    def opening_value(self) -> int: ...
    @property
    def unit(self) -> str: ...


@dataclass
class _Item:
    """An item's balance after the last closed kỳ and its figures for the period."""

    unit: str = ""
    qty: Decimal = ZERO
    value: int = 0
    opening_qty: Decimal = ZERO
    opening_value: int = 0
    moves: int = 0  # movements inside the period
    in_qty: Decimal = ZERO
    in_value: int = 0
    out_qty: Decimal = ZERO
    out_value: int = 0

    def summary(self, name: str) -> ItemSummary:
        return ItemSummary(name, self.unit, self.opening_qty, self.opening_value, self.in_qty, self.in_value,
                           self.out_qty, self.out_value, self.opening_qty + self.in_qty - self.out_qty,
                           self.opening_value + self.in_value - self.out_value)

    @property
    def active(self) -> bool:
        return bool(self.moves) or self.opening_qty != 0 or self.opening_value != 0


def answers(period: Period, method: InventoryMethod, monthly: bool) -> bool:
    """Whether the totals value `period`: the average method, and a period made of whole kỳ."""
    if method is not InventoryMethod.AVERAGE:
        return False
    kind = kind_for(period, monthly)
    return Period.containing(period.start, kind).start == period.start and \
        Period.containing(period.end, kind).end == period.end


@dataclass
class _Sums:
    """An item's movements in one kỳ."""

    moves: int = 0
    in_qty: Decimal = ZERO
    in_value: int = 0
    out_qty: Decimal = ZERO

    def add(self, row: MonthTotal) -> None:
        self.moves += row.moves
        self.in_qty += row.in_qty
        self.in_value += row.in_value
        self.out_qty += row.out_qty


def _value(totals: Iterable[MonthTotal], period: Period, monthly: bool) -> tuple[dict[str, _Item], int]:
    """Every item's figures for `period` from the rows of the months up to its end (by month),
    and the value of the opening entries dated inside it."""
    kind = kind_for(period, monthly)
    start, last = period.start.isoformat()[:7], period.end.isoformat()[:7]
    items: dict[str, _Item] = {}
    kys: dict[str, dict[str, _Sums]] = {}  # kỳ (its first month) → item → its sums
    opening_in_period = 0
    for row in totals:
        if row.month > last:
            break
        item = items.setdefault(row.item, _Item())
        if not item.unit and row.unit:
            item.unit = row.unit
        if row.month >= start:
            opening_in_period += row.opening_value
        first = Period.containing(date.fromisoformat(f"{row.month}-01"), kind).start.isoformat()[:7]
        kys.setdefault(first, {}).setdefault(row.item, _Sums()).add(row)
    opened = False
    for first in sorted(kys):
        inside = first >= start
        if inside and not opened:
            _open(items)
            opened = True
        for name, sums in kys[first].items():
            item = items[name]
            item.qty, item.value, out_total = average_close(item.qty, item.value, sums.in_qty, sums.in_value,
                                                            sums.out_qty)
            if inside:
                item.moves += sums.moves
                item.in_qty += sums.in_qty
                item.in_value += sums.in_value
                item.out_qty += sums.out_qty
                item.out_value += out_total
    if not opened:
        _open(items)
    return dict(sorted(items.items())), opening_in_period


def _open(items: dict[str, _Item]) -> None:
    """The period begins: every item opens with its balance after the kỳ before it."""
    for item in items.values():
        item.opening_qty, item.opening_value = item.qty, item.value


def summaries(totals: Iterable[MonthTotal], period: Period) -> list[ItemSummary]:
    """Per item figures for `period` (`hhtax.inventory.inventory_summary` under the average method)."""
    items, _ = _value(totals, period, False)
    return [item.summary(name) for name, item in items.items() if item.active]


def position(totals: Iterable[MonthTotal], period: Period, monthly: bool) -> StockPosition | None:
    """The stock position of `period` (`hhtax.inventory.stock_position` under the average method);
    None when no entry moves an item's stock."""
    items, opening_in_period = _value(totals, period, monthly)
    if not items:
        return None
    opening = sum(item.opening_value for item in items.values()) + opening_in_period
    closing = sum(item.summary(name).closing_value for name, item in items.items() if item.active)
    return StockPosition(opening=opening, closing=closing, method=InventoryMethod.AVERAGE)
