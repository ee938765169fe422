"""A household's situation at a glance (`hhtax status`): who, which regime, revenue so far in
the year against the non-taxable threshold (TT 40/2021 Art 4.2; ND 68/2026 Art 3.1 as amended by
ND 141/2026), the group and PIT method the engine applies, the books to keep (TT 88/2021,
TT 152/2025) and the next filing deadline (ND 126/2020 Art 9 and its successors in the rule packs).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hhtax.books.selection import required_books
from hhtax.journal import Ledger
from hhtax.ledger_tax import assess_ledger
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.tax.deadlines import upcoming

_EVERYTHING = (date(1900, 1, 1), date(2999, 12, 31))


def latest_year(ledger: Ledger) -> int | None:
    """The calendar year of the ledger's latest entry (None for an empty ledger)."""
    rows = ledger.aggregates(*_EVERYTHING, cash_limit=2**62)
    return max((row.key.year for row in rows), default=None)


def ledger_status(ledger: Ledger, rules_file: Path | None, *, year: int | None = None,
                  today: date | None = None, lang: str = "en") -> dict[str, Any]:
    """The status of `ledger` for calendar `year` (default: the year of its latest entry)."""
    rules = load_rules(rules_file)
    on = today or date.today()
    chosen = year or latest_year(ledger) or on.year
    period = Period.of_year(chosen)
    household = ledger.household
    assessment = assess_ledger(ledger, period, rules)
    threshold = int(rules.value("threshold", period.end))
    books = required_books(household, period, rules, assessment, lang=lang)
    # The year's own deadlines by its group; then next year's, decided by the profile alone.
    deadlines = [d for d in upcoming(household, chosen, rules, group=assessment.group) if d.due >= on] or [
        d for d in upcoming(household, chosen + 1, rules) if d.due >= on]
    following = deadlines[0] if deadlines else None
    return {
        "ledger": ledger.name,
        "tax_code": household.tax_code,
        "name": household.name,
        "shop_name": household.shop_name,
        "year": chosen,
        "regime": period.regime,
        "revenue": assessment.year_revenue.value,
        "threshold": threshold,
        "above_threshold": assessment.year_revenue.value > threshold,
        "group": assessment.group,
        "pit_method": assessment.method,
        "filing": household.filing.value,
        "books": [code for code, _ in books],
        "next_deadline": None if following is None else {
            "form": following.form, "period": str(following.period), "due": following.due.isoformat(),
            "what": following.what,
        },
    }
