"""A year's revenue month by month, as the tax engine counts it (for charts and summaries).

The engine decides the group from the calendar year's revenue (ND 68/2026 Art 3.1, 4 as amended by
ND 141/2026; TT 40/2021 Art 4.2 up to 2025): sales net of returns and reversals, platform-withheld
sales included, the separately pooled real-estate leasing left out (reading OQ-09). This module
reads the same monthly aggregates `assess_ledger` reads and folds them with the engine's own
`year_facts` (after the engine's own `without_pool`), so month by month the figures add up to the
year's `Assessment.revenue`; nothing is counted a second way.
"""

from __future__ import annotations

from hhtax.journal import Ledger
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.engine import cash_limit, withholding_months
from hhtax.tax.facts import year_facts
from hhtax.tax.real_estate import without_pool


def monthly_revenue(ledger: Ledger, year: int, rules: RuleBook) -> list[int]:
    """The twelve months' revenue of `year` (January first), as the engine counts it."""
    period = Period.of_year(year)
    rows = ledger.aggregates(period.start, period.end, cash_limit(rules, period))
    household, kept = without_pool(ledger.household, rows, period, rules)
    facts = year_facts(household, kept, year, withholding_months(rules, year))
    return [facts.revenue([month]) for month in range(1, 13)]
