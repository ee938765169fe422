"""Industry groups (rates, form rows) and the regime-B revenue groups G1–G4, from the rule pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from hhtax.errors import RuleError
from hhtax.rules import RuleBook

RevenueGroup = Literal["G1", "G2", "G3", "G4"]


@dataclass(frozen=True)
class GroupRates:
    """One industry group on one date: VAT % and PIT % of revenue and the 01/CNKD row."""

    code: str
    row: str
    vat_rate: Decimal
    pit_rate: Decimal
    name_vi: str
    name_en: str
    vat_ref: str
    pit_ref: str


def group_rates(group: str, rules: RuleBook, on: date) -> GroupRates:
    """Rates of an industry group (TT 40/2021 App. I; Law 109/2025 Art 7.3; ND 68/2026 Art 3–4)."""
    vat = rules.get(f"groups.{group}.vat_rate", on)
    pit = rules.get(f"groups.{group}.pit_rate", on)
    return GroupRates(
        code=group,
        row=str(rules.value(f"groups.{group}.row", on)),
        vat_rate=vat.value,
        pit_rate=pit.value,
        name_vi=str(rules.value(f"groups.{group}.name_vi", on)),
        name_en=str(rules.value(f"groups.{group}.name_en", on)),
        vat_ref=vat.citation(),
        pit_ref=pit.citation(),
    )


def year_group(revenue: int, rules: RuleBook, on: date) -> RevenueGroup:
    """G1 (≤ threshold), G2 (≤ 3 bn), G3 (≤ 50 bn) or G4 from annual revenue (ND 68/2026 Art 3, 4, 8)."""
    if revenue <= rules.value("threshold", on):
        return "G1"
    if revenue <= rules.value("revenue_groups.g2_max", on):
        return "G2"
    if revenue <= rules.value("revenue_groups.g3_max", on):
        return "G3"
    return "G4"


def income_rate(revenue: int, rules: RuleBook, on: date) -> tuple[Decimal, str]:
    """The income-method rate for the year's revenue band and its citation (Law 109/2025 Art 7.2)."""
    rule = rules.get("income.bands", on)
    for band in rule.value:
        if band["up_to"] is None or revenue <= band["up_to"]:
            return band["rate"], rule.citation()
    raise RuleError("income.bands: the last band must have no upper limit")
