"""Monthly aggregates of a plain-text ledger's stored rows (`aggregate_stored`), and the sums per
day that let a plain-text ledger answer them without keeping its rows (`DailySums`); the row type
and the in-memory aggregation of entries are core values (`hhtax.aggregates`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hhtax.aggregates import AggregateKey, AggregateRow, aggregate_entries, key_of, sort_key

__all__ = ["AggregateKey", "AggregateRow", "DailySums", "aggregate_entries", "aggregate_stored", "key_of",
           "sort_key"]

Sums = dict[tuple[Any, ...], list[int]]
"""Sums [amount, count, withheld VAT, withheld PIT] by (month, kind, line, category, vat_cut,
withheld, has_doc, cash_large) as stored (category and vat_cut may be None)."""


def aggregate_stored(rows: Iterable[tuple[Any, ...]], cash_limit: int) -> list[AggregateRow]:
    """The same as `aggregate_entries`, from stored values (`RowParser.values` order: date text,
    kind, amount, line, doc, description, payment, category, …, vat_cut, withheld, withheld_vat,
    withheld_pit, …) without building an Entry per row: the plain-text ledger's fast path."""
    sums: Sums = {}
    for values in rows:
        day, kind, amount, line, doc, _, payment, category = values[:8]
        vat_cut, withheld, withheld_vat, withheld_pit = values[14:18]
        raw = (day[:7], kind, line, category, vat_cut, withheld, bool(doc),
               payment == "cash" and abs(amount) >= cash_limit)
        _add(sums, raw, amount, 1, withheld_vat, withheld_pit)
    return aggregate_rows(sums)


def aggregate_rows(sums: Sums) -> list[AggregateRow]:
    """The aggregate rows of monthly sums, sorted by key."""
    keyed = {
        AggregateKey(year=int(month[:4]), month=int(month[5:7]), kind=kind, line=line,
                     category=category or "", vat_cut=None if vat_cut is None else bool(vat_cut),
                     withheld=bool(withheld), has_doc=has_doc, cash_large=cash_large): cell
        for (month, kind, line, category, vat_cut, withheld, has_doc, cash_large), cell in sums.items()
    }
    return [AggregateRow(key, *keyed[key]) for key in sorted(keyed, key=sort_key)]


def _add(sums: Sums, key: tuple[Any, ...], amount: int, count: int, withheld_vat: int,
         withheld_pit: int) -> None:
    cell = sums.get(key)
    if cell is None:
        sums[key] = [amount, count, withheld_vat, withheld_pit]
    else:
        cell[0] += amount
        cell[1] += count
        cell[2] += withheld_vat
        cell[3] += withheld_pit


class DailySums:
    """A journal's sums per day and aggregate key, gathered in one pass over its rows: memory grows
    with the days and keys, not with the rows (issue 16: a 5 M-row plain-text ledger).

    Cash payments are split at `cash_limit` (the rule pack's `cash_payment_limit`, as the SQLite
    store splits its monthly totals) and each cell keeps the smallest and largest |amount| of its
    cash entries, so `monthly` answers any other limit exactly when no cell straddles it (None
    when one does: the caller then sums the rows themselves)."""

    def __init__(self, cash_limit: int) -> None:
        self.cash_limit = cash_limit
        self.cells: dict[tuple[Any, ...], list[int]] = {}

    def add(self, values: tuple[Any, ...]) -> None:
        """Count one row, given its stored values."""
        day, kind, amount, line, doc, _, payment, category = values[:8]
        vat_cut, withheld, withheld_vat, withheld_pit = values[14:18]
        size, cash = abs(amount), payment == "cash"
        large = cash and size >= self.cash_limit
        key = (day, kind, line, category, vat_cut, withheld, bool(doc), cash, large)
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = [amount, 1, withheld_vat, withheld_pit, size, size]
            return
        cell[0] += amount
        cell[1] += 1
        cell[2] += withheld_vat
        cell[3] += withheld_pit
        if size < cell[4]:
            cell[4] = size
        elif size > cell[5]:
            cell[5] = size

    def monthly(self, first: str, last: str, cash_limit: int) -> list[AggregateRow] | None:
        """The aggregate rows of the days first…last (ISO dates) under `cash_limit`; None when the
        cash payments of some day and key lie on both sides of it."""
        sums: Sums = {}
        for (day, kind, line, category, vat_cut, withheld, has_doc, cash, _), cell in self.cells.items():
            if not first <= day <= last:
                continue
            large = False
            if cash:
                low, high = cell[4], cell[5]
                if low < cash_limit <= high:
                    return None
                large = low >= cash_limit
            _add(sums, (day[:7], kind, line, category, vat_cut, withheld, has_doc, large), *cell[:4])
        return aggregate_rows(sums)
