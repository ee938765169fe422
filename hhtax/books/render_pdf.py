"""A book as PDF in the statutory layout (TT 88/2021 and TT 152/2025 templates): household block
top left, "Mẫu số …" and the circular top right, the title, location, period and unit, the table
with its captions and column letters (repeated on every page), and the representative's block.

The table is drawn straight on the reportlab canvas, row by row, as the declarations are: a
quarter of a million-entry ledger is thousands of pages, and one layout object per cell (platypus
`Table` + `Paragraph`) made that cost minutes. Text wraps inside its column; a cell longer than
`MAX_CELL_LINES` lines is cut and ends with "…", so no input can break the layout. Drawn with the
bundled Noto Serif (full Vietnamese coverage; text is NFC already) and `invariant=1`, so the same
book gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm as _mm
from reportlab.pdfgen.canvas import Canvas

from hhtax.books.model import Book, Column, ColumnKind, Row, RowStyle
from hhtax.books.pdf_text import Align, Wrapper, line_width
from hhtax.books.render_text import printed
from hhtax.fonts import BOLD, ITALIC, REGULAR, register_fonts

mm: float = _mm
MARGIN = 12 * mm
CELL_SIZE, CELL_LEADING = 8.0, 9.5
PAD_X, PAD_TOP, PAD_BOTTOM = 2.5, 1.5, 2.0
MAX_CELL_LINES = 20  # a longer cell is cut with "…" (a 6,000-character description fits no page)
MAX_BLOCK_LINES = 3  # household name, address and location in the top block
_BOLD_STYLES = frozenset({RowStyle.TOTAL, RowStyle.CLOSING, RowStyle.OPENING, RowStyle.TAX, RowStyle.HEADING})
_RIGHT = frozenset({ColumnKind.MONEY, ColumnKind.QTY})


class _Page:
    """The canvas and the vertical position on the current page; numbers every page it ends."""

    def __init__(self, canvas: Canvas, book: Book, size: tuple[float, float]) -> None:
        self.canvas, self.book, self.size = canvas, book, size
        self.width = size[0] - 2 * MARGIN
        self.top = size[1] - MARGIN
        self.y = self.top
        self.number = 1
        self.wrap = Wrapper()
        self._text = canvas.beginText()
        self._font: tuple[str, float] = ("", 0.0)

    def room(self) -> float:
        return self.y - MARGIN

    def new(self) -> None:
        self._number()
        self._flush()
        self.canvas.showPage()
        self.number += 1
        self.y = self.top

    def finish(self) -> None:
        self._number()
        self._flush()
        self.canvas.showPage()

    def _flush(self) -> None:
        """Put the page's text on it: one text object a page, not one per cell (it is the cost)."""
        self.canvas.drawText(self._text)
        self._text = self.canvas.beginText()
        self._font = ("", 0.0)

    def _number(self) -> None:
        self.y = MARGIN / 2 + 8
        self.text([f"{self.book.code} – Trang {self.number}"], REGULAR, 8, 8, 0, self.size[0], Align.CENTER)

    def text(self, lines: Iterable[str], font: str, size: float, leading: float, x: float, width: float,
             align: Align) -> None:
        """Draw lines from the current position down, one leading each."""
        text = self._text
        if self._font != (font, size):
            text.setFont(font, size)
            self._font = (font, size)
        for line in lines:
            self.y -= leading
            baseline = self.y + (leading - size) * 0.5 + size * 0.22
            if align is Align.CENTER:
                text.setTextOrigin(x + (width - line_width(line, font, size)) / 2, baseline)
            elif align is Align.RIGHT:
                text.setTextOrigin(x + width - line_width(line, font, size), baseline)
            else:
                text.setTextOrigin(x, baseline)
            text.textOut(line)

    def paragraph(self, text: str, font: str, size: float, align: Align, *, leading: float | None = None,
                  x: float = MARGIN, width: float | None = None, max_lines: int = MAX_BLOCK_LINES) -> None:
        width = self.width if width is None else width
        leading = leading or size * 1.25
        lines = self.wrap(text, font, size, width, max_lines)
        if self.room() < leading * len(lines):
            self.new()
        self.text(lines, font, size, leading, x, width, align)

    def space(self, height: float) -> None:
        self.y -= height


