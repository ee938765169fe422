"""Inventory books S2-HKD (TT 88/2021) and S2d-HKD (TT 152/2025 Art 6): one page per item with
the opening balance, each movement (or each day under `--summary daily`), the period's totals and
the closing balance. Valuation is `hhtax.books.inventory`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import partial

from hhtax.books.common import RowMaker, daily_caption, make_book
from hhtax.books.context import BuildContext
from hhtax.books.inventory import ZERO, ItemPage, Move, item_pages
from hhtax.books.model import Book, Row, RowSource, RowStyle, Section
from hhtax.model import Filing
from hhtax.money import round_half_up


def _daily(moves: list[Move]) -> Iterator[Move]:
    """Fold an item's moves into one per day."""
    current: Move | None = None
    for move in moves:
        if current is not None and current.day == move.day:
            current.in_qty += move.in_qty
            current.in_value += move.in_value
            current.out_qty += move.out_qty
            current.out_value += move.out_value
            continue
        if current is not None:
            yield current
        current = Move(move.day, "", daily_caption(move.day, "Nhập, xuất"), move.in_qty, move.in_value,
                       move.out_qty, None)
        current.out_value = move.out_value
    if current is not None:
        yield current


def build_stock(ctx: BuildContext) -> Book:
    layout = ctx.layout
    make = RowMaker(layout)
    household = ctx.household
    pages, warnings = item_pages(ctx.ledger, ctx.period, household.inventory_method,
                                 household.filing is Filing.MONTHLY)

    entry = make.builder("doc", "doc_date", "description", "unit", "price", "in_qty", "in_value", "out_qty",
                         "out_value", "bal_qty", "bal_value")

    def rows(page: ItemPage) -> Iterator[Row]:
        qty, value = page.opening_qty, page.opening_value
        unit = page.unit or None
        yield make(RowStyle.OPENING, description="Số dư đầu kỳ", bal_qty=qty, bal_value=value)
        in_qty = out_qty = Decimal(0)
        in_value = out_value = 0
        daily = ctx.daily
        for move in (_daily(page.moves) if daily else page.moves):
            move_in, move_out, value_in, value_out = move.in_qty, move.out_qty, move.in_value, move.out_value
            if move_in is not ZERO:  # a move is in or out: skip adding the shared zero (Decimal sums cost)
                qty += move_in
                in_qty += move_in
            if move_out is not ZERO:
                qty -= move_out
                out_qty += move_out
            value += value_in - value_out
            in_value += value_in
            out_value += value_out
            price = None if daily else move.price
            if price is None and move_in > 0 and not daily:
                price = round_half_up(Decimal(value_in) / move_in)
            yield entry(move.doc, move.day, move.text, unit, price, move_in or None, value_in or None,
                        move_out or None, value_out or None, qty, value)
        yield make(RowStyle.TOTAL, description="Cộng phát sinh trong kỳ", in_qty=in_qty, in_value=in_value,
                   out_qty=out_qty, out_value=out_value)
        yield make(RowStyle.CLOSING, description="Số dư cuối kỳ", bal_qty=qty, bal_value=value)

    sections = [
        Section(f"Tên, quy cách vật liệu, dụng cụ, sản phẩm, hàng hóa: {page.name}",
                RowSource(partial(rows, page)), new_page=True,
                subtitle=f"Đơn vị tính: {page.unit}" if page.unit else "")
        for page in pages.values() if page.active
    ]
    return make_book(layout, household, ctx.period, sections, warnings)
