"""Layout primitives shared by the printed declarations (shared/law/xml-format.md §14).

A `Flow` lays blocks down a page and starts a new page when a block does not fit; tables repeat
their header on each new page. The blocks are the ones every form of TT 40/2021 App. II and
TT 18/2026 shares: the national motto, the boxed form number with its circular line, the title,
check boxes, numbered-box lines, tables with two-level headers, the pledge and the two-column
signature footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from hhtax.declarations.model import Declaration, FormInfo
from hhtax.declarations.pdf_canvas import A4, Block, Document, Page, text_width
from hhtax.fonts import BOLD, ITALIC, REGULAR
from hhtax.money import format_vnd

SIZE = 9.0  # body text
SMALL = 7.5  # table cells and notes
LEADING = 1.32  # line height as a multiple of the font size
CELL_LEADING = 1.22  # the same inside table cells
BOX = 7.5  # check-box side
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# The OQ-05/OQ-23 mark: a note at the foot of the form's first page, outside the form body (issue 13 §7).
UNVERIFIED = "Ghi chú: định dạng tệp XML của mẫu này chưa được cơ quan thuế xác nhận; kiểm tra trước khi nộp."


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` at spaces (a long word stays whole)."""
    if "\n" not in text and text_width(text, font, size) <= width:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def amount(value: int) -> str:
    """An amount as printed: Vietnamese grouping (354.650.000)."""
    return format_vnd(value)


def quantity(value: Decimal) -> str:
    """A quantity with "." for thousands and "," for decimals (xml-format.md §14.4)."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = format(abs(value.normalize()), "f").partition(".")
    text = format_vnd(int(whole))
    return sign + (f"{text},{fraction}" if fraction else text)


def long_date(day: date) -> str:
    """"ngày dd tháng mm năm yyyy" as in the footers."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


class Flow:
    """Lays blocks down the pages of a document, in one orientation."""

    def __init__(self, doc: Document, size: tuple[float, float] = A4, *, margin: float = 42.0) -> None:
        self.doc = doc
        self.size = size
        self.left = margin
        self.right = size[0] - margin
        self.top = 30.0
        self.bottom = size[1] - 30.0
        self.page = doc.new_page(size)
        self.y = self.top
        # Where the last part and the last table row began (page, drawing mark, y): the signature
        # footer takes them to its page rather than stand alone there (`keep_with_footer`).
        self.part_start: tuple[Page, int, float] | None = None
        self.row_start: tuple[Page, int, float] | None = None

    @property
    def width(self) -> float:
        return self.right - self.left

    def new_page(self) -> None:
        self.page = self.doc.new_page(self.size)
        self.y = self.top

    def need(self, height: float) -> None:
        """Start a new page unless `height` points fit below the current position."""
        if self.y + height > self.bottom:
            self.new_page()

    def gap(self, height: float) -> None:
        self.y += height

    def keep_with_footer(self, height: float) -> None:
        """Make room for a footer of `height` points: when it does not fit below, move the last part
        (or else the last table row) drawn on this page to the next page with it, so the signature
        never stands alone on a page (issue 13 §7)."""
        if self.y + height <= self.bottom:
            return
        for start in (self.part_start, self.row_start):
            if start is None or start[0] is not self.page or start[2] <= self.top:
                continue
            page, mark, y = start
            if self.top + (self.y - y) + height > self.bottom:
                continue  # the part is too long to move together with the footer
            ops = page.take(mark)
            moved = self.y - y
            self.new_page()
            self.page.put(ops, y - self.top)
            self.y = self.top + moved
            return
        self.new_page()

    def lines(self, texts: Sequence[str], *, font: str = REGULAR, size: float = SIZE, align: str = "left",
              indent: float = 0.0) -> None:
        """Paragraphs, wrapped to the page width."""
        width = self.width - indent
        for text in texts:
            for line in wrap(text, font, size, width):
                self.need(size * LEADING)
                self.y += size * LEADING
                x = {"left": self.left + indent, "centre": self.left + self.width / 2,
                     "right": self.right}[align]
                self.page.text(x, self.y - size * 0.28, line, font, size, align)


# -- header blocks -------------------------------------------------------------------------------