def _top(page: _Page) -> None:
    """The header block of TT 152/2025 Art 3 / TT 88/2021: household left, form right, then the title."""
    header, width = page.book.header, page.width
    left_w, right_w = width * 0.55, width * 0.45
    start = page.y
    page.paragraph("HỘ, CÁ NHÂN KINH DOANH:", REGULAR, 10, Align.LEFT, width=left_w)
    page.paragraph(header.household, BOLD, 10, Align.LEFT, width=left_w)
    page.paragraph(f"Địa chỉ: {header.address}", REGULAR, 10, Align.LEFT, width=left_w)
    page.paragraph(f"Mã số thuế: {header.tax_code}", REGULAR, 10, Align.LEFT, width=left_w)
    left_end, page.y = page.y, start
    right_x = MARGIN + left_w
    page.paragraph(header.form, BOLD, 10, Align.CENTER, x=right_x, width=right_w)
    page.paragraph(header.circular, ITALIC, 8.5, Align.CENTER, x=right_x, width=right_w, max_lines=6)
    page.y = min(page.y, left_end) - 5 * mm
    page.paragraph(header.title, BOLD, 14, Align.CENTER, leading=18)
    page.space(2 * mm)
    page.paragraph(f"Địa điểm kinh doanh: {header.location}", REGULAR, 10, Align.CENTER)
    page.paragraph(f"{header.period_label}: {header.period}", REGULAR, 10, Align.CENTER)
    page.paragraph(header.unit, ITALIC, 9.5, Align.RIGHT)
    page.space(1.5 * mm)


def _column_edges(columns: tuple[Column, ...], width: float) -> list[float]:
    """The x of every column boundary, from the left margin to the right one."""
    scale = width / sum(c.width for c in columns)
    edges = [MARGIN]
    for column in columns:
        edges.append(edges[-1] + column.width * scale)
    return edges


class _Table:
    """One section's table: caption rows repeated on every page, then the body rows."""

    def __init__(self, page: _Page, edges: list[float]) -> None:
        self.page, self.edges = page, edges
        self.columns = page.book.columns
        self.body_top = 0.0
        self.header_cells = self._header_cells()
        self.header_height = self._header_height()

    def _header_cells(self) -> list[tuple[int, int, int, int, str]]:
        """(row, first column, last column, rows spanned, text) of the caption rows."""
        columns = self.columns
        if not any(c.group for c in columns):
            return ([(0, i, i, 1, c.caption) for i, c in enumerate(columns)]
                    + [(1, i, i, 1, c.label) for i, c in enumerate(columns)])
        cells: list[tuple[int, int, int, int, str]] = []
        index = 0
        while index < len(columns):
            group, end = columns[index].group, index
            while group and end + 1 < len(columns) and columns[end + 1].group == group:
                end += 1
            if group:
                cells.append((0, index, end, 1, group))
                cells += [(1, i, i, 1, columns[i].caption) for i in range(index, end + 1)]
            else:
                cells.append((0, index, index, 2, columns[index].caption))
            index = end + 1
        return cells + [(2, i, i, 1, c.label) for i, c in enumerate(columns)]

    def _caption_lines(self, first: int, last: int, text: str) -> list[str]:
        width = self.edges[last + 1] - self.edges[first] - 2 * PAD_X
        return self.page.wrap(text, BOLD, CELL_SIZE, width, MAX_CELL_LINES)

    def _header_height(self) -> list[float]:
        """The height of each caption row (a spanning caption shares its rows' height)."""
        rows = 1 + max(cell[0] for cell in self.header_cells)
        heights = [0.0] * rows
        for row, first, last, span, text in self.header_cells:
            need = len(self._caption_lines(first, last, text)) * CELL_LEADING + PAD_TOP + PAD_BOTTOM
            if span == 1:
                heights[row] = max(heights[row], need)
        for row, first, last, span, text in self.header_cells:
            need = len(self._caption_lines(first, last, text)) * CELL_LEADING + PAD_TOP + PAD_BOTTOM
            if span > 1 and sum(heights[row:row + span]) < need:
                heights[row + span - 1] += need - sum(heights[row:row + span])
        return heights

    def draw_header(self) -> None:
        page, edges = self.page, self.edges
        canvas = page.canvas
        tops = [page.y]
        for height in self.header_height:
            tops.append(tops[-1] - height)
        for row, first, last, span, text in self.header_cells:
            top, bottom = tops[row], tops[row + span]
            lines = self._caption_lines(first, last, text)
            text_top = (top + bottom + len(lines) * CELL_LEADING) / 2
            canvas.rect(edges[first], bottom, edges[last + 1] - edges[first], top - bottom)
            page.y = text_top
            page.text(lines, BOLD, CELL_SIZE, CELL_LEADING, edges[first] + PAD_X,
                      edges[last + 1] - edges[first] - 2 * PAD_X, Align.CENTER)
        page.y = tops[-1]
        self.body_top = page.y

    def close_page(self) -> None:
        """The vertical rules of the body rows drawn on this page."""
        if self.page.y < self.body_top:
            self.page.canvas.lines([(x, self.body_top, x, self.page.y) for x in self.edges])

    def row_lines(self, row: Row) -> list[list[str]]:
        font = BOLD if row.style in _BOLD_STYLES else REGULAR
        wrap, edges = self.page.wrap, self.edges
        lines: list[list[str]] = []
        for index, (value, column) in enumerate(zip(row.cells, self.columns, strict=True)):
            text = printed(value, column.kind)
            if column.kind is not ColumnKind.TEXT or not text:
                lines.append([text] if text else [])  # figures and dates are never wrapped
                continue
            width = edges[index + 1] - edges[index] - 2 * PAD_X
            lines.append(wrap(text, font, CELL_SIZE, width, MAX_CELL_LINES))
        return lines

    def draw_row(self, row: Row, lines: list[list[str]], height: float) -> None:
        page, edges = self.page, self.edges
        font = BOLD if row.style in _BOLD_STYLES else REGULAR
        top = page.y
        for index, cell in enumerate(lines):
            if not cell:
                continue
            page.y = top - PAD_TOP
            x, width = edges[index] + PAD_X, edges[index + 1] - edges[index] - 2 * PAD_X
            kind = self.columns[index].kind
            align = Align.RIGHT if kind in _RIGHT else Align.LEFT
            size = CELL_SIZE if kind is ColumnKind.TEXT else _fitting_size(cell, font, width)
            page.text(cell, font, size, CELL_LEADING, x, width, align)
        page.y = top - height
        page.canvas.line(edges[0], page.y, edges[-1], page.y)


