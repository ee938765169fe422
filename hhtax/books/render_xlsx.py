"""Books as one XLSX workbook, a sheet per book: the statutory header, the column captions with
their letters and numbers (frozen), the rows (amounts `#,##0`, dates dd/mm/yyyy) and the footer.

Written with xlsxwriter in constant-memory mode, row by row, so a million-row book streams; the
document properties carry a fixed date so the same books give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from hhtax.books.model import Book, ColumnKind, RowStyle

FIXED_TIME = datetime(2026, 1, 1)
_BOLD_STYLES = frozenset({RowStyle.TOTAL, RowStyle.CLOSING, RowStyle.OPENING, RowStyle.TAX, RowStyle.HEADING})
_WIDTHS = {ColumnKind.DATE: 11, ColumnKind.MONEY: 16, ColumnKind.QTY: 11}
CELL_LIMIT = 32_767  # Excel's most characters in a cell; xlsxwriter silently drops a longer string
_CUT = " … [cắt bớt]"


def fit_cell(text: str) -> str:
    """`text`, cut to what one Excel cell holds with a visible mark (never dropped silently)."""
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - len(_CUT)] + _CUT


class _Formats:
    def __init__(self, workbook: Any) -> None:
        add = workbook.add_format
        base = {"font_name": "Times New Roman", "font_size": 11}
        self.plain = add(base)
        self.bold = add({**base, "bold": True})
        self.italic = add({**base, "italic": True})
        self.title = add({**base, "bold": True, "font_size": 14, "align": "center"})
        self.center = add({**base, "align": "center"})
        self.center_bold = add({**base, "align": "center", "bold": True})
        self.center_italic = add({**base, "align": "center", "italic": True, "text_wrap": True,
                                  "valign": "top"})
        self.right_italic = add({**base, "align": "right", "italic": True})
        head = {**base, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
        self.head = add(head)
        self.label = add({**base, "align": "center", "border": 1})
        cell = {**base, "border": 1, "valign": "top"}
        self.cells: dict[tuple[ColumnKind, bool], Any] = {}
        for kind, extra in ((ColumnKind.TEXT, {"text_wrap": False}),
                            (ColumnKind.DATE, {"num_format": "dd/mm/yyyy"}),
                            (ColumnKind.MONEY, {"num_format": "#,##0"}),
                            (ColumnKind.QTY, {"num_format": "#,##0.###"})):
            self.cells[(kind, False)] = add({**cell, **extra})
            self.cells[(kind, True)] = add({**cell, **extra, "bold": True})


def _text(sheet: Any, row: int, column: int, value: Any, cell_format: Any) -> None:
    if isinstance(value, str):
        sheet.write_string(row, column, fit_cell(value), cell_format)
    else:
        sheet.write(row, column, value, cell_format)


def _number(sheet: Any, row: int, column: int, value: Any, cell_format: Any) -> None:
    if isinstance(value, Decimal):
        value = float(value)  # a quantity, for display; amounts are int
    sheet.write_number(row, column, value, cell_format)


def _date(sheet: Any, row: int, column: int, value: date, cell_format: Any) -> None:
    sheet.write_datetime(row, column, datetime(value.year, value.month, value.day), cell_format)


_WRITERS: dict[ColumnKind, Callable[[Any, int, int, Any, Any], None]] = {
    ColumnKind.TEXT: _text, ColumnKind.MONEY: _number, ColumnKind.QTY: _number, ColumnKind.DATE: _date}


def write_xlsx(books: Iterable[Book], target: str | IO[bytes]) -> None:
    """Write the books to an XLSX file (a path or a binary stream)."""
    # strings_to_formulas off: no text from a ledger ("=cmd|…") can become a formula (CSV/XLSX injection)
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False,
                                            "strings_to_formulas": False})
    workbook.set_properties({"created": FIXED_TIME, "title": "Sổ kế toán hộ kinh doanh"})
    formats = _Formats(workbook)
    for book in books:
        _sheet(workbook, formats, book)
    workbook.close()


def _header(sheet: Any, formats: _Formats, book: Book, last: int, right: int) -> None:
    """The statutory header: household, address and tax code on the left, form and circular on the
    right, then title, location, period and unit across the sheet."""
    header = book.header
    sheet.write_string(0, 0, fit_cell(f"HỘ, CÁ NHÂN KINH DOANH: {header.household}"), formats.bold)
    if right < last:
        sheet.merge_range(0, right, 0, last, header.form, formats.center_bold)
    else:
        sheet.write(0, right, header.form, formats.center_bold)
    sheet.write_string(1, 0, fit_cell(f"Địa chỉ: {header.address}"), formats.plain)
    if right < last:
        sheet.merge_range(1, right, 2, last, header.circular, formats.center_italic)
    else:
        sheet.write(1, right, header.circular, formats.center_italic)
    sheet.write(2, 0, f"Mã số thuế: {header.tax_code}", formats.plain)
    sheet.merge_range(4, 0, 4, last, header.title, formats.title)
    sheet.merge_range(5, 0, 5, last, fit_cell(f"Địa điểm kinh doanh: {header.location}"), formats.center)
    sheet.merge_range(6, 0, 6, last, f"{header.period_label}: {header.period}", formats.center)
    sheet.write(7, last, header.unit, formats.right_italic)


def _sheet(workbook: Any, formats: _Formats, book: Book) -> None:
    sheet = workbook.add_worksheet(book.code)
    columns = book.columns
    last = len(columns) - 1
    for index, column in enumerate(columns):
        width = _WIDTHS.get(column.kind, max(8, int(column.width * 12)))
        sheet.set_column(index, index, width)
    right = max(last - 2, 1)
    _header(sheet, formats, book, last, right)
    # Column captions: spanning group captions, captions, then the statutory letters and numbers.
    row = 8
    index = 0
    while index <= last:
        group = columns[index].group
        end = index
        while group and end < last and columns[end + 1].group == group:
            end += 1
        if end > index:
            sheet.merge_range(row, index, row, end, group, formats.head)
        else:
            sheet.write(row, index, group, formats.head)
        index = end + 1
    for index, column in enumerate(columns):
        sheet.write(row + 1, index, column.caption, formats.head)
        sheet.write(row + 2, index, column.label, formats.label)
    sheet.set_row(row + 1, 45)
    sheet.freeze_panes(row + 3, 0)
    row += 3
    writers = [_WRITERS[c.kind] for c in columns]
    for section in book.sections:
        if section.title:
            sheet.write(row, 0, section.title, formats.bold)
            row += 1
        if section.subtitle:
            sheet.write(row, 0, section.subtitle, formats.italic)
            row += 1
        plain = [formats.cells[(c.kind, False)] for c in columns]
        bold = [formats.cells[(c.kind, True)] for c in columns]
        for cells, style in section.rows:
            cell_formats = bold if style in _BOLD_STYLES else plain
            for index, cell in enumerate(cells):
                if cell is None:
                    sheet.write_blank(row, index, None, cell_formats[index])
                else:
                    writers[index](sheet, row, index, cell, cell_formats[index])
            row += 1
    footer = book.footer
    row += 1
    for text, cell_format in ((footer.date_line, formats.center_italic), (footer.signer, formats.center_bold),
                              (footer.signer_note, formats.center_italic), ("", formats.plain),
                              ("", formats.plain), (footer.name, formats.center_bold)):
        if right < last:
            sheet.merge_range(row, right, row, last, "", cell_format)
        sheet.write_string(row, right, fit_cell(text), cell_format)  # a string, never a formula
        row += 1
