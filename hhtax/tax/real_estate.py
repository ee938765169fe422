"""Real-estate leasing from 2026: the separate pool of reading OQ-09, declared on 01/BĐS + 01/BK-BĐS.

Lease revenue of real estate (the `leasing` lines whose property is `real_estate`) is tested alone
against its own threshold (`real_estate.threshold`: Law 109/2025 Art 7.4; NĐ 68/2026 Art 4.4 as
amended by NĐ 141/2026) and has its own deduction (`real_estate.deduction`, Art 4.4.a: one for all
lease contracts, allocated by the lessor: here in the order the properties are declared, earlier
periods of the year first). Above the threshold VAT is 5 % of all lease revenue and PIT 5 % of the
revenue less the deduction (`real_estate.vat_rate`, `.pit_rate`); at or under it the return is a
revenue notice with no tax. Shop revenue is not added to the pool, nor the pool to shop revenue.

The year's lease revenue for the threshold is what was known at the end of the period (OQ-28):
the rent recorded up to then plus the rent the contracts still fix for the rest of the year.
Rounding: half-up per property and tax (OQ-10). The override `leasing.aggregate_with_business =
true` keeps the lines in the household's ordinary revenue (line (c) of 01/CNKD) instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from hhtax.aggregates import AggregateRow
from hhtax.model import EntryKind, Household, IndustryGroup, LeasedProperty
from hhtax.money import apply_rate, format_vnd
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment, Figure, TaxWarning

READING = "OQ-09"


@dataclass(frozen=True)
class PropertyFigures:
    """One leased property in the period: 01/BK-BĐS row [07]–[13]."""

    property: LeasedProperty
    contract_value: int  # [07] rent × months of the contract
    revenue: Figure  # [09]
    deduction: Figure  # [10]
    vat: Figure  # [12]
    pit: Figure  # [13]


@dataclass(frozen=True)
class LeaseAssessment:
    """The real-estate pool of one period (half-year or year)."""

    period: Period
    year_revenue: Figure  # the year's lease revenue known at the end of the period
    taxable: bool  # above `real_estate.threshold`
    rows: tuple[PropertyFigures, ...]
    deduction_left: int  # soTienTruKyTiep: deduction still unused for the rest of the year

    @property
    def revenue(self) -> int:
        return sum(row.revenue.value for row in self.rows)

    @property
    def deduction(self) -> int:
        return sum(row.deduction.value for row in self.rows)

    @property
    def vat(self) -> int:
        return sum(row.vat.value for row in self.rows)

    @property
    def pit(self) -> int:
        return sum(row.pit.value for row in self.rows)


def pooled(household: Household, rules: RuleBook, on: date) -> bool:
    """Whether real-estate leasing is a separate pool on `on` (regime B, reading OQ-09 not overridden)."""
    rule = rules.find("leasing.aggregate_with_business", on)
    return rule is not None and not rule.value and bool(household.real_estate_lines())


def leases_only(household: Household, regime: str, rules: RuleBook, on: date) -> bool:
    """Whether the household has nothing but leasing for the ordinary return (01/CNKD): in 2025 only
    `leasing` (and agent) lines (01/TTS, TT 40/2021 Art 8); from 2026 only real-estate lines of the pool."""
    if regime == "A":
        groups = {line.group for line in household.lines}
        return IndustryGroup.LEASING in groups and groups <= {IndustryGroup.LEASING, IndustryGroup.AGENT}
    pool = {line.id for line in household.real_estate_lines()} if pooled(household, rules, on) else set()
    return bool(pool) and all(line.id in pool for line in household.lines)


def without_pool(household: Household, rows: Iterable[AggregateRow], period: Period,
                 rules: RuleBook) -> tuple[Household, list[AggregateRow]]:
    """The household and aggregates the ordinary engine sees: the pool's lines and revenue removed."""
    rows = list(rows)
    if not pooled(household, rules, period.end):
        return household, rows
    pool = {line.id for line in household.real_estate_lines()}
    kept = tuple(line for line in household.lines if line.id not in pool)
    if not kept:  # a household that only leases real estate: keep one line so the engine runs
        kept = household.lines[:1]
    sales = (EntryKind.SALE.value, EntryKind.SALE_RETURN.value)
    return (household.model_copy(update={"lines": kept}),
            [row for row in rows if not (row.key.line in pool and row.key.kind in sales)])


def assess_real_estate(household: Household, rows: Iterable[AggregateRow], period: Period,
                       rules: RuleBook) -> LeaseAssessment:
    """The pool for a half-year or year of regime B (NĐ 68/2026 Art 4.4, 8.3.d; reading OQ-09)."""
    on = period.end
    by_month = _revenue_by_property(household, rows, period.year)
    props = [p for p in household.properties if p.kind == "real_estate"]
    recorded = sum(v for (pid, month), v in by_month.items() if month <= period.last_month)
    rest = date(period.year, 12, 31)
    contracted = sum(p.rent * p.months_in(on + timedelta(days=1), rest) for p in props) if on < rest else 0
    threshold_rule = rules.get("real_estate.threshold", on)
    threshold = int(threshold_rule.value)
    year_fig = Figure(name="lease_year_revenue", value=recorded + contracted,
                      formula="recorded lease revenue to the period's end + contracted rent for the rest of "
                              "the year",
                      inputs={"recorded": recorded, "contracted": contracted, "threshold": threshold},
                      ref=threshold_rule.citation(), reading=READING)
    taxable = year_fig.value > threshold
    deduction_rule = rules.get("real_estate.deduction", on)
    before = sum(v for (pid, month), v in by_month.items() if month < period.first_month)
    remaining = max(int(deduction_rule.value) - before, 0) if taxable else 0
    vat_rule, pit_rule = rules.get("real_estate.vat_rate", on), rules.get("real_estate.pit_rate", on)
    figures = []
    for prop in props:
        revenue = sum(v for (pid, month), v in by_month.items()
                      if pid == prop.id and period.first_month <= month <= period.last_month)
        if taxable:
            used = min(remaining, max(revenue, 0))
            remaining -= used
        else:
            used = revenue  # at or under the threshold nothing is taxed (a revenue notice)
        figures.append(_row(prop, revenue, used, taxable, vat_rule.value, pit_rule.value,
                            (deduction_rule.citation(), vat_rule.citation(), pit_rule.citation())))
    through = before + sum(f.revenue.value for f in figures)
    left = 0 if period.end.month == 12 else max(int(deduction_rule.value) - through, 0)
    return LeaseAssessment(period, year_fig, taxable, tuple(figures), left)


