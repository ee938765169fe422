"""The data of the home page, from an `hhtax.Ledger` (no web framework here).

Every figure is the library's: the year's revenue, threshold, group, method and duties come from
`Ledger.status` (one duty decision, `hhtax.duty`), the quarters' tax from `Ledger.assess`, the
chart's months from `hhtax.service.revenue` (the engine's own revenue, adding up to the year's),
the filings from `Ledger.filings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hhtax.api import Ledger
from hhtax.journal.filings import FilingRecord
from hhtax.periods import Period, PeriodKind
from hhtax.service.revenue import monthly_revenue
from hhtax.tax.explain import method_name
from hhtax.web.chart import revenue_chart, short_amount


@dataclass(frozen=True)
class QuarterTax:
    """One quarter's assessment, as the home page shows it."""

    period: str
    label: str
    revenue: int
    vat: int
    pit: int
    payable: int
    filing: str


def quarters_shown(year: int, today: date) -> tuple[Period, Period]:
    """(the running quarter, the one before): today's, when the ledger's year is this year; else the
    last two quarters of the ledger's year."""
    anchor = today if today.year == year else date(year, 12, 31)
    running = Period.containing(anchor, PeriodKind.QUARTER)
    return running, running.previous()


def _quarter(ledger: Ledger, period: Period, lang: str) -> QuarterTax:
    assessed = ledger.assess(period)
    label = period.label_vi if lang == "vi" else f"Q{period.index} {period.year}"
    return QuarterTax(
        str(period),
        label,
        assessed.revenue.value,
        assessed.vat.value,
        assessed.pit.value,
        assessed.payable.value,
        assessed.filing,
    )


def latest_filings(ledger: Ledger, count: int = 5) -> list[FilingRecord]:
    """The last `count` filings recorded, newest first."""
    return list(reversed(ledger.filings()))[:count]


def home_view(ledger: Ledger, today: date, lang: str) -> dict[str, Any]:
    """Everything the home page shows."""
    status = ledger.status(on=today, lang=lang)
    year = int(status["year"])
    months = monthly_revenue(ledger.store, year, ledger.rules)
    before = monthly_revenue(ledger.store, year - 1, ledger.rules)
    threshold = int(status["threshold"])
    upto = today.month if year == today.year else 12
    chart = revenue_chart(
        months, threshold, year=year, lang=lang, upto=upto, last_year=before if any(before) else None
    )
    running, last = quarters_shown(year, today)
    quarters = [_quarter(ledger, period, lang) for period in (running, last) if period.year >= year - 1]
    revenue = int(status["revenue"])
    return {
        "situation": status,
        "year": year,
        "revenue": revenue,
        "threshold": threshold,
        "threshold_short": short_amount(threshold, lang),
        "share": round(100 * revenue / threshold) if threshold else 0,
        "chart": chart,
        "quarters": quarters,
        "overdue": status["overdue"],
        "due_next": status["due_next"],
        "next_deadline": status["due_next"][0] if status["due_next"] else None,
        "method": method_name(str(status["pit_method"]), lang),
        "filings": latest_filings(ledger),
        "household": ledger.household,
        "writable": ledger.writable,
        "ledger_name": ledger.name,
    }
