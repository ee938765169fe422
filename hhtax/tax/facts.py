"""Year facts: the monthly aggregates of a calendar year, reduced to what the tax rules read.

Revenue is net of sale returns and reversals (ND 68/2026 Art 5.1; TT 40/2021 Art 10: trade
discounts, price reductions and returned goods are not revenue). Platform-withheld sales
(ND 117/2025; ND 68/2026 Art 11) count toward the threshold but are not declared again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from hhtax.aggregates import AggregateRow
from hhtax.inventory import StockPosition, stock_position, stored_rows
from hhtax.model import CostCategory, Entry, EntryKind, Filing, Household
from hhtax.periods import Period

COST_KINDS = frozenset({EntryKind.PURCHASE.value, EntryKind.EXPENSE.value, EntryKind.WAGE.value})


@dataclass
class LineMonth:
    """One business line in one month."""

    revenue: int = 0  # net revenue, platform-withheld sales included
    withheld: int = 0  # part of `revenue` sold through platforms that withheld the tax
    cut: int = 0  # declared (not withheld) revenue flagged for the VAT cut (OQ-07)
    withheld_vat: int = 0
    withheld_pit: int = 0


@dataclass(frozen=True)
class CostKey:
    month: int
    category: str
    reason: str  # "" when deductible, else the exclusion reason code


@dataclass
class YearFacts:
    """Revenue by (line, month) and costs by (month, category, exclusion reason) of one year."""

    year: int
    lines: dict[tuple[str, int], LineMonth] = field(default_factory=dict)
    costs: dict[CostKey, int] = field(default_factory=dict)
    early_withheld: dict[int, int] = field(default_factory=dict)  # month → sales flagged before ND 117/2025

    def line_month(self, line: str, month: int) -> LineMonth:
        return self.lines.get((line, month)) or LineMonth()

    def revenue(self, months: Iterable[int], line: str | None = None) -> int:
        wanted = set(months)
        return sum(
            v.revenue for (ln, m), v in self.lines.items() if m in wanted and (line is None or ln == line)
        )

    def total_revenue(self) -> int:
        return sum(v.revenue for v in self.lines.values())


# Categories that are never deductible, and the reason code reported for them (ND 68/2026 Art 6.2).
EXCLUDED_CATEGORIES = {
    CostCategory.PERSONAL.value: "personal",  # Art 6.2.a, g
    CostCategory.OWNER_WAGE.value: "owner_wage",  # Art 6.2.c
    CostCategory.DEPRECIATION_EXCESS.value: "depreciation_excess",  # Art 6.2.d
    CostCategory.FINE.value: "fine",  # Art 6.2.đ
    CostCategory.PRIVATE_ASSET.value: "private_asset",  # Art 6.2.e
}
UNPAID_WAGE = "wage_unpaid"  # Art 6.2.c: wages booked but not paid


@dataclass(frozen=True)
class EntryFacts:
    """What monthly aggregates do not carry and the income method needs, read from the entries: the
    stock position of the period by the household's valuation method (cost of goods sold, ND 68/2026
    Art 6.1.a, 18.4) and the wages booked but not paid, by month (Art 6.2.c)."""

    stock: StockPosition | None = None
    unpaid_wages: Mapping[int, int] = field(default_factory=dict)


def unpaid_wage(entry: Entry) -> bool:
    """A wage of an employee booked on credit (not paid), with a document: deductible but for the
    payment (ND 68/2026 Art 6.2.c). A reversal of it carries the negated amount."""
    category = entry.category.value if entry.category else CostCategory.LABOUR.value
    labour = category == CostCategory.LABOUR.value
    return entry.kind is EntryKind.WAGE and entry.payment == "credit" and labour and bool(entry.doc)


def entry_facts(household: Household, entries: Iterable[Entry], period: Period) -> EntryFacts:
    """`EntryFacts` of `period` from journal entries in journal order, from the ledger's start."""
    end, year = period.end, period.year
    listed = [e for e in entries if e.date <= end]
    monthly = household.filing is Filing.MONTHLY
    moves = (e for e in listed if e.item and e.qty is not None)  # only these move stock
    stock = stock_position(stored_rows(moves), period, household.inventory_method, monthly)
    unpaid: dict[int, int] = {}
    for entry in listed:
        if entry.kind is EntryKind.WAGE and entry.date.year == year and unpaid_wage(entry):
            unpaid[entry.date.month] = unpaid.get(entry.date.month, 0) + entry.amount
    return EntryFacts(stock=stock, unpaid_wages=unpaid)


