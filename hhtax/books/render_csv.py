"""A book as CSV: one header row ("A - Ngày, tháng ghi sổ", …) after the section and row-kind
columns, then every row of every section. The row kind is written in Vietnamese (`ROW_KIND_VI`:
statutory output carries no internal codes). Amounts are whole đồng without separators, dates ISO,
quantities exact decimals: a file to read back, not to print (the PDF is the statutory form)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from hhtax.books.model import Book, Cell, ColumnKind, Row, RowStyle
from hhtax.text import spreadsheet_text

ROW_KIND_VI = {
    RowStyle.ENTRY: "Nghiệp vụ",
    RowStyle.OPENING: "Số dư đầu kỳ",
    RowStyle.TOTAL: "Cộng",
    RowStyle.CLOSING: "Số dư cuối kỳ",
    RowStyle.TAX: "Thuế",
    RowStyle.HEADING: "Tiêu đề",
}


def header(book: Book) -> list[str]:
    return ["Phần", "Loại dòng", *(f"{c.label} - {c.caption}" for c in book.columns)]


def write_csv(book: Book, stream: TextIO) -> None:
    """Write the book to a text stream opened with `newline=""`.

    The csv module writes every cell with `str()`: amounts as plain integers, dates as ISO
    (`date.__str__`), quantities as exact decimals (`Decimal.__str__`), None as empty. Text from
    the journal is neutralised against CSV injection (`hhtax.text.spreadsheet_text`)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header(book))
    texts = [i + 2 for i, c in enumerate(book.columns) if c.kind is ColumnKind.TEXT]
    for section in book.sections:
        writer.writerows(_lines(spreadsheet_text(section.title), section.rows, texts))


# The first characters `spreadsheet_text` neutralises, found by asking it (a cheap test per cell).
_RISKY = frozenset(chr(code) for code in range(128) if spreadsheet_text(chr(code)) != chr(code))


def _lines(title: str, rows: Iterable[Row], texts: list[int]) -> Iterator[Sequence[Cell]]:
    """The CSV lines of a section's rows, the row kind in Vietnamese."""
    risky = _RISKY
    kinds = ROW_KIND_VI
    for cells, style in rows:
        line: Sequence[Cell] = (title, kinds[style], *cells)
        for index in texts:
            value = line[index]
            if value and isinstance(value, str) and value[0] in risky:
                line = [*line[:index], spreadsheet_text(value), *line[index + 1:]]
        yield line
