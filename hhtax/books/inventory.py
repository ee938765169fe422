"""The inventory books' reading of the journal: the valued pages of every item (TT 88/2021 S2-HKD,
TT 152/2025 S2d-HKD), streamed from the ledger with the books' fast scan. The valuation itself is a
core module (`hhtax.inventory`), shared with the tax engine's cost of goods sold.
"""

from __future__ import annotations

import gc

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
from hhtax.journal import Ledger
from hhtax.model import InventoryMethod
from hhtax.periods import Period

__all__ = ["ZERO", "ItemPage", "ItemSummary", "Move", "inventory_summary", "item_pages", "ledger_stock"]


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
    rows = scan(ledger, None, period.end, COLUMNS, {"kind": STOCK_KINDS}, present=("item", "qty"))
    return stock_position(rows, period, method, monthly)
