"""Monthly aggregates of a plain-text ledger's stored rows (`aggregate_stored`); the row type and
the in-memory aggregation of entries are core values (`hhtax.aggregates`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hhtax.aggregates import AggregateKey, AggregateRow, aggregate_entries, key_of, sort_key

__all__ = ["AggregateKey", "AggregateRow", "aggregate_entries", "aggregate_stored", "key_of", "sort_key"]


def aggregate_stored(rows: Iterable[tuple[Any, ...]], cash_limit: int) -> list[AggregateRow]:
    """The same as `aggregate_entries`, from stored values (`RowParser.values` order: date text,
    kind, amount, line, doc, description, payment, category, …, vat_cut, withheld, withheld_vat,
    withheld_pit, …) without building an Entry per row: the plain-text ledger's fast path."""
    sums: dict[tuple[Any, ...], list[int]] = {}
    for values in rows:
        day, kind, amount, line, doc, _, payment, category = values[:8]
        vat_cut, withheld, withheld_vat, withheld_pit = values[14:18]
        raw = (day[:7], kind, line, category, vat_cut, withheld, bool(doc),
               payment == "cash" and abs(amount) >= cash_limit)
        cell = sums.get(raw)
        if cell is None:
            sums[raw] = [amount, 1, withheld_vat, withheld_pit]
        else:
            cell[0] += amount
            cell[1] += 1
            cell[2] += withheld_vat
            cell[3] += withheld_pit
    keyed = {
        AggregateKey(year=int(month[:4]), month=int(month[5:7]), kind=kind, line=line,
                     category=category or "", vat_cut=None if vat_cut is None else bool(vat_cut),
                     withheld=bool(withheld), has_doc=has_doc, cash_large=cash_large): cell
        for (month, kind, line, category, vat_cut, withheld, has_doc, cash_large), cell in sums.items()
    }
    return [AggregateRow(key, *keyed[key]) for key in sorted(keyed, key=sort_key)]
