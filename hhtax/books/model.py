"""The generic `Book` value: one shape for all fourteen statutory books.

A book is what TT 88/2021/TT-BTC (S1–S7-HKD) and TT 152/2025/TT-BTC Art 3 (S1a, S2a–S2e, S3a-HKD)
prescribe: a header (household, address, tax code, the "Mẫu số … (Kèm theo Thông tư số …)" line,
title, location, period, unit), numbered columns, rows, totals and a footer with the date line and
the representative's signature. Renderers draw any `Book` without knowing which one it is.

Rows stream: a `Section` holds a re-iterable `RowSource` that reads the journal each time it is
iterated, so a year of a million entries is never held in memory as models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import partial
from typing import NamedTuple

Cell = str | int | Decimal | date | None


class ColumnKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    MONEY = "money"  # whole đồng
    QTY = "qty"  # a quantity (Decimal)


class RowStyle(StrEnum):
    ENTRY = "entry"  # one journal entry, or one day and line under `--summary daily`
    OPENING = "opening"  # balance brought forward
    TOTAL = "total"  # "Tổng cộng", "Cộng phát sinh trong kỳ"
    CLOSING = "closing"  # balance carried forward
    TAX = "tax"  # a tax line at the bottom of a revenue book
    HEADING = "heading"  # a caption row inside a section (e.g. an industry group)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the statutory column letter or number: "A", "1", "2a"
    caption: str
    kind: ColumnKind = ColumnKind.TEXT
    group: str = ""  # a spanning caption over adjacent columns ("Nhập", "Xuất", "Tồn")
    width: float = 1.0  # relative width in the PDF


class Row(NamedTuple):
    """One line of a book (a named tuple: a million of them are built per book)."""

    cells: tuple[Cell, ...]  # one value per column of the book
    style: RowStyle = RowStyle.ENTRY


class RowSource:
    """A re-iterable stream of rows: every iteration calls the factory again."""

    def __init__(self, factory: Callable[[], Iterator[Row]]) -> None:
        self._factory = factory

    def __iter__(self) -> Iterator[Row]:
        return self._factory()

    @classmethod
    def of(cls, rows: list[Row]) -> RowSource:
        """A source over rows already built (small books: S2c, S4; a book read once to be sent
        between processes, `hhtax.service.books`: this source can be pickled)."""
        return cls(partial(iter, tuple(rows)))


@dataclass(frozen=True)
class Section:
    """A part of a book: an inventory item's page, a cash or bank account, a tax."""

    title: str
    rows: RowSource
    new_page: bool = False  # start the section on a new page (one page per item in S2/S2d-HKD)
    subtitle: str = ""


@dataclass(frozen=True)
class Header:
    household: str
    address: str
    tax_code: str
    form: str  # "Mẫu số S2a-HKD"
    circular: str  # "(Kèm theo Thông tư số 152/2025/TT-BTC ngày 31 tháng 12 năm 2025 …)"
    title: str
    location: str
    period_label: str  # "Kỳ kê khai" (TT 152) or "Kỳ" (TT 88)
    period: str  # "Quý 1 năm 2026"
    unit: str = "Đơn vị tính: đồng"


@dataclass(frozen=True)
class Footer:
    date_line: str = "Ngày … tháng … năm …"
    signer: str = "NGƯỜI ĐẠI DIỆN HỘ KINH DOANH/CÁ NHÂN KINH DOANH"
    signer_note: str = "(Ký, họ tên, đóng dấu)"
    name: str = ""


@dataclass(frozen=True)
class Book:
    """One statutory book for one period. `warnings` is complete once the rows have been iterated."""

    code: str
    period: str  # the period as written on the command line ("2026-Q1")
    header: Header
    columns: tuple[Column, ...]
    sections: tuple[Section, ...]
    footer: Footer
    ref: str = ""  # the legal basis of the layout
    landscape: bool = False  # the template's page orientation
    warnings: list[str] = field(default_factory=list)

    def column_index(self, key: str) -> int:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)
