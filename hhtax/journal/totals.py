"""Monthly totals of a SQLite journal, kept in step with every append.

The tax engine reads the journal through monthly aggregates (`hhtax.journal.aggregates`): sums by
month and `AggregateKey`. Grouping a million entries costs seconds, so the store keeps those sums
in the table `monthly_totals` (schema version 2), adding each new entry's amounts in the same
transaction that appends it. The journal is append-only and corrections are reversing entries
(TT 88/2021 Art 4, TT 152/2025), so the sums only ever grow by new rows.

The key holds one field that depends on a rule-pack value: whether an entry is a cash payment of
at least the non-cash limit (ND 68/2026 Art 6.1, `cash_payment_limit`). The table splits at the
limit stored in `totals_settings` and records, per row, the smallest and largest |amount| of its
cash entries. A query with any other limit is answered from the table when no row straddles it,
and otherwise by grouping the entries (`read` returns None), so the answer is always exact.
"""

from __future__ import annotations

import calendar
import sqlite3
from datetime import date, timedelta
from typing import Any

from hhtax.journal.aggregates import AggregateKey, AggregateRow
from hhtax.journal.stock_totals import StockAccumulator

NO_CASH = (2**63 - 1, -1)  # (cash_low, cash_high) of a row without cash entries
NO_LIMIT = _MAX_ABS = 2**63 - 1  # a split above every amount: no entry is "cash over the limit"
_UPSERT = """
    INSERT INTO monthly_totals (month, kind, line, category, vat_cut, withheld, has_doc, cash_large, amount,
                                count, withheld_vat, withheld_pit, cash_low, cash_high)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + excluded.count,
        withheld_vat = withheld_vat + excluded.withheld_vat,
        withheld_pit = withheld_pit + excluded.withheld_pit,
        cash_low = min(cash_low, excluded.cash_low), cash_high = max(cash_high, excluded.cash_high)"""
_SELECT = """
    SELECT CAST(substr(month, 1, 4) AS INTEGER), CAST(substr(month, 6, 2) AS INTEGER), kind, line,
           category, vat_cut, withheld, has_doc, cash_large, amount, count, withheld_vat, withheld_pit,
           cash_low, cash_high
    FROM monthly_totals WHERE month BETWEEN ? AND ?"""


def stored_limit(db: sqlite3.Connection) -> int:
    """The limit this ledger's totals are split at."""
    return int(db.execute("SELECT cash_limit FROM totals_settings WHERE id = 1").fetchone()[0])


class Accumulator:
    """The sums of the entries appended in one transaction, by monthly-totals key, and their
    stock movements by month and item (`stock`, schema 5)."""

    def __init__(self, cash_limit: int, *, stock: bool = True) -> None:
        self.cash_limit = cash_limit
        self.cells: dict[tuple[Any, ...], list[int]] = {}
        self.stock = StockAccumulator() if stock else None

    def add(self, values: tuple[Any, ...]) -> None:
        """Count one entry, given its stored values (`store.stored_values` order, no id)."""
        day, kind, amount, line, doc, _, payment, category, item = values[:9]
        vat_cut, withheld, withheld_vat, withheld_pit = values[14:18]
        if item and self.stock is not None:
            self.stock.add(day, kind, amount, item, values[9], values[10])
        cash = payment == "cash"
        size = amount if amount >= 0 else min(-amount, _MAX_ABS)
        key = (day[:7], kind, line, category or "", -1 if vat_cut is None else vat_cut, withheld,
               1 if doc else 0, 1 if cash and size >= self.cash_limit else 0)
        cell = self.cells.get(key)
        if cell is None:
            low, high = (size, size) if cash else NO_CASH
            self.cells[key] = [amount, 1, withheld_vat, withheld_pit, low, high]
            return
        cell[0] += amount
        cell[1] += 1
        if withheld_vat or withheld_pit:
            cell[2] += withheld_vat
            cell[3] += withheld_pit
        if cash:
            if size < cell[4]:
                cell[4] = size
            if size > cell[5]:
                cell[5] = size

    def write(self, db: sqlite3.Connection) -> None:
        """Add the sums to `monthly_totals` (one upsert per key) and `stock_totals`, and start
        afresh."""
        if self.cells:
            db.executemany(_UPSERT, [(*key, *cell) for key, cell in self.cells.items()])
        self.cells = {}
        if self.stock is not None:
            self.stock.write(db)


def whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first day of the first and the last day of the last calendar month lying wholly
    within start…end, or None when no month does."""
    if start.day == 1:
        first = start
    elif (start.year, start.month) == (9999, 12):
        return None
    else:
        first = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    last_day = calendar.monthrange(end.year, end.month)[1]
    last = end if end.day == last_day else end.replace(day=1) - timedelta(days=1)
    return (first, last) if first <= last else None


def read(db: sqlite3.Connection, first: date, last: date, cash_limit: int) -> list[AggregateRow] | None:
    """The aggregate rows of the whole months first…last under `cash_limit`, sorted by key
    (`sort_key`), or None when some row holds cash entries on both sides of that limit (then only
    the entries can tell)."""
    sums: dict[tuple[Any, ...], list[int]] = {}  # sort_key order: vat_cut −1 (none), 0, 1
    for (year, month, kind, line, category, vat_cut, withheld, has_doc, cash_large, amount, count,
         withheld_vat, withheld_pit, cash_low, cash_high) in db.execute(_SELECT, (first.isoformat()[:7],
                                                                               last.isoformat()[:7])):
        if cash_limit > cash_high:
            large = False
        elif cash_large and cash_limit <= cash_low:
            large = True
        else:
            return None
        raw = (year, month, kind, line, category, vat_cut, bool(withheld), bool(has_doc), large)
        cell = sums.get(raw)
        if cell is None:
            sums[raw] = [amount, count, withheld_vat, withheld_pit]
        else:
            cell[0] += amount
            cell[1] += count
            cell[2] += withheld_vat
            cell[3] += withheld_pit
    return [AggregateRow(_key(raw), *sums[raw]) for raw in sorted(sums)]


_KEYS: dict[tuple[Any, ...], AggregateKey] = {}  # keys repeat across reads and ledgers; they are frozen


def _key(raw: tuple[Any, ...]) -> AggregateKey:
    key = _KEYS.get(raw)
    if key is None:
        if len(_KEYS) >= 100_000:
            _KEYS.clear()
        year, month, kind, line, category, vat_cut, withheld, has_doc, large = raw
        cut = None if vat_cut < 0 else bool(vat_cut)
        key = _KEYS[raw] = AggregateKey(year, month, kind, line, category, cut, withheld, has_doc, large)
    return key


def mismatches(db: sqlite3.Connection) -> list[str]:
    """The months whose stored totals differ from the sums of their entries (a table edited or
    rebuilt outside hhtax); empty when they agree."""
    limit = stored_limit(db)
    fresh = Accumulator(limit, stock=False)
    stored: dict[tuple[Any, ...], tuple[int, ...]] = {}
    for row in db.execute("SELECT * FROM monthly_totals"):
        stored[tuple(row[:8])] = tuple(row[8:])
    for values in db.execute("SELECT date, kind, amount, line, doc, description, payment, category, item, "
                             "unit, qty, unit_price, tax, transfer_to, vat_cut, withheld, withheld_vat, "
                             "withheld_pit FROM entries"):
        fresh.add(values)
    expected = {key: tuple(cell) for key, cell in fresh.cells.items()}
    return sorted({key[0] for key in stored.keys() ^ expected.keys()} |
                  {key[0] for key in stored.keys() & expected.keys() if stored[key] != expected[key]})
