"""The tax engine: (household, journal, period, rule pack) → `Assessment`, pure.

`assess` aggregates the entries of the period's calendar year first (`hhtax.aggregates`);
`assess_aggregates` takes monthly aggregates from any source (a ledger's, read by
`hhtax.ledger_tax.assess_ledger`: one SQL `GROUP BY` for SQLite), so both run the same core on a few
hundred rows whatever the journal's size. Nothing here reads a ledger: the engine is a pure function
of (household, entries or aggregates, period, rules).

Regime A (periods to 2025, TT 40/2021 Art 4, 10, App. I): VAT and PIT as % of all revenue per
industry group when the calendar year's revenue exceeds 100 m. Regime B (from 2026, ND 68/2026
Art 3, 4, 6, 8–10 as amended by ND 141/2026): groups G1–G4; revenue method with the 1 bn
deduction (OQ-02); income method with provisional PIT (OQ-03) and the year's finalisation.
Rounding: half-up once per return row (industry group × place × filing period), the lines' figures
being shares of their row (OQ-10; `hhtax.tax.rows`).
"""

from __future__ import annotations

from collections.abc import Iterable

from hhtax.aggregates import AggregateRow, aggregate_entries
from hhtax.model import Entry, Household, PitMethod
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment
from hhtax.tax.facts import year_facts
from hhtax.tax.real_estate import pool_note, without_pool
from hhtax.tax.regime_a import assess_regime_a
from hhtax.tax.regime_b import assess_regime_b
from hhtax.tax.run import Run, method_of

NO_CASH_LIMIT = 2**62  # regime A has no cash-payment rule; nothing counts as a large cash payment


def cash_limit(rules: RuleBook, period: Period) -> int:
    """The single-payment cash limit for deductible costs (ND 68/2026 Art 6.1), if any."""
    rule = rules.find("cash_payment_limit", period.end)
    return int(rule.value) if rule is not None else NO_CASH_LIMIT


def assess(household: Household, entries: Iterable[Entry], period: Period, rules: RuleBook) -> Assessment:
    """Assess `period` from the journal entries (only those of the period's calendar year are read)."""
    year = period.year
    rows = aggregate_entries((e for e in entries if e.date.year == year), cash_limit(rules, period))
    return assess_aggregates(household, rows, period, rules)


def assess_aggregates(
    household: Household,
    rows: Iterable[AggregateRow],
    period: Period,
    rules: RuleBook,
    *,
    what_if_method: PitMethod | None = None,
) -> Assessment:
    """The engine core on monthly aggregates of the period's calendar year.

    `what_if_method` computes a PIT method even where the law does not allow it
    (for `compare`); the assessment then says so in a warning."""
    if period.regime == "B":  # OQ-28: an entry dated after the period's end is never read for it
        rows = [row for row in rows if row.key.month <= period.last_month]
    rows = list(rows)
    ordinary, rows_left = without_pool(household, rows, period, rules)  # OQ-09: 01/BĐS apart
    facts = year_facts(ordinary, rows_left, period.year)
    what_if = None if what_if_method is None else method_of(what_if_method)
    run = Run(ordinary, facts, period, rules, what_if=what_if)
    result = assess_regime_a(run) if run.regime == "A" else assess_regime_b(run)
    return pool_note(result, household, rows, rules) if ordinary is not household else result
