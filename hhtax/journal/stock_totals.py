"""Monthly stock totals of a SQLite journal, kept in step with every append (schema version 5).

The cost of goods sold of the income method (ND 68/2026 Art 6.1.a) and the opening stock of
01/BK-HTK (Art 18.4) need each item's stock position at the start of a period. Under the weighted
average method ("bình quân gia quyền cuối kỳ") a kỳ's closing quantity and value depend only on the
item's balance before it and on the kỳ's sums: quantity in, value in, quantity out
(`hhtax.inventory.average_close`). So the store keeps those sums per month and item in
`stock_totals`, added in the same transaction as every append, like `monthly_totals`; reading a
period's stock then costs a few rows per item and month instead of the whole journal. A row holds:

- `moves`, `in_qty`, `in_value`, `out_qty`: the count and sums of the month's stock movements of
  the item, each entry moved as `hhtax.inventory.stock_move` moves it (a reversal the other way);
- `opening_value`: the amounts of its `opening` entries (a StockPosition counts those dated inside
  the period);
- `unit`, `unit_date`: the first unit written on the item's movements of the month, in journal
  order (date, then id), and that entry's date.

Quantities are kept as decimal text and summed with `Decimal` in Python (SQLite has no exact
decimal sum). The journal is append-only and corrections are reversing entries, so the sums only
grow by new rows; `mismatches` recomputes them from the entries (`hhtax verify`), and the upgrade to
schema 5 builds the table from the journal (`rebuild`).

Which entries are read follows reading OQ-28 as the entry scan it replaces: the months up to the
period's end, never an entry dated after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hhtax.inventory import STOCK_KINDS, ZERO, stock_move

SCHEMA_V5 = """
CREATE TABLE stock_totals (
    month TEXT NOT NULL,
    item TEXT NOT NULL,
    moves INTEGER NOT NULL,
    in_qty TEXT NOT NULL,
    in_value INTEGER NOT NULL,
    out_qty TEXT NOT NULL,
    opening_value INTEGER NOT NULL,
    unit TEXT NOT NULL,
    unit_date TEXT NOT NULL,
    PRIMARY KEY (month, item)
) STRICT, WITHOUT ROWID;
"""
_KINDS = frozenset(STOCK_KINDS)
_OPENING = "opening"
_COLUMNS = "month, item, moves, in_qty, in_value, out_qty, opening_value, unit, unit_date"
_ENTRY_COLUMNS = "date, kind, amount, item, unit, qty"
_ENTRY_FILTER = (f"kind IN ({', '.join(repr(k) for k in STOCK_KINDS)}) AND item <> '' "
                 "AND qty IS NOT NULL AND qty <> ''")


@dataclass(frozen=True)
class StockTotal:
    """One item's stock movements of one month (a row of `stock_totals`)."""

    month: str  # YYYY-MM
    item: str
    moves: int
    in_qty: Decimal
    in_value: int
    out_qty: Decimal
    opening_value: int
    unit: str


class StockAccumulator:
    """The stock sums of the entries appended in one transaction, by (month, item)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str], list[Any]] = {}

    def add(self, day: str, kind: str, amount: int, item: str, unit: str, qty: str | None) -> None:
        """Count one entry (stored values) if it moves an item's stock."""
        if not item or not qty or kind not in _KINDS:
            return
        move = stock_move(kind, amount, qty)
        if move is None:  # pragma: no cover - every stock kind with a quantity moves stock
            return
        key = (day[:7], item)
        cell = self.cells.get(key)
        if cell is None:
            cell = self.cells[key] = [0, ZERO, 0, ZERO, 0, "", ""]
        _merge(cell, 1, move[0], move[1], move[2], amount if kind == _OPENING else 0, unit, day)

    def write(self, db: sqlite3.Connection) -> None:
        """Add the sums to `stock_totals` (read, add, replace per key) and start afresh."""
        if not self.cells:
            return
        for (month, item), cell in self.cells.items():
            row = db.execute("SELECT moves, in_qty, in_value, out_qty, opening_value, unit, unit_date "
                             "FROM stock_totals WHERE month = ? AND item = ?", (month, item)).fetchone()
            if row is not None:
                stored = [int(row[0]), Decimal(row[1]), int(row[2]), Decimal(row[3]), int(row[4]),
                          str(row[5]), str(row[6])]
                _merge(stored, *cell)
                cell = stored
            db.execute(f"INSERT OR REPLACE INTO stock_totals ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (month, item, cell[0], str(cell[1]), cell[2], str(cell[3]), cell[4], cell[5], cell[6]))
        self.cells = {}


def _merge(cell: list[Any], moves: int, in_qty: Decimal, in_value: int, out_qty: Decimal, opening: int,
           unit: str, unit_date: str) -> None:
    """Add later movements to `cell` (appended after it: an equal date keeps the cell's unit)."""
    cell[0] += moves
    cell[1] += in_qty
    cell[2] += in_value
    cell[3] += out_qty
    cell[4] += opening
    if unit and (not cell[5] or unit_date < cell[6]):
        cell[5], cell[6] = unit, unit_date


def _from_entries(rows: Iterable[tuple[Any, ...]]) -> StockAccumulator:
    fresh = StockAccumulator()
    for day, kind, amount, item, unit, qty in rows:
        fresh.add(day, kind, amount, item, unit, qty)
    return fresh


def rebuild(db: sqlite3.Connection) -> None:
    """Build `stock_totals` from the journal (the upgrade to schema 5), inside the caller's
    transaction."""
    db.execute("DELETE FROM stock_totals")
    _from_entries(db.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE {_ENTRY_FILTER} ORDER BY id")
                  ).write(db)


def read(db: sqlite3.Connection, last_month: str) -> list[StockTotal]:
    """Every row of the months up to `last_month` (YYYY-MM), by month then item."""
    return [StockTotal(str(month), str(item), int(moves), Decimal(in_qty), int(in_value), Decimal(out_qty),
                       int(opening), str(unit))
            for month, item, moves, in_qty, in_value, out_qty, opening, unit, _ in db.execute(
                f"SELECT {_COLUMNS} FROM stock_totals WHERE month <= ? ORDER BY month, item", (last_month,))]


def mismatches(db: sqlite3.Connection) -> list[str]:
    """The months (YYYY-MM) whose stored stock totals differ from the sums of their entries (a
    table edited outside hhtax); empty when they agree."""
    stored = {(str(row[0]), str(row[1])): tuple(str(v) for v in row[2:])
              for row in db.execute(f"SELECT {_COLUMNS} FROM stock_totals")}
    fresh = _from_entries(db.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE {_ENTRY_FILTER} "
                                     "ORDER BY id"))
    expected = {key: tuple(str(v) for v in cell) for key, cell in fresh.cells.items()}
    return sorted({key[0] for key in stored.keys() ^ expected.keys()} |
                  {key[0] for key in stored.keys() & expected.keys() if stored[key] != expected[key]})
