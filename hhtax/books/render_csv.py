"""A book as CSV: one header row ("A - Ngày, tháng ghi sổ", …) after the section and row-kind
columns, then every row of every section. Amounts are whole đồng without separators, dates ISO,
quantities exact decimals: a file to read back, not to print (the PDF is the statutory form)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TextIO

from hhtax.books.model import Book, Cell, ColumnKind, Row
from hhtax.books.render_text import machine


def header(book: Book) -> list[str]:
    return ["Phần", "Loại dòng", *(f"{c.label} - {c.caption}" for c in book.columns)]


def write_csv(book: Book, stream: TextIO) -> None:
    """Write the book to a text stream opened with `newline=""`."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header(book))
    converted = [i + 2 for i, c in enumerate(book.columns) if c.kind in (ColumnKind.DATE, ColumnKind.QTY)]
    for section in book.sections:
        writer.writerows(_lines(section.title, section.rows, converted))


def _lines(title: str, rows: Iterable[Row], converted: list[int]) -> Iterator[list[Cell | str]]:
    for cells, style in rows:
        line: list[Cell | str] = [title, style.value, *cells]
        for index in converted:  # amounts and text are written as they are
            value = line[index]
            if value is not None:
                line[index] = machine(value)
        yield line
