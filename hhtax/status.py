"""A household's situation at a glance (`hhtax status`): who, which regime, revenue so far in
the year against the non-taxable threshold (TT 40/2021 Art 4.2; ND 68/2026 Art 3.1 as amended by
ND 141/2026), the group and PIT method the engine applies, the books to keep (TT 88/2021,
TT 152/2025), the returns that are overdue with days late and interest to date, and what is due
next (one duty decision, `hhtax.duty`; ND 126/2020 Art 9 and its successors in the rule packs).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hhtax.books.selection import required_books
from hhtax.duty import year_duties
from hhtax.journal import Ledger
from hhtax.ledger_tax import assess_ledger
from hhtax.periods import Period
from hhtax.rules import load_rules

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
    # One duty decision (hhtax.duty, OQ-28): overdue returns of the year (and of the year before,
    # when the ledger holds it), then what is due next, in this year or the next.
    report = year_duties(ledger, chosen, rules, on)
    earlier = year_duties(ledger, chosen - 1, rules, on).overdue if _has_year(ledger, chosen - 1) else []
    coming = report.upcoming or year_duties(ledger, chosen + 1, rules, on).upcoming
    following = coming[0] if coming else None
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
        "group": report.group,  # as known today (OQ-28): the estimate while the year runs
        "pit_method": assessment.method,
        "filing": household.filing.value,
        "books": [code for code, _ in books],
        "next_deadline": None if following is None else {
            "form": following.form, "period": str(following.period), "due": following.due.isoformat(),
            "what": following.what,
        },
        "today": on.isoformat(),
        "overdue": [d.to_dict() for d in [*earlier, *report.overdue]],
        "due_next": [d.to_dict() for d in coming],
    }


def _has_year(ledger: Ledger, year: int) -> bool:
    """The ledger holds entries dated in `year`."""
    period = Period.of_year(year)
    return bool(ledger.aggregates(period.start, period.end, cash_limit=2**62))