def _row(prop: LeasedProperty, revenue: int, used: int, taxable: bool, vat_rate: Decimal, pit_rate: Decimal,
         refs: tuple[str, str, str]) -> PropertyFigures:
    vat = apply_rate(revenue, vat_rate) if taxable else 0
    pit = apply_rate(revenue - used, pit_rate) if taxable else 0
    untaxed = "0 (at or under the threshold)"
    return PropertyFigures(
        property=prop, contract_value=prop.rent * prop.months_in(prop.start, prop.end),
        revenue=Figure(name="lease_revenue", value=revenue,
                       formula="Σ rent of the property's lines in the period", inputs={"property": prop.id},
                       ref=refs[0], reading=READING),
        deduction=Figure(name="lease_deduction", value=used,
                         formula="min(deduction left, revenue)" if taxable
                         else "revenue (at or under the threshold)",
                         inputs={"revenue": revenue}, ref=refs[0], reading=READING),
        vat=Figure(name="lease_vat", value=vat, formula="revenue × VAT rate" if taxable else untaxed,
                   inputs={"revenue": revenue, "rate": vat_rate}, ref=refs[1], reading=READING),
        pit=Figure(name="lease_pit", value=pit,
                   formula="(revenue − deduction) × PIT rate" if taxable else untaxed,
                   inputs={"revenue": revenue, "deduction": used, "rate": pit_rate}, ref=refs[2],
                   reading=READING))


Cells = dict[tuple[str, int], int]


def _revenue_by_property(household: Household, rows: Iterable[AggregateRow], year: int) -> Cells:
    """Net lease revenue (sales − returns) by (property id, month) of `year`."""
    owner = {line.id: line.property for line in household.real_estate_lines()}
    found: dict[tuple[str, int], int] = {}
    for row in rows:
        key = row.key
        if key.year != year or key.line not in owner:
            continue
        if key.kind == EntryKind.SALE.value:
            sign = 1
        elif key.kind == EntryKind.SALE_RETURN.value:
            sign = -1
        else:
            continue
        cell = (owner[key.line], key.month)
        found[cell] = found.get(cell, 0) + sign * row.amount
    return found


def leased_in(household: Household, rows: Iterable[AggregateRow], period: Period) -> bool:
    """Whether a real-estate contract runs in `period` or lease revenue is recorded in it: a half-year
    with neither (the contracts ended, or have not begun) has no 01/BĐS (NĐ 68/2026 Art 8.3.d)."""
    if any(p.months_in(period.start, period.end) for p in household.properties if p.kind == "real_estate"):
        return True
    cells = _revenue_by_property(household, rows, period.year)
    return any(v for (_pid, month), v in cells.items() if period.first_month <= month <= period.last_month)


def lease_periods(household: Household, year: int) -> tuple[Period, ...]:
    """The 01/BĐS periods of a year: H1 and H2, or the year (`lease_filing`, NĐ 68/2026 Art 8.3.d)."""
    if household.lease_filing == "year":
        return (Period(year, PeriodKind.YEAR, 1),)
    return (Period(year, PeriodKind.HALF, 1), Period(year, PeriodKind.HALF, 2))


def pool_note(result: Assessment, household: Household, rows: Iterable[AggregateRow],
              rules: RuleBook) -> Assessment:
    """The ordinary assessment with a warning naming the real-estate pool left out of it (OQ-09)."""
    period = result.period
    year = period.year_to_date()
    revenue = sum(v for (_pid, month), v in _revenue_by_property(household, rows, period.year).items()
                  if month <= year.last_month)
    lines = ", ".join(line.id for line in household.real_estate_lines())
    warning = TaxWarning(
        code=READING,
        message=f"real-estate lease revenue {format_vnd(revenue)} to {period.end:%d/%m/%Y} (lines {lines}) "
                "is a separate pool with its own threshold, declared on 01/BĐS for the half-year or "
                "year; it is not in these figures",
        message_vi=f"doanh thu cho thuê bất động sản {format_vnd(revenue)} đến {period.end:%d/%m/%Y} (ngành "
                   f"{lines}) tính riêng với ngưỡng riêng, khai trên 01/BĐS theo 6 tháng hoặc năm; không "
                   "gồm trong các số liệu này",
        ref=str(rules.get("real_estate.threshold", period.end).citation()), amount=revenue)
    readings = tuple(sorted({*result.readings, READING}))
    return replace(result, warnings=(*result.warnings, warning), readings=readings)