def heading(flow: Flow, form: FormInfo, *, appendix: bool = False) -> None:
    """The national motto (left) and the boxed form number with its legal line (right), §14.1 item 1."""
    page, top = flow.page, flow.y
    half = flow.width * 0.5
    centre = flow.left + half / 2
    page.text(centre, top + 10, MOTTO[0], BOLD, 9.5, "centre")
    page.text(centre, top + 23, MOTTO[1], BOLD, 9.5, "centre")
    rule = text_width(MOTTO[1], BOLD, 9.5) / 2
    page.line(centre - rule, top + 27, centre + rule, top + 27, 0.6)
    box_left = flow.left + half + 24
    box_width = flow.right - box_left
    middle = box_left + box_width / 2
    legal = wrap(f"({form.circular})" if form.circular else "", ITALIC, SMALL, box_width - 8)
    y = top + 14
    if appendix:
        page.text(middle, y, "PHỤ LỤC", BOLD, 9.5, "centre")
        y += 12
    label_width = text_width("Mẫu số: ", REGULAR, 9.5) + text_width(form.code, BOLD, 9.5)
    start = middle - label_width / 2
    page.text(start, y, "Mẫu số: ", REGULAR, 9.5)
    page.text(start + text_width("Mẫu số: ", REGULAR, 9.5), y, form.code, BOLD, 9.5)
    for line in legal:
        y += SMALL * LEADING
        page.text(middle, y + 2, line, ITALIC, SMALL, "centre")
    height = y + 7 - top
    page.rect(box_left, top, box_width, height, 0.7)
    flow.y = top + max(height, 34) + 10


def title(flow: Flow, text: str, *, caption: str = "", unverified: bool = False) -> None:
    """The form title in bold capitals and an optional italic caption; an unverified format is noted at
    the foot of the page, outside the form body."""
    flow.lines([text], font=BOLD, size=11.5, align="centre")
    if caption:
        flow.lines([caption], font=ITALIC, size=SIZE, align="centre")
    if unverified:
        page = flow.page
        page.text(flow.left, page.height - 24, UNVERIFIED, ITALIC, 6.5)
    flow.gap(4)


def checkbox(page: Page, x: float, y: float, checked: bool) -> None:
    """A check box with its bottom-left corner on the text baseline at x; "X" when ticked."""
    page.rect(x, y - BOX + 0.5, BOX, BOX, 0.6)
    if checked:
        page.text(x + BOX / 2, y - 0.6, "X", BOLD, BOX, "centre")


def checkbox_lines(flow: Flow, items: Sequence[tuple[str, bool]], *, indent: float = 14.0) -> None:
    """One check box per line, the box before its label (§6.2 first six rows)."""
    for label, checked in items:
        lines = wrap(label, REGULAR, SIZE, flow.width - indent - BOX - 6)
        flow.need(len(lines) * SIZE * LEADING)
        for i, line in enumerate(lines):
            flow.y += SIZE * LEADING
            base = flow.y - SIZE * 0.28
            if i == 0:
                checkbox(flow.page, flow.left + indent, base, checked)
            flow.page.text(flow.left + indent + BOX + 6, base, line, REGULAR, SIZE)


def centred_checks(flow: Flow, items: Sequence[tuple[str, bool]], *, spacing: float = 36.0) -> None:
    """Labelled check boxes side by side, centred on one line ("[02] Lần đầu: [X]   [03] …")."""
    widths = [text_width(label + " ", REGULAR, SIZE) + BOX for label, _ in items]
    x = flow.left + (flow.width - sum(widths) - spacing * (len(items) - 1)) / 2
    flow.need(SIZE * LEADING)
    flow.y += SIZE * LEADING
    base = flow.y - SIZE * 0.28
    for (label, checked), width in zip(items, widths, strict=True):
        flow.page.text(x, base, label, REGULAR, SIZE)
        checkbox(flow.page, x + width - BOX, base, checked)
        x += width + spacing


@dataclass(frozen=True)
class Field:
    """A numbered box on a line: "[04] Tên người nộp thuế: value", or a check box when `check` is set."""

    box: str
    label: str
    value: str = ""
    check: bool | None = None
    dots: bool = True  # print "……" when the value is blank


