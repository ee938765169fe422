"""Cost books: S3-HKD (TT 88/2021: costs by element, columns 2–8 = 01-2/BK-HĐKD [24]–[30]) and
S2c-HKD (TT 152/2025 Art 6: revenue, deductible costs by ND 68/2026 Art 6.1 a–e, income, PIT)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hhtax.books.common import RowMaker, daily_caption, daily_groups, describe, make_book
from hhtax.books.context import BuildContext
from hhtax.books.model import Book, Row, RowSource, RowStyle, Section
from hhtax.model import EntryKind
from hhtax.money import format_rate
from hhtax.periods import PeriodKind
from hhtax.tax.assessment import Assessment

_COST_KINDS = (EntryKind.EXPENSE, EntryKind.WAGE, EntryKind.PURCHASE)


def build_s3(ctx: BuildContext) -> Book:
    """S3-HKD: each cost entry under its element column; goods bought as inventory items are in
    S2-HKD instead, and personal spending is not a business cost (it stays in the cash book)."""
    layout = ctx.layout
    make = RowMaker(layout)
    columns: dict[str, str] = layout.data["category_columns"]
    keys = sorted(set(columns.values()))
    period = ctx.period

    def items() -> Iterator[tuple[date, str, str, str, int]]:
        for entry in ctx.ledger.entries(period.start, period.end):
            if entry.kind not in _COST_KINDS or entry.category is None:
                continue
            if entry.kind is EntryKind.PURCHASE and entry.item:
                continue
            column = columns.get(entry.category.value)
            if column is not None:
                yield entry.date, column, entry.doc, describe(entry), entry.amount

    def rows() -> Iterator[Row]:
        totals = dict.fromkeys(keys, 0)
        source = items()
        if ctx.daily:
            source = (
                (day, column, "", daily_caption(day, "Chi phí"), amount)
                for day, column, amount in daily_groups(
                    ((d, c, a) for d, c, _doc, _t, a in items()), lambda a, b: a + b))
        for day, column, doc, text, amount in source:
            totals[column] += amount
            yield make(date=day, doc=doc, doc_date=day, description=text, total=amount, **{column: amount})
        yield make(RowStyle.TOTAL, description="Tổng cộng", total=sum(totals.values()), **totals)

    return make_book(layout, ctx.household, period, [Section("", RowSource(rows))])


def pit_label(assessment: Assessment) -> str:
    """Row 4 as the formula actually used: for a year under the income method (3) × the band rate (Law
    109/2025 Art 7.2); otherwise the provisional PIT of the period, the industry rate × (revenue − the
    part of the 1 bn used) (ND 68/2026 Art 10.2.b; OQ-03)."""
    if assessment.period.kind is PeriodKind.YEAR and assessment.income_rate is not None \
            and assessment.method == "income":
        return f"4. Thuế TNCN phải nộp = (3) × thuế suất {format_rate(assessment.income_rate)}%"
    rates = sorted({line.pit_rate for line in assessment.lines if line.pit_revenue.value})
    rate = f"{format_rate(rates[0])}%" if len(rates) == 1 else "tỷ lệ % theo từng ngành nghề"
    return (f"4. Thuế TNCN tạm nộp trong kỳ = (doanh thu − doanh thu được trừ) × {rate} "
            "(NĐ 68/2026/NĐ-CP Điều 10.2.b)")


def build_s2c(ctx: BuildContext) -> Book:
    """S2c-HKD rows 1–4 with the engine's figures: (1) revenue, (2) deductible costs split a–e as
    in ND 68 Art 6.1, (3) income = (1) − (2), (4) PIT = (3) × rate (Law 109/2025 Art 7.2)."""
    layout = ctx.layout
    make = RowMaker(layout)
    assessment = ctx.assessment()
    deductible = {cost.category: cost.deductible for cost in assessment.costs}
    revenue = assessment.revenue.value
    costs = (assessment.deductible_costs.value if assessment.deductible_costs is not None
             else sum(deductible.values()))
    income = (assessment.taxable_income.value if assessment.taxable_income is not None
              else max(revenue - costs, 0))
    rows = [
        make(description="1. Doanh thu bán hàng hóa, dịch vụ", amount=revenue),
        make(description="2. Chi phí hợp lý được trừ", amount=costs),
    ]
    for cost_row in layout.data["cost_rows"]:
        amount = sum(deductible.get(category, 0) for category in cost_row["categories"])
        rows.append(make(description=f"{cost_row['label']}) {cost_row['caption']}", amount=amount))
    rows.append(make(RowStyle.TOTAL, description="3. Thu nhập tính thuế = (1) - (2)", amount=income))
    rows.append(make(RowStyle.TAX, description=pit_label(assessment), amount=assessment.pit.value))
    book = make_book(layout, ctx.household, ctx.period, [Section("", RowSource.of(rows))])
    book.warnings.extend(w.message for w in assessment.warnings if w.code == "cost_excluded")
    return book
