"""The tax engine: (household, journal, period, rule pack) → `Assessment`, pure.

`assess` aggregates the entries of the period's calendar year first (hhtax/journal/aggregates.py)
and `assess_ledger` asks the ledger for the same aggregates (one SQL `GROUP BY` for SQLite), so
both run the same core on a few hundred rows whatever the journal's size.

Regime A (periods to 2025, TT 40/2021 Art 4, 10, App. I): VAT and PIT as % of all revenue per
industry group when the calendar year's revenue exceeds 100 m. Regime B (from 2026, ND 68/2026
Art 3, 4, 6, 8–10 as amended by ND 141/2026): groups G1–G4; revenue method with the 1 bn
deduction (OQ-02); income method with provisional PIT (OQ-03) and the year's finalisation.
Rounding: half-up once per return row (industry group × place × filing period), the lines' figures
being shares of their row (OQ-10; `hhtax.tax.rows`).
"""

from __future__ import annotations

from collections.abc import Iterable

from hhtax.journal import Ledger
from hhtax.journal.aggregates import AggregateRow, aggregate_entries
from hhtax.journal.estimates import in_force
from hhtax.model import Entry, Household
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment
from hhtax.tax.facts import year_facts
from hhtax.tax.real_estate import pool_note, without_pool
from hhtax.tax.regime_a import assess_regime_a
from hhtax.tax.regime_b import assess_regime_b
from hhtax.tax.run import Run

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


def assess_ledger(ledger: Ledger, period: Period, rules: RuleBook) -> Assessment:
    """Assess `period` from the ledger's monthly aggregates of the calendar year (the fast path)."""
    year = period.year_to_date()
    rows = ledger.aggregates(year.start, year.end, cash_limit(rules, period))
    return assess_aggregates(household_for(ledger, period), rows, period, rules)


def household_for(ledger: Ledger, period: Period) -> Household:
    """The profile with the estimate of the period's year in force for it (reading OQ-28): of the
    estimates a SQLite ledger records (`hhtax estimate`), the latest one recorded before the period's
    original return was filed, or the latest of all when it has not been filed."""
    household = ledger.household
    listing = getattr(ledger, "estimates", None)
    records = listing(period.year) if listing is not None else []
    if not records:
        return household
    filings = getattr(ledger, "filings", None)
    filed = [f.filed_at for f in filings(period) if f.kind == "C"] if filings is not None else []
    record = in_force(records, filed[0] if filed else None)
    if record is None:
        return household
    return household.model_copy(update={"estimates": {**household.estimates, period.year: record.revenue}})


def assess_aggregates(
    household: Household,
    rows: Iterable[AggregateRow],
    period: Period,
    rules: RuleBook,
    *,
    what_if_method: str = "",
) -> Assessment:
    """The engine core on monthly aggregates of the period's calendar year.

    `what_if_method` ("revenue" / "income") computes a PIT method even where the law does not allow it
    (for `compare`); the assessment then says so in a warning."""
    if period.regime == "B":  # OQ-28: an entry dated after the period's end is never read for it
        rows = [row for row in rows if row.key.month <= period.last_month]
    rows = list(rows)
    ordinary, rows_left = without_pool(household, rows, period, rules)  # OQ-09: 01/BĐS apart
    facts = year_facts(ordinary, rows_left, period.year)
    run = Run(ordinary, facts, period, rules, what_if=what_if_method)
    result = assess_regime_a(run) if run.regime == "A" else assess_regime_b(run)
    return pool_note(result, household, rows, rules) if ordinary is not household else result