def field_line(flow: Flow, fields: Sequence[Field], *, right: Sequence[Field] = (), indent: float = 0.0,
               size: float = SIZE) -> None:
    """Boxes on one line, the first ones from the left, `right` ones right-aligned (§14.1 item 4).

    Several left boxes share the line equally; a value too long for its share wraps under its label.
    """
    right_width = sum(_field_width(f, size) + 12 for f in right)
    available = flow.width - indent - right_width
    shares = _shares([_field_width(f, size) + 12 for f in fields], available)
    line = size * LEADING
    placed: list[list[tuple[float, int, str, str]]] = []  # per field: (x, line index, font, text)
    rows = 1
    starts = [flow.left + indent + sum(shares[:i]) for i in range(len(fields))]
    for x0, share, item in zip(starts, shares, fields, strict=True):
        out: list[tuple[float, int, str, str]] = []
        if item.check is None:
            (label_font, label), *value = _field_runs(item)
            labels = wrap(label, label_font, size, share - 6)
            out += [(x0 + (18 if i else 0), i, label_font, p) for i, p in enumerate(labels)]
            if value:
                value_font, text = value[0]
                last = len(labels) - 1
                label_width = text_width(labels[-1], label_font, size) + (18 if last else 0)
                if text_width(text, value_font, size) <= share - 6 - label_width:
                    out.append((x0 + label_width, last, value_font, text))
                else:
                    pieces = wrap(text.strip(), value_font, size, share - 24)
                    out += [(x0 + 18, last + i + 1, value_font, p) for i, p in enumerate(pieces)]
            rows = max(rows, 1 + max(index for _, index, _, _ in out))
        placed.append(out)
    flow.need(rows * line)
    base = flow.y + line - size * 0.28
    for out in placed:
        for x, index, font, text in out:
            flow.page.text(x, base + index * line, text, font, size)
    for x0, item in zip(starts, fields, strict=True):
        if item.check is not None:
            _draw_field(flow.page, x0, base, item, size)
    x = flow.right
    for item in reversed(right):
        x -= _field_width(item, size)
        _draw_field(flow.page, x, base, item, size)
        x -= 12
    flow.y += rows * line


def _shares(natural: list[float], available: float) -> list[float]:
    """Equal columns (so that blank boxes line up), unless a filled box needs more and all fit."""
    equal = available / max(len(natural), 1)
    if all(w <= equal for w in natural) or sum(natural) > available:
        return [equal] * len(natural)
    slack = (available - sum(natural)) / len(natural)
    return [w + slack for w in natural]


def _field_runs(item: Field) -> list[tuple[str, str]]:
    if item.check is not None:
        return []
    label = f"[{item.box}] {item.label}" if item.box else item.label
    value = item.value or ("……………" if item.dots else "")
    colon = item.label and not item.label.endswith((":", "…"))
    runs = [(REGULAR, label + (":" if colon else ""))]
    if value:
        runs.append((BOLD if item.value else REGULAR, " " + value))
    return runs


def _field_width(item: Field, size: float) -> float:
    label = f"[{item.box}] {item.label}" if item.box else item.label
    if item.check is not None:
        return text_width(label + " ", REGULAR, size) + BOX
    return sum(text_width(t, f, size) for f, t in _field_runs(item))


def _draw_field(page: Page, x: float, base: float, item: Field, size: float) -> None:
    label = f"[{item.box}] {item.label}" if item.box else item.label
    if item.check is not None:
        page.text(x, base, label, REGULAR, size)
        checkbox(page, x + text_width(label + " ", REGULAR, size), base, item.check)
        return
    for font, text in _field_runs(item):
        page.text(x, base, text, font, size)
        x += text_width(text, font, size)


def money_unit(flow: Flow) -> None:
    flow.lines(["Đơn vị tiền: Đồng Việt Nam"], font=ITALIC, size=SIZE, align="right")


def section(flow: Flow, text: str) -> None:
    """A part heading such as "A. KÊ KHAI THUẾ GIÁ TRỊ GIA TĂNG …" in bold."""
    flow.need(SIZE * LEADING * 3 + 40)
    flow.part_start = (flow.page, flow.page.mark(), flow.y)
    flow.gap(3)
    flow.lines([text], font=BOLD, size=SIZE)
    flow.gap(2)


# -- tables --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Head:
    """A header cell at grid position (row, col) spanning `rows` × `cols`."""

    text: str
    row: int
    col: int
    cols: int = 1
    rows: int = 1


@dataclass(frozen=True)
class Row:
    """A body row. `cells` holds one text per column; `span` cells from column `start` merge into one.

    `bold` prints the row in bold (totals); `shade` greys it (section rows).
    """

    cells: tuple[str, ...]
    bold: bool = False
    span: int = 1
    shade: bool = False
    start: int = 0


@dataclass(frozen=True)
class Table:
    """A table: column widths (fractions of the page width), alignments ("l", "c", "r"), header, rows."""

    widths: tuple[float, ...]
    align: str
    head: tuple[Head, ...]
    rows: tuple[Row, ...]
    size: float = SMALL


