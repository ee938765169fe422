"""A book as a plain-text table for the terminal: the header lines, then each section with fixed
column widths (so rows stream), long descriptions shortened with "…"."""

from __future__ import annotations

from typing import TextIO

from hhtax.books.model import Book, Column, ColumnKind, RowStyle
from hhtax.books.render_text import printed

_WIDTHS = {ColumnKind.DATE: 10, ColumnKind.MONEY: 15, ColumnKind.QTY: 10}
_MARKED = {RowStyle.TOTAL: "*", RowStyle.CLOSING: "*", RowStyle.OPENING: ">", RowStyle.TAX: "*",
           RowStyle.HEADING: "#"}


def _width(column: Column) -> int:
    if column.kind in _WIDTHS:
        return _WIDTHS[column.kind]
    return max(4, min(40, int(column.width * 12)))


def _fit(text: str, width: int, right: bool) -> str:
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def write_table(book: Book, stream: TextIO) -> None:
    header = book.header
    stream.write(f"{header.form} {header.circular}\n")
    stream.write(f"{header.title}\n")
    stream.write(f"Hộ, cá nhân kinh doanh: {header.household}  Mã số thuế: {header.tax_code}\n")
    stream.write(f"Địa chỉ: {header.address}\n")
    stream.write(f"Địa điểm kinh doanh: {header.location}\n")
    stream.write(f"{header.period_label}: {header.period}    {header.unit}\n")
    widths = [_width(c) for c in book.columns]
    right = [c.kind in (ColumnKind.MONEY, ColumnKind.QTY) for c in book.columns]
    captions = " ".join(_fit(c.caption, w, r) for c, w, r in zip(book.columns, widths, right, strict=True))
    labels = " ".join(_fit(c.label, w, r) for c, w, r in zip(book.columns, widths, right, strict=True))
    rule = "-" * len(captions)
    for section in book.sections:
        stream.write("\n")
        if section.title:
            stream.write(f"{section.title}\n")
        if section.subtitle:
            stream.write(f"{section.subtitle}\n")
        stream.write(f"  {captions}\n  {labels}\n  {rule}\n")
        for row in section.rows:
            if row.style is RowStyle.HEADING:
                stream.write(f"# {' '.join(printed(v, ColumnKind.TEXT) for v in row.cells if v)}\n")
                continue
            cells = (_fit(printed(v, c.kind), w, r)
                     for v, c, w, r in zip(row.cells, book.columns, widths, right, strict=True))
            stream.write(f"{_MARKED.get(row.style, ' ')} {' '.join(cells)}\n")
    footer = book.footer
    stream.write(f"\n{footer.date_line}\n{footer.signer}\n{footer.signer_note}\n{footer.name}\n")
