"""Revenue method vs income method for one year, side by side (ND 68/2026 Art 4.3, 4.5; Law 109/2025
Art 7.2–7.3), with the annual optimum of the 1 bn deduction (worked example E5, reading OQ-02).

A G2 household (1 bn < revenue ≤ 3 bn) chooses; above 3 bn the income method is compulsory; a
chosen income method is kept for 2 years (NĐ 68/2026 Art 4.5.d).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hhtax.aggregates import AggregateRow, aggregate_entries
from hhtax.model import Entry, Household, PitMethod
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment
from hhtax.tax.engine import assess_aggregates, cash_limit
from hhtax.tax.facts import EntryFacts, entry_facts
from hhtax.tax.groups import group_rates


@dataclass(frozen=True)
class MethodResult:
    method: str
    legal: bool  # the household may use this method this year
    vat: int
    pit: int
    total: int
    books: tuple[str, ...]
    lock: str  # what choosing it commits the household to
    assessment: Assessment


@dataclass(frozen=True)
class Comparison:
    year: int
    group: str
    revenue: int
    methods: tuple[MethodResult, ...]
    cheaper: str  # the cheaper legal method, "" when none applies (G1) or they cost the same
    saving: int
    optimum_plan: dict[str, int]  # line → part of the 1 bn, highest PIT rate first over the year
    optimum_pit: int  # revenue-method PIT with that plan
    default_pit: int  # revenue-method PIT with the period-by-period default (OQ-02)
    ref: str = "NĐ 68/2026/NĐ-CP Art 4.3, 4.5; Law 109/2025/QH15 Art 7.2–7.3"

    def to_dict(self) -> dict[str, Any]:
        """The comparison as `hhtax compare --json` prints it."""
        methods = [{"method": m.method, "legal": m.legal, "vat": m.vat, "pit": m.pit, "total": m.total,
                    "books": list(m.books), "lock": m.lock} for m in self.methods]
        return {"year": self.year, "group": self.group, "revenue": self.revenue, "cheaper": self.cheaper,
                "saving": self.saving, "ref": self.ref, "methods": methods, "optimum_plan": self.optimum_plan,
                "optimum_pit": self.optimum_pit, "default_pit": self.default_pit}


def optimum_plan(
    household: Household, line_revenue: dict[str, int], rules: RuleBook, on: date
) -> dict[str, int]:
    """The annual allocation of the deduction that minimises revenue-method PIT: highest rate first."""
    left = int(rules.value("threshold", on))
    ordered = sorted(household.lines, key=lambda ln: -group_rates(ln.group.value, rules, on).pit_rate)
    plan: dict[str, int] = {}
    for line in ordered:
        take = max(0, min(left, line_revenue.get(line.id, 0)))
        if take:
            plan[line.id] = take
            left -= take
    return plan


def _plan_text(plan: dict[str, int]) -> str:
    return ", ".join(f"{line} = {amount}" for line, amount in plan.items())


def _books(rules: RuleBook, on: date, method: str) -> tuple[str, ...]:
    table = rules.value("books.required", on)
    return tuple(table.get(method, ()))


def compare_aggregates(
    household: Household,
    rows: Sequence[AggregateRow],
    year: int,
    rules: RuleBook,
    *,
    entry_facts: EntryFacts | None = None,
) -> Comparison:
    """Both methods on the year's aggregates (with the stock and unpaid wages of `entry_facts` for the
    income method's costs); the cheaper legal one; the annual optimum plan (OQ-02)."""
    period = Period.of_year(year)
    on = period.end
    results: list[MethodResult] = []
    lock_years = int(rules.value("income_method.lock_years", on)) if period.regime == "B" else 0
    for method in (PitMethod.REVENUE, PitMethod.INCOME):
        variant = household.model_copy(update={"pit_method": method, "pit_method_since": None})
        allowed = assess_aggregates(variant, rows, period, rules).method == method.value
        result = assess_aggregates(
            variant, rows, period, rules, what_if_method=method, entry_facts=entry_facts
        )
        allowed = allowed and result.group in ("G2", "G3", "G4")
        lock = (
            f"kept {lock_years} years: {year}–{year + lock_years - 1} (NĐ 68/2026 Art 4.5.d)"
            if method is PitMethod.INCOME
            else "no lock; compulsory income method once revenue passes 3 bn"
        )
        results.append(
            MethodResult(
                method.value,
                allowed,
                result.vat.value,
                result.pit.value,
                result.payable.value,
                _books(rules, on, method.value),
                lock,
                result,
            )
        )
    base = results[0].assessment
    default_pit = results[0].pit
    line_revenue = {ln.line: ln.pit_revenue.value for ln in base.lines}
    plan = optimum_plan(household, line_revenue, rules, on) if base.group == "G2" else {}
    optimum_pit = default_pit
    if plan:
        planned = household.model_copy(update={"pit_method": PitMethod.REVENUE, "deduction_plan": plan})
        best_rev = assess_aggregates(planned, rows, period, rules)
        optimum_pit = best_rev.pit.value
        if optimum_pit < default_pit:
            first = results[0]
            results[0] = MethodResult(
                first.method,
                first.legal,
                best_rev.vat.value,
                best_rev.pit.value,
                best_rev.payable.value,
                first.books,
                first.lock + "; with deduction_plan " + _plan_text(plan),
                best_rev,
            )
    legal = [r for r in results if r.legal]
    cheaper, saving = "", 0
    if len(legal) == 2 and legal[0].total != legal[1].total:
        best, other = sorted(legal, key=lambda r: r.total)
        cheaper, saving = best.method, other.total - best.total
    elif len(legal) == 1:
        cheaper = legal[0].method
    return Comparison(
        year=year,
        group=base.group,
        revenue=base.year_revenue.value,
        methods=tuple(results),
        cheaper=cheaper,
        saving=saving,
        optimum_plan=plan,
        optimum_pit=optimum_pit,
        default_pit=default_pit,
    )


def compare(household: Household, entries: Iterable[Entry], year: int, rules: RuleBook) -> Comparison:
    """Compare the two PIT methods for `year` from journal entries."""
    period = Period.of_year(year)
    listed = sorted(entries, key=lambda e: e.date)
    rows = aggregate_entries((e for e in listed if e.date.year == year), cash_limit(rules, period))
    facts = entry_facts(household, listed, period)
    return compare_aggregates(household, rows, year, rules, entry_facts=facts)
