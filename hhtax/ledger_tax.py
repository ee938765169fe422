"""The tax engine on a ledger: read the monthly aggregates the engine needs and assess.

The engine (`hhtax.tax`) is a pure function of (household, entries or monthly aggregates, period,
rules) and reads no ledger; reading the aggregates of a calendar year from a ledger is this
module's job (one SQL `GROUP BY` for SQLite, `hhtax.journal`), for the service layer and every front end.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hhtax.journal import Ledger
from hhtax.journal.estimates import in_force
from hhtax.model import Filing, Household
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment
from hhtax.tax.engine import assess_aggregates, cash_limit
from hhtax.tax.facts import EntryFacts

if TYPE_CHECKING:
    from hhtax.tax.compare import Comparison


def assess_ledger(ledger: Ledger, period: Period, rules: RuleBook) -> Assessment:
    """Assess `period` from the ledger's monthly aggregates of the calendar year to the period's end;
    under the income method with the stock position and unpaid wages read from the entries."""
    year = period.year_to_date()
    rows = ledger.aggregates(year.start, year.end, cash_limit(rules, period))
    household = household_for(ledger, period)
    result = assess_aggregates(household, rows, period, rules)
    if result.method != "income" or result.group == "G1":
        return result  # costs matter to the income method only (ND 68/2026 Art 6)
    wages = any(r.key.kind == "wage" and r.key.has_doc and r.key.category in ("", "labour") for r in rows)
    facts = ledger_entry_facts(ledger, household, period, wages=wages)
    return assess_aggregates(household, rows, period, rules, entry_facts=facts)


def ledger_entry_facts(
    ledger: Ledger, household: Household, period: Period, *, wages: bool = True
) -> EntryFacts:
    """The stock position of `period` valued as the inventory book (S2d-HKD) values it, and the wages
    booked but not paid in the period's year (ND 68/2026 Art 6.1.a, 6.2.c)."""
    from hhtax.books.inventory import ledger_stock  # the income method only: not at start-up (issue 16)

    stock = ledger_stock(ledger, period, household.inventory_method, household.filing is Filing.MONTHLY)
    unpaid: dict[int, int] = {}
    if not wages:  # no wage in the year's aggregates: nothing to read
        return EntryFacts(stock=stock, unpaid_wages=unpaid)
    rows = ledger.entry_rows(
        date(period.year, 1, 1),
        period.end,
        ("date", "amount", "category", "doc"),
        match={"kind": ["wage"], "payment": ["credit"]},
    )
    for day, amount, category, doc in rows:
        if category in (None, "", "labour") and doc:  # as `unpaid_wage` (ND 68/2026 Art 6.2.c)
            month = int(str(day)[5:7])
            unpaid[month] = unpaid.get(month, 0) + amount
    return EntryFacts(stock=stock, unpaid_wages=unpaid)


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
    from hhtax.tax.compare import compare_aggregates

    period = Period.of_year(year)
    rows = ledger.aggregates(period.start, period.end, cash_limit(rules, period))
    household = household_for(ledger, period)
    facts = ledger_entry_facts(ledger, household, period)
    return compare_aggregates(household, rows, year, rules, entry_facts=facts)
