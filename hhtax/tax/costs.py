"""Deductible costs of the income method, by category, with exclusions reported (ND 68/2026 Art 6).

Goods cost is the cost of goods sold: opening stock + purchases of the period − closing stock, the
stock valued by the household's method (ND 68/2026 Art 6.1.a, 18.4; `hhtax.tax.income`); without
stock entries it is the purchases of the period.
"""

from __future__ import annotations

from collections.abc import Iterable

from hhtax.tax.assessment import CostLine
from hhtax.tax.facts import YearFacts

EXCLUSION_REFS = {
    "personal": "NĐ 68/2026/NĐ-CP Art 6.2.a, 6.2.g",
    "owner_wage": "NĐ 68/2026/NĐ-CP Art 6.2.c",
    "wage_unpaid": "NĐ 68/2026/NĐ-CP Art 6.2.c",
    "depreciation_excess": "NĐ 68/2026/NĐ-CP Art 6.2.d",
    "fine": "NĐ 68/2026/NĐ-CP Art 6.2.đ",
    "private_asset": "NĐ 68/2026/NĐ-CP Art 6.2.e",
    "no_document": "NĐ 68/2026/NĐ-CP Art 6.2.b",
    "cash_payment": "NĐ 68/2026/NĐ-CP Art 6.1",
}

CATEGORY_ORDER = (
    "goods",
    "labour",
    "depreciation",
    "electricity",
    "water",
    "telecom",
    "rent",
    "management",
    "interest",
    "other",
    "owner_wage",
    "personal",
    "depreciation_excess",
    "fine",
    "private_asset",
)

# S2c-HKD row 2 sub-rows (TT 152/2025 Art 6; ND 68/2026 Art 6.1.a–e)
S2C_ROW = {
    "goods": "a",
    "labour": "b",
    "depreciation": "c",
    "electricity": "d",
    "water": "d",
    "telecom": "d",
    "rent": "d",
    "management": "d",
    "interest": "đ",
    "other": "e",
}


def cost_lines(facts: YearFacts, months: Iterable[int]) -> tuple[CostLine, ...]:
    """Costs of the given months by category: total, deductible part and excluded amounts by reason."""
    wanted = set(months)
    totals: dict[str, int] = {}
    deductible: dict[str, int] = {}
    excluded: dict[str, dict[str, int]] = {}
    for key, amount in facts.costs.items():
        if key.month not in wanted:
            continue
        totals[key.category] = totals.get(key.category, 0) + amount
        if key.reason:
            bucket = excluded.setdefault(key.category, {})
            bucket[key.reason] = bucket.get(key.reason, 0) + amount
        else:
            deductible[key.category] = deductible.get(key.category, 0) + amount
    order = {name: index for index, name in enumerate(CATEGORY_ORDER)}
    return tuple(
        CostLine(
            category=cat,
            total=totals[cat],
            deductible=deductible.get(cat, 0),
            excluded=dict(sorted(excluded.get(cat, {}).items())),
        )
        for cat in sorted(totals, key=lambda c: (order.get(c, len(order)), c))
    )


def excluded_by_reason(lines: Iterable[CostLine]) -> dict[str, int]:
    """Total excluded amount per reason code."""
    result: dict[str, int] = {}
    for line in lines:
        for reason, amount in line.excluded.items():
            result[reason] = result.get(reason, 0) + amount
    return dict(sorted(result.items()))
