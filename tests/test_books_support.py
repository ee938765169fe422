"""Helpers for the books tests: an in-memory ledger and household/entry builders (no tests here)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from hhtax.books.model import Book, Row, RowStyle
from hhtax.journal.aggregates import AggregateRow, aggregate_entries
from hhtax.journal.scan_entries import ReadsFromEntries
from hhtax.model import Account, BusinessLine, Entry, Household

TAX_CODE = "0314409058"


class MemoryLedger(ReadsFromEntries):
    """The Ledger protocol over a list of entries (journal order: date, then insertion)."""

    def __init__(self, household: Household, entries: Iterable[Entry]) -> None:
        self._household = household
        ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].date, pair[0]))
        self._entries = [e.model_copy(update={"id": n}) for n, (_i, e) in enumerate(ordered, start=1)]

    @property
    def household(self) -> Household:
        return self._household

    @property
    def name(self) -> str:
        return "memory"

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        for entry in self._entries:
            if (start is None or entry.date >= start) and (end is None or entry.date <= end):
                yield entry

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        return aggregate_entries(self.entries(start, end), cash_limit)

    def close(self) -> None:
        """Nothing to release."""


def household(groups: Iterable[str] = ("goods",), **fields: Any) -> Household:
    lines = [BusinessLine(id=g, group=g, name=f"Ngành {g}") for g in groups]
    data: dict[str, Any] = {"tax_code": TAX_CODE, "name": "Nguyễn Văn Á", "shop_name": "Cửa hàng Á",
                            "address": "Số 1 phố Huế", "province": "Hà Nội", "lines": lines,
                            "accounts": [Account(id="vcb", number="0011", provider="Vietcombank")]}
    data.update(fields)
    return Household(**data)


def sale(day: date, amount: int, line: str = "goods", **fields: Any) -> Entry:
    return Entry(date=day, kind="sale", amount=amount, line=line, doc=fields.pop("doc", f"HD{day:%m%d}"),
                 **fields)


def rows(book: Book, section: int | None = None) -> list[Row]:
    sections = book.sections if section is None else (book.sections[section],)
    return [row for s in sections for row in s.rows]


def cell(book: Book, row: Row, key: str) -> Any:
    return row.cells[book.column_index(key)]


def money(book: Book, row: Row, key: str) -> int:
    value = cell(book, row, key)
    return int(value) if value is not None else 0


def qty(book: Book, row: Row, key: str) -> Decimal:
    value = cell(book, row, key)
    return Decimal(value) if value is not None else Decimal(0)


def styled(book: Book, style: RowStyle, description: str | None = None,
           section: int | None = None) -> list[Row]:
    return [r for r in rows(book, section) if r.style is style
            and (description is None or cell(book, r, "description") == description)]