def table(flow: Flow, spec: Table) -> None:
    """Draw a table, breaking pages between rows and repeating the header on each new page.

    A table that fits on the current page is drawn once at the top of a scratch page and placed
    with a translation; the drawing is cached, so the blank parts every return prints (Parts B
    and C) cost nothing after the first document.
    """
    layout = _layout(spec, flow.left, flow.width)
    first = layout.rows[0] if layout.rows else 0.0
    flow.need(layout.head_height + first)
    if flow.y + layout.height <= flow.bottom:
        block = _block(spec, flow.left, flow.size)
        if block is not None:
            flow.row_start = (flow.page, flow.page.mark(), flow.y)  # the whole table moves as one
            flow.page.block(block, flow.y)
            flow.y += layout.height
            return
    _draw(flow, spec, layout)


@dataclass(frozen=True)
class _Layout:
    widths: tuple[float, ...]
    xs: tuple[float, ...]
    head: tuple[float, ...]  # header row heights
    rows: tuple[float, ...]  # body row heights

    @property
    def head_height(self) -> float:
        return sum(self.head)

    @property
    def height(self) -> float:
        return self.head_height + sum(self.rows)


@lru_cache(maxsize=128)
def _layout(spec: Table, left: float, width: float) -> _Layout:
    total = sum(spec.widths)
    widths = [w / total * width for w in spec.widths]
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    return _Layout(tuple(widths), tuple(xs), tuple(_head_heights(spec, widths)),
                   tuple(_row_height(spec, widths, r) for r in spec.rows))


def _draw(flow: Flow, spec: Table, layout: _Layout) -> None:
    _draw_head(flow, spec, layout.xs, layout.head)
    for row, height in zip(spec.rows, layout.rows, strict=True):
        if flow.y + height > flow.bottom:
            flow.new_page()
            _draw_head(flow, spec, layout.xs, layout.head)
        _draw_row(flow, spec, layout.xs, layout.widths, row, height)


@lru_cache(maxsize=128)
def _block(spec: Table, left: float, size: tuple[float, float]) -> Block | None:
    """The table drawn from y = 0 on a scratch page; None if it needs a per-document font subset."""
    scratch = Flow(Document(), size, margin=left)
    scratch.y, scratch.bottom = 0.0, float("inf")
    _draw(scratch, spec, _layout(spec, left, scratch.width))
    return scratch.page.as_block()


def _cell_lines(text: str, font: str, size: float, width: float) -> list[str]:
    return wrap(text, font, size, max(width - 5, 8))


def _head_heights(spec: Table, widths: Sequence[float]) -> list[float]:
    levels = max(h.row + h.rows for h in spec.head)
    line = spec.size * CELL_LEADING
    heights = [line + 4] * levels
    for cell in sorted(spec.head, key=lambda h: h.rows):
        width = sum(widths[cell.col:cell.col + cell.cols])
        needed = len(_cell_lines(cell.text, BOLD, spec.size, width)) * line + 4
        have = sum(heights[cell.row:cell.row + cell.rows])
        if needed > have:
            heights[cell.row + cell.rows - 1] += needed - have
    return heights


def _draw_head(flow: Flow, spec: Table, xs: Sequence[float], heights: Sequence[float]) -> None:
    top = flow.y
    tops = [top]
    for h in heights:
        tops.append(tops[-1] + h)
    line = spec.size * CELL_LEADING
    for cell in spec.head:
        x0, x1 = xs[cell.col], xs[cell.col + cell.cols]
        y0, y1 = tops[cell.row], tops[cell.row + cell.rows]
        flow.page.rect(x0, y0, x1 - x0, y1 - y0, 0.5)
        lines = _cell_lines(cell.text, BOLD, spec.size, x1 - x0)
        start = (y0 + y1) / 2 - len(lines) * line / 2
        for i, text in enumerate(lines):
            flow.page.text((x0 + x1) / 2, start + (i + 1) * line - spec.size * 0.3, text, BOLD, spec.size,
                           "centre")
    flow.y = tops[-1]


def _spans(spec: Table, row: Row) -> list[tuple[int, int]]:
    """(first column, last column + 1) of each printed cell of a row."""
    end = row.start + row.span
    return [*((c, c + 1) for c in range(row.start)), (row.start, end),
            *((c, c + 1) for c in range(end, len(spec.widths)))]


