"""The data of the books pages, from an `hhtax.Ledger` (no web framework here).

The list is `Ledger.required_books` (code and reason, TT 88/2021 Art 3, TT 152/2025 Art 3–7); a
book is `Ledger.build_book` read one page of rows at a time (a book of a million rows is never held
in memory); the files are `Ledger.book` (the one renderer, the same bytes `hhtax books` writes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from hhtax.api import Ledger
from hhtax.books.layout import load_layout
from hhtax.books.model import Book, Row
from hhtax.books.render_text import printed
from hhtax.periods import Period
from hhtax.status import latest_year
from hhtax.tax.explain import cite

BOOK_ROWS = 200
DOWNLOADS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def default_year(ledger: Ledger, today: date) -> int:
    """The year of the ledger's latest entry (today's year for an empty ledger)."""
    return latest_year(ledger.store) or today.year


@dataclass(frozen=True)
class BookListing:
    code: str
    title: str
    reason: str


def books_view(ledger: Ledger, period: Period, lang: str) -> list[BookListing]:
    """The books to keep for `period`, with why (in `lang`) and the statutory title."""
    return [
        BookListing(code, load_layout(code).title, cite(reason, lang))
        for code, reason in ledger.required_books(period, lang=lang)
    ]


@dataclass
class SectionPage:
    title: str
    subtitle: str
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (style, cells as printed)


@dataclass
class BookPage:
    """One page of a book's rows, by section, with the header and the columns."""

    book: Book
    page: int
    first: int
    sections: list[SectionPage]
    more: bool

    @property
    def last(self) -> int:
        return self.first + sum(len(s.rows) for s in self.sections) - 1

    @property
    def numeric(self) -> list[bool]:
        return [column.kind.value in ("money", "qty") for column in self.book.columns]


def _cells(book: Book, row: Row) -> list[str]:
    return [printed(value, column.kind) for value, column in zip(row.cells, book.columns, strict=False)]


def _flat(book: Book) -> Iterator[tuple[int, Row]]:
    for index, section in enumerate(book.sections):
        for row in section.rows:
            yield index, row


def book_page(ledger: Ledger, code: str, period: Period, page: int, size: int = BOOK_ROWS) -> BookPage:
    """Rows `page * size` … of book `code`, grouped by the sections they fall in."""
    book = ledger.build_book(code, period)
    start = max(0, page) * size
    window = list(islice(_flat(book), start, start + size + 1))
    sections: list[SectionPage] = []
    current = -1
    for index, row in window[:size]:
        if index != current:
            section = book.sections[index]
            sections.append(SectionPage(section.title, section.subtitle))
            current = index
        sections[-1].rows.append((row.style.value, _cells(book, row)))
    return BookPage(book, page, start + 1, sections, len(window) > size)


def download_name(ledger: Ledger, code: str, period: Period, fmt: str) -> str:
    """`<tax code>_<book>_<period>.<fmt>`, as `hhtax books --out` names the file."""
    return f"{ledger.household.tax_code}_{code}_{period}.{fmt}"


def describe(book: Book) -> dict[str, Any]:
    """The header lines of a book as the page shows them (Vietnamese, as the form)."""
    header = book.header
    return {
        "form": header.form,
        "circular": header.circular,
        "title": header.title,
        "household": header.household,
        "tax_code": header.tax_code,
        "address": header.address,
        "location": header.location,
        "period_label": header.period_label,
        "period": header.period,
        "unit": header.unit,
    }
