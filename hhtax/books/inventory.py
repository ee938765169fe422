"""The inventory books' reading of the journal: the valued pages of every item (TT 88/2021 S2-HKD,
TT 152/2025 S2d-HKD), streamed from the ledger with the books' fast scan. The valuation itself is a
core module (`hhtax.inventory`), shared with the tax engine's cost of goods sold.

A period's stock position and item summaries under the weighted average method are read from the
monthly stock totals a SQLite ledger keeps (`hhtax.inventory_totals`), not from every entry since
the ledger began; first in, first out, a plain-text ledger and a ledger made before schema 5 are
valued from the entries.
"""

from __future__ import annotations

import gc

from hhtax import inventory_totals
from hhtax.books.common import describe_stored
from hhtax.books.scan import scan
from hhtax.inventory import (
    COLUMNS,
    STOCK_KINDS,
    ZERO,
    ItemPage,
    ItemSummary,
    Move,
    StockPosition,
    Valuation,
    inventory_summary,
    stock_position,
)
from hhtax.journal import Ledger, StockTotals
from hhtax.model import InventoryMethod
from hhtax.periods import Period

__all__ = ["ZERO", "ItemPage", "ItemSummary", "Move", "inventory_summary", "item_pages", "ledger_stock",
           "ledger_summary"]


def item_pages(ledger: Ledger, period: Period, method: InventoryMethod,
               monthly: bool) -> tuple[dict[str, ItemPage], list[str]]:
    """The valued pages of every item, from the ledger's start to the end of `period`."""
    valuation = Valuation(period, method, monthly, describe_stored)
    collecting = gc.isenabled()
    frozen = gc.get_freeze_count() > 0
    gc.disable()  # half a million long-lived movements: the cyclic collector would rescan them often
    try:
        pages = valuation.feed(scan(ledger, None, period.end, COLUMNS, {"kind": STOCK_KINDS},
                                    present=("item", "qty")))
    finally:
        # The movements were made with the collector paused, so they all sit in its youngest
        # generation, which it would walk again and again while the book is printed. A freeze and
        # unfreeze moves every live object straight to the oldest generation without walking any;
        # where the caller froze its objects already (a forked worker), the movements join them
        # (they hold no cycles: reference counting frees them with the book).
        gc.freeze()
        if not frozen:
            gc.unfreeze()
        if collecting:
            gc.enable()
    return pages, valuation.warnings


def ledger_stock(ledger: Ledger, period: Period, method: InventoryMethod,
                 monthly: bool) -> StockPosition | None:
    """The stock position of `period` (opening and closing value) from the ledger, valued as the
    inventory book values it (ND 68/2026 Art 6.1.a)."""
    totals = _totals(ledger, period, method, monthly)
    if totals is not None:
        return inventory_totals.position(totals, period, monthly)
    rows = scan(ledger, None, period.end, COLUMNS, {"kind": STOCK_KINDS}, present=("item", "qty"))
    return stock_position(rows, period, method, monthly)


def ledger_summary(ledger: Ledger, period: Period, method: InventoryMethod) -> list[ItemSummary]:
    """Per item figures for `period` (01-2/BK-HĐKD Part I; the opening stock of 01/BK-HTK, ND
    68/2026 Art 18.4), as `inventory_summary` gives them from every entry up to its end."""
    totals = _totals(ledger, period, method, False)
    if totals is not None:
        return inventory_totals.summaries(totals, period)
    return inventory_summary(ledger.entries(end=period.end), period, method)


def _totals(ledger: Ledger, period: Period, method: InventoryMethod,
            monthly: bool) -> list[inventory_totals.MonthTotal] | None:
    """The ledger's monthly stock totals up to the end of `period` when they can value it (the
    average method, a ledger that keeps them), else None (value the entries)."""
    if not isinstance(ledger, StockTotals) or not inventory_totals.answers(period, method, monthly):
        return None
    rows = ledger.stock_totals(period.end)
    return None if rows is None else list(rows)