def _row_height(spec: Table, widths: Sequence[float], row: Row) -> float:
    font = BOLD if row.bold else REGULAR
    most = 1
    for (start, end), text in zip(_spans(spec, row), _row_texts(spec, row), strict=True):
        most = max(most, len(_cell_lines(text, font, spec.size, sum(widths[start:end]))))
    return most * spec.size * CELL_LEADING + 3.5


def _row_texts(spec: Table, row: Row) -> list[str]:
    if row.span == 1:
        return list(row.cells)
    end = row.start + row.span
    return [*row.cells[:row.start], " ".join(c for c in row.cells[row.start:end] if c), *row.cells[end:]]


def _draw_row(flow: Flow, spec: Table, xs: Sequence[float], widths: Sequence[float], row: Row,
              height: float) -> None:
    font = BOLD if row.bold else REGULAR
    line = spec.size * CELL_LEADING
    top = flow.y
    flow.row_start = (flow.page, flow.page.mark(), top)
    for (start, end), text in zip(_spans(spec, row), _row_texts(spec, row), strict=True):
        x0, x1 = xs[start], xs[end]
        flow.page.rect(x0, top, x1 - x0, height, 0.5, fill=0.93 if row.shade else None)
        align = "l" if end - start > 1 else spec.align[start]
        lines = _cell_lines(text, font, spec.size, x1 - x0)
        for i, piece in enumerate(lines):
            y = top + 1.75 + (i + 1) * line - spec.size * 0.25
            if align == "r":
                flow.page.text(x1 - 3, y, piece, font, spec.size, "right")
            elif align == "c":
                flow.page.text((x0 + x1) / 2, y, piece, font, spec.size, "centre")
            else:
                flow.page.text(x0 + 3, y, piece, font, spec.size)
    flow.y = top + height


# -- footer --------------------------------------------------------------------------------------

def closing(flow: Flow, decl: Declaration, *, pledge: str, hint: str, place: str = "") -> None:
    """The pledge and the signature footer, kept together on one page."""
    lines = wrap(pledge, ITALIC, SIZE, flow.width) if pledge else []
    hints = wrap(hint, ITALIC, SMALL, flow.width * 0.48)
    flow.keep_with_footer((len(lines) + 7.5) * SIZE * LEADING + len(hints) * SMALL * LEADING + 12)
    if lines:
        flow.gap(6)
        flow.lines(lines, font=ITALIC, size=SIZE)
    signature(flow, decl, place=place or decl.taxpayer.province or "……", hint=hint)


def signature(flow: Flow, decl: Declaration, *, place: str, hint: str) -> None:
    """The two-column footer: tax agent's employee (left), date and taxpayer's signature (right)."""
    line = SIZE * LEADING
    hints = wrap(hint, ITALIC, SMALL, flow.width * 0.48)
    flow.need(line * 7.5 + len(hints) * SMALL * LEADING + 6)
    top = flow.y + 6
    left = flow.left + flow.width * 0.22
    right = flow.left + flow.width * 0.72
    page = flow.page
    day = decl.signed_on or decl.prepared_on
    page.text(right, top + line, f"{place}, {long_date(day)}", ITALIC, SIZE, "centre")
    page.text(left, top + 2 * line, "NHÂN VIÊN ĐẠI LÝ THUẾ", BOLD, SIZE, "centre")
    page.text(flow.left, top + 3 * line, "Họ và tên: ……………………………", REGULAR, SIZE)
    page.text(flow.left, top + 4 * line, "Chứng chỉ hành nghề số: ………………", REGULAR, SIZE)
    page.text(right, top + 2 * line, "NGƯỜI NỘP THUẾ hoặc", BOLD, SIZE, "centre")
    page.text(right, top + 3 * line, "ĐẠI DIỆN HỢP PHÁP CỦA NGƯỜI NỘP THUẾ", BOLD, SIZE, "centre")
    y = top + 3 * line
    for piece in hints:
        y += SMALL * LEADING
        page.text(right, y, piece, ITALIC, SMALL, "centre")
    page.text(right, y + 3.5 * line, decl.signer or decl.taxpayer.name, BOLD, SIZE, "centre")
    flow.y = y + 3.5 * line + 6


def page_numbers(pages: Sequence[Page], label: str) -> None:
    """"<label> - Trang n/m" at the foot of each of `pages` (one form or appendix)."""
    for number, page in enumerate(pages, start=1):
        page.text(page.width / 2, page.height - 15, f"{label} - Trang {number}/{len(pages)}", ITALIC, 6.5,
                  "centre")
