"""Monthly aggregates of a journal: the numbers the tax engine reads (a core value type).

A year of a million entries becomes a few hundred `AggregateRow`s, one per month and distinct
combination of the fields that matter to the law (kind, line, category, VAT-cut flag, platform
withholding, document presence, large cash payment). The SQLite store computes the same rows
with one `GROUP BY` query (`hhtax.journal`); `aggregate_entries` does it in memory for the Python
API and the engine's entry path. Both must agree (tests/test_aggregates.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hhtax.model import Entry


@dataclass(frozen=True, order=True)
class AggregateKey:
    year: int
    month: int
    kind: str
    line: str
    category: str  # "" when the kind has none
    vat_cut: bool | None  # the entry's own flag; None = the line's default (OQ-07)
    withheld: bool  # sold through a platform that withheld the tax (ND 117/2025)
    has_doc: bool  # a document number was recorded (ND 68 Art 6.2.b)
    cash_large: bool  # paid in cash with |amount| ≥ the non-cash limit (ND 68 Art 6.1)


@dataclass(frozen=True)
class AggregateRow:
    key: AggregateKey
    amount: int
    count: int
    withheld_vat: int
    withheld_pit: int


def key_of(entry: Entry, cash_limit: int) -> AggregateKey:
    """The aggregate key of one entry. `cash_limit` comes from the rule pack (5,000,000 in 2026)."""
    return AggregateKey(
        year=entry.date.year, month=entry.date.month, kind=entry.kind.value, line=entry.line,
        category=entry.category.value if entry.category else "", vat_cut=entry.vat_cut,
        withheld=entry.withheld, has_doc=bool(entry.doc),
        cash_large=entry.payment == "cash" and abs(entry.amount) >= cash_limit,
    )


def aggregate_entries(entries: Iterable[Entry], cash_limit: int) -> list[AggregateRow]:
    """Sum entries by `AggregateKey`; rows come back sorted by key."""
    sums: dict[AggregateKey, list[int]] = {}
    for entry in entries:
        key = key_of(entry, cash_limit)
        cell = sums.get(key)
        if cell is None:
            sums[key] = [entry.amount, 1, entry.withheld_vat, entry.withheld_pit]
        else:
            cell[0] += entry.amount
            cell[1] += 1
            cell[2] += entry.withheld_vat
            cell[3] += entry.withheld_pit
    return [AggregateRow(key, *sums[key]) for key in sorted(sums, key=sort_key)]


def sort_key(key: AggregateKey) -> tuple[object, ...]:
    """The order of aggregate rows (None before False before True for `vat_cut`)."""
    return (key.year, key.month, key.kind, key.line, key.category, -1 if key.vat_cut is None
            else int(key.vat_cut), key.withheld, key.has_doc, key.cash_large)
