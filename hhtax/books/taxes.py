"""Tax books: S4-HKD (TT 88/2021: tax payable and paid, one part per tax, with opening and
closing balances) and S3a-HKD (TT 152/2025 Art 7: other taxes).

S4-HKD takes each filing period's tax from the engine (`assess_ledger`: VAT and PIT of 01/CNKD
Part A) and the payments from `tax_payment` entries. The opening balance is the tax of the same
year's earlier filing periods less what was paid in that year before the period (hhtax's reading:
balances do not carry across years).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hhtax.books.common import RowMaker, describe, make_book
from hhtax.books.context import BuildContext
from hhtax.books.model import Book, Row, RowSource, RowStyle, Section
from hhtax.model import EntryKind, Filing, TaxKind
from hhtax.periods import Period, PeriodKind


def _filing_periods(ctx: BuildContext) -> list[Period]:
    """The household's filing periods of the book's year that end by the book's end."""
    kind = PeriodKind.MONTH if ctx.household.filing is Filing.MONTHLY else PeriodKind.QUARTER
    year = Period.of_year(ctx.period.year)
    every = year.months() if kind is PeriodKind.MONTH else year.quarters()
    return [p for p in every if p.end <= ctx.period.end]


def _period_name(period: Period) -> str:
    if period.kind is PeriodKind.MONTH:
        return f"tháng {period.index:02d}/{period.year}"
    return f"quý {period.index}/{period.year}"


def build_s4(ctx: BuildContext) -> Book:
    from hhtax.ledger_tax import assess_ledger

    layout = ctx.layout
    make = RowMaker(layout)
    period = ctx.period
    names: dict[str, str] = layout.data["taxes"]
    year_start = date(period.year, 1, 1)
    payable: dict[str, list[tuple[date, Period, int]]] = {"vat": [], "pit": [], "other": []}
    for filing in _filing_periods(ctx):
        assessment = assess_ledger(ctx.ledger, filing, ctx.rules)
        payable["vat"].append((filing.end, filing, assessment.vat.value))
        payable["pit"].append((filing.end, filing, assessment.pit.value))
    paid: dict[str, list[tuple[date, str, str, int]]] = {"vat": [], "pit": [], "other": []}
    for entry in ctx.ledger.entries(year_start, period.end):
        if entry.kind is EntryKind.TAX_PAYMENT:
            tax = (entry.tax or TaxKind.OTHER).value
            paid[tax].append((entry.date, entry.doc, describe(entry), entry.amount))

    sections = []
    for tax, name in names.items():
        if tax == "other" and not paid[tax]:
            continue
        opening = (sum(a for d, _p, a in payable[tax] if d < period.start)
                   - sum(a for d, _doc, _t, a in paid[tax] if d < period.start))
        movements: list[tuple[date, int, Row, int, int]] = []
        for day, filing, amount in payable[tax]:
            if day >= period.start:
                text = f"Số thuế phải nộp {_period_name(filing)}"
                movements.append((day, 0, make(doc_date=day, description=text, payable=amount), amount, 0))
        for day, doc, text, amount in paid[tax]:
            if day >= period.start:
                row = make(doc=doc, doc_date=day, description=text, paid=amount)
                movements.append((day, 1, row, 0, amount))
        movements.sort(key=lambda m: (m[0], m[1]))
        rows = [make(RowStyle.OPENING, description="Số dư đầu kỳ", payable=opening)]
        rows.extend(m[2] for m in movements)
        total_payable = sum(m[3] for m in movements)
        total_paid = sum(m[4] for m in movements)
        rows.append(make(RowStyle.TOTAL, description="Cộng phát sinh trong kỳ", payable=total_payable,
                         paid=total_paid))
        rows.append(make(RowStyle.CLOSING, description="Số dư cuối kỳ",
                         payable=opening + total_payable - total_paid))
        sections.append(Section(name, RowSource.of(rows)))
    return make_book(layout, ctx.household, period, sections)


def build_s3a(ctx: BuildContext) -> Book:
    """S3a-HKD: payments of other taxes (tax = other) with their amount in the layout's column."""
    layout = ctx.layout
    make = RowMaker(layout)
    column: str = layout.data["amount_column"]
    period = ctx.period

    def rows() -> Iterator[Row]:
        total = 0
        for entry in ctx.ledger.entries(period.start, period.end):
            if entry.kind is EntryKind.TAX_PAYMENT and entry.tax is TaxKind.OTHER:
                total += entry.amount
                yield make(date=entry.date, description=describe(entry), qty=entry.qty,
                           **{column: entry.amount})
        yield make(RowStyle.TOTAL, description="Tổng cộng", **{column: total})

    return make_book(layout, ctx.household, period, [Section("", RowSource(rows))])
