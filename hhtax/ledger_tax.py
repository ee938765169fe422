"""The tax engine on a ledger: read the monthly aggregates the engine needs and assess.

The engine (`hhtax.tax`) is a pure function of (household, entries or monthly aggregates, period,
rules) and reads no ledger; reading the aggregates of a calendar year from a ledger is this
module's job (one SQL `GROUP BY` for SQLite, `hhtax.journal`), for the service layer and every front end.
"""

from __future__ import annotations

from hhtax.journal import Ledger
from hhtax.journal.estimates import in_force
from hhtax.model import Household
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment
from hhtax.tax.compare import Comparison, compare_aggregates
from hhtax.tax.engine import assess_aggregates, cash_limit


def assess_ledger(ledger: Ledger, period: Period, rules: RuleBook) -> Assessment:
    """Assess `period` from the ledger's monthly aggregates of the calendar year to the period's end."""
    year = period.year_to_date()
    rows = ledger.aggregates(year.start, year.end, cash_limit(rules, period))
    return assess_aggregates(household_for(ledger, period), rows, period, rules)


def household_for(ledger: Ledger, period: Period) -> Household:
    """The profile with the estimate of the period's year in force for it (reading OQ-28): of the
    estimates a SQLite ledger records (`hhtax estimate`), the latest one recorded before the period's
    original return was filed, or the latest of all when it has not been filed."""
    household = ledger.household
    records = ledger.estimates(period.year)
    if not records:
        return household
    filed = [f.filed_at for f in ledger.filings(period) if f.kind == "C"]
    record = in_force(records, filed[0] if filed else None)
    if record is None:
        return household
    return household.model_copy(update={"estimates": {**household.estimates, period.year: record.revenue}})


def compare_ledger(ledger: Ledger, year: int, rules: RuleBook) -> Comparison:
    """Compare the two PIT methods for `year` from the ledger's aggregates."""
    period = Period.of_year(year)
    rows = ledger.aggregates(period.start, period.end, cash_limit(rules, period))
    return compare_aggregates(ledger.household, rows, year, rules)
