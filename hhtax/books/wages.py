"""S5-HKD (TT 88/2021): wages payable, paid and outstanding. Each `wage` entry accrues its amount
and pays it unless its payment is `credit` (owed). The journal records no insurance
contributions, so columns 4–12 (BHXH, BHYT, BHTN) stay blank."""

from __future__ import annotations

from collections.abc import Iterator

from hhtax.books.common import RowMaker, day_before, describe, make_book
from hhtax.books.context import BuildContext
from hhtax.books.model import Book, Row, RowSource, RowStyle, Section
from hhtax.model import Entry, EntryKind


def _wage(entry: Entry) -> tuple[int, int] | None:
    if entry.kind is not EntryKind.WAGE:
        return None
    return entry.amount, 0 if entry.payment == "credit" else entry.amount


def build_s5(ctx: BuildContext) -> Book:
    layout = ctx.layout
    make = RowMaker(layout)
    period = ctx.period

    def rows() -> Iterator[Row]:
        left = 0
        for entry in ctx.ledger.entries(None, day_before(period.start)):
            wage = _wage(entry)
            if wage is not None:
                left += wage[0] - wage[1]
        yield make(RowStyle.OPENING, description="Số dư đầu kỳ", wage_left=left)
        total_payable = total_paid = 0
        for entry in ctx.ledger.entries(period.start, period.end):
            wage = _wage(entry)
            if wage is None:
                continue
            payable, paid = wage
            total_payable += payable
            total_paid += paid
            left += payable - paid
            yield make(date=entry.date, doc=entry.doc, doc_date=entry.date, description=describe(entry),
                       wage_payable=payable, wage_paid=paid, wage_left=left)
        yield make(RowStyle.TOTAL, description="Cộng phát sinh trong kỳ", wage_payable=total_payable,
                   wage_paid=total_paid)
        yield make(RowStyle.CLOSING, description="Số dư cuối kỳ", wage_left=left)

    return make_book(layout, ctx.household, period, [Section("", RowSource(rows))])