def cost_exclusion(category: str, has_doc: bool, cash_large: bool) -> str:
    """Why a cost is not deductible under the income method, or "" (ND 68/2026 Art 6.1, 6.2)."""
    if category in EXCLUDED_CATEGORIES:
        return EXCLUDED_CATEGORIES[category]
    if not has_doc:
        return "no_document"  # Art 6.2.b
    if cash_large:
        return "cash_payment"  # Art 6.1: single payments ≥ 5,000,000 made in cash
    return ""


_SALE, _SALE_RETURN = EntryKind.SALE.value, EntryKind.SALE_RETURN.value  # read once, not per row
_DEFAULT_CATEGORY = {EntryKind.PURCHASE.value: CostCategory.GOODS.value,
                     EntryKind.WAGE.value: CostCategory.LABOUR.value}


def _cost_category(kind: str, category: str) -> str:
    if category:
        return category
    return _DEFAULT_CATEGORY.get(kind, CostCategory.OTHER.value)


def year_facts(
    household: Household, rows: Iterable[AggregateRow], year: int, withholding: Collection[int] = range(1, 13)
) -> YearFacts:
    """Fold the aggregate rows of `year` into `YearFacts` (other years are ignored). `withholding` are
    the months in which platforms withheld tax (ND 117/2025, from 01/07/2025): a sale flagged as
    withheld in another month is declared as any other sale and listed in `early_withheld`."""
    cut_default = {line.id: line.vat_cut for line in household.lines}
    facts = YearFacts(year)
    for row in rows:
        key = row.key
        if key.year != year:
            continue
        if key.kind in (_SALE, _SALE_RETURN):
            sign = 1 if key.kind == _SALE else -1
            cell = facts.lines.setdefault((key.line, key.month), LineMonth())
            amount = sign * row.amount
            cell.revenue += amount
            if key.withheld and key.month not in withholding:
                facts.early_withheld[key.month] = facts.early_withheld.get(key.month, 0) + amount
            if key.withheld and key.month in withholding:
                cell.withheld += amount
                cell.withheld_vat += sign * row.withheld_vat
                cell.withheld_pit += sign * row.withheld_pit
            elif key.vat_cut if key.vat_cut is not None else cut_default.get(key.line, False):
                cell.cut += amount
        elif key.kind in COST_KINDS:
            category = _cost_category(key.kind, key.category)
            cost_key = CostKey(key.month, category, cost_exclusion(category, key.has_doc, key.cash_large))
            facts.costs[cost_key] = facts.costs.get(cost_key, 0) + row.amount
    return facts


def book_unpaid_wages(facts: YearFacts, unpaid: Mapping[int, int]) -> None:
    """Move wages booked but not paid from deductible labour to the excluded reason `wage_unpaid`
    (ND 68/2026 Art 6.2.c), never more than the month's deductible labour."""
    for month, amount in unpaid.items():
        key = CostKey(month, CostCategory.LABOUR.value, "")
        moved = max(0, min(amount, facts.costs.get(key, 0)))
        if moved:
            facts.costs[key] -= moved
            excluded = CostKey(month, CostCategory.LABOUR.value, UNPAID_WAGE)
            facts.costs[excluded] = facts.costs.get(excluded, 0) + moved
