"""A book as PDF in the statutory layout (TT 88/2021 and TT 152/2025 templates): household block
top left, "Mẫu số …" and the circular top right, the title, location, period and unit, the table
with its captions and column letters (repeated on every page), and the representative's block.

Drawn with reportlab and the bundled Noto Serif (full Vietnamese coverage; text is NFC already),
with `invariant=1` so the same book gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hhtax.books.model import Book, Column, ColumnKind, Row, RowStyle
from hhtax.books.render_text import printed
from hhtax.fonts import BOLD, ITALIC, REGULAR, register_fonts

MARGIN = 12 * mm
CHUNK = 1500  # rows per table object: keeps reportlab's layout work linear in the row count
_BOLD_STYLES = frozenset({RowStyle.TOTAL, RowStyle.CLOSING, RowStyle.OPENING, RowStyle.TAX, RowStyle.HEADING})
_NUMERIC = frozenset({ColumnKind.MONEY, ColumnKind.QTY})


def _style(name: str, font: str = REGULAR, size: float = 9, align: int = TA_LEFT,
           leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25, alignment=align)


class _Styles:
    def __init__(self) -> None:
        self.normal = _style("normal", size=10)
        self.form = _style("form", BOLD, 10, TA_CENTER)
        self.circular = _style("circular", ITALIC, 8.5, TA_CENTER)
        self.title = _style("title", BOLD, 14, TA_CENTER, 18)
        self.center = _style("center", size=10, align=TA_CENTER)
        self.unit = _style("unit", ITALIC, 9.5, TA_RIGHT)
        self.section = _style("section", BOLD, 10)
        self.subtitle = _style("subtitle", ITALIC, 9.5)
        self.head = _style("head", BOLD, 8, TA_CENTER, 9.5)
        self.cell = _style("cell", size=8, leading=9.5)
        self.cell_bold = _style("cell_bold", BOLD, 8, leading=9.5)
        self.sign_date = _style("sign_date", ITALIC, 10, TA_CENTER)
        self.sign = _style("sign", BOLD, 9.5, TA_CENTER)
        self.sign_note = _style("sign_note", ITALIC, 9, TA_CENTER)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _widths(columns: tuple[Column, ...], total: float) -> list[float]:
    weights = [c.width for c in columns]
    scale = total / sum(weights)
    return [w * scale for w in weights]


def _header_rows(book: Book, styles: _Styles) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """The caption rows (group captions if any, captions, letters) and their SPAN commands."""
    columns = book.columns
    grouped = any(c.group for c in columns)
    captions = [_p(c.caption, styles.head) for c in columns]
    labels = [_p(c.label, styles.head) for c in columns]
    if not grouped:
        return [captions, labels], []
    groups: list[Any] = []
    spans: list[tuple[Any, ...]] = []
    index = 0
    while index < len(columns):
        group = columns[index].group
        end = index
        while group and end + 1 < len(columns) and columns[end + 1].group == group:
            end += 1
        if group:
            groups.extend([_p(group, styles.head)] + [""] * (end - index))
            spans.append(("SPAN", (index, 0), (end, 0)))
        else:
            groups.append(captions[index])
            captions[index] = ""
            spans.append(("SPAN", (index, 0), (index, 1)))
        index = end + 1
    return [groups, captions, labels], spans


def _body(book: Book, row: Row, styles: _Styles) -> list[Any]:
    bold = row.style in _BOLD_STYLES
    cells: list[Any] = []
    for value, column in zip(row.cells, book.columns, strict=True):
        text = printed(value, column.kind)
        if column.kind is ColumnKind.TEXT and text:
            cells.append(_p(text, styles.cell_bold if bold else styles.cell))
        else:
            cells.append(text)
    return cells


def _tables(book: Book, rows: Iterator[Row], styles: _Styles, widths: list[float]) -> Iterator[Table]:
    head, spans = _header_rows(book, styles)
    numeric = [i for i, c in enumerate(book.columns) if c.kind in _NUMERIC]
    base: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, len(head) - 1), "MIDDLE"),
        ("VALIGN", (0, len(head)), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        *spans,
        *(("ALIGN", (i, len(head)), (i, -1), "RIGHT") for i in numeric),
    ]
    chunk: list[list[Any]] = []
    bold_rows: list[int] = []
    for row in rows:
        if row.style in _BOLD_STYLES:
            bold_rows.append(len(chunk) + len(head))
        chunk.append(_body(book, row, styles))
        if len(chunk) == CHUNK:
            yield _table(head + chunk, widths, base, bold_rows, len(head))
            chunk, bold_rows = [], []
    if chunk:
        yield _table(head + chunk, widths, base, bold_rows, len(head))


def _table(data: list[list[Any]], widths: list[float], base: list[tuple[Any, ...]], bold_rows: list[int],
           repeat: int) -> Table:
    commands = list(base) + [("FONT", (0, r), (-1, r), BOLD, 8) for r in bold_rows]
    table = Table(data, colWidths=widths, repeatRows=repeat)
    table.setStyle(TableStyle(commands))
    return table


def _top(book: Book, styles: _Styles, width: float) -> list[Flowable]:
    header = book.header
    left = [Paragraph(f"HỘ, CÁ NHÂN KINH DOANH: <b>{escape(header.household)}</b>", styles.normal),
            _p(f"Địa chỉ: {header.address}", styles.normal),
            _p(f"Mã số thuế: {header.tax_code}", styles.normal)]
    right = [_p(header.form, styles.form), _p(header.circular, styles.circular)]
    block = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [block, Spacer(1, 5 * mm), _p(header.title, styles.title), Spacer(1, 2 * mm),
            _p(f"Địa điểm kinh doanh: {header.location}", styles.center),
            _p(f"{header.period_label}: {header.period}", styles.center),
            _p(header.unit, styles.unit), Spacer(1, 1.5 * mm)]


def _signature(book: Book, styles: _Styles, width: float) -> Flowable:
    footer = book.footer
    block = [_p(footer.date_line, styles.sign_date), _p(footer.signer, styles.sign),
             _p(footer.signer_note, styles.sign_note), Spacer(1, 18 * mm), _p(footer.name, styles.sign)]
    table = Table([["", block]], colWidths=[width * 0.35, width * 0.65])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 5 * mm), table])


def _story(book: Book, styles: _Styles, width: float) -> Iterator[Flowable]:
    yield from _top(book, styles, width)
    widths = _widths(book.columns, width)
    for number, section in enumerate(book.sections):
        if section.new_page and number:
            yield PageBreak()
            yield from _top(book, styles, width)
        if section.title:
            yield _p(section.title, styles.section)
        if section.subtitle:
            yield _p(section.subtitle, styles.subtitle)
        if section.title or section.subtitle:
            yield Spacer(1, 1.5 * mm)
        yield from _tables(book, iter(section.rows), styles, widths)
        yield Spacer(1, 3 * mm)
    yield _signature(book, styles, width)


def write_pdf(book: Book, target: str | IO[bytes]) -> None:
    """Write the book as a PDF to a path or a binary stream."""
    register_fonts()
    size = landscape(A4) if book.landscape else A4
    styles = _Styles()
    doc = BaseDocTemplate(target, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, invariant=1, initialFontName=REGULAR,
                          title=f"{book.code} {book.header.title}",
                          author=book.header.household, creator="hhtax", subject=book.header.period)
    frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def number_page(canvas: Any, document: Any) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.drawCentredString(size[0] / 2, MARGIN / 2, f"{book.code} – Trang {document.page}")

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=number_page)])
    doc.build(list(_story(book, styles, size[0] - 2 * MARGIN)))