def _fitting_size(lines: list[str], font: str, width: float) -> float:
    """A figure or date is never wrapped: one wider than its column is printed smaller."""
    widest = max(line_width(line, font, CELL_SIZE) for line in lines)
    return CELL_SIZE if widest <= width else max(4.0, CELL_SIZE * width / widest)


def _signature_height() -> float:
    return 5 * mm + 10 * 1.25 + 9.5 * 1.25 * 2 + 9 * 1.25 + 18 * mm + 9.5 * 1.25 * 2


def _signature(page: _Page) -> None:
    footer, width = page.book.footer, page.width
    x, block = MARGIN + width * 0.35, width * 0.65
    page.space(5 * mm)
    page.paragraph(footer.date_line, ITALIC, 10, Align.CENTER, x=x, width=block)
    page.paragraph(footer.signer, BOLD, 9.5, Align.CENTER, x=x, width=block)
    page.paragraph(footer.signer_note, ITALIC, 9, Align.CENTER, x=x, width=block)
    page.space(18 * mm)
    page.paragraph(footer.name, BOLD, 9.5, Align.CENTER, x=x, width=block)


def _section_table(page: _Page, rows: Iterable[Row], edges: list[float], last: bool) -> None:
    """Draw the rows; the last row of the book keeps the signature block on its page."""
    table = _Table(page, edges)
    if page.room() < sum(table.header_height) + CELL_LEADING * 2 + PAD_TOP + PAD_BOTTOM:
        page.new()
    table.draw_header()
    iterator = iter(rows)
    row = next(iterator, None)
    while row is not None:
        following = next(iterator, None)
        lines = table.row_lines(row)
        height = max((len(cell) for cell in lines), default=1) * CELL_LEADING + PAD_TOP + PAD_BOTTOM
        reserve = _signature_height() + 3 * mm if last and following is None else 0.0
        if page.room() < height + reserve:
            table.close_page()
            page.new()
            table.draw_header()
        table.draw_row(row, lines, height)
        row = following
    table.close_page()


def write_pdf(book: Book, target: str | IO[bytes]) -> None:
    """Write the book as a PDF to a path or a binary stream."""
    register_fonts()
    size = landscape(A4) if book.landscape else A4
    canvas = Canvas(target, pagesize=size, invariant=1, initialFontName=REGULAR)
    canvas.setTitle(f"{book.code} {book.header.title}")
    canvas.setAuthor(book.header.household[:200])
    canvas.setCreator("hhtax")
    canvas.setSubject(book.header.period)
    canvas.setLineWidth(0.5)
    page = _Page(canvas, book, size)
    _top(page)
    edges = _column_edges(book.columns, page.width)
    for number, section in enumerate(book.sections):
        if section.new_page and number:
            page.new()
            _top(page)
        if section.title:
            page.paragraph(section.title, BOLD, 10, Align.LEFT)
        if section.subtitle:
            page.paragraph(section.subtitle, ITALIC, 9.5, Align.LEFT)
        if section.title or section.subtitle:
            page.space(1.5 * mm)
        _section_table(page, section.rows, edges, last=number == len(book.sections) - 1)
        page.space(3 * mm)
    if page.room() < _signature_height():
        page.new()
    _signature(page)
    page.finish()
    canvas.save()
