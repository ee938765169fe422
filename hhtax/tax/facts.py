"""Year facts: the monthly aggregates of a calendar year, reduced to what the tax rules read.

Revenue is net of sale returns and reversals (ND 68/2026 Art 5.1; TT 40/2021 Art 10: trade
discounts, price reductions and returned goods are not revenue). Platform-withheld sales
(ND 117/2025; ND 68/2026 Art 11) count toward the threshold but are not declared again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hhtax.aggregates import AggregateRow
from hhtax.model import CostCategory, EntryKind, Household

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

    def line_month(self, line: str, month: int) -> LineMonth:
        return self.lines.get((line, month)) or LineMonth()

    def revenue(self, months: Iterable[int], line: str | None = None) -> int:
        wanted = set(months)
        return sum(
            v.revenue for (ln, m), v in self.lines.items() if m in wanted and (line is None or ln == line)
        )

    def total_revenue(self) -> int:
        return sum(v.revenue for v in self.lines.values())


def cost_exclusion(category: str, has_doc: bool, cash_large: bool) -> str:
    """Why a cost is not deductible under the income method, or "" (ND 68/2026 Art 6.1, 6.2)."""
    if category == CostCategory.PERSONAL.value:
        return "personal"  # Art 6.2.a, g
    if category == CostCategory.OWNER_WAGE.value:
        return "owner_wage"  # Art 6.2.c
    if not has_doc:
        return "no_document"  # Art 6.2.b
    if cash_large:
        return "cash_payment"  # Art 6.1: single payments ≥ 5,000,000 made in cash
    return ""


def _cost_category(kind: str, category: str) -> str:
    if category:
        return category
    if kind == EntryKind.PURCHASE.value:
        return CostCategory.GOODS.value
    if kind == EntryKind.WAGE.value:
        return CostCategory.LABOUR.value
    return CostCategory.OTHER.value


def year_facts(household: Household, rows: Iterable[AggregateRow], year: int) -> YearFacts:
    """Fold the aggregate rows of `year` into `YearFacts` (other years are ignored)."""
    cut_default = {line.id: line.vat_cut for line in household.lines}
    facts = YearFacts(year)
    for row in rows:
        key = row.key
        if key.year != year:
            continue
        if key.kind in (EntryKind.SALE.value, EntryKind.SALE_RETURN.value):
            sign = 1 if key.kind == EntryKind.SALE.value else -1
            cell = facts.lines.setdefault((key.line, key.month), LineMonth())
            amount = sign * row.amount
            cell.revenue += amount
            if key.withheld:
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
